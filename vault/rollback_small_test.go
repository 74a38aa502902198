package vault_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// failingSetKeyring fails every Set from the fail-th one on (counting
// from 1; 0 fails none); reads pass.
type failingSetKeyring struct {
	*memKeyring
	fail, n int
}

func (k *failingSetKeyring) Set(service, user, secret string) error {
	if k.n++; k.fail > 0 && k.n >= k.fail {
		return errors.New("org.freedesktop.Secret.Error.IsLocked: injected")
	}
	return k.memKeyring.Set(service, user, secret)
}

// TestSpentCodeStaysSpentAfterRestore is finding 2 in its smallest form:
// a backup-code sign-in whose keyring write fails, then the vault file of
// before the sign-in put back (a backup, or what a crash between the two
// writes leaves). The spent code must not sign in again.
func TestSpentCodeStaysSpentAfterRestore(t *testing.T) {
	e := newEnv(t)
	kr := &failingSetKeyring{memKeyring: e.kr}
	e.store.Close()
	s, err := openStore(t, e.dir, kr, e.clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.store = s
	id, _ := e.setUpID(t, "alice")
	code := e.sets[id].Codes[3].Text
	before := readFile(t, e.vaultPath(id))

	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	// Every keyring write after the one that records the try fails: the
	// code is checked, and whatever the sign-in writes after the check
	// meets a failing keyring.
	kr.n, kr.fail = 0, 2
	_, err = a.VerifySecondFactor(code)
	kr.fail = 0
	t.Logf("sign-in with the keyring failing after the try was recorded: %v", err)
	// A restart, the keyring back, and the same code again: it signs in,
	// or the vault says it is spent. Either way it is spent from now on.
	a.Close()
	e.clk.advance(time.Second)
	e.store.Close()
	if e.store, err = openStore(t, e.dir, kr, e.clk, nil); err != nil {
		t.Fatal(err)
	}
	if a, err = e.store.Unlock(id, pw); err != nil {
		t.Fatal(err)
	}
	_, err = a.VerifySecondFactor(code)
	t.Logf("the same code after a restart: %v", err)
	if err != nil && !errors.Is(err, vault.ErrCodeUsed) {
		t.Fatal(err)
	}

	a.Close()
	writeFile(t, e.vaultPath(id), before)
	e.clk.advance(time.Second)
	e.store.Close()
	if e.store, err = openStore(t, e.dir, kr, e.clk, nil); err != nil {
		t.Fatal(err)
	}
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatalf("the restored file is refused: %v", err)
	}
	if _, err := b.VerifySecondFactor(code); err == nil {
		t.Fatal("a spent backup code signed in again after the older file was put back")
	}
}
