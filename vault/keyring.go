package vault

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
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

// item is what the keyring holds for one account: the device key and the
// last written counters of the vault file and of the throttle record.
type item struct {
	deviceKey       [32]byte
	vaultCounter    uint64
	throttleCounter uint64
}

const itemVersion = 1

// encode packs the item in 49 bytes, base64: far below the ~2.5 KB that
// Windows' Credential Manager allows.
func (it *item) encode() string {
	b := make([]byte, 0, 49)
	b = append(b, itemVersion)
	b = append(b, it.deviceKey[:]...)
	b = binary.BigEndian.AppendUint64(b, it.vaultCounter)
	b = binary.BigEndian.AppendUint64(b, it.throttleCounter)
	return base64.StdEncoding.EncodeToString(b)
}

func decodeItem(s string) (*item, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != 49 || b[0] != itemVersion {
		return nil, fmt.Errorf("%w: unreadable item", ErrKeyringMismatch)
	}
	it := &item{}
	copy(it.deviceKey[:], b[1:33])
	it.vaultCounter = binary.BigEndian.Uint64(b[33:41])
	it.throttleCounter = binary.BigEndian.Uint64(b[41:49])
	return it, nil
}

// keyringClient bounds every keyring call by a timeout and turns the
// provider's errors into the vault's sentinels. go-keyring can block
// forever on Linux (an unlock prompt nobody answers, a bus that never
// replies); a call that times out is left running in its goroutine, which
// is the only way to stop waiting for it.
type keyringClient struct {
	kr      Keyring
	service string
	timeout time.Duration
}

func (c *keyringClient) call(what string, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	t := time.NewTimer(c.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return classifyKeyringError(what, err)
	case <-t.C:
		return fmt.Errorf("%w: %s: no answer within %v", ErrKeyringLocked, what, c.timeout)
	}
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
