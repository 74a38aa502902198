package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// homeScreen is where a signed-in person lands: who is signed in, since
// when two-factor authentication is on, and where to go next.
type homeScreen struct {
	ui *UI

	account  *widget.Label
	status   *widget.Label
	notice   *widget.Label
	low      *widget.Label
	newCodes *widget.Button
	notes    *widget.Button
	settings *widget.Button
	activity *widget.Button
	signOut  *widget.Button
}

func newHomeScreen(u *UI, notice string, lowOnCodes bool) *homeScreen {
	s := &homeScreen{
		ui:      u,
		account: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter},
		status:  &widget.Label{Alignment: fyne.TextAlignCenter},
		notice:  &widget.Label{Text: notice, Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignCenter},
		low: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance, Alignment: fyne.TextAlignCenter,
			Text: "You are running low on backup codes. Make a new set now, before you need one."},
	}
	if a, ok := u.app.Account(); ok {
		s.account.SetText("Signed in as " + a.Username + " (" + a.Site + ")")
	}
	// How many backup codes are left needs sudo mode; it is shown with the
	// codes (and after a backup code sign-in, in the notice), not here.
	if t, err := u.app.TwoFactorSince(); err == nil && !t.IsZero() {
		s.status.SetText("Two-factor authentication on since " + formatTime(t))
	} else {
		s.status.Hide()
	}
	s.newCodes = &widget.Button{Text: "Make New Backup Codes", Icon: theme.WarningIcon(), Importance: widget.WarningImportance, OnTapped: s.onNewCodes}
	s.notes = &widget.Button{Text: "Private Notes", Icon: theme.DocumentIcon(), OnTapped: s.onNotes}
	s.settings = &widget.Button{Text: "Account Settings", Icon: theme.SettingsIcon(), OnTapped: s.onSettings}
	s.activity = &widget.Button{Text: "Security Activity", Icon: theme.HistoryIcon(), OnTapped: s.onActivity}
	s.signOut = &widget.Button{Text: "Sign Out", Icon: theme.LogoutIcon(), OnTapped: s.onSignOut}
	if notice == "" {
		s.notice.Hide()
	}
	if !lowOnCodes {
		s.low.Hide()
		s.newCodes.Hide()
	}
	return s
}

func (s *homeScreen) name() string { return "Home" }

func (s *homeScreen) focus() fyne.Focusable {
	if s.newCodes.Visible() {
		return s.newCodes
	}
	return s.settings
}

func (s *homeScreen) content() fyne.CanvasObject {
	// One column in the middle of the window: who, the status, any
	// notice, then the buttons.
	return container.NewCenter(sized(440, container.NewVBox(s.account, s.status, s.notice, s.low,
		container.NewCenter(s.newCodes), widget.NewSeparator(),
		container.NewCenter(container.NewVBox(s.notes, s.settings, s.activity, s.signOut)))))
}

// onNewCodes goes straight to a new set, after the password.
func (s *homeScreen) onNewCodes() { s.ui.withSudo(s.ui.regenerate) }

func (s *homeScreen) onNotes() { s.ui.touch(); s.ui.show(newNotesScreen(s.ui)) }

func (s *homeScreen) onSettings() { s.ui.touch(); s.ui.show(newSettingsScreen(s.ui)) }

func (s *homeScreen) onActivity() { s.ui.touch(); s.ui.show(newActivityScreen(s.ui)) }

func (s *homeScreen) onSignOut() {
	s.ui.app.SignOut()
	s.ui.signInScreen("You are signed out.")
}
