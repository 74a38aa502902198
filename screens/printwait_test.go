package screens

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/printing"
)

// TestPrintWaitIsStill: while the system's print dialog is open, the
// wait dialog holds nothing that animates, and its text says what it
// waits for. Cancel withdraws the request and says how to keep a copy
// without a printer.
func TestPrintWaitIsStill(t *testing.T) {
	h := newHarness(t, "", nil)
	p := newStuckPrinter(h)
	w := gate(t, h)
	ctx := p.waitStarted(t)
	h.noAnimation()
	if got := w.text.Text; got != "Waiting for the print dialog…" {
		t.Fatalf("wait text %q", got)
	}
	test.Tap(buttonIn(t, h, "Cancel"))
	if ctx.Err() == nil {
		t.Fatal("Cancel left the print request open")
	}
	h.ui.Wait()
	assertSays(t, h, "Printing cancelled. Nothing was printed. To keep a copy without a printer, use Save to Text File.")
}

// TestPrintNoPrinter: a print dialog that had no printer to offer (Wine
// and Windows say so, then return as if cancelled) gets its own
// sentence, not "Printing cancelled".
func TestPrintNoPrinter(t *testing.T) {
	h := newHarness(t, "", nil)
	p := newStuckPrinter(h)
	gate(t, h)
	p.waitStarted(t)
	p.answer <- printAnswer{err: app.ErrNoPrinter}
	h.ui.Wait()
	assertSays(t, h, "No printer is installed, so nothing was printed. Add a printer in your system's settings and print again, or use Save to Text File to keep a copy.")
}

// TestPrintHint: when the print dialog has not answered after the delay,
// one timer changes the wait text to say what may be wrong and offers
// Save to Text File, which starts saving without withdrawing the print
// request; a print dialog that answers after all still prints, and says
// where a PDF went.
func TestPrintHint(t *testing.T) {
	h := newHarness(t, "", nil)
	h.ui.SetPrintHintAfter(time.Millisecond)
	p := newStuckPrinter(h)
	w := gate(t, h)
	ctx := p.waitStarted(t)
	runQueued(t, h, func() bool { return w.text.Text != printWaitText })
	for _, want := range []string{"has not answered", "fault in the print service", "Save to Text File", "still works if it comes"} {
		if !strings.Contains(w.text.Text, want) {
			t.Errorf("hint %q lacks %q", w.text.Text, want)
		}
	}
	h.noAnimation()
	buttonIn(t, h, "Cancel")
	test.Tap(buttonIn(t, h, "Save to Text File"))
	runQueued(t, h, fileSaveIsShowing(h))
	// Without a session bus there is no system file chooser: Save to Text
	// File shows Fyne's own, in place of the wait dialog.
	fileSaveShowing(t, h)
	h.ui.closeDialog()
	if ctx.Err() != nil {
		t.Fatalf("Save to Text File withdrew the print request: %v", ctx.Err())
	}

	// The print dialog answers after all: the person printed to a file.
	p.answer <- printAnswer{out: printing.Outcome{File: "/home/alice/Documents/output.pdf"}}
	h.ui.Wait()
	assertSays(t, h, "Saved the backup codes as a PDF: output.pdf in /"+hairSpace+"home/"+hairSpace+"alice/"+hairSpace+"Documents. Keep it somewhere safe, away from this computer.")
}

// TestPrintHintTooLate: a print that ends before the delay stops the
// timer; its update, had it been queued, changes nothing.
func TestPrintHintTooLate(t *testing.T) {
	h := newHarness(t, "", nil)
	p := newStuckPrinter(h)
	w := gate(t, h)
	p.waitStarted(t)
	p.answer <- printAnswer{}
	h.ui.Wait()
	assertSays(t, h, "The backup codes were sent to the printer.")
	if w.text.Text != printWaitText {
		t.Fatalf("the wait text changed to %q", w.text.Text)
	}
	select {
	case f := <-h.ui.queue:
		t.Fatalf("an update is still queued after the print ended (%p)", f)
	case <-time.After(50 * time.Millisecond):
	}
}

// TestPrintLateOutcome: once the person has gone on to Save to Text
// File, a print that is cancelled says nothing, and one that succeeds
// does not push aside a dialog that is showing.
func TestPrintLateOutcome(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer printAnswer
		busy   bool // another dialog is showing when the answer comes
		want   string
	}{
		{"cancelled", printAnswer{err: app.ErrPrintCancelled}, false, ""},
		{"no printer", printAnswer{err: app.ErrNoPrinter}, false, ""},
		{"printed while another dialog shows", printAnswer{}, true, "other"},
		{"printed", printAnswer{}, false, "The backup codes were sent to the printer."},
		{"failed", printAnswer{err: errors.New("boom")}, false, Message(errors.New("boom"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "", nil)
			h.ui.SetPrintHintAfter(time.Millisecond)
			p := newStuckPrinter(h)
			w := gate(t, h)
			p.waitStarted(t)
			runQueued(t, h, func() bool { return w.text.Text != printWaitText })
			test.Tap(buttonIn(t, h, "Save to Text File"))
			runQueued(t, h, fileSaveIsShowing(h))
			fileSaveShowing(t, h)
			h.ui.closeDialog()
			if c.busy {
				h.ui.message("Other", "other")
			}
			p.answer <- c.answer
			h.ui.Wait()
			if c.want == "" {
				if h.ui.Dialog() != nil {
					t.Fatalf("a dialog shows: %s", test.RenderObjectToMarkup(h.w.Canvas().Overlays().Top()))
				}
				return
			}
			assertSays(t, h, c.want)
		})
	}
}

// TestCloseEndsPrint: closing the window withdraws a print request that
// is still waiting for its dialog, so Close does not hang on it.
func TestCloseEndsPrint(t *testing.T) {
	h := newHarness(t, "", nil)
	p := newStuckPrinter(h)
	gate(t, h)
	ctx := p.waitStarted(t)
	closed := make(chan struct{})
	go func() {
		h.ui.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs on a print request that waits for its dialog")
	}
	if ctx.Err() == nil {
		t.Fatal("Close left the print request open")
	}
}

// fileSaveShowing checks that the dialog showing is Fyne's file save
// dialog, the chooser Save to Text File falls back to without a portal.
func fileSaveShowing(t *testing.T, h *harness) {
	t.Helper()
	if !fileSaveIsShowing(h)() {
		t.Fatalf("Save to Text File shows %T, want Fyne's file save dialog", h.ui.Dialog())
	}
}

func fileSaveIsShowing(h *harness) func() bool {
	return func() bool {
		_, ok := h.ui.Dialog().(*dialog.FileDialog)
		return ok
	}
}
