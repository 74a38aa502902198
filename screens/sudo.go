package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/sparekey/sparekey/app"
)

// sudoDialog asks for the password again before a sensitive screen or
// action ("sudo mode", DESIGN §1.5).
type sudoDialog struct {
	ui       *UI
	then     func()
	intro    *widget.Label
	password *entry
	why      *widget.Label
	busy     *widget.Label
	task     *task
	confirm  *widget.Button
	cancel   *widget.Button
	dlg      *dialog.CustomDialog
}

// withSudo runs then at once while sudo mode is on, and after the password
// is confirmed again otherwise.
func (u *UI) withSudo(then func()) {
	if u.app.SudoRemaining() > 0 {
		then()
		return
	}
	d := &sudoDialog{
		ui:   u,
		then: then,
		intro: &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("For your security, enter your password " +
			"again. You will not be asked again for the next few minutes.")},
	}
	d.password = u.newEntry(lang.L("Password"), true, func(string) { d.onConfirm() })
	d.confirm = &widget.Button{Text: lang.L("Confirm"), Importance: widget.HighImportance, OnTapped: d.onConfirm}
	d.task = u.newTask(d.confirm, lang.L("Checking the password…"))
	d.why, d.busy = d.task.why, d.task.busy
	d.dlg = dialog.NewCustomWithoutButtons(lang.L("Confirm Your Password"),
		sized(400, container.NewVBox(d.intro, d.password, d.why, d.busy)), u.win)
	d.cancel = &widget.Button{Text: lang.L("Cancel"), OnTapped: d.dlg.Hide}
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancel, d.confirm})
	u.showDialog(d.dlg, d.onConfirm)
	u.sudo = d
	u.focusSoon(d.password)
}

// inSudo runs work, an app call that needs sudo mode, and then ok. When
// sudo mode has lapsed in the meantime, the password is asked for again
// and again runs (the caller itself); any other error shows in a dialog.
func (u *UI) inSudo(again func(), work func() error, ok func()) {
	var err error
	u.async(func() { err = work() }, func() {
		switch {
		case errors.Is(err, app.ErrSudoRequired):
			u.withSudo(again)
		case err != nil:
			u.failed(err)
		default:
			ok()
		}
	})
}

func (d *sudoDialog) onConfirm() {
	pw := d.password.Text
	d.task.run(func() error { return d.ui.app.Reauthenticate(pw) }, func(err error) {
		if err != nil {
			d.password.SetText("")
			d.task.fail(err)
			return
		}
		d.ui.closeDialog()
		d.ui.sudo = nil
		d.then()
	})
}
