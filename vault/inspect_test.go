package vault_test

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// inspect reads account id of e's directory offline, as e2e/inspect does.
func (e *env) inspect(id, password string) (vault.Snapshot, error) {
	return vault.Inspect(e.dir, id, password, vault.Options{Keyring: e.kr, Service: testService, Now: e.clk.now, KeyringTimeout: 2 * time.Second})
}

// dirState is every file of a directory with its contents and mode time,
// and every keyring item, to show that nothing was written.
type dirState struct {
	files map[string]string
	items map[string]string
	sets  int
}

func (e *env) state(t *testing.T) dirState {
	t.Helper()
	entries, err := os.ReadDir(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	st := dirState{files: map[string]string{}}
	for _, en := range entries {
		fi, err := en.Info()
		if err != nil {
			t.Fatal(err)
		}
		st.files[en.Name()] = fi.ModTime().String() + " " + string(readFile(t, filepath.Join(e.dir, en.Name())))
	}
	st.items = e.kr.snapshot()
	e.kr.mu.Lock()
	st.sets = e.kr.sets
	e.kr.mu.Unlock()
	return st
}

// changes names what differs between two states.
func (st dirState) changes(o dirState) []string {
	var out []string
	for name := range maps.Keys(st.files) {
		if o.files[name] != st.files[name] {
			out = append(out, name)
		}
	}
	for name := range maps.Keys(o.files) {
		if _, ok := st.files[name]; !ok {
			out = append(out, name+" (new)")
		}
	}
	if !maps.Equal(st.items, o.items) || st.sets != o.sets {
		out = append(out, "keyring")
	}
	return out
}

// TestInspectReadsWithoutWriting: Inspect shows what a signed-in account
// shows, and writes nothing: no throttle record (wrong passwords are not
// counted and a lockout does not stop it), no log entry, no keyring item.
func TestInspectReadsWithoutWriting(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	want, wantEvents := a.Codes(), a.Events()
	a.Close()
	e.failPasswords(t, id, 5) // locked out, five failures waiting for the log
	e.store.Close()

	before := e.state(t)
	snap, err := e.inspect(id, pw)
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	if snap.Info.ID != id || snap.Info.Username != "alice" || snap.Stage != vault.StageReady || snap.TwoFactorSince.IsZero() {
		t.Errorf("snapshot %+v / stage %v / since %v", snap.Info, snap.Stage, snap.TwoFactorSince)
	}
	if !slices.Equal(snap.Codes.Codes, want.Codes) || !snap.Codes.Acknowledged || !snap.Codes.Created.Equal(want.Created) {
		t.Errorf("codes %+v, want %+v", snap.Codes, want)
	}
	if !slices.EqualFunc(snap.Events, wantEvents, func(x, y vault.Event) bool { return x.Kind == y.Kind && x.Factor == y.Factor && x.Time.Equal(y.Time) }) {
		t.Errorf("events %v, want %v", snap.Events, wantEvents)
	}
	if n := len(snap.FailedTries); n != 6 || snap.FailedTries[0].Kind != vault.EventSignInFailed || snap.FailedTries[5].Kind != vault.EventLockout {
		t.Errorf("failed tries %v, want 5 failures and a lockout", snap.FailedTries)
	}
	if !snap.LockedUntil.After(e.clk.now()) {
		t.Errorf("locked until %v, want after %v", snap.LockedUntil, e.clk.now())
	}
	for range 10 {
		if _, err := e.inspect(id, badPassword); !errors.Is(err, vault.ErrWrongPassword) || errors.Is(err, vault.ErrLockedOut) {
			t.Fatalf("wrong password: %v, want ErrWrongPassword alone", err)
		}
	}
	if ch := before.changes(e.state(t)); len(ch) > 0 {
		t.Fatalf("Inspect wrote: %v changed", ch)
	}

	// The app sees the same throttle record: ten wrong passwords later the
	// lockout is the one the five failures started, no longer.
	e.store = e.open(t)
	e.clk.advance(vault.FirstLockout)
	b := e.signIn(t, id, secret)
	ev := b.Events()
	if n := countKind(ev, vault.EventSignInFailed); n != 5 {
		t.Errorf("the log folded %d failed tries in, want 5 (Inspect's are not tries)", n)
	}
}

func countKind(ev []vault.Event, k vault.EventKind) int {
	n := 0
	for _, e := range ev {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// TestInspectRefusals: Inspect waits for no running store (it needs the
// directory's lock) and reports what Unlock would report.
func TestInspectRefusals(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	if _, err := e.inspect(id, pw); !errors.Is(err, vault.ErrAnotherInstance) {
		t.Fatalf("while the store is open: %v, want ErrAnotherInstance", err)
	}
	old := readFile(t, e.vaultPath(id))
	e.signIn(t, id, secret).Close() // a write: the keyring's counter moves on
	e.store.Close()

	if _, err := e.inspect("00112233445566778899aabbccddeeff", pw); !errors.Is(err, vault.ErrNoAccount) {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := e.inspect(id, pw); err != nil {
		t.Fatalf("inspect: %v", err)
	}
	cur := readFile(t, e.vaultPath(id))
	writeFile(t, e.vaultPath(id), old)
	// An older copy opens with the keyring's state, as Unlock opens it
	// (DESIGN §3, revised); only one from before a password change or an
	// authenticator reset is refused (TestRestoreEveryOlderGeneration).
	if _, err := e.inspect(id, pw); err != nil {
		t.Errorf("older copy: %v, want it read with the keyring's state", err)
	}
	writeFile(t, e.vaultPath(id), flipByte(cur, len(cur)-1))
	if _, err := e.inspect(id, pw); !errors.Is(err, vault.ErrDamaged) {
		t.Errorf("damaged body: %v, want ErrDamaged", err)
	}
	writeFile(t, e.vaultPath(id), cur)
	item := e.kr.snapshot()[itemKey(id)]
	e.kr.set(itemKey(id), randomItem())
	if _, err := e.inspect(id, pw); !errors.Is(err, vault.ErrKeyringMismatch) {
		t.Errorf("another item: %v, want ErrKeyringMismatch", err)
	}
	e.kr.Delete(testService, id)
	if _, err := e.inspect(id, pw); !errors.Is(err, vault.ErrKeyringItemMissing) {
		t.Errorf("no item: %v, want ErrKeyringItemMissing", err)
	}
	e.kr.set(itemKey(id), item)
	os.Remove(e.throttlePath(id))
	if snap, err := e.inspect(id, pw); err != nil || snap.LockedUntil.Sub(e.clk.now()) != vault.MaxLockout {
		t.Errorf("no throttle record: locked until %v, %v; want the full lockout Unlock would start", snap.LockedUntil, err)
	}
	if _, err := os.Stat(e.throttlePath(id)); !os.IsNotExist(err) {
		t.Errorf("Inspect wrote a throttle record: %v", err)
	}
}

// TestInspectFormat1: a format-1 file is read as it is, not migrated; a
// half-made account from an older version reads as waiting for enrolment.
func TestInspectFormat1(t *testing.T) {
	e := newEnv(t)
	fx := loadV1(t, e)
	e.store.Close()
	before := readFile(t, e.vaultPath(fx.ReadyID))
	snap, err := e.inspect(fx.ReadyID, fx.Password)
	if err != nil {
		t.Fatalf("inspect format 1: %v", err)
	}
	if snap.Stage != vault.StageReady || !slices.Contains(snap.Codes.Active(), fx.Codes[0]) || len(snap.FailedTries) != 2 {
		t.Errorf("format 1: stage %v, codes %v, failed tries %v", snap.Stage, snap.Codes.Active(), snap.FailedTries)
	}
	if !bytes.Equal(readFile(t, e.vaultPath(fx.ReadyID)), before) {
		t.Error("Inspect rewrote a format-1 file")
	}
	half, err := e.inspect(fx.HalfID, fx.Password)
	if err != nil || half.Stage != vault.StageEnrol || len(half.Codes.Codes) != 0 {
		t.Errorf("half-made account: stage %v, %d codes, %v", half.Stage, len(half.Codes.Codes), err)
	}
}
