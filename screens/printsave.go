package screens

import (
	"context"
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// SystemActions print through the system's print dialog and save through
// the system's file chooser, falling back to opening a PDF and to Fyne's
// own save dialog where the system has none.
var SystemActions = Actions{OnPrint: printCodes, OnSave: saveCodes}

// printCodes asks the app to print the sheet. The system's dialog is a
// window of another program, so this window shows a wait dialog (see
// printWait) whose Cancel withdraws the request.
func printCodes(u *UI, set vault.CodeSet) {
	ctx, cancel := context.WithCancel(u.quit)
	w := u.newPrintWait(cancel, func() { u.actions.OnSave(u, set) })
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
			u.message("Print", printedText(file))
		case errors.Is(err, app.ErrPrintCancelled), errors.Is(err, context.Canceled):
			u.message("Print", Message(app.ErrPrintCancelled))
		case errors.Is(err, app.ErrNoPrinter):
			u.message("Print", Message(app.ErrNoPrinter))
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
		u.message("Print", printedText(file))
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
		return "The backup codes were sent to the printer."
	}
	return "Saved the backup codes as a PDF: " + filepath.Base(file) + " in " + filepath.Dir(file) +
		". Keep it somewhere safe, away from this computer."
}

// offerPDF is the fallback where no print dialog exists: open the sheet
// as a PDF in the default viewer, which can print it.
func (u *UI) offerPDF() {
	d := dialog.NewConfirm("Print", Message(app.ErrNoPrintDialog)+" Open the PDF now?", func(ok bool) {
		if !ok {
			return
		}
		var err error
		u.async(func() { _, err = u.app.OpenCodesPDF() }, func() {
			if err != nil {
				u.message("Print", "The PDF could not be opened in a viewer. Use Save to Text File or Copy instead.")
			}
		})
	}, u.win)
	d.SetConfirmText("Open the PDF")
	u.showDialog(d, d.Confirm)
}

// saveCodes asks where to save — the system's file chooser, or Fyne's
// dialog where there is none — then has the app write the file.
func saveCodes(u *UI, _ vault.CodeSet) {
	var path string
	var err error
	u.async(func() { path, err = u.app.ChooseSavePath(context.Background(), "") }, func() {
		switch {
		case err == nil:
			u.writeCodes(path)
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
	u.saveCodes(w.URI().Path(), w)
}

func (u *UI) writeCodes(path string) { u.saveCodes(path, nil) }

// saveCodes has the app write the sheet to path; w, when set, is the
// chosen file already opened (and emptied) by Fyne's dialog.
func (u *UI) saveCodes(path string, w fyne.URIWriteCloser) {
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
			u.message("Save to Text File", Message(err))
			return
		}
		u.message("Save to Text File", "Saved the unused codes to "+path+". Keep that file somewhere safe, away from this computer.")
	})
}
