package vault_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// noteMarker is a note text that appears nowhere else, so finding it in a
// file means the note is there in the clear.
const noteMarker = "PIN 4711 for the bank — zebra-quartz-marker"

// TestNotesRoundTrip: notes set after a complete sign-in come back after a
// restart and a new complete sign-in, and not before the second factor.
// Setting them writes the vault file alone (no keyring item) and logs
// nothing.
func TestNotesRoundTrip(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	a := e.signIn(t, id, secret)
	if got := a.Notes(); got != "" {
		t.Fatalf("new account's notes = %q, want empty", got)
	}
	events, itemWrites := len(a.Events()), e.kr.setCount()
	before := readFile(t, e.vaultPath(id))
	if err := a.SetNotes(noteMarker); err != nil {
		t.Fatalf("set notes: %v", err)
	}
	if got := a.Notes(); got != noteMarker {
		t.Fatalf("notes = %q, want %q", got, noteMarker)
	}
	if bytes.Equal(before, readFile(t, e.vaultPath(id))) {
		t.Error("setting notes did not rewrite the vault file")
	}
	if n := e.kr.setCount() - itemWrites; n != 0 {
		t.Errorf("setting notes wrote the keyring item %d times, want 0", n)
	}
	if n := len(a.Events()); n != events {
		t.Errorf("setting notes logged %d events, want none", n-events)
	}
	// Unchanged notes write nothing.
	written := readFile(t, e.vaultPath(id))
	if err := a.SetNotes(noteMarker); err != nil || !bytes.Equal(written, readFile(t, e.vaultPath(id))) {
		t.Errorf("setting the same notes again: %v, or the file changed", err)
	}
	a.Close()

	e.reopen(t)
	e.clk.advance(30 * time.Second)
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Notes(); got != "" {
		t.Errorf("notes with the password alone = %q, want none", got)
	}
	if err := b.SetNotes("overwritten"); !errors.Is(err, vault.ErrSecondFactorRequired) {
		t.Errorf("set notes with the password alone: %v, want ErrSecondFactorRequired", err)
	}
	if _, err := b.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	if got := b.Notes(); got != noteMarker {
		t.Errorf("notes after restart = %q, want %q", got, noteMarker)
	}
	b.Close()
	if err := b.SetNotes("after close"); !errors.Is(err, vault.ErrClosed) {
		t.Errorf("set notes after close: %v, want ErrClosed", err)
	}
	e.store.Close() // Inspect takes the directory's lock
	snap, err := e.inspect(id, pw)
	if err != nil || snap.Notes != noteMarker {
		t.Errorf("Inspect: notes %q, %v; want %q", snap.Notes, err, noteMarker)
	}
}

// TestNotesLimit: notes of exactly MaxNotesBytes are kept, one byte more
// or invalid UTF-8 is refused with its sentinel and changes nothing.
func TestNotesLimit(t *testing.T) {
	e := newEnv(t)
	a, _ := e.setUp(t, "alice")
	full := strings.Repeat("é", vault.MaxNotesBytes/2) // 2 bytes each
	if err := a.SetNotes(full); err != nil {
		t.Fatalf("notes of exactly %d bytes: %v", vault.MaxNotesBytes, err)
	}
	for _, c := range []struct {
		text string
		want error
	}{
		{full + "x", vault.ErrNotesTooLong},
		{"ok \xff not text", vault.ErrNotesNotText},
	} {
		if err := a.SetNotes(c.text); !errors.Is(err, c.want) {
			t.Errorf("set %d bytes: %v, want %v", len(c.text), err, c.want)
		}
		if err := vault.ValidateNotes(c.text); !errors.Is(err, c.want) {
			t.Errorf("validate %d bytes: %v, want %v", len(c.text), err, c.want)
		}
	}
	if a.Notes() != full {
		t.Error("a refused change altered the notes")
	}
}

// TestNotesNotInTheClear: the note text appears in no file of the data
// directory and not in the keyring, however it is encoded in the body.
func TestNotesNotInTheClear(t *testing.T) {
	e := newEnv(t)
	a, _ := e.setUp(t, "alice")
	if err := a.SetNotes(noteMarker); err != nil {
		t.Fatal(err)
	}
	a.Close()
	e.store.Close()
	// The marker's ASCII tail, so a JSON escape of "—" cannot hide it.
	needle := []byte("zebra-quartz-marker")
	err := filepath.WalkDir(e.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if bytes.Contains(readFile(t, path), needle) {
			t.Errorf("%s holds the note in the clear", d.Name())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range e.kr.snapshot() {
		if strings.Contains(v, string(needle)) {
			t.Errorf("keyring item %s holds the note", k)
		}
	}
}

// TestNotesSurvivePasswordChange: the notes are re-encrypted under the new
// key and open with the new password.
func TestNotesSurvivePasswordChange(t *testing.T) {
	e := newEnv(t)
	a, secret := e.setUp(t, "alice")
	id := a.Info().ID
	if err := a.SetNotes(noteMarker); err != nil {
		t.Fatal(err)
	}
	const next = "a whole new password here"
	if err := a.ChangePassword(pw, next); err != nil {
		t.Fatal(err)
	}
	a.Close()
	e.reopen(t)
	e.clk.advance(30 * time.Second)
	b, err := e.store.Unlock(id, next)
	if err != nil {
		t.Fatalf("unlock with the new password: %v", err)
	}
	if _, err := b.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	if got := b.Notes(); got != noteMarker {
		t.Errorf("notes after a password change = %q, want %q", got, noteMarker)
	}
}

// TestNotesFailedWriteKeepsOld: a note that cannot be written leaves the
// saved one in memory and on disk, and the next try succeeds.
func TestNotesFailedWriteKeepsOld(t *testing.T) {
	e := newEnv(t)
	a, secret := e.setUp(t, "alice")
	id := a.Info().ID
	if err := a.SetNotes("first"); err != nil {
		t.Fatal(err)
	}
	restore := failVaultWrites(false)
	err := a.SetNotes("second")
	restore()
	if !errors.Is(err, vault.ErrStorage) || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("set notes on a full disk: %v, want ErrStorage wrapping ENOSPC", err)
	}
	if got := a.Notes(); got != "first" {
		t.Fatalf("after a failed write notes = %q, want the saved %q", got, "first")
	}
	if err := a.SetNotes("second"); err != nil {
		t.Fatalf("retry: %v", err)
	}
	a.Close()
	e.reopen(t)
	if got := e.signIn(t, id, secret).Notes(); got != "second" {
		t.Errorf("after the retry notes = %q, want %q", got, "second")
	}
}
