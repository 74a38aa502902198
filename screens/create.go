package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// createScreen makes a new local account: site, username, password twice.
// The reason a field is refused shows under it; Create is enabled only
// when every field is valid.
type createScreen struct {
	ui       *UI
	intro    *widget.Label
	site     *entry
	username *entry
	password *entry
	repeat   *entry

	siteWhy, usernameWhy, passwordWhy, repeatWhy *widget.Label

	status *widget.Label
	task   *task
	create *widget.Button
	cancel *widget.Button

	touched map[*entry]bool
}

func newCreateScreen(u *UI, canCancel bool) *createScreen {
	s := &createScreen{
		ui: u,
		intro: &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("Create a local account. You will add an " +
			"authenticator app and get backup codes next.")},
		siteWhy:     reasonLabel(),
		usernameWhy: reasonLabel(),
		passwordWhy: reasonLabel(),
		repeatWhy:   reasonLabel(),
		touched:     map[*entry]bool{},
	}
	s.site = u.newEntry(lang.L("Site name"), false, s.onSubmit)
	s.site.SetText(u.app.Site())
	s.username = u.newEntry(lang.L("Username"), false, s.onSubmit)
	s.password = u.newEntry(lang.L("At least 12 characters"), true, s.onSubmit)
	s.repeat = u.newEntry(lang.L("The same password again"), true, s.onSubmit)
	for _, e := range []*entry{s.site, s.username, s.password, s.repeat} {
		e.OnChanged = func(string) { s.touched[e] = true; s.validate() }
	}
	s.create = &widget.Button{Text: lang.L("Create Account"), Importance: widget.HighImportance, OnTapped: s.onCreate}
	s.task = u.newTask(s.create, lang.L("Creating the account…"))
	s.status = s.task.why
	s.cancel = &widget.Button{Text: lang.L("Cancel"), OnTapped: s.onCancel}
	if !canCancel {
		s.cancel.Hide()
	}
	s.validate()
	return s
}

func reasonLabel() *widget.Label {
	l := &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance, SizeName: theme.SizeNameCaptionText}
	l.Hide()
	return l
}

func (s *createScreen) name() string { return lang.L("Create Account") }

func (s *createScreen) focus() fyne.Focusable { return s.username }

func (s *createScreen) content() fyne.CanvasObject {
	form := container.New(layout.NewFormLayout(),
		widget.NewLabel(lang.L("Site name")), container.NewVBox(s.site, s.siteWhy),
		widget.NewLabel(lang.L("Username")), container.NewVBox(s.username, s.usernameWhy),
		widget.NewLabel(lang.L("Password")), container.NewVBox(s.password, s.passwordWhy),
		widget.NewLabel(lang.L("Repeat password")), container.NewVBox(s.repeat, s.repeatWhy),
	)
	return page(lang.L("Create Account"), lang.L("A local account, guarded by a password and your phone."),
		container.NewVBox(s.intro, form, s.status, s.task.busy), []fyne.CanvasObject{s.cancel}, s.create)
}

// validate shows the reason under each field the person has typed in and
// enables Create when all are valid.
func (s *createScreen) validate() bool {
	ok := true
	check := func(e *entry, why *widget.Label, err error) {
		if err != nil {
			ok = false
		}
		if err != nil && s.touched[e] {
			why.SetText(Message(err))
			why.Show()
		} else {
			why.Hide()
		}
	}
	check(s.site, s.siteWhy, app.ValidateName(s.site.Text))
	check(s.username, s.usernameWhy, app.ValidateName(s.username.Text))
	check(s.password, s.passwordWhy, app.ValidatePassword(s.password.Text, s.username.Text))
	check(s.repeat, s.repeatWhy, app.CheckRepeat(s.password.Text, s.repeat.Text))
	if ok {
		s.create.Enable()
	} else {
		s.create.Disable()
	}
	return ok
}

func (s *createScreen) onSubmit(string) {
	if !s.create.Disabled() {
		s.onCreate()
		return
	}
	// Enter on a form that is not complete: say why, also under the
	// fields not typed in yet (an empty one gave no reason at all).
	for _, e := range []*entry{s.site, s.username, s.password, s.repeat} {
		s.touched[e] = true
	}
	s.validate()
}

func (s *createScreen) onCreate() {
	if !s.validate() {
		return
	}
	site, user, pw, rep := s.site.Text, s.username.Text, s.password.Text, s.repeat.Text
	s.cancel.Disable()
	s.task.run(func() error { _, err := s.ui.app.CreateAccount(site, user, pw, rep); return err }, func(err error) {
		s.cancel.Enable()
		if err != nil {
			s.task.fail(err)
			return
		}
		s.ui.route("")
	})
}

func (s *createScreen) onCancel() { s.ui.signInScreen("") }
