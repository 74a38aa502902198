package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// entry is a widget.Entry that counts typing as activity (idle lock, sudo
// mode) and lets Escape close the dialog it sits in: Fyne's dialogs do not
// close on Escape, and a focused Entry swallows the key.
type entry struct {
	widget.Entry
	ui *UI
	// reveal shows and hides a password. Fyne's own revealer takes no
	// focus, so Tab could not reach it; this one is a button.
	reveal *widget.Button
}

// newEntry makes an entry; submit runs on Enter.
func (u *UI) newEntry(placeholder string, password bool, submit func(string)) *entry {
	e := &entry{ui: u}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = placeholder
	e.Password = password
	e.OnSubmitted = submit
	if password {
		e.reveal = &widget.Button{Icon: theme.VisibilityOffIcon(), Importance: widget.LowImportance, OnTapped: e.onReveal}
		e.ActionItem = e.reveal
	}
	return e
}

// onReveal shows the password as text, or hides it again.
func (e *entry) onReveal() {
	e.ui.touch()
	e.Password = !e.Password
	if e.Password {
		e.reveal.SetIcon(theme.VisibilityOffIcon())
	} else {
		e.reveal.SetIcon(theme.VisibilityIcon())
	}
	e.Refresh()
	// Refreshing the entry drops the focus of its action item; the
	// person pressed the button and may press it again.
	if c := fyne.CurrentApp().Driver().CanvasForObject(e.reveal); c != nil {
		c.Focus(e.reveal)
	}
}

// FocusGained and FocusLost keep UI.typing, the entry that believes it
// has the focus, so the UI can end a focus Fyne drops without telling
// the entry (see dropStaleFocus).
func (e *entry) FocusGained() {
	e.ui.typing = e
	e.Entry.FocusGained()
}

func (e *entry) FocusLost() {
	if e.ui.typing == e {
		e.ui.typing = nil
	}
	e.Entry.FocusLost()
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

// AcceptsTab is false, also for a multi-line entry (Fyne's default there
// is true): Tab always moves the focus on, so the keyboard can leave
// every field.
func (e *entry) AcceptsTab() bool { return false }

// dialogButton is a button in one of our dialogs. Fyne's Button answers
// only Space and swallows every other key while it has the focus, so
// Escape would not close the dialog; with enter set, Enter presses it too.
type dialogButton struct {
	widget.Button
	ui    *UI
	enter bool
}

func (u *UI) newDialogButton(text string, enter bool, tapped func()) *dialogButton {
	b := &dialogButton{ui: u, enter: enter}
	b.ExtendBaseWidget(b)
	b.Text = text
	b.OnTapped = tapped
	return b
}

// TypedKey closes the dialog on Escape and presses the button on Enter
// when it should.
func (b *dialogButton) TypedKey(ev *fyne.KeyEvent) {
	b.ui.touch()
	switch {
	case ev.Name == fyne.KeyEscape:
		b.ui.closeDialog()
	case b.enter && (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter):
		b.Tapped(nil)
	default:
		b.Button.TypedKey(ev)
	}
}
