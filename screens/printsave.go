package screens

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/sparekey/sparekey/app"
)

// Print and Save to Text File, in one place for every screen, button and
// shortcut that offers them. Both act on the app's current code set, the
// one the screen shows: through the system's print dialog and file
// chooser, falling back to opening a PDF and to Fyne's own save dialog
// where the system has none.

// printSheet asks the app to print the sheet. The system's dialog is a
// window of another program, so this window shows a wait dialog (see
// printWait) whose Cancel withdraws the request.
func (u *UI) printSheet() {
	ctx, cancel := context.WithCancel(u.quit)
	w := u.newPrintWait(cancel, u.saveSheet)
	var (
		file string
		err  error
	)
	u.async(func() { file, err = u.app.PrintCodes(ctx) }, func() {
		cancel()
		if w.end() {
			u.printedLate(file, err)
			return
		}
		switch {
		case err == nil:
			u.message(lang.L("Print"), printedText(file))
		case errors.Is(err, app.ErrPrintCancelled), errors.Is(err, context.Canceled):
			u.message(lang.L("Print"), Message(app.ErrPrintCancelled))
		case errors.Is(err, app.ErrNoPrinter):
			u.message(lang.L("Print"), Message(app.ErrNoPrinter))
		case errors.Is(err, app.ErrNoPrintDialog):
			u.offerPDF()
		default:
			u.failed(err)
		}
	})
}

// printedLate says how a print ended that the person stopped waiting
// for (they chose Save to Text File instead), but only when something
// came of it and no other dialog is using the window: a cancel, a
// missing dialog or a missing printer is no news to them by then.
func (u *UI) printedLate(file string, err error) {
	switch {
	case u.dlg != nil:
	case err == nil:
		u.message(lang.L("Print"), printedText(file))
	case errors.Is(err, app.ErrPrintCancelled), errors.Is(err, context.Canceled), errors.Is(err, app.ErrNoPrintDialog),
		errors.Is(err, app.ErrNoPrinter):
	default:
		u.failed(err)
	}
}

// printedText tells where a finished print went: the PDF file the
// person printed to (GTK's "Print to File"), or else the printer.
func printedText(file string) string {
	if file == "" {
		return lang.L("The backup codes were sent to the printer.")
	}
	return fmt.Sprintf(lang.L("Saved the backup codes as a PDF: %s. Keep it somewhere safe, away from this computer."), fileText(file))
}

// offerPDF is the fallback where no print dialog exists: open the sheet
// as a PDF in the default viewer, which can print it.
func (u *UI) offerPDF() {
	d := dialog.NewConfirm(lang.L("Print"), Message(app.ErrNoPrintDialog)+" "+lang.L("Open the PDF now?"), func(ok bool) {
		if !ok {
			return
		}
		var err error
		u.async(func() { _, err = u.app.OpenCodesPDF() }, func() {
			if err != nil {
				u.message(lang.L("Print"), lang.L("The PDF could not be opened in a viewer. Use Save to Text File or Copy instead."))
			}
		})
	}, u.win)
	d.SetConfirmText(lang.L("Open the PDF"))
	u.showDialog(d, d.Confirm)
}

// saveSheet asks where to save — the system's file chooser, or Fyne's
// dialog where there is none — then has the app write the file. Closing
// the window withdraws a chooser that is still open.
func (u *UI) saveSheet() {
	var path string
	var err error
	u.async(func() { path, err = u.app.ChooseSavePath(u.quit) }, func() {
		switch {
		case err == nil:
			u.writeSheet(path, nil)
		case errors.Is(err, app.ErrSaveCancelled):
		case errors.Is(err, app.ErrNoFileChooser):
			u.fyneSaveDialog()
		default:
			u.failed(err)
		}
	})
}

// fyneSaveDialog is the fallback chooser. Fyne creates (and truncates)
// the chosen file before its callback runs; the writer is closed unused
// and the app writes the file atomically itself.
func (u *UI) fyneSaveDialog() {
	name, err := u.app.SaveFileName()
	if err != nil {
		u.failed(err)
		return
	}
	d := dialog.NewFileSave(u.onFyneSave, u.win)
	d.SetFileName(name)
	u.showDialog(d, nil)
	d.Resize(fyne.NewSize(600, 440))
}

// onFyneSave is the fallback chooser's callback: w is nil on cancel.
func (u *UI) onFyneSave(w fyne.URIWriteCloser, err error) {
	if err != nil {
		u.failed(err)
		return
	}
	if w == nil {
		return
	}
	// The dialog has already emptied the file: w stays open as the
	// fallback in case the atomic write fails.
	u.writeSheet(w.URI().Path(), w)
}

// writeSheet has the app write the sheet to path; w, when set, is the
// chosen file already opened (and emptied) by Fyne's dialog.
func (u *UI) writeSheet(path string, w fyne.URIWriteCloser) {
	var err error
	u.async(func() {
		if w == nil {
			err = u.app.SaveCodes(path)
			return
		}
		err = u.app.SaveCodesOver(path, w)
		if cerr := w.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}, func() {
		if err != nil {
			u.message(lang.L("Save to Text File"), Message(err))
			return
		}
		u.message(lang.L("Save to Text File"), fmt.Sprintf(lang.L("Saved the unused codes to %s. Keep that file somewhere safe, away from this computer."), fileText(path)))
	})
}
