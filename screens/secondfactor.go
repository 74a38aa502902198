package screens

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// secondFactorScreen takes the second factor after the password: a code
// from the authenticator app or a backup code, in one field.
type secondFactorScreen struct {
	ui *UI

	intro  *widget.Label
	code   *entry
	status *widget.Label
	busy   *widget.Label
	task   *task
	verify *widget.Button
	back   *widget.Button

	lock *lockout
}

func newSecondFactorScreen(u *UI) *secondFactorScreen {
	s := &secondFactorScreen{
		ui: u,
		intro: &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("Enter the code from your authenticator app, " +
			"or one of your backup codes.")},
	}
	if a, ok := u.app.Account(); ok {
		s.intro.SetText(fmt.Sprintf(lang.L("Signing in as %s."), a.Username) + " " + s.intro.Text)
	}
	s.code = u.newEntry(lang.L("Code from your authenticator app or a backup code"), false, func(string) { s.onVerify() })
	s.verify = &widget.Button{Text: lang.L("Verify"), Importance: widget.HighImportance, OnTapped: s.onVerify}
	s.back = &widget.Button{Text: lang.L("Back"), Icon: theme.NavigateBackIcon(), OnTapped: s.onBack}
	s.task = u.newTask(s.verify, lang.L("Checking the code…"))
	s.status, s.busy = s.task.why, s.task.busy
	s.lock = &lockout{status: s.status, submit: s.verify}
	return s
}

func (s *secondFactorScreen) name() string { return lang.L("Two-Step Verification") }

func (s *secondFactorScreen) focus() fyne.Focusable { return s.code }

func (s *secondFactorScreen) content() fyne.CanvasObject {
	return page(lang.L("Two-Step Verification"), lang.L("Your password was right. Now the second factor."),
		container.NewVBox(s.intro, widget.NewLabel(lang.L("Code")), s.code, s.status, s.busy),
		[]fyne.CanvasObject{s.back}, s.verify)
}

func (s *secondFactorScreen) onVerify() {
	code := s.code.Text
	var res app.SignInResult
	s.task.run(func() (err error) { res, err = s.ui.app.VerifySecondFactor(code); return err }, func(err error) {
		if err != nil {
			s.code.SetText("")
			var lo *app.LockedOutError
			if errors.As(err, &lo) {
				s.lock.start(lo.Until, s.ui.app.Now())
				return
			}
			if errors.Is(err, app.ErrWrongStep) || errors.Is(err, app.ErrNotSignedIn) {
				s.ui.route(Message(err))
				return
			}
			s.task.fail(err)
			return
		}
		notice := failedTriesNotice(res.FailedTries, res.LastFailed)
		if res.Next != app.StepHome || res.Factor != app.FactorBackupCode {
			s.ui.route(notice)
			return
		}
		used := fmt.Sprintf(lang.L("You used a backup code — %d left."), res.CodesLeft)
		s.ui.show(newHomeScreen(s.ui, strings.TrimSpace(used+" "+notice), res.LowOnCodes))
	})
}

// failedTriesNotice tells a person who just signed in how many tries
// failed since their last sign-in, so someone else's guessing does not
// go unseen (DESIGN §4); "" when none did.
func failedTriesNotice(n int, last time.Time) string {
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(lang.L("1 try failed since your last sign-in, on %s. If that was not you, see Security Activity."), formatTime(last))
	}
	return fmt.Sprintf(lang.L("%d tries failed since your last sign-in, the last on %s. If that was not you, see Security Activity."), n, formatTime(last))
}

func (s *secondFactorScreen) tick() { s.lock.tick(s.ui.app.Now()) }

func (s *secondFactorScreen) onBack() {
	s.ui.app.SignOut()
	s.ui.signInScreen("")
}
