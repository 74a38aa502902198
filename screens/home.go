package screens

import (
	"fmt"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
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
	// places lists where to go from Home, one button each.
	places *fyne.Container
}

func newHomeScreen(u *UI, notice string, lowOnCodes bool) *homeScreen {
	s := &homeScreen{
		ui:      u,
		account: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		status:  &widget.Label{Wrapping: fyne.TextWrapWord},
		notice:  &widget.Label{Text: notice, Wrapping: fyne.TextWrapWord},
		low: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance,
			Text: lang.L("You are running low on backup codes. Make a new set now, before you need one.")},
	}
	if a, ok := u.app.Account(); ok {
		s.account.SetText(fmt.Sprintf(lang.L("Signed in as %s (%s)"), a.Username, a.Site))
	}
	// How many backup codes are left needs sudo mode; it is shown with the
	// codes (and after a backup code sign-in, in the notice), not here.
	if t, err := u.app.TwoFactorSince(); err == nil && !t.IsZero() {
		s.status.SetText(fmt.Sprintf(lang.L("Two-factor authentication on since %s"), formatTime(t)))
	} else {
		s.status.Hide()
	}
	s.newCodes = &widget.Button{Text: lang.L("Make New Backup Codes"), Icon: theme.WarningIcon(), Importance: widget.WarningImportance, OnTapped: s.onNewCodes}
	s.notes = &widget.Button{Text: lang.L("Private Notes"), Icon: theme.DocumentIcon(), OnTapped: s.onNotes}
	s.settings = &widget.Button{Text: lang.L("Account Settings"), Icon: theme.SettingsIcon(), OnTapped: s.onSettings}
	s.activity = &widget.Button{Text: lang.L("Security Activity"), Icon: theme.HistoryIcon(), OnTapped: s.onActivity}
	s.signOut = &widget.Button{Text: lang.L("Sign Out"), Icon: theme.LogoutIcon(), OnTapped: s.onSignOut}
	s.places = container.NewVBox(s.notes, s.settings, s.activity)
	if notice == "" {
		s.notice.Hide()
	}
	if !lowOnCodes {
		s.low.Hide()
		s.newCodes.Hide()
	}
	return s
}

func (s *homeScreen) name() string { return lang.L("Home") }

func (s *homeScreen) focus() fyne.Focusable {
	if s.newCodes.Visible() {
		return s.newCodes
	}
	return s.settings
}

func (s *homeScreen) content() fyne.CanvasObject {
	// Who, the status, any notice, then the places to go; Sign Out on
	// its own at the bottom left.
	return page(lang.L("Home"), lang.L("You are signed in with both factors."),
		container.NewVBox(s.account, s.status, s.notice, s.low, container.NewCenter(s.newCodes), s.places),
		[]fyne.CanvasObject{s.signOut})
}

// onNewCodes goes straight to a new set, after the password.
func (s *homeScreen) onNewCodes() { s.ui.withSudo(s.ui.regenerate) }

func (s *homeScreen) onNotes() { s.ui.touch(); s.ui.show(newNotesScreen(s.ui)) }

func (s *homeScreen) onSettings() { s.ui.touch(); s.ui.show(newSettingsScreen(s.ui)) }

func (s *homeScreen) onActivity() { s.ui.touch(); s.ui.show(newActivityScreen(s.ui)) }

func (s *homeScreen) onSignOut() {
	s.ui.app.SignOut()
	s.ui.signInScreen(lang.L("You are signed out."))
}
