package screens

import (
	"fyne.io/fyne/v2"

	"github.com/sparekey/sparekey/app"
)

// screen is what the UI shows in the window.
type screen interface {
	// name is the screen's name in the window title.
	name() string
	// content is the screen's widget tree, built once.
	content() fyne.CanvasObject
}

// Optional screen behaviour.
type (
	// ticker screens update something every second (countdowns).
	ticker interface{ tick() }
	// focuser screens name the control that takes the focus when shown.
	focuser interface{ focus() fyne.Focusable }
	// sheeter screens show the code set that Ctrl+P and Ctrl+S print and
	// save (the app's current one), once it has loaded.
	sheeter interface{ hasSheet() bool }
	// sudoer screens need sudo mode and are left when it lapses.
	sudoer interface{ needsSudo() bool }
)

// show puts s in the window and sets the title, the menu and the focus.
func (u *UI) show(s screen) {
	u.closeDialog()
	u.cur = s
	u.win.SetTitle(AppName + " — " + s.name())
	u.win.SetContent(s.content())
	u.dropStaleFocus()
	_, sheets := s.(sheeter)
	if u.print.Disabled == sheets || u.save.Disabled == sheets {
		u.print.Disabled, u.save.Disabled = !sheets, !sheets
		u.menu.Refresh()
	}
	u.view++
	if f, ok := s.(focuser); ok {
		if obj := f.focus(); obj != nil {
			u.focusSoon(obj)
		}
	}
}

// focusSoon gives obj the keyboard focus once the key or tap being handled
// is over, unless the screen or dialog has changed by then. Every screen
// and dialog takes its focus this way: a Space that presses a button
// reaches the window twice, first as the key, which taps the button, then
// as the character, which goes to whatever has the focus by then. A field
// focused during the tap would get the space typed into it (and a check
// box would toggle).
func (u *UI) focusSoon(obj fyne.Focusable) {
	view := u.view
	u.spawn(func() {}, func() {
		if u.view == view {
			u.win.Canvas().Focus(obj)
		}
	})
}

// route shows the screen for the app's current step. notice is shown on
// the screen it leads to, where that screen has room for one.
func (u *UI) route(notice string) {
	switch u.app.Step() {
	case app.StepSignIn:
		u.signInScreen(notice)
	case app.StepSecondFactor:
		u.show(newSecondFactorScreen(u))
	case app.StepEnrol:
		u.show(newEnrolScreen(u, false))
	case app.StepSaveCodes:
		u.show(newSaveCodesScreen(u))
	default:
		u.show(newHomeScreen(u, notice, false))
	}
}

// signInScreen lists the accounts again and shows the sign-in screen (or
// the create-account screen when none is left).
func (u *UI) signInScreen(notice string) {
	var (
		accs []app.Info
		err  error
	)
	u.async(func() { accs, err = u.app.Accounts() }, func() {
		switch {
		case err != nil:
			u.show(newFailScreen(u, err))
		case len(accs) == 0:
			u.show(newCreateScreen(u, false))
		default:
			u.show(newSignInScreen(u, accs, notice))
		}
	})
}
