package vault_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// generation is one state of a file, kept as it was on disk.
type generation struct {
	label string
	data  []byte
	// pwEpoch and secretEpoch count the password changes and
	// authenticator resets made before it.
	pwEpoch, secretEpoch int
}

// TestRestoreEveryOlderGeneration keeps every generation of the vault file
// and, separately, of the throttle record over a life of use, then puts
// each one back: a vault file opens with the keyring item's state applied
// (never a revived code, a replaced set or a used authenticator step), or
// is refused as from before a password change or an authenticator reset;
// a throttle record never shortens or resets a lockout.
func TestRestoreEveryOlderGeneration(t *testing.T) {
	e := newEnv(t)
	password, secret := pw, ""
	var id string
	pwEpoch, secretEpoch := 0, 0
	var vaults, throttles []generation
	keep := func(label string) {
		t.Helper()
		for _, g := range []struct {
			gens *[]generation
			path string
		}{{&vaults, e.vaultPath(id)}, {&throttles, e.throttlePath(id)}} {
			b := readFile(t, g.path)
			if n := len(*g.gens); n == 0 || !bytes.Equal((*g.gens)[n-1].data, b) {
				*g.gens = append(*g.gens, generation{label, b, pwEpoch, secretEpoch})
			}
		}
	}
	var never []string // codes that must never sign in again
	var lastCode string
	unlock := func() *vault.Account {
		t.Helper()
		a, err := e.store.Unlock(id, password)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	totp := func(a *vault.Account) {
		t.Helper()
		e.clk.advance(30 * time.Second)
		lastCode = code(t, secret, e.clk.now())
		if _, err := a.VerifySecondFactor(lastCode); err != nil {
			t.Fatal(err)
		}
	}
	backup := func(c string) {
		t.Helper()
		if _, err := unlock().VerifySecondFactor(c); err != nil {
			t.Fatal(err)
		}
		never = append(never, c)
	}
	wrong := func(n int) {
		t.Helper()
		for range n {
			e.clk.advance(time.Second)
			if _, err := e.store.Unlock(id, badPassword); !errors.Is(err, vault.ErrWrongPassword) {
				t.Fatal(err)
			}
		}
	}

	id, secret = e.setUpID(t, "alice")
	first := e.sets[id]
	keep("created")
	a := unlock()
	totp(a)
	keep("authenticator sign-in")
	backup(first.Codes[0].Text)
	keep("backup-code sign-in")
	wrong(2)
	keep("two wrong passwords")
	backup(first.Codes[1].Text)
	keep("backup-code sign-in")
	second, err := a.RegenerateCodes()
	if err != nil {
		t.Fatal(err)
	}
	never = append(never, first.Codes[5].Text, first.Codes[9].Text)
	keep("regenerate")
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	keep("acknowledge")
	backup(second.Codes[0].Text)
	keep("backup-code sign-in")
	if err := a.ChangePassword(password, pw+" two"); err != nil {
		t.Fatal(err)
	}
	password, pwEpoch = pw+" two", 1
	keep("password change")
	backup(second.Codes[1].Text)
	keep("backup-code sign-in")
	e.clk.advance(30 * time.Second)
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	keep("reset begun")
	if err := a.ConfirmEnrolment(code(t, en.Secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	secret, secretEpoch = en.Secret, 1
	keep("authenticator reset")
	totp(unlock())
	keep("authenticator sign-in")
	backup(second.Codes[2].Text)
	keep("backup-code sign-in")
	third, err := a.RegenerateCodes()
	if err != nil {
		t.Fatal(err)
	}
	never = append(never, second.Codes[3].Text, second.Codes[8].Text)
	keep("regenerate")
	backup(third.Codes[0].Text)
	keep("backup-code sign-in")
	totp(unlock())
	keep("authenticator sign-in")
	a.Close()
	t.Logf("%d vault generations, %d throttle generations", len(vaults), len(throttles))

	newest := vaults[len(vaults)-1]
	revived, opened, refused := 0, 0, 0
	for i, g := range vaults {
		writeFile(t, e.vaultPath(id), g.data)
		e.reopen(t)
		a, err := e.store.Unlock(id, password)
		old := pw
		switch {
		case g.pwEpoch < newest.pwEpoch:
			if !errors.Is(err, vault.ErrRolledBackPassword) {
				t.Errorf("generation %d (%s), from before the password change: %v, want ErrRolledBackPassword", i, g.label, err)
			}
			if _, err := e.store.Unlock(id, old); !errors.Is(err, vault.ErrRolledBackPassword) {
				t.Errorf("generation %d (%s) with the old password: %v, want ErrRolledBackPassword", i, g.label, err)
			}
			refused++
			continue
		case g.secretEpoch < newest.secretEpoch:
			if !errors.Is(err, vault.ErrRolledBackAuthenticator) {
				t.Errorf("generation %d (%s), from before the authenticator reset: %v, want ErrRolledBackAuthenticator", i, g.label, err)
			}
			refused++
			continue
		case err != nil:
			t.Errorf("generation %d (%s) does not open: %v", i, g.label, err)
			continue
		}
		opened++
		// The last authenticator step, in its own window, then a complete
		// sign-in, then every spent or replaced code.
		if _, err := a.VerifySecondFactor(lastCode); err == nil {
			t.Errorf("generation %d (%s): a used authenticator step signs in again", i, g.label)
			revived++
		}
		totp(a)
		for j, c := range never {
			if _, err := a.VerifySecondFactor(c); err == nil {
				t.Errorf("generation %d (%s): spent or replaced code %d signs in again", i, g.label, j)
				revived++
			}
			if j%3 == 2 {
				totp(a)
			}
		}
		totp(a)
		restored := slices.ContainsFunc(a.Events(), func(ev vault.Event) bool { return ev.Kind == vault.EventStateRestored })
		if i < len(vaults)-1 && !restored && !bytes.Equal(g.data, newest.data) {
			t.Errorf("generation %d (%s): opened with no note in the log", i, g.label)
		}
		a.Close()
	}
	t.Logf("vault file: %d generations opened with the keyring's state, %d refused (before a password change or reset), %d revivals", opened, refused, revived)

	// The throttle record: lock the account, then put back each older
	// record. The lockout stands, never shorter; once it is over the
	// count goes on from where it was.
	wrong(vault.FreeTries + 1)
	_, err = e.store.Unlock(id, password)
	want := lockedOut(t, err)
	for i, g := range throttles {
		writeFile(t, e.throttlePath(id), g.data)
		e.reopen(t)
		_, err := e.store.Unlock(id, password)
		if !errors.Is(err, vault.ErrLockedOut) {
			t.Fatalf("throttle generation %d (%s) put back: %v, want the lockout to stand", i, g.label, err)
		}
		if w := lockedOut(t, err); w < want {
			t.Errorf("throttle generation %d (%s) put back: wait %v, want at least %v", i, g.label, w, want)
		}
	}
	writeFile(t, e.throttlePath(id), throttles[0].data)
	e.reopen(t)
	e.clk.advance(want + time.Second)
	_, err = e.store.Unlock(id, badPassword)
	if w := lockedOut(t, err); w < 2*vault.FirstLockout {
		t.Errorf("a wrong password after the oldest record was put back locks for %v, want at least %v: the count was reset", w, 2*vault.FirstLockout)
	} else {
		t.Logf("the next wrong password locks for %v (the 6th failure in a row: the count went on)", w)
	}
	t.Logf("throttle record: %d generations put back, the lockout stood each time", len(throttles))
}
