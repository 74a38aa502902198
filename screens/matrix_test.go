package screens

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

// TestBadInputMatrix drives the bad-input matrix (DESIGN §6 and issue 10)
// through the windows a person uses, and records the exact sentence each
// case shows, whether it counted as a failed try (measured in the
// throttle record) and what proves nothing was lost. The sentence must
// be the one the sentence table gives for the error the layers below
// return. See scripts/security-tables.sh.
func TestBadInputMatrix(t *testing.T) {
	matrix.Run(t, "screens", screenMatrix(), func(c smxCase) string { return c.name }, runScreenCase)
}

// smxCase is one row.
type smxCase struct {
	name, group, input string
	want               string // matrix.Name of the error whose sentence must show
	try                bool
	dir                func(t *testing.T) (string, bool)
	prep               func(t *testing.T, m *smx) // history, through the app, before the snapshot
	fault              func(t *testing.T, m *smx) // put in place before the window opens
	act                func(t *testing.T, m *smx) string
	fix                func(t *testing.T, m *smx)
	changes            bool
	sentence           string // what shows when it is not the error's sentence
}

// smx is a data directory with an account with a history (a replaced
// set, a spent code) and the window over it.
type smx struct {
	dir, id, pw, secret string
	clk                 *fakeClock
	h                   *harness
	old, cur            vault.CodeSet
	beforeFile          []byte
	before              vault.Snapshot
	left                []byte
	spent               map[int]bool
	proved              []string
	tmpfs               bool
}

const smxUser = "alicé"

func newSmx(t *testing.T, dir string) *smx {
	t.Helper()
	test.NewTempApp(t)
	if dir == "" {
		dir = t.TempDir()
	}
	m := &smx{dir: dir, pw: testPassword, clk: newFakeClock(), spent: map[int]bool{}}
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

func (m *smx) vaultPath() string { return filepath.Join(m.dir, m.id+".vault") }

func (m *smx) snapshot(t *testing.T) vault.Snapshot {
	t.Helper()
	s, err := vault.Inspect(m.dir, m.id, m.pw, vault.Options{Keyring: vault.SystemKeyring{}, Service: "sparekey-test",
		Now: m.clk.Now, KeyringTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("the account cannot be read: %v", err)
	}
	return s
}

func (m *smx) damage(t *testing.T, b []byte) {
	m.left = b
	if err := os.WriteFile(m.vaultPath(), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func putBackVault(t *testing.T, m *smx) {
	if err := os.WriteFile(m.vaultPath(), m.beforeFile, 0o600); err != nil {
		t.Fatal(err)
	}
}

// expected is the sentence the case must show.
func (c smxCase) expected() string {
	if c.sentence != "" {
		return c.sentence
	}
	err, ok := matrix.Err(c.want)
	if !ok {
		return "no sentinel " + c.want
	}
	return Message(err)
}

func runScreenCase(t *testing.T, c smxCase) matrix.Row {
	dir, tmpfs := "", false
	if c.dir != nil {
		dir, tmpfs = c.dir(t)
	}
	m := newSmx(t, dir)
	m.tmpfs = tmpfs
	if c.prep != nil {
		c.prep(t, m)
	}
	m.before, m.beforeFile = m.snapshot(t), readAll(t, m.vaultPath())
	if c.fault != nil {
		c.fault(t, m)
	}
	m.h = newHarness(t, m.dir, m.clk)
	got := c.act(t, m)
	m.h.ui.Close()
	if want := c.expected(); got != want {
		t.Fatalf("the window shows %q, want %q", got, want)
	}
	proof := append(m.proved, matrix.FileKept(t, m.dir, m.vaultPath(), m.beforeFile, m.left, c.changes)...)
	if t.Failed() {
		return matrix.Row{}
	}
	if c.fix != nil {
		c.fix(t, m)
	}
	kept, counted := matrix.StateKept(t, m.before, m.snapshot(t), m.spent, c.try, false)

	// The account opens through the windows, as a person would open it.
	m.clk.Advance(vault.MaxLockout + 30*time.Second)
	h := newHarness(t, m.dir, m.clk)
	if s, ok := h.ui.cur.(*signInScreen); ok && len(s.accounts) > 1 {
		s.account.SetSelectedIndex(slicesIndex(s.accounts, m.id))
	}
	h.signIn(m.pw)
	h.secondFactor(m.code(0))
	h.wantTitle("Home")
	proof = append(append(proof, kept...), "signs in to Home through the windows after")
	return matrix.Row{Case: c.name, Group: c.group, Input: c.input, Error: c.want, Sentence: got,
		FailedTry: counted, Proof: strings.Join(proof, "; ")}
}

func slicesIndex(infos []vault.Info, id string) int {
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
