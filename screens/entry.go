package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that counts typing as activity (idle lock, sudo
// mode) and lets Escape close the dialog it sits in: Fyne's dialogs do not
// close on Escape, and a focused Entry swallows the key.
type entry struct {
	widget.Entry
	ui *UI
}

// newEntry makes an entry; submit runs on Enter.
func (u *UI) newEntry(placeholder string, password bool, submit func(string)) *entry {
	e := &entry{ui: u}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = placeholder
	e.Password = password
	e.OnSubmitted = submit
	return e
}

// TypedRune records activity.
func (e *entry) TypedRune(r rune) {
	e.ui.touch()
	e.Entry.TypedRune(r)
}

// TypedKey records activity and closes the dialog on Escape.
func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	e.ui.touch()
	if ev.Name == fyne.KeyEscape {
		e.ui.closeDialog()
		return
	}
	e.Entry.TypedKey(ev)
}
