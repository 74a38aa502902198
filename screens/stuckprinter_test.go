package screens

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app/printing"
)

// stuckPrinter stands in for a print dialog that answers only when the
// test says so, as a broken print service's dialog may never do.
type stuckPrinter struct {
	started chan context.Context
	answer  chan printAnswer
}

type printAnswer struct {
	out printing.Outcome
	err error
}

func newStuckPrinter(h *harness) *stuckPrinter {
	p := &stuckPrinter{started: make(chan context.Context, 1), answer: make(chan printAnswer, 1)}
	h.print = func(ctx context.Context, _ printing.Job) (printing.Outcome, error) {
		p.started <- ctx
		select {
		case a := <-p.answer:
			return a.out, a.err
		case <-ctx.Done():
			return printing.Outcome{}, ctx.Err()
		}
	}
	return p
}

// waitStarted returns the print request's context once it has started.
func (p *stuckPrinter) waitStarted(t *testing.T) context.Context {
	t.Helper()
	select {
	case ctx := <-p.started:
		return ctx
	case <-time.After(10 * time.Second):
		t.Fatal("the print request did not start")
		return nil
	}
}

// gate takes a new account to the save-codes gate and presses Print
// there (without waiting: the print does not end by itself).
func gate(t *testing.T, h *harness) *printWait {
	t.Helper()
	h.create(testUser)
	h.enrol()
	test.Tap(screenAs[*saveCodesScreen](h).print)
	return printWaitShowing(t, h)
}

func printWaitShowing(t *testing.T, h *harness) *printWait {
	t.Helper()
	if h.ui.Dialog() == nil {
		t.Fatal("no wait dialog")
	}
	var w *printWait
	// The wait dialog is the dialog showing; find its printWait through
	// the label it shows.
	for _, o := range h.w.Canvas().Overlays().List() {
		walkObjects(o, func(o fyne.CanvasObject) {
			if l, ok := o.(*widget.Label); ok && l.Text == printWaitText {
				w = &printWait{text: l}
			}
		})
	}
	if w == nil {
		t.Fatalf("the dialog is not the print wait dialog: %s", test.RenderObjectToMarkup(h.w.Canvas().Overlays().Top()))
	}
	return w
}
