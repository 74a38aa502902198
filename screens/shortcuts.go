package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The main-menu shortcuts: the menu's shortcuts fire even while an Entry
// has the focus, unlike the canvas's own (Fyne v2.8.1 glfw driver,
// window.triggersShortcut checks the main menu first).
var (
	printShortcut = desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	saveShortcut  = desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
)

// sheetShowing reports whether Ctrl+P and Ctrl+S may act now: the screen
// shows a code set and no dialog is in the way.
func (u *UI) sheetShowing() bool {
	s, ok := u.cur.(sheeter)
	return ok && s.hasSheet() && u.dlg == nil
}

func (u *UI) onPrintShortcut() {
	if u.sheetShowing() {
		u.printSheet()
	}
}

func (u *UI) onSaveShortcut() {
	if u.sheetShowing() {
		u.saveSheet()
	}
}
