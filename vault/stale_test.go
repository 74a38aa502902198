package vault_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// TestTwoOpenAccountsDoNotReviveCodes: two sign-ins of one account (one
// finished, one in progress) must not let the older one write back a state
// the newer one replaced.
func TestTwoOpenAccountsDoNotReviveCodes(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	first := e.signIn(t, id, secret)
	old := first.Codes()
	if _, err := e.store.Unlock(id, pw); err != nil { // a second sign-in, not finished
		t.Fatal(err)
	}
	// The new sign-in has the password only, and the account is one value:
	// the first handle waits for the second factor again.
	if _, err := first.RegenerateCodes(); !errors.Is(err, vault.ErrSecondFactorRequired) {
		t.Fatalf("regenerate through the first handle after a new password-only sign-in: %v", err)
	}
	e.clk.advance(30 * time.Second)
	if _, err := first.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	if _, err := first.RegenerateCodes(); err != nil {
		t.Fatal(err)
	}
	second, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	_, err = second.VerifySecondFactor(old.Codes[0].Text)
	if err == nil {
		// The stale account accepted a cancelled code; whatever it wrote
		// must not bring the cancelled set back.
		e.reopen(t)
		third, err := e.store.Unlock(id, pw)
		if err != nil {
			t.Fatalf("after the stale write: %v", err)
		}
		if _, err := third.VerifySecondFactor(old.Codes[1].Text); err == nil {
			t.Fatal("a code of the cancelled set signs in again: the stale account wrote the old set back")
		}
		t.Fatal("a code of the cancelled set was accepted by an account opened before the regenerate")
	}
	if !errors.Is(err, vault.ErrCodeReplaced) {
		t.Fatalf("cancelled code on the older account: %v, want ErrCodeReplaced", err)
	}
}

// TestTwoOpenAccountsShareTheThrottle: wrong tries through two Account
// values for one ID add up to one lockout.
func TestTwoOpenAccountsShareTheThrottle(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	bad := wrongCode(t, secret, e.clk.now())
	var last error
	for i := range 8 {
		e.clk.advance(time.Second)
		acc := a
		if i >= 4 {
			acc = b
		}
		_, last = acc.VerifySecondFactor(bad)
		if errors.Is(last, vault.ErrLockedOut) {
			if i != 4 {
				t.Fatalf("locked out at try %d, want 5", i+1)
			}
			return
		}
	}
	t.Fatalf("8 wrong codes through two open accounts did not lock: %v", last)
}

// TestClosedAccount: after Close (sign-out) the key and the decrypted
// body are gone, and every call that would write fails with ErrClosed
// instead of writing with a wiped key.
func TestClosedAccount(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	a.Close()
	if _, err := a.RegenerateCodes(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("regenerate after close: %v", err)
	}
	if err := a.Record(vault.EventCodesViewed, ""); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("record after close: %v", err)
	}
	if _, err := a.VerifySecondFactor("000000"); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("verify after close: %v", err)
	}
	if n := len(a.Codes().Codes); n != 0 {
		t.Fatalf("closed account still shows %d codes", n)
	}
	// The file is intact: a new sign-in works.
	e.clk.advance(30 * time.Second)
	e.signIn(t, id, secret)
}

// TestReadsDoNotWaitForWrites: what a screen reads (stage, codes, log)
// comes from a snapshot, so it answers while a write holds the store's
// lock — here one stuck in a keyring call that does not return.
func TestReadsDoNotWaitForWrites(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	block, done := stuckRegenerate(e, a)

	read := make(chan vault.Stage, 1)
	go func() {
		// Give the write time to take the lock and reach the keyring.
		time.Sleep(100 * time.Millisecond)
		_ = a.Codes()
		_ = a.Events()
		read <- a.Stage()
	}()
	select {
	case st := <-read:
		if st != vault.StageReady && st != vault.StageCodes {
			t.Fatalf("stage %v", st)
		}
	case <-time.After(1500 * time.Millisecond): // the keyring timeout is 2 s
		t.Fatal("reading the account waited for a write")
	}
	close(block)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if a.Stage() != vault.StageCodes {
		t.Fatalf("after regenerating, stage %v", a.Stage())
	}
}

// TestCloseDoesNotWaitForWrites: signing out (often from the UI thread)
// returns at once even while a write is stuck in a keyring call, and the
// closed account refuses further calls.
func TestCloseDoesNotWaitForWrites(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	block, done := stuckRegenerate(e, a)
	time.Sleep(100 * time.Millisecond) // let the write take the lock

	closed := make(chan struct{})
	go func() { a.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(1500 * time.Millisecond): // the keyring timeout is 2 s
		t.Fatal("Close waited for a write")
	}
	if _, err := a.RegenerateCodes(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	close(block)
	<-done
	// The account opens again, with a whole set.
	e.clk.advance(30 * time.Second)
	b := e.signIn(t, id, secret)
	if n := len(b.Codes().Codes); n != 10 {
		t.Fatalf("after reopening: %d codes", n)
	}
}

// stuckRegenerate starts a regeneration whose keyring write does not
// return until block is closed; done then yields its error.
func stuckRegenerate(e *env, a *vault.Account) (block chan struct{}, done chan error) {
	block, done = make(chan struct{}), make(chan error, 1)
	e.kr.mu.Lock()
	e.kr.block = block
	e.kr.mu.Unlock()
	go func() { _, err := a.RegenerateCodes(); done <- err }()
	return block, done
}
