package vault

import (
	"crypto/hmac"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Unlock opens an account with its password. The try is recorded before
// the password is checked; a wrong password counts towards a lockout, and
// nothing else does. The account it returns has the password only: its
// codes, log and every change wait for VerifySecondFactor. Every handle of
// an account is one value, so a handle that was signed in waits for the
// second factor again too. An account without a confirmed authenticator
// (written half-made by an older version) is refused with ErrNotEnrolled.
func (s *Store) Unlock(id, password string) (*Account, error) {
	if password == "" {
		return nil, ErrPasswordEmpty
	}
	s.mu.Lock()
	f, it, t, err := s.prepare(id)
	if err == nil {
		err = s.beginTry(id, it, t, FactorPassword)
	}
	var deviceKey [32]byte
	if err == nil {
		deviceKey = it.deviceKey
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}

	// Argon2id runs without the store's lock: the try is already on disk,
	// and nothing else need wait for it.
	k := vaultKey(deviceKey[:], password, f.header.Salt, f.header.KDF)
	clear(deviceKey[:])

	s.mu.Lock()
	defer s.mu.Unlock()
	if !hmac.Equal(passwordCheckValue(k, f.version), f.passwordCheck) {
		return nil, s.settle(id, it, t, ErrWrongPassword)
	}
	if !it.acceptsPassword(it.passwordFP(f.passwordCheck)) &&
		!it.acceptsPassword(it.passwordFP(passwordCheckValue(k, FormatVersion))) {
		// A file of an older format that prepare could not judge: the item
		// knows the password's check value in today's format only.
		t.undo()
		return nil, errors.Join(ErrRolledBackPassword, s.saveThrottle(id, it, t))
	}
	if l := s.live[id]; l != nil && !l.closed.Load() && l.hdr.Counter != f.header.Counter {
		// Another handle wrote the file while the key was derived: it is
		// the newer state, and the password was right for it too unless
		// it was changed meanwhile.
		if !hmac.Equal(k, l.key) {
			return nil, s.settle(id, it, t, ErrWrongPassword)
		}
		t.undo()
		l.signedIn.Store(false)
		return l, s.saveThrottle(id, it, t)
	}
	t.undo()
	a := &Account{s: s, id: id, item: it, hdr: f.header, key: k, throttle: t}
	if err := a.decrypt(f); err != nil {
		s.saveThrottle(id, it, t)
		return nil, err
	}
	if err := s.saveThrottle(id, it, t); err != nil {
		return nil, err
	}
	a.diskPW = it.passwordFP(f.passwordCheck)
	if a.body.TOTP != nil {
		a.diskSecret = it.secretFP(a.body.TOTP.Secret)
		if !it.acceptsSecret(a.diskSecret) {
			a.wipe()
			return nil, ErrRolledBackAuthenticator
		}
	}
	// Where the file is behind the keyring item, the item's state wins,
	// and the log says so. The file is rewritten at the next write.
	if applied := a.applyItem(s.now()); len(applied) > 0 || f.header.Counter < it.vaultCounter {
		detail := "the file was older than the keyring"
		if len(applied) > 0 {
			detail += ": " + strings.Join(applied, ", ")
		}
		a.body.Audit = appendEvents(a.body.Audit, Event{Time: s.now(), Kind: EventStateRestored, Detail: detail})
	}
	if cs := a.body.Codes; cs != nil {
		a.diskSet, a.diskSpent = it.nameSet(cs), spentBits(cs)
	}
	if a.body.TOTP == nil {
		// Written half-made by an older version: finishing it would take
		// the password alone, which must never be enough.
		a.wipe()
		return nil, ErrNotEnrolled
	}
	// Every handle of an account is the same value, so none goes stale.
	if old := s.live[id]; old != nil && !old.closed.Load() {
		old.adopt(a)
		return old, nil
	}
	a.publish()
	s.live[id] = a
	return a, nil
}

// shareItem makes fresh the one in-memory keyring item of account id.
func (s *Store) shareItem(id string, fresh *item) *item {
	if p := s.items[id]; p != nil {
		*p = *fresh
		return p
	}
	s.items[id] = fresh
	return fresh
}

// shareThrottle makes fresh the one in-memory throttle record of id.
func (s *Store) shareThrottle(id string, fresh *throttleState) *throttleState {
	if p := s.throttles[id]; p != nil {
		*p = *fresh
		return p
	}
	s.throttles[id] = fresh
	return fresh
}

// forget drops the in-memory state of an account that is closed or gone.
func (s *Store) forget(id string) {
	if a := s.live[id]; a != nil {
		a.wipe()
	}
	delete(s.items, id)
	delete(s.throttles, id)
	delete(s.live, id)
}

// beginTry refuses a locked-out account, then records the coming try as
// failed, durably, before it is checked (see throttleState.begin). The
// caller holds s.mu.
func (s *Store) beginTry(id string, it *item, t *throttleState, f Factor) error {
	if err := s.refuseIfLocked(id, it, t); err != nil {
		return err
	}
	t.begin(s.now(), f)
	return s.saveThrottle(id, it, t)
}

// refuseIfLocked returns a *LockedOutError while t is locked. A lockout
// that ends more than MaxLockout from now (the clock went back) is cut to
// MaxLockout first, and the cut is written so a restart keeps it. The
// caller holds s.mu.
func (s *Store) refuseIfLocked(id string, it *item, t *throttleState) error {
	now := s.now()
	if t.clampLock(now) {
		if err := s.saveThrottle(id, it, t); err != nil {
			return err
		}
	}
	if t.lockedFor(now) > 0 {
		return &LockedOutError{Until: t.LockedUntil, now: now}
	}
	return nil
}

// settle records the outcome of a failed try that begin counted, and
// returns cause, joined with a *LockedOutError when the try started a
// lockout.
func (s *Store) settle(id string, it *item, t *throttleState, cause error) error {
	now := s.now()
	locked := t.failed(now)
	if err := s.saveThrottle(id, it, t); err != nil {
		return errors.Join(cause, err)
	}
	if locked {
		return errors.Join(cause, &LockedOutError{Until: t.LockedUntil, now: now})
	}
	return cause
}

// prepare reads a vault file and its keyring item and checks, in order,
// the file's structure, the item, the header MAC, that the file is not
// from before a password change (or, with an item of version 1, older
// than the item's counter) and the throttle record — everything that
// needs no password.
func (s *Store) prepare(id string) (*file, *item, *throttleState, error) {
	if !validID(id) {
		return nil, nil, nil, ErrNoAccount
	}
	data, err := os.ReadFile(filepath.Join(s.dir, id+vaultSuffix))
	if os.IsNotExist(err) {
		return nil, nil, nil, ErrNoAccount
	} else if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	f, err := parseFile(data)
	if err != nil {
		return nil, nil, nil, err
	}
	if f.header.ID != id {
		return nil, nil, nil, fmt.Errorf("%w: file name and header disagree", ErrDamaged)
	}
	fresh, err := s.kc.get(id)
	if err != nil {
		return nil, nil, nil, err
	}
	if !hmac.Equal(mac(deviceSubkey(fresh.deviceKey[:], infoHeaderMAC), f.macInput()), f.headerMAC) {
		return nil, nil, nil, ErrKeyringMismatch
	}
	it := s.shareItem(id, fresh)
	switch {
	case !it.stateKnown && f.header.Counter < it.vaultCounter:
		return nil, nil, nil, fmt.Errorf("%w: file at write %d, keyring at %d", ErrRolledBack, f.header.Counter, it.vaultCounter)
	case sameCheck(f.version) && !it.acceptsPassword(it.passwordFP(f.passwordCheck)):
		return nil, nil, nil, ErrRolledBackPassword
	}
	t, err := s.loadThrottle(id, it)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, it, t, nil
}
