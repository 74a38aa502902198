package vault_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// TestKeyringWritesPerOperation counts the keyring writes (Set calls
// through the Keyring interface) that each use case makes, and logs them:
// every one is a D-Bus round trip to the Secret Service, and on a real
// gnome-keyring each costs milliseconds. The limits are what the design
// allows (DESIGN §3): a try is recorded before it is checked (one write),
// a right password takes it back (one), and a sign-in's spent code or
// stored step and its cleared count go to the item in one write. A new
// set of backup codes takes two: the first names it while the old set
// stays current (so a crash before the file leaves the old set whole),
// the second, after the file is in place, cancels the old set.
func TestKeyringWritesPerOperation(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	cs := e.sets[id]
	count := func(what string, limit int, op func()) {
		t.Helper()
		before := e.kr.setCount()
		op()
		n := e.kr.setCount() - before
		t.Logf("%-32s %d keyring writes", what, n)
		if n > limit {
			t.Errorf("%s: %d keyring writes, want at most %d", what, n, limit)
		}
	}
	count("sign-in, authenticator code", 4, func() { e.signIn(t, id, secret).Close() })
	count("sign-in, backup code", 4, func() {
		a, err := e.store.Unlock(id, pw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.VerifySecondFactor(cs.Codes[0].Text); err != nil {
			t.Fatal(err)
		}
		a.Close()
	})
	count("wrong password", 1, func() {
		e.clk.advance(time.Second)
		if _, err := e.store.Unlock(id, badPassword); !errors.Is(err, vault.ErrWrongPassword) {
			t.Fatal(err)
		}
	})
	a := e.signIn(t, id, secret)
	count("wrong authenticator code", 1, func() {
		if _, err := a.VerifySecondFactor(wrongCode(t, secret, e.clk.now())); !errors.Is(err, vault.ErrWrongCode) {
			t.Fatal(err)
		}
	})
	count("regenerate codes", 2, func() {
		if _, err := a.RegenerateCodes(); err != nil {
			t.Fatal(err)
		}
	})
	count("record an event", 0, func() {
		if err := a.Record(vault.EventCodesViewed, ""); err != nil {
			t.Fatal(err)
		}
	})
}
