package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/assets"
)

// widthLayout gives its objects a fixed width and the height they need at
// that width, so word-wrapped labels in dialogs neither collapse nor
// stretch the dialog across the window.
type widthLayout float32

func (w widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Size().Width != float32(w) {
			o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// sized wraps obj at the given width.
func sized(width float32, obj fyne.CanvasObject) *fyne.Container {
	return container.New(widthLayout(width), obj)
}

// MinWindow is the smallest window Sparekey's screens are checked at
// (TestWindowSizes): every screen's widest row fits, and a taller screen
// scrolls. Fyne keeps the window at least as wide as the widest screen
// asks; it may grow to full screen, where the column stays centred.
var MinWindow = fyne.NewSize(560, 480)

// StartWindow is the window's size at start.
var StartWindow = fyne.NewSize(720, 640)

// columnWidth is the width of the column every screen sits in: about 70
// characters of body text, as GNOME Settings and KeePassXC keep theirs.
const columnWidth = 520

// page lays a screen out the same way everywhere: the heading and a
// one-line subtitle, the body, then the actions — secondary ones on the
// left, the primary one on the right — all in a column of readable width
// centred in the window. A window shorter than the column scrolls it, so
// nothing is cut off at the minimum size.
func page(heading, subtitle string, body fyne.CanvasObject, secondary []fyne.CanvasObject, primary ...fyne.CanvasObject) fyne.CanvasObject {
	head := container.NewVBox(newHeading(heading))
	if subtitle != "" {
		head.Add(newSubtitle(subtitle))
	}
	return column(head, body, secondary, primary...)
}

// column is page with a head of the screen's own (the sign-in screen's
// icon and name).
func column(head, body fyne.CanvasObject, secondary []fyne.CanvasObject, primary ...fyne.CanvasObject) fyne.CanvasObject {
	objs := []fyne.CanvasObject{head, widget.NewSeparator()}
	if body != nil {
		objs = append(objs, body)
	}
	if len(secondary)+len(primary) > 0 {
		row := container.NewHBox(secondary...)
		row.Add(layout.NewSpacer())
		for _, p := range primary {
			row.Add(p)
		}
		objs = append(objs, row)
	}
	return container.NewVScroll(container.New(columnLayout{}, container.NewVBox(objs...)))
}

// newHeading is a screen's heading: the screen's name, large and bold.
func newHeading(text string) *widget.Label {
	return &widget.Label{Text: text, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
}

// newSubtitle is the line under a heading that says what the screen is for.
func newSubtitle(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

// columnLayout centres its one object in a column columnWidth wide (or
// the window's width, when narrower), with the height the object needs at
// that width: centred in the window when it fits, from the top otherwise.
type columnLayout struct{}

func (columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := 2 * theme.Padding()
	m := objs[0].MinSize()
	return fyne.NewSize(m.Width+2*pad, m.Height+2*pad)
}

func (columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := 2 * theme.Padding()
	o := objs[0]
	w := max(min(columnWidth, size.Width-2*pad), o.MinSize().Width)
	// A word-wrapped label's height follows its width: size it first.
	o.Resize(fyne.NewSize(w, o.MinSize().Height))
	h := o.MinSize().Height
	o.Resize(fyne.NewSize(w, h))
	o.Move(fyne.NewPos((size.Width-w)/2, max(pad, (size.Height-h)/2)))
}

// fullColumn is columnLayout for a screen whose body fills the window's
// height (a long list): as wide as the column, as high as the window.
type fullColumn struct{}

func (fullColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return columnLayout{}.MinSize(objs)
}

func (fullColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := 2 * theme.Padding()
	w := max(min(columnWidth, size.Width-2*pad), objs[0].MinSize().Width)
	objs[0].Resize(fyne.NewSize(w, size.Height-2*pad))
	objs[0].Move(fyne.NewPos((size.Width-w)/2, pad))
}

// appIcon is the app's icon at 64 px, centred: the head of the sign-in
// and start screens.
func appIcon() fyne.CanvasObject {
	icon := &canvas.Image{Resource: assets.Icon, FillMode: canvas.ImageFillContain}
	icon.SetMinSize(fyne.NewSquareSize(64))
	return container.NewCenter(icon)
}
