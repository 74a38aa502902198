package screens

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// signInScreen asks for the account (when there are several) and its
// password. The second factor follows on its own screen.
type signInScreen struct {
	ui *UI

	notice    *widget.Label
	account   *widget.Select
	only      *widget.Label
	problem   *widget.Label
	password  *entry
	status    *widget.Label
	busy      *widget.Label
	task      *task
	signIn    *widget.Button
	add       *widget.Button
	cantSign  *widget.Button
	removeFor *entry // the confirmation field of the "Can't sign in?" dialog

	accounts []app.Info
	chosen   int
	lock     *lockout
}

func newSignInScreen(u *UI, accounts []app.Info, notice string) *signInScreen {
	s := &signInScreen{
		ui:       u,
		notice:   &widget.Label{Text: notice, Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance},
		only:     &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		problem:  &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance},
		accounts: accounts,
	}
	names := make([]string, len(accounts))
	for i, a := range accounts {
		names[i] = accountName(a)
	}
	s.account = &widget.Select{Options: names, OnChanged: s.onAccount, PlaceHolder: lang.L("Pick an account")}
	s.password = u.newEntry(lang.L("Password"), true, func(string) { s.onSignIn() })
	s.signIn = &widget.Button{Text: lang.L("Sign In"), Importance: widget.HighImportance, OnTapped: s.onSignIn}
	s.task = u.newTask(s.signIn, lang.L("Signing in…"))
	s.status, s.busy = s.task.why, s.task.busy
	s.add = &widget.Button{Text: lang.L("Add Account"), OnTapped: s.onAdd}
	s.cantSign = &widget.Button{Text: lang.L("Can't sign in?"), Importance: widget.LowImportance, OnTapped: s.onCantSignIn}
	s.lock = &lockout{status: s.status, submit: s.signIn}
	if notice == "" {
		s.notice.Hide()
	}
	s.problem.Hide()
	if len(accounts) > 1 {
		s.only.Hide()
	} else {
		s.account.Hide()
	}
	s.account.SetSelectedIndex(0) // runs onAccount
	return s
}

// accountName is how the picker lists an account.
func accountName(a app.Info) string {
	if a.Username == "" || a.Site == "" {
		return app.AccountName(a)
	}
	return a.Username + " (" + a.Site + ")"
}

func (s *signInScreen) name() string { return lang.L("Sign In") }

func (s *signInScreen) focus() fyne.Focusable { return s.password }

func (s *signInScreen) content() fyne.CanvasObject {
	// The app's icon and name above the fields, the account as a card.
	head := container.NewVBox(appIcon(),
		&widget.Label{Text: AppName, SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter},
		&widget.Label{Text: lang.L("Sign in with your password, then a code from your phone."), Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord})
	card := widget.NewCard("", "", container.NewVBox(
		&widget.Label{Text: lang.L("Account"), SizeName: theme.SizeNameCaptionText}, container.NewStack(s.account, s.only), s.problem))
	body := container.NewVBox(s.notice, card, widget.NewLabel(lang.L("Password")), s.password, s.status, s.busy)
	return column(head, body, []fyne.CanvasObject{s.cantSign, s.add}, s.signIn)
}

func (s *signInScreen) onAccount(string) {
	s.chosen = s.account.SelectedIndex()
	if s.chosen < 0 || s.chosen >= len(s.accounts) {
		return
	}
	a := s.accounts[s.chosen]
	s.only.SetText(accountName(a))
	if a.Problem != nil {
		s.problem.SetText(Message(a.Problem))
		s.problem.Show()
	} else {
		s.problem.Hide()
	}
	s.lock.reset()
}

func (s *signInScreen) onSignIn() {
	if s.chosen < 0 || s.chosen >= len(s.accounts) {
		return
	}
	id, pw := s.accounts[s.chosen].ID, s.password.Text
	s.notice.Hide()
	s.task.run(func() error { _, err := s.ui.app.SignIn(id, pw); return err }, func(err error) {
		if err != nil {
			s.password.SetText("")
			s.showError(err)
			return
		}
		s.ui.route("")
	})
}

// showError shows err under the form; a lockout counts down.
func (s *signInScreen) showError(err error) {
	var lo *app.LockedOutError
	if errors.As(err, &lo) {
		s.lock.start(lo.Until, s.ui.app.Now())
		return
	}
	s.task.fail(err)
}

func (s *signInScreen) tick() { s.lock.tick(s.ui.app.Now()) }

func (s *signInScreen) onAdd() { s.ui.show(newCreateScreen(s.ui, true)) }

// onCantSignIn explains the options and offers to remove the account,
// confirmed by typing its username.
func (s *signInScreen) onCantSignIn() {
	s.ui.touch()
	if s.chosen < 0 || s.chosen >= len(s.accounts) {
		return
	}
	a := s.accounts[s.chosen]
	want := app.AccountName(a)
	help := &widget.Label{Wrapping: fyne.TextWrapWord, Text: fmt.Sprintf(lang.L("Lost your phone? Sign in with your password "+
		"and one of your backup codes, then reset the authenticator under Account Settings.\n\n"+
		"Lost both the phone and the backup codes, or forgot the password? Then this account cannot be "+
		"opened. You can remove it and create a new one. To remove it, type its username: %s"), want)}
	s.removeFor = s.ui.newEntry(want, false, nil)
	why := &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	why.Hide()
	var d *dialog.CustomDialog
	remove := &widget.Button{Text: lang.L("Remove This Account"), Importance: widget.DangerImportance}
	remove.Disable()
	s.removeFor.OnChanged = func(t string) {
		if t == "" {
			remove.Disable()
		} else {
			remove.Enable()
		}
	}
	remove.OnTapped = func() {
		typed := s.removeFor.Text
		remove.Disable()
		var err error
		s.ui.async(func() { err = s.ui.app.RemoveAccount(a.ID, typed) }, func() {
			if err != nil {
				remove.Enable()
				why.SetText(Message(err))
				why.Show()
				return
			}
			s.ui.closeDialog()
			s.ui.signInScreen(fmt.Sprintf(lang.L("The account %s was removed."), accountName(a)))
		})
	}
	s.removeFor.OnSubmitted = func(string) {
		if !remove.Disabled() {
			remove.OnTapped()
		}
	}
	body := container.NewVBox(help, s.removeFor, why)
	d = dialog.NewCustom(lang.L("Can't sign in?"), lang.L("Cancel"), sized(440, body), s.ui.win)
	d.SetButtons([]fyne.CanvasObject{&widget.Button{Text: lang.L("Cancel"), OnTapped: d.Hide}, remove})
	s.ui.showDialog(d, nil) // removing takes a click on Remove, or Enter after typing the username
	s.ui.focusSoon(s.removeFor)
}
