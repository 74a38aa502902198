package app_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

func TestSaveCodes(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	a := open(t, t.TempDir(), c)
	setUp(t, a, c)
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
	c := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
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
