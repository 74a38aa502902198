package vault

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// Keyring is the part of an OS keyring the vault uses. The default is the
// system keyring through go-keyring; tests may pass their own.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, secret string) error
	Delete(service, user string) error
}

// ErrKeyringNotFound is what a Keyring returns for a missing item. It is
// go-keyring's own sentinel, so go-keyring's mock and the system keyring
// both satisfy it.
var ErrKeyringNotFound = gokeyring.ErrNotFound

// SystemKeyring is the OS keyring: Secret Service on Linux, Keychain on
// macOS, Credential Manager on Windows.
type SystemKeyring struct{}

var _ Keyring = SystemKeyring{}

// Get reads an item.
func (SystemKeyring) Get(service, user string) (string, error) { return gokeyring.Get(service, user) }

// Set writes an item.
func (SystemKeyring) Set(service, user, secret string) error {
	return gokeyring.Set(service, user, secret)
}

// Delete removes an item.
func (SystemKeyring) Delete(service, user string) error { return gokeyring.Delete(service, user) }

// item is what the keyring holds for one account (DESIGN §3, revised):
// the device key, the write counters of the vault file and of the throttle
// record, and the security state that a restored or half-written file
// could otherwise undo. That state is written here first, then to the
// files, and at open it wins over theirs.
type item struct {
	deviceKey       [32]byte
	vaultCounter    uint64
	throttleCounter uint64

	// throttleKnown and stateKnown are false for an item of version 1,
	// which held the counters only; its files are then checked as before
	// (a file older than its counter is refused), until the next write
	// fills the item in.
	throttleKnown bool
	consecutive   uint32 // failed tries since the last complete sign-in
	lockedUntil   int64  // Unix nanoseconds; 0 when not locked

	stateKnown bool
	setID      [8]byte  // names the current backup-code set (see setID)
	spent      uint16   // bit i: code i of that set is spent
	lastStep   int64    // the newest accepted authenticator time step
	totpFP     [16]byte // fingerprint of the confirmed authenticator secret
	pwFP       [16]byte // fingerprint of the password check value
	// While a write that changes the secret or the password (or the check
	// value's format) is under way, the fingerprint of the file on disk
	// stays accepted too, so a crash between the item and the file leaves
	// an account that opens. The write's last step clears them.
	totpPrev [16]byte
	pwPrev   [16]byte
	// setPrev and spentPrev are the same for a regeneration: while the new
	// set is on its way to the file, the set the file still holds stays
	// current with its spent bits, so a crash between the item and the
	// file leaves the old set, whole, rather than no set at all. The new
	// set was never shown, so nothing is lost by keeping the old one.
	setPrev   [8]byte
	spentPrev uint16
}

const (
	itemVersion1 = 1
	itemVersion2 = 2
	itemVersion  = 3
	itemV1Len    = 49
	itemV2Len    = 144
	itemLen      = 154
	flagThrottle = 1 << 0
	flagState    = 1 << 1
)

// encode packs the item in 154 bytes, 208 in base64: far below the
// ~2.5 KB that Windows' Credential Manager allows.
func (it *item) encode() string {
	b := make([]byte, 0, itemLen)
	var flags byte
	if it.throttleKnown {
		flags |= flagThrottle
	}
	if it.stateKnown {
		flags |= flagState
	}
	b = append(b, itemVersion, flags)
	b = append(b, it.deviceKey[:]...)
	b = binary.BigEndian.AppendUint64(b, it.vaultCounter)
	b = binary.BigEndian.AppendUint64(b, it.throttleCounter)
	b = binary.BigEndian.AppendUint32(b, it.consecutive)
	b = binary.BigEndian.AppendUint64(b, uint64(it.lockedUntil))
	b = append(b, it.setID[:]...)
	b = binary.BigEndian.AppendUint16(b, it.spent)
	b = binary.BigEndian.AppendUint64(b, uint64(it.lastStep))
	for _, fp := range [][16]byte{it.totpFP, it.totpPrev, it.pwFP, it.pwPrev} {
		b = append(b, fp[:]...)
	}
	b = append(b, it.setPrev[:]...)
	b = binary.BigEndian.AppendUint16(b, it.spentPrev)
	return base64.StdEncoding.EncodeToString(b)
}

// decodeItem reads an item of version 3, of version 2 (without the
// previous set), or of version 1 (device key and counters only); the next
// write replaces an older one.
func decodeItem(s string) (*item, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	bad := fmt.Errorf("%w: unreadable item", ErrKeyringMismatch)
	switch {
	case err != nil || len(b) == 0:
		return nil, bad
	case b[0] == itemVersion1 && len(b) == itemV1Len:
		it := &item{}
		copy(it.deviceKey[:], b[1:33])
		it.vaultCounter = binary.BigEndian.Uint64(b[33:41])
		it.throttleCounter = binary.BigEndian.Uint64(b[41:49])
		return it, nil
	case !(b[0] == itemVersion && len(b) == itemLen) && !(b[0] == itemVersion2 && len(b) == itemV2Len):
		return nil, bad
	}
	it := &item{throttleKnown: b[1]&flagThrottle != 0, stateKnown: b[1]&flagState != 0}
	r := b[2:]
	take := func(n int) []byte { p := r[:n]; r = r[n:]; return p }
	copy(it.deviceKey[:], take(32))
	it.vaultCounter = binary.BigEndian.Uint64(take(8))
	it.throttleCounter = binary.BigEndian.Uint64(take(8))
	it.consecutive = binary.BigEndian.Uint32(take(4))
	it.lockedUntil = int64(binary.BigEndian.Uint64(take(8)))
	copy(it.setID[:], take(8))
	it.spent = binary.BigEndian.Uint16(take(2))
	it.lastStep = int64(binary.BigEndian.Uint64(take(8)))
	for _, fp := range []*[16]byte{&it.totpFP, &it.totpPrev, &it.pwFP, &it.pwPrev} {
		copy(fp[:], take(16))
	}
	if b[0] == itemVersion {
		copy(it.setPrev[:], take(8))
		it.spentPrev = binary.BigEndian.Uint16(take(2))
	}
	return it, nil
}

// sameState reports whether two items hold the same security and
// throttle state, whatever their counters.
func (it item) sameState(o item) bool {
	it.vaultCounter, o.vaultCounter = 0, 0
	it.throttleCounter, o.throttleCounter = 0, 0
	return it == o
}

// acceptsPassword reports whether a file whose password check value has
// fingerprint fp may be opened: one from before a password change may not.
func (it *item) acceptsPassword(fp [16]byte) bool {
	return !it.stateKnown || it.pwFP == [16]byte{} || fp == it.pwFP || (it.pwPrev != [16]byte{} && fp == it.pwPrev)
}

// acceptsSecret is acceptsPassword for the authenticator secret.
func (it *item) acceptsSecret(fp [16]byte) bool {
	return !it.stateKnown || it.totpFP == [16]byte{} || fp == it.totpFP || (it.totpPrev != [16]byte{} && fp == it.totpPrev)
}

// keyringClient bounds every keyring call by a timeout and turns the
// provider's errors into the vault's sentinels. go-keyring can block
// forever on Linux (an unlock prompt nobody answers, a bus that never
// replies); a call that times out is left running, which is the only way
// to stop waiting for it. Calls run one at a time, in the order they were
// made, so a write that timed out and lands later never lands after a
// newer one.
type keyringClient struct {
	kr      Keyring
	service string
	timeout time.Duration

	mu      sync.Mutex
	queue   []func()
	running bool
}

// do runs f once every call queued before it has returned.
func (c *keyringClient) do(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queue = append(c.queue, f)
	if c.running {
		return
	}
	c.running = true
	go func() {
		for {
			c.mu.Lock()
			if len(c.queue) == 0 {
				c.running = false
				c.mu.Unlock()
				return
			}
			next := c.queue[0]
			c.queue = c.queue[1:]
			c.mu.Unlock()
			next()
		}
	}()
}

// timeoutError is a keyring call that did not answer in time: it may
// still land. It matches ErrKeyringNoAnswer and ErrKeyringLocked.
type timeoutError struct {
	what string
	d    time.Duration
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("%v within %v: %s", ErrKeyringNoAnswer, e.d, e.what)
}

func (e *timeoutError) Is(target error) bool {
	return target == ErrKeyringNoAnswer || target == ErrKeyringLocked
}

func timedOut(err error) bool {
	var te *timeoutError
	return errors.As(err, &te)
}

func (c *keyringClient) call(what string, f func() error) error {
	done := make(chan error, 1)
	c.do(func() { done <- f() })
	t := time.NewTimer(c.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return classifyKeyringError(what, err)
	case <-t.C:
		return &timeoutError{what, c.timeout}
	}
}

// setLater queues a write without waiting for it: it puts an item back
// after a write that timed out, and lands after it if that one does.
func (c *keyringClient) setLater(id string, it *item) {
	enc := it.encode()
	c.do(func() { c.kr.Set(c.service, id, enc) })
}

func (c *keyringClient) get(id string) (*item, error) {
	var s string
	err := c.call("read", func() (err error) {
		s, err = c.kr.Get(c.service, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return decodeItem(s)
}

func (c *keyringClient) set(id string, it *item) error {
	enc := it.encode()
	return c.call("write", func() error { return c.kr.Set(c.service, id, enc) })
}

func (c *keyringClient) delete(id string) error {
	err := c.call("delete", func() error { return c.kr.Delete(c.service, id) })
	if errors.Is(err, ErrKeyringItemMissing) {
		return nil
	}
	return err
}

// classifyKeyringError maps provider errors onto sentinels. go-keyring
// reports a missing Secret Service only through D-Bus error text, so the
// text is matched here, in one place.
func classifyKeyringError(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gokeyring.ErrNotFound) {
		return fmt.Errorf("%w: %w", ErrKeyringItemMissing, err)
	}
	for _, s := range []error{ErrNoKeyring, ErrKeyringLocked, ErrKeyringItemMissing, ErrKeyringMismatch} {
		if errors.Is(err, s) {
			return err
		}
	}
	msg := strings.ToLower(err.Error())
	for _, hint := range []string{
		"serviceunknown", "not provided by any", "dbus_session_bus_address",
		"autolaunch", "connection refused", "no such file or directory",
		"unable to autolaunch", "failed to open session", "was not provided",
		"no keyring", "not supported", "couldn't determine address of session bus",
	} {
		if strings.Contains(msg, hint) {
			return fmt.Errorf("%w: %s: %w", ErrNoKeyring, what, err)
		}
	}
	return fmt.Errorf("%w: %s: %w", ErrKeyringLocked, what, err)
}
