package screens

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walkObjects calls f for o and everything inside it.
func walkObjects(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walkObjects(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			walkObjects(c, f)
		}
	}
}

// buttonIn returns the button labelled text in the dialog showing.
func buttonIn(t *testing.T, h *harness, text string) *dialogButton {
	t.Helper()
	var b *dialogButton
	walkObjects(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if d, ok := o.(*dialogButton); ok && d.Text == text && d.Visible() {
			b = d
		}
	})
	if b == nil {
		t.Fatalf("the dialog has no %q button: %s", text, test.RenderObjectToMarkup(h.w.Canvas().Overlays().Top()))
	}
	return b
}

// assertSays checks the dialog showing has a label that reads exactly
// want (the markup would show it broken into lines), then closes it.
func assertSays(t *testing.T, h *harness, want string) {
	t.Helper()
	if h.ui.Dialog() == nil || h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no dialog for %q", want)
	}
	var texts []string
	walkObjects(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	})
	if !slices.Contains(texts, want) {
		t.Fatalf("the dialog says %q, want %q", texts, want)
	}
	h.ui.closeDialog()
}

// runQueued runs screen updates from background work and timers until
// cond holds.
func runQueued(t *testing.T, h *harness, cond func() bool) {
	t.Helper()
	for deadline := time.After(10 * time.Second); !cond(); {
		select {
		case f := <-h.ui.queue:
			f()
		case <-deadline:
			t.Fatal("the screen update did not come")
		}
	}
}
