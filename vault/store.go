package vault

import (
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

// keyringClient is the keyring of o, with its defaults filled in.
func (o Options) keyringClient() *keyringClient {
	kc := &keyringClient{kr: o.Keyring, service: o.Service, timeout: o.KeyringTimeout}
	if kc.kr == nil {
		kc.kr = SystemKeyring{}
	}
	if kc.service == "" {
		kc.service = DefaultService
	}
	if kc.timeout == 0 {
		kc.timeout = DefaultKeyringTimeout
	}
	return kc
}

// clock is the clock of o: time.Now unless a test set one.
func (o Options) clock() func() time.Time {
	if o.Now == nil {
		return time.Now
	}
	return o.Now
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
	s := &Store{dir: dir, lock: lk, now: opts.clock(), kdf: opts.KDF, kc: opts.keyringClient(),
		items: map[string]*item{}, throttles: map[string]*throttleState{}, live: map[string]*Account{}}
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
