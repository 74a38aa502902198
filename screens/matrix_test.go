package screens

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/internal/matrix"
)

// TestBadInputMatrix drives the bad-input matrix (DESIGN §6 and issue 10)
// through the windows a person uses, and records the exact sentence each
// case shows, whether it counted as a failed try (measured in the
// throttle record) and what proves nothing was lost. The sentence must
// be the one the sentence table gives for the error the layers below
// return. See scripts/security-tables.sh.
func TestBadInputMatrix(t *testing.T) {
	matrix.Run(t, "screens", screenMatrix(), newSmx, actScreen)
}

// smxCase is one row: its act gives back the sentence the window shows.
type smxCase = matrix.Case[*smx, string]

// smx is a data directory with an account with a history (a replaced
// set, a spent code) and the window over it.
type smx struct {
	matrix.State
	dir, id, pw, secret string
	clk                 *fakeClock
	h                   *harness
	old, cur            app.CodeSet
}

const smxUser = "alicé"

func newSmx(t *testing.T, dir string) *smx {
	t.Helper()
	test.NewTempApp(t)
	if dir == "" {
		dir = t.TempDir()
	}
	m := &smx{dir: dir, pw: testPassword, clk: newFakeClock()}
	a := m.app(t)
	defer a.Close()
	if _, err := a.CreateAccount("Sparekey", smxUser, m.pw, m.pw); err != nil {
		t.Fatal(err)
	}
	en := keep(a.BeginEnrolment())
	m.secret = en.Secret
	keep(a.ConfirmEnrolment(m.code(0)))
	m.old = keep(a.NewCodes())
	keep(a.AcknowledgeCodes())
	m.cur = keep(a.RegenerateCodes())
	keep(a.AcknowledgeCodes())
	m.id = keep(a.Accounts())[0].ID
	a.SignOut()
	keep(a.SignIn(m.id, m.pw))
	keep(a.VerifySecondFactor(m.cur.Codes[0].Text))
	return m
}

// keep returns v, and stops the test binary when a call of the history
// fails (Go cannot pass a multi-value call alongside t).
func keep[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// app opens the app layer directly, for the history before the window.
func (m *smx) app(t *testing.T) *app.App {
	t.Helper()
	cfg := (&harness{t: t, dir: m.dir, clk: m.clk}).config()
	cfg.BlockingCall = nil
	a, err := app.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// code is the authenticator's code steps time steps from now.
func (m *smx) code(steps int) string {
	at := m.clk.Now().Add(time.Duration(steps) * 30 * time.Second)
	return keep(totp.GenerateCodeCustom(m.secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}))
}

// VaultPath is the account's vault file.
func (m *smx) VaultPath() string { return filepath.Join(m.dir, m.id+".vault") }

// Snapshot reads the account offline (no window is open on it then).
func (m *smx) Snapshot(t *testing.T) app.Snapshot {
	t.Helper()
	s, err := app.Inspect(m.dir, m.id, m.pw, app.Options{Keyring: app.SystemKeyring{}, Service: "sparekey-test",
		Now: m.clk.Now, KeyringTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("the account cannot be read: %v", err)
	}
	return s
}

// expected is the sentence c must show.
func expected(c smxCase) string {
	if c.Sentence != "" {
		return c.Sentence
	}
	err, ok := matrix.Err(c.Want)
	if !ok {
		return "no sentinel " + c.Want
	}
	return Message(err)
}

// actScreen opens the window, runs the case's act in it and checks that
// the window shows the sentence the case must show.
func actScreen(t *testing.T, c smxCase, m *smx) string {
	m.h = newHarness(t, m.dir, m.clk)
	got := c.Act(t, m)
	m.h.ui.Close()
	if want := expected(c); got != want {
		t.Fatalf("the window shows %q, want %q", got, want)
	}
	return got
}

// SignInAfterCase waits out the longest lockout and opens the account
// through the windows, as a person would open it.
func (m *smx) SignInAfterCase(t *testing.T) string {
	m.clk.Advance(app.MaxLockout + 30*time.Second)
	h := newHarness(t, m.dir, m.clk)
	if s, ok := h.ui.cur.(*signInScreen); ok && len(s.accounts) > 1 {
		s.account.SetSelectedIndex(slicesIndex(s.accounts, m.id))
	}
	h.signIn(m.pw)
	h.secondFactor(m.code(0))
	h.wantTitle("Home")
	return "signs in to Home through the windows after"
}

func slicesIndex(infos []app.Info, id string) int {
	for i, inf := range infos {
		if inf.ID == id {
			return i
		}
	}
	return -1
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
