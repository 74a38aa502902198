package screens

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// SystemActions print through the system's print dialog and save through
// the system's file chooser, falling back to opening a PDF and to Fyne's
// own save dialog where the system has none.
var SystemActions = Actions{OnPrint: printCodes, OnSave: saveCodes}

// printCodes asks the app to print the sheet; the system's dialog is a
// window of its own, so this window shows a wait dialog whose Cancel
// withdraws the request.
func printCodes(u *UI, _ vault.CodeSet) {
	ctx, cancel := context.WithCancel(context.Background())
	wait := u.waitDialog("Print", "Waiting for the print dialog…", cancel)
	var err error
	u.async(func() { err = u.app.PrintCodes(ctx) }, func() {
		cancel()
		if u.dlg == wait {
			u.closeDialog()
		}
		switch {
		case err == nil:
			u.message("Print", "The backup codes were sent to the printer.")
		case errors.Is(err, app.ErrPrintCancelled), errors.Is(err, context.Canceled):
			u.message("Print", Message(app.ErrPrintCancelled))
		case errors.Is(err, app.ErrNoPrintDialog):
			u.offerPDF()
		default:
			u.failed(err)
		}
	})
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

// waitDialog shows text with a progress bar and a Cancel button.
func (u *UI) waitDialog(title, text string, cancel func()) dialog.Dialog {
	body := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	d := dialog.NewCustom(title, "Cancel", sized(340, container.NewVBox(body, widget.NewProgressBarInfinite())), u.win)
	u.showDialog(d, nil)
	d.SetOnClosed(func() {
		cancel()
		u.dialogClosed(d)
	})
	return d
}
