package vault_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// TestSecondFactorEnforcedInVault: an account opened with the password
// alone shows no codes or log and refuses every change until the second
// factor is given, whatever the application layer does.
func TestSecondFactorEnforcedInVault(t *testing.T) {
	e := newEnv(t)
	id, secret := e.setUpID(t, "alice")
	first := e.signIn(t, id, secret)
	codes := first.Codes()

	e.clk.advance(30 * time.Second)
	h, err := e.store.Unlock(id, pw) // a new sign-in: the password only
	if err != nil {
		t.Fatal(err)
	}
	if n := len(h.Codes().Codes); n != 0 {
		t.Errorf("password only: Codes lists %d codes", n)
	}
	if n := len(first.Codes().Codes); n != 0 {
		t.Errorf("password only: an earlier handle still lists %d codes", n)
	}
	if n := len(h.Events()); n != 0 {
		t.Errorf("password only: Events lists %d events", n)
	}
	for what, f := range map[string]func() error{
		"RegenerateCodes":  func() error { _, err := h.RegenerateCodes(); return err },
		"BeginEnrolment":   func() error { _, err := h.BeginEnrolment(); return err },
		"ConfirmEnrolment": func() error { return h.ConfirmEnrolment(code(t, secret, e.clk.now())) },
		"CancelEnrolment":  h.CancelEnrolment,
		"AcknowledgeCodes": h.AcknowledgeCodes,
		"Record":           func() error { return h.Record(vault.EventCodesViewed, "") },
		"ChangePassword":   func() error { return h.ChangePassword(pw, "a different passphrase") },
		"CheckPassword":    func() error { return h.CheckPassword(pw) },
		"old handle regen": func() error { _, err := first.RegenerateCodes(); return err },
	} {
		if err := f(); !errors.Is(err, vault.ErrSecondFactorRequired) {
			t.Errorf("password only: %s: %v, want ErrSecondFactorRequired", what, err)
		}
	}
	if _, err := h.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	if got := h.Codes(); len(got.Codes) != 10 || got.Codes[0].Text != codes.Codes[0].Text {
		t.Fatalf("after both factors: %+v", got)
	}
	if len(h.Events()) == 0 {
		t.Error("after both factors: no events")
	}
	if _, err := h.RegenerateCodes(); err != nil {
		t.Errorf("after both factors: regenerate: %v", err)
	}
}

// TestQuitDuringEnrolmentLeavesNothing: a new account is written only once
// its authenticator is confirmed, so quitting during enrolment leaves no
// file, no throttle record and no keyring item, and nobody can finish the
// half-made account with its password.
func TestQuitDuringEnrolmentLeavesNothing(t *testing.T) {
	e := newEnv(t)
	a, err := e.store.Create("Sparekey", "alice", pw)
	if err != nil {
		t.Fatal(err)
	}
	id := a.Info().ID
	if _, err := a.BeginEnrolment(); err != nil {
		t.Fatal(err)
	}
	a.Close()
	e.reopen(t)
	if infos, _ := e.store.Accounts(); len(infos) != 0 {
		t.Errorf("accounts after quitting during enrolment: %+v", infos)
	}
	if items := e.kr.snapshot(); len(items) != 0 {
		t.Errorf("keyring items after quitting during enrolment: %v", items)
	}
	entries, _ := os.ReadDir(e.dir)
	for _, ent := range entries {
		if ent.Name() != ".lock" {
			t.Errorf("file %s left after quitting during enrolment", ent.Name())
		}
	}
	if b, err := e.store.Unlock(id, pw); err == nil {
		if _, err := b.BeginEnrolment(); err == nil {
			t.Fatal("the password alone enrols an authenticator on a half-made account")
		}
	}
}

// TestHalfMadeFormat1Account: an account that an older version wrote
// before its authenticator was confirmed does not sign in with the
// password alone.
func TestHalfMadeFormat1Account(t *testing.T) {
	e := newEnv(t)
	fx := loadV1(t, e)
	a, err := e.store.Unlock(fx.HalfID, fx.Password)
	if err == nil {
		if _, err := a.BeginEnrolment(); err == nil {
			t.Fatal("the password alone enrols an authenticator on a half-made account")
		}
		t.Fatal("a half-made account signs in with the password alone")
	}
	if !errors.Is(err, vault.ErrNotEnrolled) {
		t.Fatalf("half-made account: %v, want ErrNotEnrolled", err)
	}
	if err := e.store.Delete(fx.HalfID); err != nil {
		t.Fatalf("a half-made account cannot be removed: %v", err)
	}
}
