package vault

import (
	"slices"
	"time"
)

// view is an immutable snapshot of what an account shows, published under
// the store's lock after every change. Readers load it without that lock,
// so a screen asking for the setup stage or the codes never waits for a
// write, a keyring call or an Argon2id run that is in progress.
type view struct {
	info   Info
	stage  Stage
	since  time.Time
	codes  CodeSet
	events []Event // newest first
	notes  string
}

// publish makes the current state the one readers see. The caller holds
// s.mu.
func (a *Account) publish() {
	v := &view{
		info:   Info{ID: a.hdr.ID, Username: a.hdr.Username, Site: a.hdr.Site, Created: a.hdr.Created},
		codes:  a.codeSetCopy(),
		events: newestFirst(a.body.Audit),
		notes:  a.body.Notes,
	}
	switch {
	case a.body.TOTP == nil:
		v.stage = StageEnrol
	case a.body.Codes == nil || !a.body.Codes.Acknowledged:
		v.stage = StageCodes
	default:
		v.stage = StageReady
	}
	if a.body.TOTP != nil {
		v.since = a.body.TOTP.Enabled
	}
	a.view.Store(v)
}

func (a *Account) current() *view {
	if v := a.view.Load(); v != nil {
		return v
	}
	return &view{}
}

// Info describes the account.
func (a *Account) Info() Info { return a.current().info }

// Stage tells which setup step is unfinished, so setup can resume there.
func (a *Account) Stage() Stage { return a.current().stage }

// TwoFactorSince is when the current authenticator was confirmed, or the
// zero time when none is.
func (a *Account) TwoFactorSince() time.Time { return a.current().since }

// Events returns the security log, newest first; it is empty until both
// factors were given.
func (a *Account) Events() []Event {
	if !a.signedIn.Load() {
		return nil
	}
	return slices.Clone(a.current().events)
}

// Codes returns the current set; it is empty before enrolment, and until
// both factors were given.
func (a *Account) Codes() CodeSet {
	if !a.signedIn.Load() {
		return CodeSet{}
	}
	c := a.current().codes
	c.Codes = slices.Clone(c.Codes)
	return c
}
