package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
