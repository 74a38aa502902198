package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// noAnimation fails the test if the window (its screen and every dialog,
// shown or hidden) holds a widget that animates while it runs, or an
// entry that blinks its cursor without having the focus (one on a
// screen or dialog that has gone). Fyne's
// test driver never ticks animations, so their absence is what a
// headless test can prove: nothing can spin at rest or off-screen. Taps
// and Enter check it after every step.
func (h *harness) noAnimation() {
	h.t.Helper()
	if found := animated(h.w); len(found) > 0 {
		h.t.Fatalf("%q holds animated widgets %v; use newBusy", h.title(), found)
	}
	// A focused entry blinks its cursor: only the one the window really
	// focuses may think it has the focus.
	if e := h.ui.typing; e != nil && h.w.Canvas().Focused() != e {
		h.t.Fatalf("%q: the entry %q thinks it has the focus, but the window focuses %T", h.title(), e.PlaceHolder, h.w.Canvas().Focused())
	}
}

// animated lists the animating widgets anywhere in w's canvas.
func animated(w fyne.Window) []string {
	var found []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch o.(type) {
		case *widget.ProgressBarInfinite, *widget.Activity:
			found = append(found, fmt.Sprintf("%T", o))
		}
		switch o := o.(type) {
		case *fyne.Container:
			for _, c := range o.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(o).Objects() {
				walk(c)
			}
		}
	}
	walk(w.Canvas().Content())
	for _, o := range w.Canvas().Overlays().List() {
		walk(o)
	}
	return found
}
