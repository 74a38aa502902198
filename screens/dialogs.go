package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// showDialog shows d, remembering it so Escape can close it. enter is
// what Enter does while no control in d takes the key; nil where Enter
// must not act, so that a dialog that destroys something is never
// confirmed by a stray Enter.
func (u *UI) showDialog(d dialog.Dialog, enter func()) {
	u.closeDialog()
	u.dlg, u.enter = d, enter
	d.SetOnClosed(func() { u.dialogClosed(d) })
	d.Show()
	u.view++
}

// dialogClosed forgets d when it was the dialog showing.
func (u *UI) dialogClosed(d dialog.Dialog) {
	u.dropStaleFocus()
	if u.dlg == d {
		u.dlg, u.enter = nil, nil
		u.view++
	}
}

// dropStaleFocus tells the entry that believes it has the focus that it
// has lost it, when the window no longer focuses it. Fyne forgets the
// focus of a screen it replaces (SetContent) and of a dialog it closes
// without telling the focused widget, and an Entry that believes it has
// the focus blinks its cursor for ever, off-screen: each blink redraws
// the window, and with a dialog open that redraw blurs the screen behind
// it (Fyne v2.8.1), a fifth of a core in software rendering.
func (u *UI) dropStaleFocus() {
	if e := u.typing; e != nil && u.win.Canvas().Focused() != e {
		e.FocusLost()
	}
}

func (u *UI) closeDialog() {
	if d := u.dlg; d != nil {
		u.dlg, u.enter = nil, nil
		u.view++
		d.Dismiss()
	}
}

// Dialog is the dialog showing now, or nil.
func (u *UI) Dialog() dialog.Dialog { return u.dlg }

// message shows a short dialog with one sentence.
func (u *UI) message(title, text string) { u.messageThen(title, text, nil) }

// messageThen is message; once the person closes it, next (when not nil)
// takes the focus, which Fyne drops when a button is tapped. Enter and
// Escape both close it.
func (u *UI) messageThen(title, text string, next fyne.Focusable) {
	l := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	d := dialog.NewCustomWithoutButtons(title, sized(420, l), u.win)
	d.SetButtons([]fyne.CanvasObject{u.newDialogButton(lang.L("OK"), true, d.Hide)})
	u.showDialog(d, d.Hide)
	if next != nil {
		d.SetOnClosed(func() {
			u.dialogClosed(d)
			u.focusSoon(next) // dropped when a screen or dialog replaced it
		})
	}
}

// failed shows err as a sentence in a dialog.
func (u *UI) failed(err error) { u.message(lang.L("Something went wrong"), Message(err)) }

// onCanvasKey handles keys no focused widget took: Escape closes a
// dialog, Enter does the dialog's Enter action where it has one.
func (u *UI) onCanvasKey(ev *fyne.KeyEvent) {
	u.touch()
	switch ev.Name {
	case fyne.KeyEscape:
		u.closeDialog()
	case fyne.KeyReturn, fyne.KeyEnter:
		if u.dlg != nil && u.enter != nil {
			u.enter()
		}
	}
}
