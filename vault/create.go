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
	infos, err := s.Accounts()
	if err != nil {
		return nil, err
	}
	for _, inf := range infos {
		if strings.EqualFold(inf.Username, username) {
			return nil, ErrUsernameTaken
		}
	}
	id := hex.EncodeToString(randomBytes(idLen))
	switch _, err := s.kc.get(id); {
	case err == nil:
		return nil, ErrKeyringItemExists
	case !errors.Is(err, ErrKeyringItemMissing):
		return nil, err
	}
	it := s.shareItem(id, fresh)
	now := s.now()
	a := &Account{s: s, id: id, item: it, key: key, hdr: header{
		ID: id, Username: username, Site: site, Created: now, KDF: s.kdf, Salt: salt,
	}}
	a.body.FingerprintKey = randomBytes(32)
	a.body.Audit = []Event{{Time: now, Kind: EventAccountCreated}}

	// The keyring item first (so a new key is never made for an existing
	// file), then the throttle record, then the vault file: a crash leaves
	// at worst an item or record without a vault, which nothing lists.
	if err := s.kc.set(id, it); err != nil {
		return nil, err
	}
	a.throttle = s.shareThrottle(id, &throttleState{ID: id})
	err = s.saveThrottle(id, it, a.throttle)
	if err == nil {
		err = a.commit(a.body)
	}
	if err != nil {
		os.Remove(filepath.Join(s.dir, id+throttleSuffix))
		s.kc.delete(id)
		s.forget(id)
		return nil, err
	}
	s.live[id] = a
	return a, nil
}
