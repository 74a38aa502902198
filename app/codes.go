package app

import (
	"github.com/sparekey/sparekey/vault"
)

// NewCodes returns the set waiting to be acknowledged — the end of setup
// or a fresh regeneration — with no password needed: it was just given.
func (a *App) NewCodes() (vault.CodeSet, error) {
	s, err := a.signedIn()
	if err != nil {
		return vault.CodeSet{}, err
	}
	set := s.acct.Codes()
	if set.Acknowledged {
		return vault.CodeSet{}, ErrWrongStep
	}
	return set, nil
}

// AcknowledgeCodes records that the person stored the new set.
func (a *App) AcknowledgeCodes() (Step, error) {
	a.blocking("AcknowledgeCodes")
	s, err := a.signedIn()
	if err != nil {
		return a.Step(), err
	}
	if err := s.acct.AcknowledgeCodes(); err != nil {
		return a.Step(), err
	}
	return a.Step(), nil
}

// ShowBackupCodes returns the current set (used codes included, with
// their dates) in sudo mode, and logs that the codes were viewed.
func (a *App) ShowBackupCodes() (vault.CodeSet, error) {
	a.blocking("ShowBackupCodes")
	s, err := a.sudo()
	if err != nil {
		return vault.CodeSet{}, err
	}
	if err := s.acct.Record(vault.EventCodesViewed, ""); err != nil {
		return vault.CodeSet{}, err
	}
	return s.acct.Codes(), nil
}

// RegenerateCodes makes a new set in sudo mode; the current one stops
// working at once. The new set waits for AcknowledgeCodes (StepSaveCodes).
func (a *App) RegenerateCodes() (vault.CodeSet, error) {
	a.blocking("RegenerateCodes")
	s, err := a.sudo()
	if err != nil {
		return vault.CodeSet{}, err
	}
	return s.acct.RegenerateCodes()
}

// RecordCodesCopied logs that the codes were copied to the clipboard.
func (a *App) RecordCodesCopied() error {
	a.blocking("RecordCodesCopied")
	return a.record(vault.EventCodesCopied, "")
}
