package app_test

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
	"github.com/zalando/go-keyring"
)

func TestMain(m *testing.M) {
	keyring.MockInit() // unit tests never touch a real keyring
	os.Exit(m.Run())
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newClock is the fake clock every test starts from.
func newClock() *clock { return &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)} }

const pw = "correct horse battery"

// readyApp opens an app in dir on a new clock, sets up "alice" (see setUp)
// and returns the app, its clock, the TOTP secret and the account ID.
func readyApp(t *testing.T, dir string) (*app.App, *clock, string, string) {
	t.Helper()
	c := newClock()
	a := open(t, dir, c)
	secret := setUp(t, a, c)
	return a, c, secret, must(a.Accounts())[0].ID
}

func open(t *testing.T, dir string, c *clock) *app.App {
	t.Helper()
	a, err := app.Open(app.Config{
		DataDir: dir, Now: c.now, Keyring: vault.SystemKeyring{}, KeyringService: "sparekey-test",
		KDF: vault.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}, OpenDir: t.TempDir(),
	})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// must returns v, and stops the test binary when err is set: Go cannot
// pass a multi-value call alongside t, and these calls must not fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantStep(t *testing.T, got, want app.Step) {
	t.Helper()
	if got != want {
		t.Fatalf("step = %v, want %v", got, want)
	}
}

// setUp creates "alice" and finishes setup; it returns the TOTP secret.
func setUp(t *testing.T, a *app.App, c *clock) string {
	t.Helper()
	wantStep(t, must(a.CreateAccount("Sparekey", "alice", pw, pw)), app.StepEnrol)
	en := must(a.BeginEnrolment())
	wantStep(t, must(a.ConfirmEnrolment(code(t, en.Secret, c.now()))), app.StepSaveCodes)
	if n := must(a.NewCodes()).Left(); n != 10 {
		t.Fatalf("new set has %d codes", n)
	}
	wantStep(t, must(a.AcknowledgeCodes()), app.StepHome)
	return en.Secret
}

func TestJourney(t *testing.T) {
	a, c, secret, id := readyApp(t, t.TempDir())
	a.SignOut()
	wantStep(t, a.Step(), app.StepSignIn)

	// TOTP sign-in needs a fresh step: the enrolment code is spent.
	wantStep(t, must(a.SignIn(id, pw)), app.StepSecondFactor)
	if _, err := a.VerifySecondFactor(code(t, secret, c.now())); !errors.Is(err, vault.ErrTOTPJustUsed) {
		t.Fatalf("enrolment code reused: %v", err)
	}
	c.advance(30 * time.Second)
	res := must(a.VerifySecondFactor(code(t, secret, c.now())))
	if res.Factor != vault.FactorAuthenticator || res.Next != app.StepHome || res.LowOnCodes {
		t.Fatalf("totp result %+v", res)
	}

	// Showing codes needs sudo mode.
	if _, err := a.ShowBackupCodes(); !errors.Is(err, app.ErrSudoRequired) {
		t.Fatalf("show without sudo: %v", err)
	}
	if err := a.Reauthenticate("not the password"); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("reauth wrong: %v", err)
	}
	if err := a.Reauthenticate(pw); err != nil {
		t.Fatal(err)
	}
	set := must(a.ShowBackupCodes())
	a.SignOut()

	// Spend codes down to three left: the app urges a new set.
	for i := range 7 {
		must(a.SignIn(id, pw))
		res := must(a.VerifySecondFactor(set.Codes[i].Text))
		if res.Factor != vault.FactorBackupCode || res.CodesLeft != 9-i || res.LowOnCodes != (9-i <= app.LowCodes) {
			t.Fatalf("backup sign-in %d: %+v", i, res)
		}
		a.SignOut()
	}
	must(a.SignIn(id, pw))
	if _, err := a.VerifySecondFactor(set.Codes[0].Text); !errors.Is(err, vault.ErrCodeUsed) {
		t.Fatalf("used code: %v", err)
	}
	must(a.VerifySecondFactor(set.Codes[8].Text))

	// Regenerate: the gate step comes back until acknowledged.
	noErr(t, a.Reauthenticate(pw))
	must(a.RegenerateCodes())
	wantStep(t, a.Step(), app.StepSaveCodes)
	wantStep(t, must(a.AcknowledgeCodes()), app.StepHome)
	a.SignOut()
	must(a.SignIn(id, pw))
	if _, err := a.VerifySecondFactor(set.Codes[9].Text); !errors.Is(err, vault.ErrCodeReplaced) {
		t.Fatalf("replaced code: %v", err)
	}

	kinds := map[vault.EventKind]int{}
	c.advance(30 * time.Second)
	must(a.VerifySecondFactor(code(t, secret, c.now())))
	for _, ev := range must(a.Activity()) {
		kinds[ev.Kind]++
	}
	for _, k := range []vault.EventKind{vault.EventSignIn, vault.EventSignInFailed, vault.EventBackupCodeUsed,
		vault.EventCodesGenerated, vault.EventCodesViewed, vault.EventTwoFactorEnabled, vault.EventAccountCreated} {
		if kinds[k] == 0 {
			t.Errorf("activity lacks %s: %v", k, kinds)
		}
	}
}

func TestSudoWindow(t *testing.T) {
	a, c, _, _ := readyApp(t, t.TempDir())
	// Creating the account just checked the password: sudo is on, and
	// lapses after SudoWindow without activity.
	if a.SudoRemaining() == 0 {
		t.Fatal("sudo off right after creation")
	}
	c.advance(app.SudoWindow + time.Second)
	if _, err := a.ShowBackupCodes(); !errors.Is(err, app.ErrSudoRequired) {
		t.Fatalf("after window: %v", err)
	}
	a.Touch()
	if a.SudoRemaining() != 0 {
		t.Fatal("activity revived lapsed sudo")
	}
	noErr(t, a.Reauthenticate(pw))
	// Activity extends it, but never past SudoMax from the check.
	for range 4 {
		c.advance(4 * time.Minute)
		a.Touch()
		if a.SudoRemaining() == 0 {
			break
		}
	}
	if a.SudoRemaining() != 0 {
		t.Fatalf("sudo lasts %v beyond the cap", a.SudoRemaining())
	}
}

func TestResumeSetup(t *testing.T) {
	c := newClock()
	dir := t.TempDir()
	a := open(t, dir, c)
	must(a.CreateAccount("Sparekey", "bob", pw, pw))
	must(a.BeginEnrolment())
	a.Close()

	// Quit during enrolment: nothing was saved, so the name is free again.
	a = open(t, dir, c)
	if infos := must(a.Accounts()); len(infos) != 0 {
		t.Fatalf("quitting during enrolment left %+v", infos)
	}
	wantStep(t, must(a.CreateAccount("Sparekey", "bob", pw, pw)), app.StepEnrol)
	en := must(a.BeginEnrolment())
	if again := must(a.BeginEnrolment()); again.Secret != en.Secret {
		t.Fatal("enrolment shows a new secret when begun again")
	}
	must(a.ConfirmEnrolment(code(t, en.Secret, c.now())))
	id := must(a.Accounts())[0].ID
	a.Close()

	// Quit before ticking the codes: the second factor first, then the gate.
	a = open(t, dir, c)
	wantStep(t, must(a.SignIn(id, pw)), app.StepSecondFactor)
	c.advance(30 * time.Second)
	res := must(a.VerifySecondFactor(code(t, en.Secret, c.now())))
	wantStep(t, res.Next, app.StepSaveCodes)
	wantStep(t, must(a.AcknowledgeCodes()), app.StepHome)
}

func TestRemoveAccount(t *testing.T) {
	a, _, _, id := readyApp(t, t.TempDir())
	a.SignOut()
	if err := a.RemoveAccount(id, "bob"); !errors.Is(err, app.ErrConfirmationMismatch) {
		t.Fatalf("wrong name: %v", err)
	}
	if err := a.RemoveAccount(id, "alice"); err != nil {
		t.Fatal(err)
	}
	if n := len(must(a.Accounts())); n != 0 {
		t.Fatalf("%d accounts left", n)
	}
	if _, err := keyring.Get("sparekey-test", id); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("keyring item left: %v", err)
	}
}

func TestChangePassword(t *testing.T) {
	a, c, secret, id := readyApp(t, t.TempDir())
	const next = "a much better passphrase"
	if err := a.ChangePassword(pw, next, next+"x"); !errors.Is(err, app.ErrPasswordsDiffer) {
		t.Fatalf("differ: %v", err)
	}
	if err := a.ChangePassword("wrong password!", next, next); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("wrong current: %v", err)
	}
	noErr(t, a.ChangePassword(pw, next, next))
	a.SignOut()
	if _, err := a.SignIn(id, pw); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("old password: %v", err)
	}
	must(a.SignIn(id, next))
	c.advance(30 * time.Second)
	must(a.VerifySecondFactor(code(t, secret, c.now())))
}

func TestSecondInstance(t *testing.T) {
	c := &clock{t: time.Now()}
	dir := t.TempDir()
	open(t, dir, c)
	if _, err := app.Open(app.Config{DataDir: dir, Keyring: vault.SystemKeyring{}}); !errors.Is(err, vault.ErrAnotherInstance) {
		t.Fatalf("second instance: %v", err)
	}
}
