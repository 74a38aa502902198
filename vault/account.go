package vault

import (
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"
)

// Account is an unlocked account. It holds the vault key in memory until
// Close. Its methods are safe to call from several goroutines.
type Account struct {
	s        *Store
	item     *item
	hdr      header
	key      []byte
	body     body
	throttle *throttleState
	view     atomic.Pointer[view]
	id       string // never changes; readable without the lock
	closed   atomic.Bool
	// signedIn is set once both factors were given (or the account is the
	// one Create just made); until then codes, the log and every change are
	// refused, whatever the caller does.
	signedIn atomic.Bool
	// unsaved marks an account Create made whose authenticator is not yet
	// confirmed: nothing of it is on disk or in the keyring, so quitting
	// leaves nothing behind and nobody can finish it with the password.
	unsaved bool
	// diskPW and diskSecret fingerprint the password check value and the
	// secret of the vault file on disk (or of the one a failed write may
	// have put there), which the keyring item must keep accepting until a
	// write replaces that file.
	diskPW, diskSecret [16]byte
	// diskSet and diskSpent are the same for the backup-code set: its ID
	// and spent bits as the file on disk holds them (see item.setPrev).
	diskSet   [8]byte
	diskSpent uint16
}

// body is the encrypted part of a vault file.
type body struct {
	// FingerprintKey keys the HMACs that remember replaced codes. It is
	// random rather than K so a password change keeps them valid.
	FingerprintKey []byte        `json:"fingerprint_key"`
	TOTP           *totpState    `json:"totp,omitempty"`
	PendingTOTP    *pendingTOTP  `json:"pending_totp,omitempty"`
	Codes          *codeSet      `json:"codes,omitempty"`
	Replaced       []replacedSet `json:"replaced,omitempty"`
	Audit          []Event       `json:"audit,omitempty"`
	// Notes are the person's private notes (notes.go), from format 3.
	Notes string `json:"notes,omitempty"`
}

// Stage is how far an account's setup has come.
type Stage int

// The setup stages, in order.
const (
	StageEnrol Stage = iota // no confirmed authenticator yet
	StageCodes              // the current backup-code set is not yet acknowledged as stored
	StageReady              // setup is complete
)

// Record adds an event (codes viewed, printed, saved...) and saves it.
func (a *Account) Record(kind EventKind, detail string) error {
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	defer a.s.mu.Unlock()
	old := a.body
	a.body.Audit = appendEvents(a.body.Audit, Event{Time: a.s.now(), Kind: kind, Detail: detail})
	return a.commit(old)
}

// CheckPassword confirms the password again (for "sudo mode"). It is
// throttled like a sign-in; a right password does not clear earlier
// failures, only a complete sign-in does.
func (a *Account) CheckPassword(password string) error {
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	if password == "" {
		a.s.mu.Unlock()
		return ErrPasswordEmpty
	}
	if a.unsaved { // no throttle record yet, and the password was just chosen
		a.s.mu.Unlock()
		return ErrNotEnrolled
	}
	err := a.s.beginTry(a.hdr.ID, a.item, a.throttle, FactorPassword)
	deviceKey, salt, kdf := a.item.deviceKey, a.hdr.Salt, a.hdr.KDF
	a.s.mu.Unlock()
	if err != nil {
		return err
	}

	// Argon2id runs without the store's lock (the try is on disk already).
	k := vaultKey(deviceKey[:], password, salt, kdf)
	clear(deviceKey[:])
	defer clear(k)

	if err := a.lock(); err != nil {
		return err
	}
	defer a.s.mu.Unlock()
	s, id := a.s, a.hdr.ID
	if !hmac.Equal(k, a.key) {
		return s.settle(id, a.item, a.throttle, ErrWrongPassword)
	}
	a.throttle.undo()
	return s.saveThrottle(id, a.item, a.throttle)
}

// ChangePassword replaces the password after checking the current one.
// The new password gets a fresh salt and the store's KDF cost.
func (a *Account) ChangePassword(current, next string) error {
	if err := ValidatePassword(next, a.Info().Username); err != nil {
		return err
	}
	if err := a.CheckPassword(current); err != nil {
		return err
	}
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	deviceKey := a.item.deviceKey
	a.s.mu.Unlock()
	salt, kdf := randomBytes(16), a.s.kdf
	key := vaultKey(deviceKey[:], next, salt, kdf) // without the lock, like every KDF run
	clear(deviceKey[:])

	if err := a.lockSignedIn(); err != nil {
		clear(key)
		return err
	}
	defer a.s.mu.Unlock()
	old, oldKey, oldBody := a.hdr, a.key, a.body
	a.hdr.Salt, a.hdr.KDF, a.key = salt, kdf, key
	a.body.Audit = appendEvents(a.body.Audit, Event{Time: a.s.now(), Kind: EventPasswordChanged})
	if err := a.commit(oldBody); err != nil {
		a.hdr.Salt, a.hdr.KDF, a.key = old.Salt, old.KDF, oldKey
		clear(key)
		a.publish()
		return err
	}
	clear(oldKey)
	return nil
}

// Close forgets the vault key and the decrypted body; every later call on
// the account fails with ErrClosed.
//
// Close returns at once: the key is wiped under the store's lock, which a
// write in progress may hold for as long as a keyring call takes, and the
// caller is often the UI thread. No call can use the key meanwhile.
func (a *Account) Close() {
	if a.closed.Swap(true) {
		return
	}
	a.view.Store(&view{})
	go func() {
		a.s.mu.Lock()
		defer a.s.mu.Unlock()
		if a.s.live[a.id] == a {
			a.s.forget(a.id)
		}
		a.wipe()
	}()
}

func (a *Account) wipe() {
	clear(a.key)
	a.key = nil
	a.body = body{}
	a.view.Store(&view{})
}

// adopt makes a the freshly unlocked state fresh, so every handle of an
// account stays the same value and none goes stale. A new sign-in has
// given the password only, so the handle waits for the second factor
// again.
func (a *Account) adopt(fresh *Account) {
	a.signedIn.Store(false)
	a.s, a.item, a.hdr, a.key, a.body, a.throttle = fresh.s, fresh.item, fresh.hdr, fresh.key, fresh.body, fresh.throttle
	a.diskPW, a.diskSecret = fresh.diskPW, fresh.diskSecret
	a.diskSet, a.diskSpent = fresh.diskSet, fresh.diskSpent
	a.publish()
}

// lock takes the store's lock for a call that may write; it fails on a
// closed account, whose key is gone.
func (a *Account) lock() error {
	a.s.mu.Lock()
	if a.key == nil || a.closed.Load() {
		a.s.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// lockSignedIn is lock for a call that needs both factors.
func (a *Account) lockSignedIn() error {
	if err := a.lock(); err != nil {
		return err
	}
	if !a.signedIn.Load() {
		a.s.mu.Unlock()
		return ErrSecondFactorRequired
	}
	return nil
}

// completeSignIn ends a sign-in whose changes to the body (a spent code, a
// stored step) are already made: it folds the failed tries the throttle
// record held into the log and adds the sign-in event. The spent code or
// stored step and the cleared count of failures go to the keyring item in
// one write, then the vault file is written (if that fails the sign-in
// fails), and last the throttle record.
func (a *Account) completeSignIn(old body, f Factor, now time.Time) error {
	t := *a.throttle
	pending := t.signedIn()
	t.Counter = max(t.Counter, a.item.throttleCounter) + 1
	a.body.Audit = appendEvents(a.body.Audit, pending...)
	a.body.Audit = appendEvents(a.body.Audit, Event{Time: now, Kind: EventSignIn, Factor: f})
	if err := a.save(old, &t); err != nil {
		return err
	}
	*a.throttle = t
	return a.s.writeThrottle(a.id, a.item, a.throttle)
}

// decrypt opens the body of f with the account's key.
func (a *Account) decrypt(f *file) error {
	bk := bodyKey(a.key, f.version)
	defer clear(bk)
	plain, err := open(bk, f.nonce, f.ciphertext, f.prefixAndHeader)
	if err != nil {
		return fmt.Errorf("%w: body fails authentication", ErrDamaged)
	}
	defer clear(plain)
	if err := json.Unmarshal(plain, &a.body); err != nil {
		return fmt.Errorf("%w: body: %v", ErrDamaged, err)
	}
	return nil
}

// commit saves a change to the body (or, for a password change, to the
// key). The caller holds s.mu.
func (a *Account) commit(old body) error { return a.save(old, nil) }

// save writes the account's state in the order DESIGN §3 asks for: a
// change to the security state goes to the keyring item first, then the
// vault file is written. A change to nothing but the log (codes viewed,
// printed...) writes the file alone. If the item cannot be written nothing
// is, and the body is restored to old, so memory never runs ahead of the
// keyring. If the file cannot be written the item is put back (still
// accepting the file, which a failed folder sync may have left in place);
// where even that fails, the item's state stands, and is brought into the
// body as it would be at the next open. t, when set, is a throttle record
// whose count goes to the item in the same write. The caller holds s.mu.
func (a *Account) save(old body, t *throttleState) error {
	if a.unsaved {
		if a.body.TOTP == nil {
			a.publish() // nothing is written before the authenticator is confirmed
			return nil
		}
		return a.s.saveNew(a, old)
	}
	s, id := a.s, a.id
	prev := *a.item
	next := a.nextItem()
	if t != nil {
		next.setThrottle(t)
	}
	counter := max(a.hdr.Counter, prev.vaultCounter) + 1
	wroteItem := !next.sameState(prev)
	if wroteItem {
		next.vaultCounter = counter
		if err := s.kc.set(id, &next); err != nil {
			a.body = old
			if timedOut(err) {
				// The write may still land: put the item back after it.
				s.kc.setLater(id, &prev)
			}
			return err
		}
		*a.item = next
	}
	if err := a.writeFile(counter); err != nil {
		a.body = old
		if wroteItem {
			back := prev
			if next.pwFP != prev.pwFP {
				back.pwPrev = next.pwFP
			}
			if next.totpFP != prev.totpFP {
				back.totpPrev = next.totpFP
			}
			if next.setID != prev.setID {
				back.setPrev, back.spentPrev = next.setID, next.spent
			}
			if s.kc.set(id, &back) == nil {
				*a.item = back
			} else {
				a.applyItem(s.now())
			}
			a.onDisk(next)
		}
		a.publish()
		return err
	}
	a.onDisk(next)
	a.publish()
	if a.item.pwPrev != ([16]byte{}) || a.item.totpPrev != ([16]byte{}) || a.item.setPrev != ([8]byte{}) {
		// The file is in place: the old password, secret or set is no
		// longer accepted. If this write fails the next one of the item
		// carries it.
		narrowed := *a.item
		narrowed.pwPrev, narrowed.totpPrev = [16]byte{}, [16]byte{}
		narrowed.setPrev, narrowed.spentPrev = [8]byte{}, 0
		s.kc.set(id, &narrowed)
		*a.item = narrowed
	}
	return nil
}

// onDisk records what the file written for item it holds (or, after a
// failed write, may hold), which the next item keeps accepting.
func (a *Account) onDisk(it item) {
	a.diskPW, a.diskSecret = it.pwFP, it.totpFP
	a.diskSet, a.diskSpent = it.setID, it.spent
}

// writeFile encrypts the body and replaces the vault file atomically.
// The file carries counter, which is never below the item's.
func (a *Account) writeFile(counter uint64) error {
	a.hdr.Counter = counter
	prefix, err := encodePrefix(&a.hdr)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(&a.body)
	if err != nil {
		return err
	}
	defer clear(plain)
	f := &file{
		version:         FormatVersion,
		prefixAndHeader: prefix,
		passwordCheck:   passwordCheckValue(a.key, FormatVersion),
		nonce:           randomBytes(nonceLen),
	}
	f.headerMAC = mac(deviceSubkey(a.item.deviceKey[:], infoHeaderMAC), f.macInput())
	bk := bodyKey(a.key, FormatVersion)
	defer clear(bk)
	f.ciphertext = seal(bk, f.nonce, plain, prefix)
	return writeAtomic(a.s.dir, a.hdr.ID+vaultSuffix, f.bytes())
}
