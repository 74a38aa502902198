package vault_test

import (
	"errors"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/sparekey/sparekey/vault"
)

// testKDF keeps Argon2id cheap in tests; the format stores it per file.
var testKDF = vault.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)} }

type env struct {
	dir   string
	kr    *memKeyring
	clk   *clock
	store *vault.Store
	sets  map[string]vault.CodeSet // the first backup-code set of each account setUp made
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{dir: t.TempDir(), kr: newMemKeyring(), clk: newClock()}
	e.store = e.open(t)
	return e
}

func (e *env) open(t testing.TB) *vault.Store {
	t.Helper()
	s, err := vault.Open(e.dir, vault.Options{Keyring: e.kr, Service: "sparekey-test", Now: e.clk.now, KDF: testKDF, KeyringTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func (e *env) reopen(t testing.TB) {
	t.Helper()
	e.store.Close()
	e.store = e.open(t)
}

func code(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const pw = "correct horse battery"

// beginEnrolment creates account name (nothing is written yet) and
// begins its enrolment.
func (e *env) beginEnrolment(t testing.TB, name string) (*vault.Account, vault.Enrolment) {
	t.Helper()
	a, err := e.store.Create("Sparekey", name, pw)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatalf("begin enrolment: %v", err)
	}
	return a, en
}

// setUp creates a ready account and returns it with its TOTP secret.
func (e *env) setUp(t testing.TB, name string) (*vault.Account, string) {
	t.Helper()
	a, en := e.beginEnrolment(t, name)
	if err := a.ConfirmEnrolment(code(t, en.Secret, e.clk.now())); err != nil {
		t.Fatalf("confirm enrolment: %v", err)
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	if a.Stage() != vault.StageReady {
		t.Fatalf("stage = %v", a.Stage())
	}
	if e.sets == nil {
		e.sets = map[string]vault.CodeSet{}
	}
	e.sets[a.Info().ID] = a.Codes()
	return a, en.Secret
}

func TestSmokeFullFlow(t *testing.T) {
	e := newEnv(t)
	a, secret := e.setUp(t, "alice")
	id := a.Info().ID
	a.Close()
	e.clk.advance(31 * time.Second)

	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := a.VerifySecondFactor(code(t, secret, e.clk.now()))
	if err != nil || sf.Factor != vault.FactorAuthenticator || sf.CodesLeft != 10 {
		t.Fatalf("totp sign-in: %+v %v", sf, err)
	}
	bc := a.Codes().Codes[0].Text
	a2, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	sf, err = a2.VerifySecondFactor(bc)
	if err != nil || sf.Factor != vault.FactorBackupCode || sf.CodesLeft != 9 {
		t.Fatalf("backup sign-in: %+v %v", sf, err)
	}
	e.reopen(t)
	a3, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a3.VerifySecondFactor(bc); !errors.Is(err, vault.ErrCodeUsed) {
		t.Fatalf("reused code: %v", err)
	}
	if _, err := e.store.Unlock(id, "wrong password!!"); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	e.clk.advance(30 * time.Second)
	if _, err := a3.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	if n := len(a3.Events()); n < 5 {
		t.Fatalf("events: %d", n)
	}
}
