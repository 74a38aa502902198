package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// PrintHintAfter is how long the system's print dialog may take to
// answer before the wait dialog says what may be wrong and offers Save
// to Text File.
const PrintHintAfter = 20 * time.Second

// Texts of the wait dialog, before and after PrintHintAfter.
const (
	printWaitText = "Waiting for the print dialog…"
	printHintText = "The print dialog has not answered yet. On some systems a fault in the print service " +
		"keeps it from listing printers, or from answering at all. You can keep waiting, or save the " +
		"codes with Save to Text File instead; the print dialog still works if it comes."
)

// SetPrintHintAfter changes how long the print dialog may take before
// the wait dialog offers Save to Text File (PrintHintAfter by default;
// tests shorten it).
func (u *UI) SetPrintHintAfter(d time.Duration) { u.printHint = d }

// printWait is the dialog this window shows while the system's print
// dialog, a window of another program, is open. It holds nothing that
// moves (see newBusy): the system's dialog may stay open for minutes,
// or, where the print service is broken, never answer, and this window
// must not redraw meanwhile. If the print dialog has not answered after
// printHint, one timer changes the text to say what may be wrong and
// adds Save to Text File, which closes this dialog without withdrawing
// the print request: a print dialog that comes late still prints.
type printWait struct {
	u      *UI
	d      *dialog.CustomDialog
	text   *widget.Label
	cancel *dialogButton
	save   *dialogButton
	hint   *time.Timer
	// detached: the person went on to Save to Text File; the print
	// request stays open.
	detached bool
}

// newPrintWait shows the wait dialog. Cancel (or Escape) calls cancel,
// which withdraws the print request; the hint's Save to Text File calls
// save instead.
func (u *UI) newPrintWait(cancel, save func()) *printWait {
	w := &printWait{u: u, text: &widget.Label{Text: lang.L(printWaitText), Wrapping: fyne.TextWrapWord}}
	w.d = dialog.NewCustomWithoutButtons(lang.L("Print"), sized(340, w.text), u.win)
	w.cancel = u.newDialogButton(lang.L("Cancel"), false, w.d.Hide)
	w.save = u.newDialogButton(lang.L("Save to Text File"), true, func() {
		w.detached = true
		w.d.Hide()
		save()
	})
	w.save.Importance = widget.HighImportance
	w.d.SetButtons([]fyne.CanvasObject{w.cancel})
	u.showDialog(w.d, nil)
	w.hint = u.after(u.printHint, w.showHint)
	w.d.SetOnClosed(func() {
		w.hint.Stop()
		if !w.detached {
			cancel()
		}
		u.dialogClosed(w.d)
	})
	return w
}

// showHint says what may be wrong and offers Save to Text File, unless
// the wait dialog has gone by the time the timer's turn comes.
func (w *printWait) showHint() {
	if w.u.dlg != w.d {
		return
	}
	w.text.SetText(lang.L(printHintText))
	w.d.SetButtons([]fyne.CanvasObject{w.cancel, w.save})
	w.u.enter = w.save.OnTapped // Enter saves: it destroys nothing
}

// end is called when the print request has ended: it stops the timer
// and closes the wait dialog if it still shows. It reports whether the
// person had already gone on to Save to Text File.
func (w *printWait) end() (detached bool) {
	w.hint.Stop()
	if w.u.dlg == w.d {
		w.u.closeDialog()
	}
	return w.detached
}
