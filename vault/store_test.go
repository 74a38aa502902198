package vault_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

func TestAnotherInstance(t *testing.T) {
	e := newEnv(t)
	if _, err := openStore(t, e.dir, e.kr, e.clk, nil); !errors.Is(err, vault.ErrAnotherInstance) {
		t.Fatalf("second Open: %v, want ErrAnotherInstance", err)
	}
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(t, e.dir, e.kr, e.clk, nil); err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
}

// failVaultWrites makes every write of a vault file (not of a throttle
// record) fail with ENOSPC, until the returned function is called.
func failVaultWrites(all bool) (restore func()) {
	return vault.SetWriteHook(func(f *os.File, data []byte) (int, error) {
		if all || strings.Contains(filepath.Base(f.Name()), ".vault") {
			return 0, syscall.ENOSPC
		}
		return f.Write(data)
	})
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temp file %s left behind", e.Name())
		}
	}
}

func isDiskFull(err error) bool {
	return errors.Is(err, vault.ErrStorage) && errors.Is(err, syscall.ENOSPC)
}

func TestDiskFull(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	before := readFile(t, e.vaultPath(id))
	cs := a.Codes()

	restore := failVaultWrites(true)
	_, err := a.RegenerateCodes()
	restore()
	if !isDiskFull(err) {
		t.Fatalf("regenerate on a full disk: %v, want ErrStorage and ENOSPC", err)
	}
	if !bytes.Equal(readFile(t, e.vaultPath(id)), before) {
		t.Error("the failed write changed the file")
	}
	noTemps(t, e.dir)
	if got := a.Codes(); got.Codes[0].Text != cs.Codes[0].Text || !got.Acknowledged {
		t.Error("the failed regenerate changed the codes in memory")
	}

	// A sign-in whose own write fails fails, and the code is not spent.
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	restore = failVaultWrites(false)
	_, err = b.VerifySecondFactor(cs.Codes[4].Text)
	restore()
	if !isDiskFull(err) {
		t.Fatalf("sign-in on a full disk: %v, want ErrStorage and ENOSPC", err)
	}
	if !bytes.Equal(readFile(t, e.vaultPath(id)), before) {
		t.Error("the failed sign-in changed the vault file")
	}
	noTemps(t, e.dir)
	// (That the code was not spent in memory either shows below: it signs
	// in, leaving 9.)
	// Everything fails when nothing can be written, even the try's record.
	restore = failVaultWrites(true)
	_, err = b.VerifySecondFactor(cs.Codes[4].Text)
	restore()
	if !isDiskFull(err) {
		t.Fatalf("second factor with no writes at all: %v", err)
	}
	noTemps(t, e.dir)

	// With space again the old codes work, the one tried included.
	sf, err := b.VerifySecondFactor(cs.Codes[4].Text)
	if err != nil || sf.CodesLeft != 9 {
		t.Fatalf("the code after the disk is freed: %+v, %v", sf, err)
	}
	e.reopen(t)
	c, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.VerifySecondFactor(cs.Codes[4].Text); !errors.Is(err, vault.ErrCodeUsed) {
		t.Fatalf("the code after a restart: %v, want ErrCodeUsed", err)
	}
}

func TestDiskFullOnCreateAndUnlock(t *testing.T) {
	e := newEnv(t)
	a, en := e.beginEnrolment(t, "alice")
	// The first write of a new account is the confirmation's.
	for _, all := range []bool{true, false} {
		restore := failVaultWrites(all)
		err := a.ConfirmEnrolment(code(t, en.Secret, e.clk.now()))
		restore()
		if !isDiskFull(err) {
			t.Fatalf("confirm on a full disk: %v", err)
		}
		if infos, _ := e.store.Accounts(); len(infos) != 0 {
			t.Errorf("a failed create left %+v", infos)
		}
		if items := e.kr.snapshot(); len(items) != 0 {
			t.Errorf("a failed create left keyring items %v", items)
		}
		if entries, _ := os.ReadDir(e.dir); len(entries) != 1 {
			t.Errorf("a failed create left files %v", entries)
		}
		noTemps(t, e.dir)
		if a.Stage() != vault.StageEnrol {
			t.Errorf("after a failed confirmation: stage %v", a.Stage())
		}
	}
	// With space again the same code confirms.
	if err := a.ConfirmEnrolment(code(t, en.Secret, e.clk.now())); err != nil {
		t.Fatalf("confirm once the disk is freed: %v", err)
	}
	a.Close()

	id, _ := e.setUpID(t, "bob")
	restore := failVaultWrites(true)
	_, err := e.store.Unlock(id, pw)
	restore()
	if !isDiskFull(err) {
		t.Fatalf("unlock when the try cannot be recorded: %v, want ErrStorage", err)
	}
	noTemps(t, e.dir)
}

type dbusError struct{}

func (dbusError) Error() string {
	return "The name org.freedesktop.DBus.Error.ServiceUnknown was not provided by any .service files"
}

func TestKeyringFailures(t *testing.T) {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")

	e.kr.err = dbusError{}
	if err := e.store.CheckKeyring(); !errors.Is(err, vault.ErrNoKeyring) {
		t.Errorf("CheckKeyring without a service: %v, want ErrNoKeyring", err)
	}
	if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrNoKeyring) {
		t.Errorf("Unlock without a service: %v, want ErrNoKeyring", err)
	}
	if _, err := e.store.Create("Sparekey", "bob", pw); !errors.Is(err, vault.ErrNoKeyring) {
		t.Errorf("Create without a service: %v, want ErrNoKeyring", err)
	}
	e.kr.err = errors.New("org.freedesktop.Secret.Error.IsLocked: the collection is locked")
	if err := e.store.CheckKeyring(); !errors.Is(err, vault.ErrKeyringLocked) {
		t.Errorf("CheckKeyring on a locked keyring: %v, want ErrKeyringLocked", err)
	}
	e.kr.err = nil

	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	e.kr.mu.Lock()
	e.kr.block = block
	e.kr.mu.Unlock()
	e.store.Close()
	s, err := openStore(t, e.dir, e.kr, e.clk, func(o *vault.Options) { o.KeyringTimeout = 200 * time.Millisecond })
	if err != nil {
		t.Fatal(err)
	}
	for what, f := range map[string]func() error{
		"CheckKeyring": s.CheckKeyring,
		"Unlock":       func() error { _, err := s.Unlock(id, pw); return err },
		"Create":       func() error { _, err := s.Create("Sparekey", "bob", pw); return err },
	} {
		start := time.Now()
		err := f()
		if d := time.Since(start); !errors.Is(err, vault.ErrKeyringNoAnswer) || !errors.Is(err, vault.ErrKeyringLocked) ||
			d > time.Second || d < 150*time.Millisecond {
			t.Errorf("%s on a keyring that never answers: %v after %v, want ErrKeyringNoAnswer (and ErrKeyringLocked) after ~200ms", what, err, d)
		}
	}
}

func TestCreateRefusesExistingItem(t *testing.T) {
	// Every ID is fresh, so the only way to meet an existing item is a
	// keyring that claims every item exists.
	e := newEnv(t)
	kr := &everythingKeyring{memKeyring: e.kr}
	e.store.Close()
	s, err := openStore(t, e.dir, kr, e.clk, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create("Sparekey", "alice", pw); !errors.Is(err, vault.ErrKeyringItemExists) {
		t.Fatalf("create over an existing item: %v, want ErrKeyringItemExists", err)
	}
	if infos, _ := s.Accounts(); len(infos) != 0 {
		t.Errorf("accounts: %+v", infos)
	}
}

type everythingKeyring struct{ *memKeyring }

func (everythingKeyring) Get(service, user string) (string, error) { return randomItem(), nil }

func TestUsernames(t *testing.T) {
	e := newEnv(t)
	// Two half-made accounts may share a name; only the first confirmed
	// keeps it.
	pending, err := e.store.Create("Sparekey", "RENE\u0301", pw)
	if err != nil {
		t.Fatal(err)
	}
	en, err := pending.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	a, _ := e.setUp(t, "Rene\u0301")
	if err := pending.ConfirmEnrolment(code(t, en.Secret, e.clk.now())); !errors.Is(err, vault.ErrUsernameTaken) {
		t.Errorf("confirming a second account of the same name: %v, want ErrUsernameTaken", err)
	}
	if a.Info().Username != "Ren\u00e9" {
		t.Errorf("stored username %q, want the NFC form", a.Info().Username)
	}
	for _, name := range []string{"René", "RENÉ", "rene\u0301", "REne\u0301"} {
		if _, err := e.store.Create("Other site", name, pw); !errors.Is(err, vault.ErrUsernameTaken) {
			t.Errorf("create %q: %v, want ErrUsernameTaken", name, err)
		}
	}
	e.setUp(t, "Rene")
	if _, err := e.store.Create("Sparekey", "a/b", pw); !errors.Is(err, vault.ErrNameForbidden) {
		t.Errorf("bad username: %v", err)
	}
	if _, err := e.store.Create("", "carol", pw); !errors.Is(err, vault.ErrNameEmpty) {
		t.Errorf("empty site: %v", err)
	}
	if _, err := e.store.Create("Sparekey", "carol", "short"); !errors.Is(err, vault.ErrPasswordShort) {
		t.Errorf("short password: %v", err)
	}
	infos, _ := e.store.Accounts()
	if len(infos) != 2 || infos[0].Username != "Rene" || infos[1].Username != "René" {
		t.Errorf("accounts: %+v", infos)
	}
}

func TestPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e := &env{dir: dir, kr: newMemKeyring(), clk: newClock()}
	e.store = e.open(t)
	id, secret := e.setUpID(t, "alice")
	e.failPasswords(t, id, 1)
	e.signIn(t, id, secret)
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("data directory mode %v (%v), want 0700", st.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) < 3 {
		t.Fatalf("files: %v", entries)
	}
	for _, ent := range entries {
		info, err := ent.Info()
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v (%v), want 0600", ent.Name(), info.Mode().Perm(), err)
		}
	}
	nested := filepath.Join(t.TempDir(), "a", "b")
	if _, err := openStore(t, nested, e.kr, e.clk, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(nested); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("new nested data directory mode %v (%v)", st.Mode().Perm(), err)
	}
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	cs := a.Codes()
	const next = "a different passphrase"
	if err := a.ChangePassword(badPassword, next); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("change with a wrong current password: %v", err)
	}
	if err := a.ChangePassword(pw, "short"); !errors.Is(err, vault.ErrPasswordShort) {
		t.Fatalf("change to a short password: %v", err)
	}
	if err := a.ChangePassword(pw, next); err != nil {
		t.Fatal(err)
	}
	e.reopen(t)
	if _, err := e.store.Unlock(id, pw); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("old password after change: %v", err)
	}
	e.clk.advance(30 * time.Second)
	b, err := e.store.Unlock(id, next)
	if err != nil {
		t.Fatalf("new password: %v", err)
	}
	if _, err := b.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatalf("the authenticator after the change: %v", err)
	}
	got := b.Codes()
	for i := range cs.Codes {
		if got.Codes[i].Text != cs.Codes[i].Text {
			t.Fatal("the change altered the backup codes")
		}
	}
	if err := b.CheckPassword(next); err != nil {
		t.Errorf("CheckPassword: %v", err)
	}
	if err := b.CheckPassword(pw); !errors.Is(err, vault.ErrWrongPassword) {
		t.Errorf("CheckPassword with the old one: %v", err)
	}
	found := false
	for _, ev := range b.Events() {
		found = found || ev.Kind == vault.EventPasswordChanged
	}
	if !found {
		t.Error("no password-changed event")
	}
}

func TestAuditKeepsNewest1000(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	const n = vault.MaxEvents + 50
	for i := range n {
		if err := a.Record(vault.EventCodesViewed, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	// after is how many events (sign-ins) came after the records.
	check := func(a *vault.Account, newest, after int) {
		t.Helper()
		ev := a.Events()
		if len(ev) != vault.MaxEvents {
			t.Fatalf("log has %d events, want %d", len(ev), vault.MaxEvents)
		}
		if ev[after].Detail != fmt.Sprint(newest) || ev[len(ev)-1].Detail != fmt.Sprint(newest-vault.MaxEvents+1+after) {
			t.Errorf("log runs from %q to %q", ev[after].Detail, ev[len(ev)-1].Detail)
		}
	}
	check(a, n-1, 0)
	e.reopen(t)
	check(e.signIn(t, id, secret), n-1, 1)
}
