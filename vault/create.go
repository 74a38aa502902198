package vault

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Create makes a new account and returns it unlocked, at the first step
// of setup (no authenticator yet). It refuses a username that another
// account has (ignoring case) and an ID whose keyring item already exists.
//
// Nothing is written yet: the keyring item, the throttle record and the
// vault file are made when ConfirmEnrolment confirms the authenticator.
// So quitting during enrolment leaves nothing behind, and nobody can
// finish someone else's half-made account with the password alone.
func (s *Store) Create(site, username, password string) (*Account, error) {
	site, username = NormalizeName(site), NormalizeName(username)
	if err := ValidateName(site); err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	if err := ValidateName(username); err != nil {
		return nil, fmt.Errorf("username: %w", err)
	}
	if err := ValidatePassword(password, username); err != nil {
		return nil, err
	}
	// The keys come first, without the store's lock: Argon2id is slow.
	fresh := &item{}
	copy(fresh.deviceKey[:], randomBytes(32))
	salt := randomBytes(16)
	key := vaultKey(fresh.deviceKey[:], password, salt, s.kdf)

	s.mu.Lock()
	defer s.mu.Unlock()
	// Both checks run again when the account is first saved; here they
	// tell the person at once, before the authenticator is set up.
	if err := s.usernameFree(username); err != nil {
		return nil, err
	}
	id := hex.EncodeToString(randomBytes(idLen))
	if err := s.itemAbsent(id); err != nil {
		return nil, err
	}
	now := s.now()
	a := &Account{s: s, id: id, item: fresh, key: key, unsaved: true,
		throttle: &throttleState{ID: id},
		hdr:      header{ID: id, Username: username, Site: site, Created: now, KDF: s.kdf, Salt: salt}}
	a.body.FingerprintKey = randomBytes(32)
	a.body.Audit = []Event{{Time: now, Kind: EventAccountCreated}}
	a.signedIn.Store(true) // the password was just chosen; there is no second factor yet
	a.publish()
	return a, nil
}

// usernameFree refuses a username that an account on disk has, ignoring
// case. The caller holds s.mu.
func (s *Store) usernameFree(username string) error {
	infos, err := s.Accounts()
	if err != nil {
		return err
	}
	for _, inf := range infos {
		if strings.EqualFold(inf.Username, username) {
			return ErrUsernameTaken
		}
	}
	return nil
}

// itemAbsent refuses an ID whose keyring item exists: a new key is never
// made for an existing vault.
func (s *Store) itemAbsent(id string) error {
	switch _, err := s.kc.get(id); {
	case err == nil:
		return ErrKeyringItemExists
	case !errors.Is(err, ErrKeyringItemMissing):
		return err
	}
	return nil
}

// saveNew writes a new account for the first time, once its authenticator
// is confirmed: the keyring item first, with the account's whole security
// state (so a new key is never made for an existing file), then the
// throttle record, then the vault file. A crash leaves at worst an item or
// record without a vault, which nothing lists; a failure undoes what was
// written and restores the body to old. The caller holds s.mu.
func (s *Store) saveNew(a *Account, old body) error {
	id := a.id
	err := s.usernameFree(a.hdr.Username)
	if err == nil {
		err = s.itemAbsent(id)
	}
	if err != nil {
		a.body = old
		return err
	}
	next := a.nextItem()
	a.throttle.Counter = 1
	next.setThrottle(a.throttle)
	next.vaultCounter = 1
	if err := s.kc.set(id, &next); err != nil {
		a.body = old
		return err
	}
	*a.item = next
	err = s.writeThrottle(id, a.item, a.throttle)
	if err == nil {
		err = a.writeFile(1)
	}
	if err != nil {
		os.Remove(filepath.Join(s.dir, id+throttleSuffix))
		s.kc.delete(id)
		a.body = old
		return err
	}
	a.unsaved = false
	a.onDisk(next)
	s.items[id], s.throttles[id], s.live[id] = a.item, a.throttle, a
	a.publish()
	return nil
}
