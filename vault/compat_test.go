package vault_test

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// v1Fixture is testdata/v1: two accounts written by the format-1 code
// (main at aeb7dfb), with their keyring items. "ready" finished setup and
// has two failed password tries in its throttle record; "half" was
// created and never enrolled.
type v1Fixture struct {
	Now        time.Time         `json:"now"`
	Password   string            `json:"password"`
	ReadyID    string            `json:"ready_id"`
	TOTPSecret string            `json:"totp_secret"`
	Codes      []string          `json:"codes"`
	HalfID     string            `json:"half_id"`
	Items      map[string]string `json:"items"`
}

// loadV1 puts the format-1 fixture into e's data directory and keyring.
func loadV1(t *testing.T, e *env) v1Fixture { return loadFixture(t, e, "v1") }

// loadFixture puts testdata/<name> into e's data directory and keyring:
// every account its fixture.json names a keyring item for.
func loadFixture(t *testing.T, e *env, name string) v1Fixture {
	t.Helper()
	var fx v1Fixture
	if err := json.Unmarshal(readFile(t, filepath.Join("testdata", name, "fixture.json")), &fx); err != nil {
		t.Fatal(err)
	}
	for id, it := range fx.Items {
		for _, suf := range []string{".vault", ".throttle"} {
			writeFile(t, filepath.Join(e.dir, id+suf), readFile(t, filepath.Join("testdata", name, id+suf)))
		}
		e.kr.set(itemKey(id), it)
	}
	e.clk.t = fx.Now
	return fx
}

func fileVersion(t *testing.T, path string) uint16 {
	t.Helper()
	return binary.BigEndian.Uint16(readFile(t, path)[8:10])
}

// TestFormat1StillOpens: a vault written by the first format opens with
// its password and second factor, keeps its throttle record's failures,
// and is rewritten in the current format at its next write.
func TestFormat1StillOpens(t *testing.T) {
	e := newEnv(t)
	fx := loadV1(t, e)
	if v := fileVersion(t, e.vaultPath(fx.ReadyID)); v != 1 {
		t.Fatalf("fixture is format %d", v)
	}
	infos, err := e.store.Accounts()
	if err != nil || len(infos) != 2 {
		t.Fatalf("accounts: %+v, %v", infos, err)
	}
	for _, inf := range infos {
		if inf.Problem != nil {
			t.Errorf("%s: %v", inf.Username, inf.Problem)
		}
	}
	// Two failures are on record: three more lock.
	e.clk.advance(time.Minute)
	if err := e.failPasswords(t, fx.ReadyID, 3); !errors.Is(err, vault.ErrLockedOut) {
		t.Fatalf("2 recorded + 3 new failures: %v, want a lockout", err)
	}
	e.clk.advance(vault.FirstLockout)
	a, err := e.store.Unlock(fx.ReadyID, fx.Password)
	if err != nil {
		t.Fatalf("unlock a format-1 vault: %v", err)
	}
	if _, err := a.VerifySecondFactor(fx.Codes[0]); err != nil {
		t.Fatalf("backup code on a format-1 vault: %v", err)
	}
	if n := a.Notes(); n != "" {
		t.Errorf("a format-1 vault has notes %q, want none", n)
	}
	if v := fileVersion(t, e.vaultPath(fx.ReadyID)); v != vault.FormatVersion {
		t.Errorf("after a write the file is format %d, want %d", v, vault.FormatVersion)
	}
	// The keyring item, of version 1 (49 bytes: key and counters), now
	// holds the security state too (version 3, 154 bytes).
	if it, err := base64.StdEncoding.DecodeString(e.kr.snapshot()[itemKey(fx.ReadyID)]); err != nil || len(it) != 154 || it[0] != 3 {
		t.Errorf("after a sign-in the keyring item is %d bytes, version %v (%v), want 154 bytes of version 3", len(it), it[:min(len(it), 1)], err)
	}
	a.Close()
	e.reopen(t)
	e.clk.advance(30 * time.Second)
	b, err := e.store.Unlock(fx.ReadyID, fx.Password)
	if err != nil {
		t.Fatalf("unlock after migration: %v", err)
	}
	if _, err := b.VerifySecondFactor(fx.Codes[0]); !errors.Is(err, vault.ErrCodeUsed) {
		t.Fatalf("spent code after migration: %v, want ErrCodeUsed", err)
	}
	if _, err := b.VerifySecondFactor(code(t, fx.TOTPSecret, e.clk.now())); err != nil {
		t.Fatalf("authenticator after migration: %v", err)
	}
	if _, err := os.Stat(e.vaultPath(fx.HalfID)); err != nil {
		t.Fatal(err)
	}
}

// TestFormat2StillOpens: a vault written by format 2 (testdata/v2, main at
// eb3c3c5, before the private notes) opens with no notes, takes notes,
// and is then format 3, which a format-2 build refuses as newer rather
// than drop the notes it cannot read.
func TestFormat2StillOpens(t *testing.T) {
	e := newEnv(t)
	fx := loadFixture(t, e, "v2")
	if v := fileVersion(t, e.vaultPath(fx.ReadyID)); v != 2 {
		t.Fatalf("fixture is format %d", v)
	}
	e.clk.advance(30 * time.Second)
	a, err := e.store.Unlock(fx.ReadyID, fx.Password)
	if err != nil {
		t.Fatalf("unlock a format-2 vault: %v", err)
	}
	if _, err := a.VerifySecondFactor(fx.Codes[0]); err != nil {
		t.Fatalf("backup code on a format-2 vault: %v", err)
	}
	if n := a.Notes(); n != "" {
		t.Errorf("a format-2 vault has notes %q, want none", n)
	}
	if err := a.SetNotes(noteMarker); err != nil {
		t.Fatal(err)
	}
	if v := fileVersion(t, e.vaultPath(fx.ReadyID)); v != 3 || vault.FormatVersion != 3 {
		t.Errorf("a vault with notes is format %d (FormatVersion %d), want 3", v, vault.FormatVersion)
	}
	a.Close()
	e.reopen(t)
	b := e.signIn(t, fx.ReadyID, fx.TOTPSecret)
	if n := b.Notes(); n != noteMarker {
		t.Errorf("notes after migration = %q, want %q", n, noteMarker)
	}
	if cs := b.Codes(); len(cs.Codes) != 10 || cs.Codes[0].Text != fx.Codes[0] || cs.Codes[0].Used.IsZero() {
		t.Errorf("after migration the set is %+v, want code 1 (%s) spent", cs, fx.Codes[0])
	}
}
