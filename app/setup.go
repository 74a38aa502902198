package app

import (
	"time"

	"github.com/sparekey/sparekey/vault"
)

// BeginEnrolment shows the authenticator to add: during setup, the first
// one (resumed if it was begun before); when signed in, a reset, which
// needs sudo mode and keeps the old authenticator working until
// ConfirmEnrolment.
func (a *App) BeginEnrolment() (vault.Enrolment, error) {
	a.blocking("BeginEnrolment")
	s, err := a.enrolmentSession()
	if err != nil {
		return vault.Enrolment{}, err
	}
	return s.acct.BeginEnrolment()
}

// ConfirmEnrolment finishes adding the authenticator with a code from it.
func (a *App) ConfirmEnrolment(code string) (Step, error) {
	a.blocking("ConfirmEnrolment")
	s, err := a.enrolmentSession()
	if err != nil {
		return a.Step(), err
	}
	if err := s.acct.ConfirmEnrolment(code); err != nil {
		return a.Step(), err
	}
	return a.Step(), nil
}

// CancelReset abandons an authenticator reset; the current one stays.
func (a *App) CancelReset() error {
	a.blocking("CancelReset")
	s, err := a.signedIn()
	if err != nil {
		return err
	}
	return s.acct.CancelEnrolment()
}

// TwoFactorSince is when the current authenticator was added.
func (a *App) TwoFactorSince() (time.Time, error) {
	s, err := a.signedIn()
	if err != nil {
		return time.Time{}, err
	}
	return s.acct.TwoFactorSince(), nil
}

func (a *App) enrolmentSession() (*session, error) {
	if a.Step() == StepEnrol {
		return a.signedIn()
	}
	return a.sudo()
}
