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

// Throttling rules (DESIGN §4).
const (
	MaxTries       = 5                 // wrong tries within TryWindow that trigger a lockout
	TryWindow      = 100 * time.Second // the window they are counted in
	FirstLockout   = 30 * time.Second  // the first lockout; each further one doubles
	MaxLockout     = 15 * time.Minute  // the cap
	maxUnreported  = 200               // failed tries kept for the log until the next sign-in
	throttleSuffix = ".throttle"
)

// throttleState is the record of failed tries for one account. It lives
// outside the encrypted body, authenticated with a key derived from the
// device key alone, because it is needed before the password is known.
type throttleState struct {
	ID          string      `json:"id"`
	Counter     uint64      `json:"counter"`
	Failures    []time.Time `json:"failures,omitempty"`
	Lockouts    int         `json:"lockouts,omitempty"`
	LockedUntil time.Time   `json:"locked_until,omitzero"`
	Unreported  []Event     `json:"unreported,omitempty"`
}

// lockedFor is the time left of a lockout, or zero.
func (t *throttleState) lockedFor(now time.Time) time.Duration {
	if d := t.LockedUntil.Sub(now); d > 0 {
		return d
	}
	return 0
}

// begin records a try as failed before it is checked, so a crash or a
// killed process during the check still counts it.
func (t *throttleState) begin(now time.Time, f Factor) {
	t.Failures = append(t.Failures, now)
	t.Unreported = appendCapped(t.Unreported, Event{Time: now, Kind: EventSignInFailed, Factor: f})
}

// undo takes back the try that begin recorded: the input was right, or it
// was not a real guess (a typo, a replayed authenticator code).
func (t *throttleState) undo() {
	if n := len(t.Failures); n > 0 {
		t.Failures = t.Failures[:n-1]
	}
	if n := len(t.Unreported); n > 0 {
		t.Unreported = t.Unreported[:n-1]
	}
}

// failed settles a failed try: at MaxTries within TryWindow it starts a
// lockout of FirstLockout doubled per earlier lockout, up to MaxLockout.
func (t *throttleState) failed(now time.Time) (lockedOut bool) {
	recent := t.Failures[:0]
	for _, f := range t.Failures {
		if now.Sub(f) < TryWindow && !f.After(now) {
			recent = append(recent, f)
		}
	}
	t.Failures = recent
	if len(recent) < MaxTries {
		return false
	}
	d := FirstLockout
	for i := 0; i < t.Lockouts && d < MaxLockout; i++ {
		d *= 2
	}
	d = min(d, MaxLockout)
	t.Lockouts++
	t.LockedUntil = now.Add(d)
	t.Failures = nil
	t.Unreported = appendCapped(t.Unreported, Event{Time: now, Kind: EventLockout, Detail: d.String()})
	return true
}

// signedIn clears the record after a complete sign-in and returns the
// events that were waiting to be folded into the log.
func (t *throttleState) signedIn() []Event {
	ev := t.Unreported
	t.Failures, t.Unreported, t.Lockouts, t.LockedUntil = nil, nil, 0, time.Time{}
	return ev
}

// fullLockout is the state used when the record is missing or fails
// authentication: the strictest one, never a fresh start.
func fullLockout(id string, now time.Time) *throttleState {
	return &throttleState{
		ID:          id,
		Lockouts:    maxLockoutLevel(),
		LockedUntil: now.Add(MaxLockout),
		Unreported:  []Event{{Time: now, Kind: EventThrottleRecordReset}},
	}
}

func maxLockoutLevel() int {
	n := 0
	for d := FirstLockout; d < MaxLockout; d *= 2 {
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

// loadThrottle reads an account's record; a missing or invalid one yields
// a full lockout, which is written back so a restart cannot undo it.
func (s *Store) loadThrottle(id string, it *item) (*throttleState, error) {
	key := deviceSubkey(it.deviceKey[:], infoThrottleMAC)
	data, err := os.ReadFile(filepath.Join(s.dir, id+throttleSuffix))
	if err == nil {
		if t, ok := decodeThrottle(data, key, id, it.throttleCounter); ok {
			return s.shareThrottle(id, t), nil
		}
	} else if !os.IsNotExist(err) {
		return nil, fmt.Errorf("%w: read throttle record: %w", ErrStorage, err)
	}
	t := s.shareThrottle(id, fullLockout(id, s.now()))
	t.Counter = it.throttleCounter
	if err := s.saveThrottle(id, it, t); err != nil {
		return nil, err
	}
	return t, nil
}

// saveThrottle writes the record with a bumped counter, then stores the
// counter in the keyring item.
func (s *Store) saveThrottle(id string, it *item, t *throttleState) error {
	t.Counter = max(t.Counter, it.throttleCounter) + 1
	data, err := encodeThrottle(t, deviceSubkey(it.deviceKey[:], infoThrottleMAC))
	if err != nil {
		return err
	}
	if err := writeAtomic(s.dir, id+throttleSuffix, data); err != nil {
		return err
	}
	it.throttleCounter = t.Counter
	return s.kc.set(id, it)
}
