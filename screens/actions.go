package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/sparekey/sparekey/vault"
)

// Actions are what Print and Save to Text File do, in one place for every
// screen, button and shortcut that offers them.
type Actions struct {
	OnPrint func(u *UI, set vault.CodeSet)
	OnSave  func(u *UI, set vault.CodeSet)
}

// The main-menu shortcuts: the menu's shortcuts fire even while an Entry
// has the focus, unlike the canvas's own (Fyne v2.8.1 glfw driver,
// window.triggersShortcut checks the main menu first).
var (
	printShortcut = desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	saveShortcut  = desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
)
