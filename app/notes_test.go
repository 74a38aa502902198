package app_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// signInBoth signs account id in with the password and a fresh
// authenticator code.
func signInBoth(t *testing.T, a *app.App, c *clock, id, secret string) {
	t.Helper()
	c.advance(30 * time.Second)
	wantStep(t, must(a.SignIn(id, pw)), app.StepSecondFactor)
	must(a.VerifySecondFactor(code(t, secret, c.now())))
}

// TestNotesEditAndSave: an edit lives in memory until SaveNotes writes
// it; the notes come back after a sign-out and a complete sign-in, and
// are refused before the second factor.
func TestNotesEditAndSave(t *testing.T) {
	dir := t.TempDir()
	a, c, secret, id := readyApp(t, dir)
	vaultFile := filepath.Join(dir, id+".vault")

	if n := must(a.Notes()); n != "" {
		t.Fatalf("new account's notes: %q", n)
	}
	before := must(os.ReadFile(vaultFile))
	noErr(t, a.EditNotes("draft one"))
	if string(must(os.ReadFile(vaultFile))) != string(before) {
		t.Error("EditNotes wrote the vault file; only SaveNotes may")
	}
	if n := must(a.Notes()); n != "draft one" {
		t.Errorf("Notes after an edit = %q, want the edit", n)
	}
	noErr(t, a.SaveNotes())
	noErr(t, a.SaveNotes()) // nothing new: no error, no write

	// Over the limit: refused, the last accepted edit stays.
	if err := a.EditNotes(strings.Repeat("x", app.MaxNotesBytes+1)); !errors.Is(err, app.ErrNotesTooLong) {
		t.Errorf("edit over the limit: %v, want ErrNotesTooLong", err)
	}
	if n := must(a.Notes()); n != "draft one" {
		t.Errorf("after a refused edit Notes = %q", n)
	}

	a.SignOut()
	if _, err := a.Notes(); !errors.Is(err, app.ErrNotSignedIn) {
		t.Errorf("Notes signed out: %v", err)
	}
	c.advance(30 * time.Second)
	wantStep(t, must(a.SignIn(id, pw)), app.StepSecondFactor)
	if _, err := a.Notes(); !errors.Is(err, app.ErrNotSignedIn) {
		t.Errorf("Notes with the password alone: %v, want ErrNotSignedIn", err)
	}
	if err := a.EditNotes("sneaky"); !errors.Is(err, app.ErrNotSignedIn) {
		t.Errorf("EditNotes with the password alone: %v, want ErrNotSignedIn", err)
	}
	must(a.VerifySecondFactor(code(t, secret, c.now())))
	if n := must(a.Notes()); n != "draft one" {
		t.Errorf("notes after signing in again = %q, want %q", n, "draft one")
	}
}

// TestNotesUnsavedEditSavedAtSignOutAndClose: an edit SaveNotes never
// wrote is written when the session ends, by a sign-out (in the
// background, which the next sign-in waits for) or by Close.
func TestNotesUnsavedEditSavedAtSignOutAndClose(t *testing.T) {
	dir := t.TempDir()
	a, c, secret, id := readyApp(t, dir)

	noErr(t, a.EditNotes("typed just before signing out"))
	a.SignOut()
	signInBoth(t, a, c, id, secret)
	if n := must(a.Notes()); n != "typed just before signing out" {
		t.Fatalf("after sign-out and sign-in notes = %q", n)
	}

	noErr(t, a.EditNotes("typed just before quitting"))
	noErr(t, a.Close())
	b := open(t, dir, c)
	signInBoth(t, b, c, id, secret)
	if n := must(b.Notes()); n != "typed just before quitting" {
		t.Errorf("after Close and a restart notes = %q", n)
	}
}

// TestNotesFailedSaveKeepsEdit: when the vault file cannot be replaced
// the edit stays (Notes returns it, the error says why) and the next
// SaveNotes writes it.
func TestNotesFailedSaveKeepsEdit(t *testing.T) {
	dir := t.TempDir()
	a, c, secret, id := readyApp(t, dir)
	vaultFile := filepath.Join(dir, id+".vault")

	// A directory in the file's place: the atomic rename onto it fails
	// (permissions would not stop a test run as root).
	saved := must(os.ReadFile(vaultFile))
	noErr(t, os.Remove(vaultFile))
	noErr(t, os.MkdirAll(filepath.Join(vaultFile, "in-the-way"), 0o700))
	noErr(t, a.EditNotes("must not be lost"))
	if err := a.SaveNotes(); !errors.Is(err, vault.ErrStorage) {
		t.Fatalf("save onto a directory: %v, want ErrStorage", err)
	}
	if n := must(a.Notes()); n != "must not be lost" {
		t.Fatalf("after a failed save Notes = %q", n)
	}
	noErr(t, os.RemoveAll(vaultFile))
	noErr(t, os.WriteFile(vaultFile, saved, 0o600))
	noErr(t, a.SaveNotes())
	a.SignOut()
	signInBoth(t, a, c, id, secret)
	if n := must(a.Notes()); n != "must not be lost" {
		t.Errorf("after the retry notes = %q", n)
	}
}

// TestNotesNewestEditWins: saves racing with edits never leave an older
// edit on disk after a newer one.
func TestNotesNewestEditWins(t *testing.T) {
	a, c, secret, id := readyApp(t, t.TempDir())
	var wg sync.WaitGroup
	last := ""
	for i := range 40 {
		last = fmt.Sprintf("edit %d", i)
		noErr(t, a.EditNotes(last))
		wg.Go(func() { _ = a.SaveNotes() })
	}
	wg.Wait()
	noErr(t, a.SaveNotes())
	a.SignOut()
	signInBoth(t, a, c, id, secret)
	if n := must(a.Notes()); n != last {
		t.Errorf("notes after racing saves = %q, want the newest edit %q", n, last)
	}
}

// TestNotesSignInAgainWhileUnsaved: signing in again to the same account
// while the ended session still has an unsaved edit writes it, and the
// new session's account is not closed by the old session's ending (the
// store hands out one handle per account).
func TestNotesSignInAgainWhileUnsaved(t *testing.T) {
	a, c, secret, id := readyApp(t, t.TempDir())
	for i := range 5 {
		text := fmt.Sprintf("unsaved %d", i)
		noErr(t, a.EditNotes(text))
		signInBoth(t, a, c, id, secret) // no SignOut: SignIn ends the session
		if n := must(a.Notes()); n != text {
			t.Fatalf("round %d: notes %q, want %q", i, n, text)
		}
		time.Sleep(10 * time.Millisecond)
		if err := a.EditNotes("still open"); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
		if err := a.SaveNotes(); err != nil {
			t.Fatalf("round %d: the new session's account: %v", i, err)
		}
	}
}

// TestNotesRemoveAccountWhileUnsaved: removing the signed-in account with
// an unsaved edit leaves no vault file behind. The ending session's notes
// write races with the removal; the vault's Delete wipes the account's
// handle, so a write that comes after it fails (ErrClosed) rather than
// bring the file back.
func TestNotesRemoveAccountWhileUnsaved(t *testing.T) {
	dir := t.TempDir()
	a, _, _, id := readyApp(t, dir)
	noErr(t, a.EditNotes("unsaved when the account goes"))
	noErr(t, a.RemoveAccount(id, "alice"))
	time.Sleep(50 * time.Millisecond)
	if _, err := os.Stat(filepath.Join(dir, id+".vault")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after removing the account its vault file: %v, want it gone", err)
	}
}
