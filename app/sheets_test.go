package app_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/vault"
)

func TestSaveCodes(t *testing.T) {
	a, c, _, _ := readyApp(t, t.TempDir())
	if name := must(a.SaveFileName()); name != "sparekey_backup_codes_alice.txt" {
		t.Fatalf("proposed name %q", name)
	}
	c.advance(app.SudoWindow + time.Second)
	dst := filepath.Join(t.TempDir(), "codes.txt")
	if err := a.SaveCodes(dst); !errors.Is(err, app.ErrSudoRequired) {
		t.Fatalf("save without sudo: %v", err)
	}
	noErr(t, a.Reauthenticate(pw))
	set := must(a.ShowBackupCodes())
	id := must(a.Accounts())[0].ID
	a.SignOut()
	must(a.SignIn(id, pw))
	must(a.VerifySecondFactor(set.Codes[3].Text)) // one code used: it must not be saved
	noErr(t, a.Reauthenticate(pw))
	noErr(t, a.SaveCodes(dst))

	data, err := os.ReadFile(dst)
	noErr(t, err)
	for i, code := range set.Codes {
		if got := strings.Contains(string(data), code.Text); got != (i != 3) {
			t.Errorf("code %d in file: %v", i, got)
		}
	}
	if fi, _ := os.Stat(dst); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if ev := must(a.Activity())[0]; ev.Kind != vault.EventCodesSaved {
		t.Errorf("newest event %s", ev.Kind)
	}
	// A folder that cannot be written to fails with one clear error and
	// leaves nothing behind.
	if os.Geteuid() != 0 {
		ro := t.TempDir()
		noErr(t, os.Chmod(ro, 0o500))
		if err := a.SaveCodes(filepath.Join(ro, "x.txt")); err == nil {
			t.Fatal("saved into a read-only folder")
		}
	}
}

func TestCodeSheetDuringSetup(t *testing.T) {
	c := newClock()
	a := open(t, t.TempDir(), c)
	must(a.CreateAccount("Flow Production Tracking", "Flow Production Tracking123", pw, pw))
	en := must(a.BeginEnrolment())
	must(a.ConfirmEnrolment(code(t, en.Secret, c.now())))
	// The gate step shows the new set without asking for the password,
	// even after the sudo window.
	c.advance(app.SudoMax)
	sh := must(a.CodeSheet())
	if len(sh.Codes) != 10 || sh.Site != "Flow Production Tracking" {
		t.Fatalf("sheet %+v", sh)
	}
	if name := must(a.SaveFileName()); name != "flow production tracking_backup_codes_Flow Production Tracking123.txt" {
		t.Fatalf("proposed name %q", name)
	}
}

// TestSaveCodesOverFallsBack: when a toolkit dialog has already emptied
// the chosen file and the atomic write then fails (a full disk here), the
// sheet goes through the dialog's open file, so the file is not left
// empty.
func TestSaveCodesOverFallsBack(t *testing.T) {
	a, _, _, _ := readyApp(t, t.TempDir())
	set := must(a.ShowBackupCodes())
	dst := filepath.Join(t.TempDir(), "codes.txt")
	f, err := os.Create(dst) // what Fyne's save dialog hands over: the file, emptied
	noErr(t, err)
	// The disk holding the chosen folder is full; the data folder is not.
	atomicfile.TestHookWrite = func(f *os.File, b []byte) (int, error) {
		if filepath.Dir(f.Name()) == filepath.Dir(dst) {
			return 0, syscall.ENOSPC
		}
		return f.Write(b)
	}
	err = a.SaveCodesOver(dst, f)
	atomicfile.TestHookWrite = nil
	noErr(t, err)
	noErr(t, f.Close())
	data, err := os.ReadFile(dst)
	noErr(t, err)
	for _, code := range set.Codes {
		if !strings.Contains(string(data), code.Text) {
			t.Fatalf("code %s missing from the file written in place:\n%s", code.Text, data)
		}
	}
	if ev := must(a.Activity())[0]; ev.Kind != vault.EventCodesSaved {
		t.Fatalf("newest event %s", ev.Kind)
	}
	// With no fallback the full disk is reported as such.
	atomicfile.TestHookWrite = func(f *os.File, b []byte) (int, error) {
		if filepath.Dir(f.Name()) == filepath.Dir(dst) {
			return 0, syscall.ENOSPC
		}
		return f.Write(b)
	}
	defer func() { atomicfile.TestHookWrite = nil }()
	if err := a.SaveCodes(dst); !errors.Is(err, app.ErrDiskFull) {
		t.Fatalf("full disk: %v", err)
	}
}

// TestSaveCodesOverIsPrivate: Fyne's save dialog creates the chosen file
// with os.Create (0666 less the umask: 0644, readable by every user). When
// the sheet has to go through that file (the atomic write failed), the
// file is made 0600 before a code is written into it.
func TestSaveCodesOverIsPrivate(t *testing.T) {
	a, _, _, _ := readyApp(t, t.TempDir())
	must(a.ShowBackupCodes())
	dst := filepath.Join(t.TempDir(), "codes.txt")
	f, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	noErr(t, err)
	defer f.Close()
	noErr(t, f.Chmod(0o644)) // whatever the umask
	atomicfile.TestHookWrite = func(f *os.File, b []byte) (int, error) {
		if filepath.Dir(f.Name()) == filepath.Dir(dst) {
			return 0, syscall.ENOSPC
		}
		return f.Write(b)
	}
	defer func() { atomicfile.TestHookWrite = nil }()
	// Watch the file's mode at the moment the codes go in.
	w := &modeAtWrite{f: f}
	noErr(t, a.SaveCodesOver(dst, w))
	if w.mode != 0o600 {
		t.Fatalf("the codes went into a file of mode %v, want 0600", w.mode)
	}
	if fi, _ := os.Stat(dst); fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved file mode %v", fi.Mode().Perm())
	}
}

// modeAtWrite is Fyne's writer (an *os.File underneath, Chmod included)
// that notes the file's mode when the first bytes arrive.
type modeAtWrite struct {
	f    *os.File
	mode os.FileMode
}

func (w *modeAtWrite) Write(b []byte) (int, error) {
	if fi, err := w.f.Stat(); err == nil && w.mode == 0 {
		w.mode = fi.Mode().Perm()
	}
	return w.f.Write(b)
}

func (w *modeAtWrite) Chmod(mode os.FileMode) error { return w.f.Chmod(mode) }
