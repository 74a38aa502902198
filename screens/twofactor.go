package screens

import (
	"fmt"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// twoFactorScreen shows since when two-factor authentication is on and
// offers Reset authenticator and Show Backup Codes. It needs sudo mode.
type twoFactorScreen struct {
	ui *UI

	since *widget.Label
	note  *widget.Label
	reset *widget.Button
	codes *widget.Button
	back  *widget.Button
}

func newTwoFactorScreen(u *UI) *twoFactorScreen {
	s := &twoFactorScreen{
		ui:    u,
		since: &widget.Label{Wrapping: fyne.TextWrapWord},
		note:  &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.SuccessImportance},
	}
	s.since.SetText(lang.L("Two-factor authentication is on. It is part of every Sparekey account and cannot be turned off."))
	if t, err := u.app.TwoFactorSince(); err == nil && !t.IsZero() {
		s.since.SetText(fmt.Sprintf(lang.L("Two-factor authentication has been on since %s. It is part of every Sparekey account and cannot be turned off."), formatTime(t)))
	}
	s.reset = &widget.Button{Text: lang.L("Reset Authenticator…"), Icon: theme.ViewRefreshIcon(), OnTapped: s.onReset}
	s.codes = &widget.Button{Text: lang.L("Show Backup Codes"), Icon: theme.VisibilityIcon(), Importance: widget.HighImportance, OnTapped: s.onCodes}
	s.back = &widget.Button{Text: lang.L("Back"), Icon: theme.NavigateBackIcon(), OnTapped: s.onBack}
	s.note.Hide()
	return s
}

func (s *twoFactorScreen) name() string { return lang.L("Two-Factor Authentication") }

func (s *twoFactorScreen) needsSudo() bool { return true }

func (s *twoFactorScreen) focus() fyne.Focusable { return s.codes }

func (s *twoFactorScreen) content() fyne.CanvasObject {
	return page(lang.L("Two-Factor Authentication"), lang.L("A code from your phone, or a backup code, after your password."),
		container.NewVBox(s.since, s.note), []fyne.CanvasObject{s.back, s.reset}, s.codes)
}

func (s *twoFactorScreen) setNote(text string) {
	s.note.SetText(text)
	s.note.Show()
}

func (s *twoFactorScreen) onBack() { s.ui.touch(); s.ui.show(newSettingsScreen(s.ui)) }

func (s *twoFactorScreen) onReset() {
	s.ui.withSudo(func() { s.ui.show(newEnrolScreen(s.ui, true)) })
}

func (s *twoFactorScreen) onCodes() { s.ui.withSudo(s.ui.showBackupCodes) }
