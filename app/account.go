package app

import (
	"strings"

	"github.com/sparekey/sparekey/vault"
)

// ChangePassword replaces the password after checking the current one.
func (a *App) ChangePassword(current, next, repeat string) error {
	a.blocking("ChangePassword")
	if err := CheckRepeat(next, repeat); err != nil {
		return err
	}
	s, err := a.signedIn()
	if err != nil {
		return err
	}
	return s.acct.ChangePassword(current, next)
}

// RemoveAccount deletes an account for good. The person confirms by typing
// its username; no password is needed, so someone who can no longer sign
// in can still clear the account away. Removing the signed-in account
// signs out.
func (a *App) RemoveAccount(id, typedUsername string) error {
	a.blocking("RemoveAccount")
	infos, err := a.store.Accounts()
	if err != nil {
		return err
	}
	for _, inf := range infos {
		if inf.ID != id {
			continue
		}
		if vault.NormalizeName(strings.TrimSpace(typedUsername)) != AccountName(inf) {
			return ErrConfirmationMismatch
		}
		a.mu.Lock()
		if a.sess != nil && a.sess.acct.Info().ID == id {
			a.endLocked()
		}
		a.mu.Unlock()
		return a.store.Delete(id)
	}
	return vault.ErrNoAccount
}

// Activity is the signed-in account's security log, newest first.
func (a *App) Activity() ([]vault.Event, error) {
	s, err := a.signedIn()
	if err != nil {
		return nil, err
	}
	return s.acct.Events(), nil
}
