package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// settingsScreen offers Change password and Two-Factor Authentication.
type settingsScreen struct {
	ui *UI

	account   *widget.Label
	note      *widget.Label
	password  *widget.Button
	twoFactor *widget.Button
	back      *widget.Button

	// The Change password dialog's fields, while it is open.
	current, next, repeat *entry
	why                   *widget.Label
	task                  *task
	change                *widget.Button
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{
		ui:      u,
		account: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		note:    &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance},
	}
	if a, ok := u.app.Account(); ok {
		s.account.SetText(a.Username + " (" + a.Site + ")")
	}
	s.password = &widget.Button{Text: lang.L("Change Password…"), OnTapped: s.onChangePassword}
	s.twoFactor = &widget.Button{Text: lang.L("Two-Factor Authentication"), Icon: theme.AccountIcon(), OnTapped: s.onTwoFactor}
	s.back = &widget.Button{Text: lang.L("Back"), Icon: theme.NavigateBackIcon(), OnTapped: s.onBack}
	s.note.Hide()
	return s
}

func (s *settingsScreen) name() string { return lang.L("Account Settings") }

func (s *settingsScreen) focus() fyne.Focusable { return s.twoFactor }

func (s *settingsScreen) content() fyne.CanvasObject {
	return page(lang.L("Account Settings"), lang.L("Your password and how you sign in."),
		container.NewVBox(s.account, s.note), []fyne.CanvasObject{s.back, s.password}, s.twoFactor)
}

func (s *settingsScreen) onBack() { s.ui.touch(); s.ui.show(newHomeScreen(s.ui, "", false)) }

func (s *settingsScreen) onTwoFactor() {
	s.ui.withSudo(func() { s.ui.show(newTwoFactorScreen(s.ui)) })
}

// onChangePassword asks for the current password and the new one twice.
func (s *settingsScreen) onChangePassword() {
	u := s.ui
	u.touch()
	submit := func(string) { s.onChange() }
	s.current = u.newEntry(lang.L("Current password"), true, submit)
	s.next = u.newEntry(lang.L("New password, at least 12 characters"), true, submit)
	s.repeat = u.newEntry(lang.L("New password again"), true, submit)
	s.change = &widget.Button{Text: lang.L("Change Password"), Importance: widget.HighImportance, OnTapped: s.onChange}
	s.task = u.newTask(s.change, lang.L("Changing the password…"))
	s.why = s.task.why
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(lang.L("Current password")), s.current,
		widget.NewLabel(lang.L("New password")), s.next,
		widget.NewLabel(lang.L("Repeat new password")), s.repeat)
	d := dialog.NewCustomWithoutButtons(lang.L("Change Password"), sized(460, container.NewVBox(form, s.why, s.task.busy)), u.win)
	d.SetButtons([]fyne.CanvasObject{&widget.Button{Text: lang.L("Cancel"), OnTapped: d.Hide}, s.change})
	u.showDialog(d, s.onChange)
	u.focusSoon(s.current)
}

func (s *settingsScreen) onChange() {
	if s.change.Disabled() {
		return
	}
	cur, next, rep := s.current.Text, s.next.Text, s.repeat.Text
	var err error
	if a, ok := s.ui.app.Account(); ok {
		err = app.ValidatePassword(next, a.Username)
	}
	if err == nil {
		err = app.CheckRepeat(next, rep)
	}
	if err != nil {
		s.task.fail(err)
		return
	}
	s.task.run(func() error { return s.ui.app.ChangePassword(cur, next, rep) }, func(err error) {
		if err != nil {
			s.task.fail(err)
			return
		}
		s.ui.closeDialog()
		s.note.SetText(lang.L("Your password was changed. Use the new one from now on."))
		s.note.Show()
	})
}
