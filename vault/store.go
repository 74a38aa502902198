package vault

import (
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

const (
	vaultSuffix = ".vault"
	lockName    = ".lock"
	// DefaultService is the keyring service name of real accounts. Tests
	// use their own so they can never touch a real user's items.
	DefaultService = "sparekey"
	// DefaultKeyringTimeout bounds each keyring call. It leaves a person
	// time to answer an unlock prompt.
	DefaultKeyringTimeout = 30 * time.Second
)

// Options configure a Store. The zero value is the real system.
type Options struct {
	// Keyring defaults to SystemKeyring.
	Keyring Keyring
	// Service is the keyring service name; DefaultService when empty.
	Service string
	// KeyringTimeout bounds every keyring call; DefaultKeyringTimeout when 0.
	KeyringTimeout time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// KDF sets the Argon2id cost of new vaults and password changes;
	// DefaultKDF when zero. Only tests lower it.
	KDF KDFParams
}

// Store is a data directory of accounts, held by one process at a time.
type Store struct {
	dir  string
	kc   *keyringClient
	now  func() time.Time
	kdf  KDFParams
	lock *flock.Flock

	mu sync.Mutex // serialises every read-modify-write of the files and keyring items
	// One in-memory copy per account of what several handles could
	// otherwise each hold a stale copy of: the keyring item, the throttle
	// record and the unlocked account. A stale copy written back would
	// revive cancelled codes or forget failed tries.
	items     map[string]*item
	throttles map[string]*throttleState
	live      map[string]*Account
}

// Info is what the plain header of a vault file tells, for the account
// picker. Problem is set when the file cannot be used (damaged, or from a
// newer version); such an account can still be removed.
type Info struct {
	ID       string
	Username string
	Site     string
	Created  time.Time
	Problem  error
}

// Open takes the data directory (creating it 0700), locks it against other
// processes, and sweeps temp files a crash may have left.
func Open(dir string, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, storageError("create data directory", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, storageError("restrict data directory", err)
	}
	lk := flock.New(filepath.Join(dir, lockName), flock.SetPermissions(0o600))
	ok, err := lk.TryLock()
	if err != nil {
		return nil, storageError("lock data directory", err)
	}
	if !ok {
		return nil, ErrAnotherInstance
	}
	s := &Store{dir: dir, lock: lk, now: opts.Now, kdf: opts.KDF,
		kc:    &keyringClient{kr: opts.Keyring, service: opts.Service, timeout: opts.KeyringTimeout},
		items: map[string]*item{}, throttles: map[string]*throttleState{}, live: map[string]*Account{}}
	if s.kc.kr == nil {
		s.kc.kr = SystemKeyring{}
	}
	if s.kc.service == "" {
		s.kc.service = DefaultService
	}
	if s.kc.timeout == 0 {
		s.kc.timeout = DefaultKeyringTimeout
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.kdf == (KDFParams{}) {
		s.kdf = DefaultKDF
	}
	sweepTemps(dir)
	return s, nil
}

// Close releases the directory lock.
func (s *Store) Close() error { return s.lock.Unlock() }

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// CheckKeyring asks the keyring for an item that never exists, to tell at
// start whether a keyring service answers and is unlocked.
func (s *Store) CheckKeyring() error {
	_, err := s.kc.get("sparekey-probe")
	if errors.Is(err, ErrKeyringItemMissing) {
		return nil
	}
	return err
}

// Accounts lists the accounts in the directory, sorted by username, from
// their plain headers alone.
func (s *Store) Accounts() ([]Info, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("read data directory: %w", err)
	}
	var out []Info
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), vaultSuffix)
		if !ok || !validID(id) || !e.Type().IsRegular() {
			continue
		}
		inf := Info{ID: id}
		data, err := os.ReadFile(filepath.Join(s.dir, e.Name()))
		if err != nil {
			inf.Problem = fmt.Errorf("%w: %w", ErrDamaged, err)
		} else if f, err := parseFile(data); err != nil {
			inf.Problem = err
		} else if f.header.ID != id {
			inf.Problem = fmt.Errorf("%w: file name and header disagree", ErrDamaged)
		} else {
			inf.Username, inf.Site, inf.Created = f.header.Username, f.header.Site, f.header.Created
		}
		out = append(out, inf)
	}
	slices.SortFunc(out, func(a, b Info) int {
		return strings.Compare(strings.ToLower(a.Username)+"\x00"+a.ID, strings.ToLower(b.Username)+"\x00"+b.ID)
	})
	return out, nil
}

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

// Unlock opens an account with its password. The try is recorded before
// the password is checked; a wrong password counts towards a lockout, and
// nothing else does. An account without an authenticator yet is signed in
// by the password alone (setup resumes); otherwise the caller must still
// call VerifySecondFactor.
func (s *Store) Unlock(id, password string) (*Account, error) {
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
	now := s.now()
	if !hmac.Equal(passwordCheckValue(k), f.passwordCheck) {
		return nil, s.settle(id, it, t, ErrWrongPassword)
	}
	if l := s.live[id]; l != nil && !l.closed.Load() && l.hdr.Counter != f.header.Counter {
		// Another handle wrote the file while the key was derived: it is
		// the newer state, and the password was right for it too unless
		// it was changed meanwhile.
		if !hmac.Equal(k, l.key) {
			return nil, s.settle(id, it, t, ErrWrongPassword)
		}
		t.undo()
		return l, s.saveThrottle(id, it, t)
	}
	t.undo()
	a := &Account{s: s, id: id, item: it, hdr: f.header, key: k, throttle: t}
	if err := a.decrypt(f); err != nil {
		s.saveThrottle(id, it, t)
		return nil, err
	}
	if a.body.TOTP == nil {
		// Setup never finished: the password is the only factor so far.
		if err := a.completeSignIn(a.body, FactorPassword, now); err != nil {
			return nil, err
		}
	} else if err := s.saveThrottle(id, it, t); err != nil {
		return nil, err
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
	now := s.now()
	if t.lockedFor(now) > 0 {
		return &LockedOutError{Until: t.LockedUntil, now: now}
	}
	t.begin(now, f)
	return s.saveThrottle(id, it, t)
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
// the file's structure, the item, the header MAC, the rollback counter and
// the throttle record — everything that needs no password.
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
	if !hmac.Equal(mac(deviceSubkey(fresh.deviceKey[:], infoHeaderMAC), f.prefixAndHeader), f.headerMAC) {
		return nil, nil, nil, ErrKeyringMismatch
	}
	it := s.shareItem(id, fresh)
	if f.header.Counter < it.vaultCounter {
		return nil, nil, nil, fmt.Errorf("%w: file at write %d, keyring at %d", ErrRolledBack, f.header.Counter, it.vaultCounter)
	}
	t, err := s.loadThrottle(id, it)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, it, t, nil
}

// Delete removes an account: its vault file, throttle record and keyring
// item. It needs no password, so a person locked out of an account can
// still clear it away; the caller confirms the intent.
func (s *Store) Delete(id string) error {
	if !validID(id) {
		return ErrNoAccount
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := removeDurably(s.dir, id+vaultSuffix); err != nil {
		return err
	}
	if err := removeDurably(s.dir, id+throttleSuffix); err != nil {
		return err
	}
	s.forget(id)
	return s.kc.delete(id)
}
