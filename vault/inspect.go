package vault

import (
	"crypto/hmac"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gofrs/flock"
)

// Snapshot is one account as Inspect read it from disk.
type Snapshot struct {
	Info           Info
	Stage          Stage
	TwoFactorSince time.Time // zero when no authenticator is confirmed
	Codes          CodeSet
	Events         []Event // the security log, newest first
	// FailedTries are the failed tries waiting in the throttle record,
	// oldest first: the next complete sign-in folds them into the log.
	FailedTries []Event
	// LockedUntil is when the account's lockout ends; zero when none.
	LockedUntil time.Time
	// Notes are the account's private notes.
	Notes string
}

// Inspect reads account id of the data directory dir with its password,
// offline: it is what anyone holding the account's keyring item and its
// password can already do with the file alone (DESIGN §3, threat model),
// done with the vault's own parsing so that tools and tests outside the
// application (e2e/inspect) can check what is on disk.
//
// It is not a sign-in and starts no session: it returns a copy, never an
// Account, so nothing can be changed through it, and it writes nothing —
// no throttle record, no log entry, no keyring item, no format migration
// (only the directory's lock file is created if it is missing). So a wrong
// password is reported as ErrWrongPassword but not counted, and a lockout
// does not stop it; the second factor, which guards every session
// (Unlock), is not asked for. A missing or invalid throttle record is
// shown as the full lockout Unlock would start, without writing it.
//
// Inspect takes the directory's lock for the time it reads, so it fails
// with ErrAnotherInstance while the application has the directory open,
// and otherwise checks what Unlock checks, with the same errors
// (ErrNoAccount, ErrDamaged, ErrNewerVersion, ErrKeyringItemMissing,
// ErrKeyringMismatch, ErrRolledBack, ErrWrongPassword). opts.KDF is not
// used: each file carries its own cost.
func Inspect(dir, id, password string, opts Options) (Snapshot, error) {
	if !validID(id) {
		return Snapshot{}, ErrNoAccount
	}
	path := filepath.Join(dir, id+vaultSuffix)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		return Snapshot{}, ErrNoAccount // before the lock, so a wrong dir gains no lock file
	}
	lk := flock.New(filepath.Join(dir, lockName), flock.SetPermissions(0o600))
	if ok, err := lk.TryLock(); err != nil {
		return Snapshot{}, storageError("lock data directory", err)
	} else if !ok {
		return Snapshot{}, ErrAnotherInstance
	}
	defer lk.Unlock()

	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return Snapshot{}, ErrNoAccount
	} else if err != nil {
		return Snapshot{}, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	f, err := parseFile(data)
	if err != nil {
		return Snapshot{}, err
	}
	if f.header.ID != id {
		return Snapshot{}, fmt.Errorf("%w: file name and header disagree", ErrDamaged)
	}
	it, err := opts.keyringClient().get(id)
	if err != nil {
		return Snapshot{}, err
	}
	defer clear(it.deviceKey[:])
	if !hmac.Equal(mac(deviceSubkey(it.deviceKey[:], infoHeaderMAC), f.macInput()), f.headerMAC) {
		return Snapshot{}, ErrKeyringMismatch
	}
	// The same judgement as Unlock's (prepare): the keyring item's state
	// decides what an older file may still show.
	switch {
	case !it.stateKnown && f.header.Counter < it.vaultCounter:
		return Snapshot{}, fmt.Errorf("%w: file at write %d, keyring at %d", ErrRolledBack, f.header.Counter, it.vaultCounter)
	case sameCheck(f.version) && !it.acceptsPassword(it.passwordFP(f.passwordCheck)):
		return Snapshot{}, ErrRolledBackPassword
	}
	now := opts.clock()()
	t, _, err := readThrottle(dir, id, it, now)
	if err != nil {
		return Snapshot{}, err
	}

	k := vaultKey(it.deviceKey[:], password, f.header.Salt, f.header.KDF)
	if !hmac.Equal(passwordCheckValue(k, f.version), f.passwordCheck) {
		clear(k)
		return Snapshot{}, ErrWrongPassword
	}
	// A bare Account, in no store, only to decrypt and to build the view
	// that a signed-in handle would show; it is wiped before returning.
	a := &Account{hdr: f.header, key: k, item: it}
	defer a.wipe()
	if err := a.decrypt(f); err != nil {
		return Snapshot{}, err
	}
	if a.body.TOTP != nil && !it.acceptsSecret(it.secretFP(a.body.TOTP.Secret)) {
		return Snapshot{}, ErrRolledBackAuthenticator
	}
	// What Unlock would show: the keyring's spent codes, step and set.
	a.applyItem(now)
	a.publish()
	v := a.current()
	return Snapshot{
		Info: v.info, Stage: v.stage, TwoFactorSince: v.since,
		Codes: v.codes, Events: slices.Clone(v.events),
		FailedTries: slices.Clone(t.Unreported), LockedUntil: t.LockedUntil,
		Notes: v.notes,
	}, nil
}
