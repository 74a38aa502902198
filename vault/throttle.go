package vault

import (
	"bytes"
	"crypto/hmac"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Throttling rules (DESIGN §4, revised): failed tries are counted while
// they are consecutive, and time alone never forgets them; only a complete
// sign-in (both factors) starts the count again.
const (
	FreeTries     = 4                // consecutive failures that do not lock
	FirstLockout  = 30 * time.Second // the lockout of the 5th consecutive failure; each further one doubles
	MaxLockout    = 15 * time.Minute // the cap, and the most a lockout may still last at any moment
	maxUnreported = 200              // failed tries kept for the log until the next sign-in
	// MaxGuessesPerDay is what the rule lets through in a day of steady
	// guessing: one try per MaxLockout. The first day of a run of failures
	// also has the free tries and the shorter lockouts before the cap (8
	// more).
	MaxGuessesPerDay = int(24 * time.Hour / MaxLockout)
	throttleSuffix   = ".throttle"
)

// throttleState is the record of failed tries for one account. It lives
// outside the encrypted body, authenticated with a key derived from the
// device key alone, because it is needed before the password is known.
// Its count and lockout are also in the keyring item, written first, and
// the item's win (see loadThrottle).
type throttleState struct {
	ID      string `json:"id"`
	Counter uint64 `json:"counter"`
	// Consecutive counts the failed tries since the last complete sign-in,
	// including one that is being checked (see begin).
	Consecutive int       `json:"consecutive,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	Unreported  []Event   `json:"unreported,omitempty"`

	// Format-1 records kept failures within a 100 s window and a count of
	// lockouts instead; they are read once and folded into Consecutive.
	OldFailures []time.Time `json:"failures,omitempty"`
	OldLockouts int         `json:"lockouts,omitempty"`

	// preLocked is set when begin recorded, with the try, the lockout the
	// try would start if it failed; lockBefore is what undo puts back.
	preLocked  bool
	lockBefore time.Time
}

// upgrade folds a format-1 record into the consecutive count: each of its
// lockouts stood for MaxTries (5) failures.
func (t *throttleState) upgrade() {
	t.Consecutive += len(t.OldFailures) + (FreeTries+1)*t.OldLockouts
	t.OldFailures, t.OldLockouts = nil, 0
}

// lockedFor is the time left of a lockout, or zero. A lockout that would
// end more than MaxLockout from now means the clock went back; clampLock
// cuts it, and lockedFor never reports more than MaxLockout in between.
func (t *throttleState) lockedFor(now time.Time) time.Duration {
	if d := t.LockedUntil.Sub(now); d > 0 {
		return min(d, MaxLockout)
	}
	return 0
}

// clampLock cuts a lockout that ends more than MaxLockout from now (the
// clock went back) to MaxLockout, and reports whether it changed anything.
func (t *throttleState) clampLock(now time.Time) bool {
	if t.LockedUntil.Sub(now) > MaxLockout {
		t.LockedUntil = now.Add(MaxLockout)
		return true
	}
	return false
}

// begin records a try as failed before it is checked, so a crash or a
// killed process during the check still counts it. The lockout the try
// would start if it failed is recorded with it, in the same write: so a
// failed try needs no second keyring write, and a crash during the check
// leaves the lockout in place.
func (t *throttleState) begin(now time.Time, f Factor) {
	t.Consecutive++
	t.preLocked, t.lockBefore = false, t.LockedUntil
	if d := lockoutAfter(t.Consecutive); d > 0 {
		t.LockedUntil, t.preLocked = now.Add(d), true
	}
	t.Unreported = appendCapped(t.Unreported, Event{Time: now, Kind: EventSignInFailed, Factor: f})
}

// undo takes back the try that begin recorded: the input was right, or it
// was not a real guess (a typo, a replayed authenticator code).
func (t *throttleState) undo() {
	t.Consecutive = max(t.Consecutive-1, 0)
	if t.preLocked {
		t.LockedUntil, t.preLocked = t.lockBefore, false
	}
	if n := len(t.Unreported); n > 0 {
		t.Unreported = t.Unreported[:n-1]
	}
}

// lockoutAfter is the lockout that the n-th consecutive failure starts:
// none up to FreeTries, then FirstLockout doubled per further failure, up
// to MaxLockout.
func lockoutAfter(n int) time.Duration {
	if n <= FreeTries {
		return 0
	}
	d := FirstLockout
	for i := FreeTries + 1; i < n && d < MaxLockout; i++ {
		d *= 2
	}
	return min(d, MaxLockout)
}

// failed settles a failed try that begin counted, and starts the lockout
// its place in the run of failures calls for.
func (t *throttleState) failed(now time.Time) (lockedOut bool) {
	d := lockoutAfter(t.Consecutive)
	if d == 0 {
		return false
	}
	if !t.preLocked {
		t.LockedUntil = now.Add(d)
	}
	t.preLocked = false
	t.Unreported = appendCapped(t.Unreported, Event{Time: now, Kind: EventLockout, Detail: d.String()})
	return true
}

// signedIn clears the record after a complete sign-in and returns the
// events that were waiting to be folded into the log.
func (t *throttleState) signedIn() []Event {
	ev := t.Unreported
	t.Consecutive, t.Unreported, t.LockedUntil = 0, nil, time.Time{}
	return ev
}

// fullLockout is the state used when the record is missing or fails
// authentication: the strictest one, never a fresh start.
func fullLockout(id string, now time.Time) *throttleState {
	return &throttleState{
		ID:          id,
		Consecutive: maxLockoutLevel(),
		LockedUntil: now.Add(MaxLockout),
		Unreported:  []Event{{Time: now, Kind: EventThrottleRecordReset}},
	}
}

// maxLockoutLevel is the first count of consecutive failures whose lockout
// is MaxLockout.
func maxLockoutLevel() int {
	n := FreeTries + 1
	for lockoutAfter(n) < MaxLockout {
		n++
	}
	return n
}

func appendCapped(ev []Event, e Event) []Event {
	ev = append(ev, e)
	if len(ev) > maxUnreported {
		ev = ev[len(ev)-maxUnreported:]
	}
	return ev
}

// encodeThrottle writes the record as JSON followed by a line holding its
// HMAC under the throttle key.
func encodeThrottle(t *throttleState, key []byte) ([]byte, error) {
	js, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	out := append(js, '\n')
	return append(out, hex.EncodeToString(mac(key, js))+"\n"...), nil
}

// decodeThrottle returns the record, or false when it is missing,
// unauthentic, for another account, or older than the keyring's counter.
func decodeThrottle(data []byte, key []byte, id string, minCounter uint64) (*throttleState, bool) {
	js, tag, ok := bytes.Cut(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	if !ok {
		return nil, false
	}
	want, err := hex.DecodeString(string(tag))
	if err != nil || !hmac.Equal(want, mac(key, js)) {
		return nil, false
	}
	var t throttleState
	if err := json.Unmarshal(js, &t); err != nil || t.ID != id || t.Counter < minCounter {
		return nil, false
	}
	return &t, true
}

// loadThrottle reads an account's record. The keyring item holds the
// count of failures and the lockout, written before the record: where the
// record is older (a crash between the two, or an older copy put back)
// the item's count stands, so restoring a record never resets a lockout.
// A missing or invalid record yields a full lockout, which is written back
// so a restart cannot undo it. An item of version 1 held the record's
// counter only: a record older than it counts as invalid.
func (s *Store) loadThrottle(id string, it *item) (*throttleState, error) {
	t, fresh, err := readThrottle(s.dir, id, it, s.now())
	if err != nil {
		return nil, err
	}
	t = s.shareThrottle(id, t)
	if fresh {
		if err := s.saveThrottle(id, it, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// readThrottle reads account id's throttle record and reconciles it with
// the keyring item, writing nothing: where the item knows the throttle
// state, its count and lockout win over an older record's; where it does
// not yet (an item of version 1), the record's state goes into it, in
// memory. A missing or invalid record reads as a full lockout, which
// fresh reports so that loadThrottle writes it.
func readThrottle(dir, id string, it *item, now time.Time) (t *throttleState, fresh bool, err error) {
	key := deviceSubkey(it.deviceKey[:], infoThrottleMAC)
	data, err := os.ReadFile(filepath.Join(dir, id+throttleSuffix))
	if err == nil {
		minCounter := it.throttleCounter
		if it.throttleKnown {
			minCounter = 0
		}
		if t, ok := decodeThrottle(data, key, id, minCounter); ok {
			t.upgrade()
			if it.throttleKnown {
				t.Counter = max(t.Counter, it.throttleCounter)
				t.Consecutive, t.LockedUntil = int(it.consecutive), lockTime(it.lockedUntil)
			} else {
				it.setThrottle(t) // in memory; the next write of the item carries it
			}
			return t, false, nil
		}
	} else if !os.IsNotExist(err) {
		return nil, false, fmt.Errorf("%w: read throttle record: %w", ErrStorage, err)
	}
	t = fullLockout(id, now)
	t.Counter = it.throttleCounter
	if it.throttleKnown {
		t.Consecutive = max(t.Consecutive, int(it.consecutive))
		if l := lockTime(it.lockedUntil); l.After(t.LockedUntil) {
			t.LockedUntil = l
		}
	}
	return t, true, nil
}

func lockTime(unixNano int64) time.Time {
	if unixNano == 0 {
		return time.Time{}
	}
	return time.Unix(0, unixNano).UTC()
}

// setThrottle copies a throttle record's count and lockout into the item.
func (it *item) setThrottle(t *throttleState) {
	it.throttleKnown = true
	it.consecutive = uint32(max(t.Consecutive, 0))
	it.lockedUntil = 0
	if !t.LockedUntil.IsZero() {
		it.lockedUntil = t.LockedUntil.UnixNano()
	}
	it.throttleCounter = t.Counter
}

// saveThrottle writes the record with a bumped counter. A change to the
// count or the lockout goes to the keyring item first; a change to the
// failed tries kept for the log alone goes to the record only.
func (s *Store) saveThrottle(id string, it *item, t *throttleState) error {
	t.Counter = max(t.Counter, it.throttleCounter) + 1
	next := *it
	next.setThrottle(t)
	if !next.sameState(*it) {
		if err := s.kc.set(id, &next); err != nil {
			return err
		}
		*it = next
	}
	return s.writeThrottle(id, it, t)
}

// writeThrottle writes the record as it is.
func (s *Store) writeThrottle(id string, it *item, t *throttleState) error {
	data, err := encodeThrottle(t, deviceSubkey(it.deviceKey[:], infoThrottleMAC))
	if err != nil {
		return err
	}
	return writeAtomic(s.dir, id+throttleSuffix, data)
}
