package vault_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// TestThreeDistinctErrors: wrong password, wrong keyring item and a damaged
// body give three different errors, and only the first counts as a try.
func TestThreeDistinctErrors(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	other, _ := e.setUpID(t, "bob")
	items := e.kr.snapshot()
	good := readFile(t, e.vaultPath(id))
	damaged := flipByte(good, len(good)-1) // the last byte of the AEAD tag

	for i := range 4 {
		e.clk.advance(time.Second)
		var err error
		if i%2 == 0 {
			e.kr.set(itemKey(id), items[itemKey(other)])
			_, err = e.store.Unlock(id, pw)
			e.kr.set(itemKey(id), items[itemKey(id)])
			if !errors.Is(err, vault.ErrKeyringMismatch) || errors.Is(err, vault.ErrDamaged) || errors.Is(err, vault.ErrWrongPassword) {
				t.Fatalf("another account's item: %v, want only ErrKeyringMismatch", err)
			}
		} else {
			writeFile(t, e.vaultPath(id), damaged)
			_, err = e.store.Unlock(id, pw)
			writeFile(t, e.vaultPath(id), good)
			if !errors.Is(err, vault.ErrDamaged) || errors.Is(err, vault.ErrKeyringMismatch) || errors.Is(err, vault.ErrWrongPassword) {
				t.Fatalf("flipped body byte: %v, want only ErrDamaged", err)
			}
		}
	}
	for i := range 5 {
		e.clk.advance(time.Second)
		_, err := e.store.Unlock(id, badPassword)
		if !errors.Is(err, vault.ErrWrongPassword) || errors.Is(err, vault.ErrKeyringMismatch) || errors.Is(err, vault.ErrDamaged) {
			t.Fatalf("wrong password: %v, want only ErrWrongPassword", err)
		}
		if locked := errors.Is(err, vault.ErrLockedOut); locked != (i == 4) {
			t.Fatalf("wrong password %d (after 4 mismatch/damage tries): locked %v", i+1, locked)
		}
	}
	e.clk.advance(31 * time.Second)
	e.signIn(t, id, secret)
}

// TestFlippedHeaderByte: any flipped byte of the header or its MAC is
// refused as a mismatch or damage (or a newer version, for the version
// field), never a crash and never a wrong password.
func TestFlippedHeaderByte(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	good := readFile(t, e.vaultPath(id))
	hlen := int(binary.BigEndian.Uint32(good[10:14]))
	for i := range 14 + hlen + 32 {
		writeFile(t, e.vaultPath(id), flipByte(good, i))
		_, err := e.store.Unlock(id, pw)
		switch {
		case (i == 8 || i == 9) && errors.Is(err, vault.ErrNewerVersion):
		case errors.Is(err, vault.ErrKeyringMismatch), errors.Is(err, vault.ErrDamaged):
		default:
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
	writeFile(t, e.vaultPath(id), good)
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatalf("flipped header bytes counted as tries or changed the file: %v", err)
	}
	a.Close()
}

func TestKeyringItemMissing(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	if err := e.kr.Delete(testService, id); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrKeyringItemMissing) {
		t.Fatalf("unlock without item: %v, want ErrKeyringItemMissing", err)
	}
}

// TestNeedsBothFactorsOfTheKey: the keyring item alone opens nothing, and
// the password alone opens nothing.
func TestNeedsBothFactorsOfTheKey(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	item := e.kr.snapshot()[itemKey(id)]
	for _, p := range []string{"correct horse batter", "Correct horse battery", pw + " ", "x"} {
		e.clk.advance(30 * time.Second)
		if _, err := e.store.Unlock(id, p); !errors.Is(err, vault.ErrWrongPassword) {
			t.Fatalf("item with password %q: %v", p, err)
		}
	}
	if _, err := e.store.Unlock(id, ""); !errors.Is(err, vault.ErrPasswordEmpty) {
		t.Fatalf("item with no password: %v, want ErrPasswordEmpty", err)
	}
	e.clk.advance(time.Hour)
	e.kr.Delete(testService, id)
	if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrKeyringItemMissing) {
		t.Fatalf("password without item: %v", err)
	}
	for _, fake := range []string{randomItem(), randomItem(), "not base64!", ""} {
		e.kr.set(itemKey(id), fake)
		if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrKeyringMismatch) {
			t.Fatalf("password with a fresh item %q: %v, want ErrKeyringMismatch", fake, err)
		}
	}
	e.kr.set(itemKey(id), item)
	if _, err := e.store.Unlock(id, pw); err != nil {
		t.Fatalf("both: %v", err)
	}
}

// TestRolledBack: an older copy of the vault file opens with the keyring
// item's state applied (DESIGN §3, revised), and the log says so; one from
// before a password change or an authenticator reset is refused, with an
// error that says which, and left as it is.
func TestRolledBack(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	old := readFile(t, e.vaultPath(id))
	oldSet := a.Codes()
	if _, err := a.RegenerateCodes(); err != nil {
		t.Fatal(err)
	}
	a.Close()
	writeFile(t, e.vaultPath(id), old)
	e.reopen(t)
	b := e.signIn(t, id, secret)
	if _, err := b.VerifySecondFactor(oldSet.Codes[0].Text); !errors.Is(err, vault.ErrCodeReplaced) {
		t.Fatalf("a code of the set the regenerate replaced, after the older file was put back: %v", err)
	}
	if ev := b.Events(); !slices.ContainsFunc(ev, func(e vault.Event) bool { return e.Kind == vault.EventStateRestored }) {
		t.Errorf("the log does not say the file was older: %+v", ev)
	}

	for _, tc := range []struct {
		name   string
		change func(t *testing.T, a *vault.Account) (password string)
		want   error
	}{
		{"password change", func(t *testing.T, a *vault.Account) string {
			if err := a.ChangePassword(pw, pw+" two"); err != nil {
				t.Fatal(err)
			}
			return pw + " two"
		}, vault.ErrRolledBackPassword},
		{"authenticator reset", func(t *testing.T, a *vault.Account) string {
			en, err := a.BeginEnrolment()
			if err != nil {
				t.Fatal(err)
			}
			if err := a.ConfirmEnrolment(code(t, en.Secret, e.clk.now())); err != nil {
				t.Fatal(err)
			}
			return pw
		}, vault.ErrRolledBackAuthenticator},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e = newEnv(t)
			id, secret := e.setUpID(t, "alice")
			a := e.signIn(t, id, secret)
			old := readFile(t, e.vaultPath(id))
			now := tc.change(t, a)
			a.Close()
			writeFile(t, e.vaultPath(id), old)
			e.reopen(t)
			for _, p := range []string{now, pw} {
				if _, err := e.store.Unlock(id, p); !errors.Is(err, tc.want) || !errors.Is(err, vault.ErrRolledBack) {
					t.Fatalf("file from before the %s: %v, want %v", tc.name, err, tc.want)
				}
			}
			if !bytes.Equal(readFile(t, e.vaultPath(id)), old) {
				t.Error("the rolled-back file was rewritten")
			}
		})
	}
}

// TestVaultFileHoldsNoSecret scans the file's bytes after a life of use.
func TestVaultFileHoldsNoSecret(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	old := a.Codes()
	b, _ := e.store.Unlock(id, pw)
	if _, err := b.VerifySecondFactor(old.Codes[2].Text); err != nil {
		t.Fatal(err)
	}
	if err := b.Record(vault.EventCodesPrinted, "printed"); err != nil {
		t.Fatal(err)
	}
	cur, err := b.RegenerateCodes()
	if err != nil {
		t.Fatal(err)
	}
	en, err := b.BeginEnrolment() // a pending secret, too
	if err != nil {
		t.Fatal(err)
	}
	data := readFile(t, e.vaultPath(id))
	assertNoSecrets(t, data, secret, old, false)
	assertNoSecrets(t, data, en.Secret, cur, false)
	if bytes.Contains(data, []byte("printed")) {
		t.Error("file holds an event detail in the clear")
	}
	// The header does name the account: that is what the picker lists.
	if !bytes.Contains(data, []byte("alice")) {
		t.Error("header lacks the username")
	}
}

// TestDamagedFileUntouched: a damaged file is reported and never
// rewritten, however often it is tried and whatever other accounts do.
func TestDamagedFileUntouched(t *testing.T) {
	for _, tc := range []struct {
		name      string
		damage    func([]byte) []byte
		inListing bool // the header still parses, so Accounts lists it normally
	}{
		{"body byte", func(b []byte) []byte { return flipByte(b, len(b)-20) }, true},
		{"body truncated", func(b []byte) []byte { return b[:len(b)-40] }, true},
		{"truncated in the header", func(b []byte) []byte { return b[:40] }, false},
		{"magic", func(b []byte) []byte { return flipByte(b, 0) }, false},
		{"header JSON", func(b []byte) []byte { return flipByte(b, 15) }, false},
		{"empty", func([]byte) []byte { return nil }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			id, _ := e.setUpID(t, "alice")
			bobID, bobSecret := e.setUpID(t, "bob")
			bad := tc.damage(readFile(t, e.vaultPath(id)))
			writeFile(t, e.vaultPath(id), bad)
			for range 3 {
				e.clk.advance(time.Second)
				if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrDamaged) {
					t.Fatalf("unlock: %v, want ErrDamaged", err)
				}
			}
			b := e.signIn(t, bobID, bobSecret)
			if _, err := b.RegenerateCodes(); err != nil {
				t.Fatal(err)
			}
			e.setUpID(t, "carol")
			e.reopen(t)
			infos, err := e.store.Accounts()
			if err != nil {
				t.Fatal(err)
			}
			if len(infos) != 3 {
				t.Fatalf("Accounts lists %d, want 3: %+v", len(infos), infos)
			}
			for _, inf := range infos {
				switch {
				case inf.ID != id && inf.Problem != nil:
					t.Errorf("healthy account %q has problem %v", inf.Username, inf.Problem)
				case inf.ID == id && !tc.inListing && !errors.Is(inf.Problem, vault.ErrDamaged):
					t.Errorf("damaged account listed with problem %v, want ErrDamaged", inf.Problem)
				case inf.ID == id && tc.inListing && inf.Username != "alice":
					t.Errorf("damaged body, intact header: listed as %+v", inf)
				}
			}
			if !bytes.Equal(readFile(t, e.vaultPath(id)), bad) {
				t.Error("the damaged file was changed")
			}
			if err := e.store.Delete(id); err != nil {
				t.Fatalf("a damaged account cannot be removed: %v", err)
			}
		})
	}
}

func TestNewerVersion(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	b := readFile(t, e.vaultPath(id))
	binary.BigEndian.PutUint16(b[8:10], vault.FormatVersion+1)
	writeFile(t, e.vaultPath(id), b)
	if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrNewerVersion) {
		t.Fatalf("unlock: %v, want ErrNewerVersion", err)
	}
	infos, err := e.store.Accounts()
	if err != nil || len(infos) != 1 || !errors.Is(infos[0].Problem, vault.ErrNewerVersion) {
		t.Fatalf("Accounts: %+v, %v", infos, err)
	}
	if !bytes.Equal(readFile(t, e.vaultPath(id)), b) {
		t.Error("the newer file was changed")
	}
}

// checkApart runs op and fails if it changed the keyring item of other.
func checkApart(t *testing.T, what string, get func() (string, error), op func() error) {
	t.Helper()
	before, err := get()
	if err != nil {
		t.Fatalf("%s: other item before: %v", what, err)
	}
	if err := op(); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if after, err := get(); err != nil || after != before {
		t.Fatalf("%s changed the other account's keyring item (err %v)", what, err)
	}
}

// twoDataDirs makes an account named alice in each of two data
// directories that share one keyring and service, runs every kind of
// operation on each, and checks the other's item never changes.
func twoDataDirs(t *testing.T, kr vault.Keyring, service string) {
	clk := newClock()
	var stores [2]*vault.Store
	var ids, secrets [2]string
	for i := range stores {
		s, err := openStore(t, t.TempDir(), kr, clk, func(o *vault.Options) { o.Service = service; o.KeyringTimeout = 20 * time.Second })
		if err != nil {
			t.Fatal(err)
		}
		stores[i] = s
	}
	for i, s := range stores {
		other := 1 - i
		get := func() (string, error) { return kr.Get(service, ids[other]) }
		var a *vault.Account
		var en vault.Enrolment
		op := func(what string, f func() error) {
			t.Helper()
			if ids[other] == "" {
				if err := f(); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				return
			}
			checkApart(t, what, get, f)
		}
		op("create", func() (err error) { a, err = s.Create("Sparekey", "alice", pw); return err })
		ids[i] = a.Info().ID
		op("begin enrolment", func() (err error) { en, err = a.BeginEnrolment(); return err })
		secrets[i] = en.Secret
		op("confirm", func() error { return a.ConfirmEnrolment(code(t, en.Secret, clk.now())) })
		op("acknowledge", a.AcknowledgeCodes)
	}
	if ids[0] == ids[1] {
		t.Fatal("two accounts got one ID")
	}
	for i, s := range stores {
		other := 1 - i
		id := ids[i]
		get := func() (string, error) { return kr.Get(service, ids[other]) }
		clk.advance(30 * time.Second)
		var a *vault.Account
		checkApart(t, "wrong password", get, func() error {
			if _, err := s.Unlock(id, badPassword); !errors.Is(err, vault.ErrWrongPassword) {
				return err
			}
			return nil
		})
		checkApart(t, "unlock", get, func() (err error) { a, err = s.Unlock(id, pw); return err })
		checkApart(t, "second factor", get, func() error {
			_, err := a.VerifySecondFactor(code(t, secrets[i], clk.now()))
			return err
		})
		checkApart(t, "regenerate", get, func() error { _, err := a.RegenerateCodes(); return err })
		checkApart(t, "change password", get, func() error { return a.ChangePassword(pw, pw+" staple") })
	}
	checkApart(t, "delete", func() (string, error) { return kr.Get(service, ids[1]) }, func() error { return stores[0].Delete(ids[0]) })
	if err := stores[1].Delete(ids[1]); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, err := kr.Get(service, id); !errors.Is(err, vault.ErrKeyringNotFound) {
			t.Errorf("item of the deleted account: %v", err)
		}
	}
}

func TestTwoDataDirsSameUsername(t *testing.T) {
	twoDataDirs(t, newMemKeyring(), testService)
}

// TestDeleteRemovesEverything: the file, the throttle record and the
// keyring item go.
func TestDeleteRemovesEverything(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	bob, bobSecret := e.setUpID(t, "bob")
	if err := e.store.Delete(id); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{e.vaultPath(id), e.throttlePath(id)} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s after delete: %v", p, err)
		}
	}
	if _, ok := e.kr.snapshot()[itemKey(id)]; ok {
		t.Error("keyring item left after delete")
	}
	if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrNoAccount) {
		t.Errorf("unlock after delete: %v, want ErrNoAccount", err)
	}
	if err := e.store.Delete(id); err != nil {
		t.Errorf("second delete: %v", err)
	}
	if infos, _ := e.store.Accounts(); len(infos) != 1 || infos[0].ID != bob {
		t.Errorf("accounts after delete: %+v", infos)
	}
	e.signIn(t, bob, bobSecret)
	for _, bad := range []string{"", "xyz", "../" + bob, bob + "0"} {
		if _, err := e.store.Unlock(bad, pw); !errors.Is(err, vault.ErrNoAccount) {
			t.Errorf("unlock %q: %v, want ErrNoAccount", bad, err)
		}
	}
}

// TestFlippedPasswordCheckIsDamage: the password check value is under the
// header MAC, so a damaged one reads as damage (or a mismatch), never as a
// wrong password, and never counts as a try.
func TestFlippedPasswordCheckIsDamage(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	good := readFile(t, e.vaultPath(id))
	start := 14 + int(binary.BigEndian.Uint32(good[10:14])) + 32
	for i := start; i < start+32; i++ {
		e.clk.advance(time.Second)
		writeFile(t, e.vaultPath(id), flipByte(good, i))
		_, err := e.store.Unlock(id, pw)
		if errors.Is(err, vault.ErrWrongPassword) || errors.Is(err, vault.ErrLockedOut) ||
			!(errors.Is(err, vault.ErrDamaged) || errors.Is(err, vault.ErrKeyringMismatch)) {
			t.Fatalf("check byte %d flipped: %v, want ErrDamaged or ErrKeyringMismatch", i-start, err)
		}
	}
	writeFile(t, e.vaultPath(id), good)
	if err := e.failPasswords(t, id, 4); errors.Is(err, vault.ErrLockedOut) {
		t.Fatal("flipped check bytes counted as failed tries")
	}
	e.signIn(t, id, secret)
}
