package app_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

// TestBadInputMatrix runs the bad-input matrix (DESIGN §6 and issue 10)
// through the application layer, the calls the screens make, and records
// the error each case gives, whether it counted as a failed try (measured
// in the throttle record, read with vault.Inspect) and what proves that
// nothing was lost. See scripts/security-tables.sh.
func TestBadInputMatrix(t *testing.T) {
	matrix.Run(t, "app", appMatrix(), newAmx, matrix.ActError[*amx])
}

// amxCase is one row of the matrix: its act gives back what the app said.
type amxCase = matrix.Case[*amx, error]

// amx is an App over an account with a history: a replaced set, a spent
// code of the current set.
type amx struct {
	matrix.State
	dir, id, pw, secret string
	c                   *clock
	kr                  *memKeyring
	a                   *app.App
	old, cur            vault.CodeSet
	item                string // the account's keyring item at the last Snapshot
	print               func() (printing.Outcome, error)
}

const amxUser = "alicé"

func (m *amx) config(t *testing.T) app.Config {
	return app.Config{
		DataDir: m.dir, Now: m.c.now, Keyring: m.kr, KeyringService: "sparekey-test", KeyringTimeout: 2 * time.Second,
		KDF: vault.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}, OpenDir: t.TempDir(),
		Print: func(context.Context, printing.Job) (printing.Outcome, error) { return m.print() },
	}
}

func (m *amx) open(t *testing.T) {
	t.Helper()
	a, err := app.Open(m.config(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	m.a = a
}

func newAmx(t *testing.T, dir string) *amx {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	m := &amx{dir: dir, pw: pw, c: &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)},
		kr: &memKeyring{items: map[string]string{}}}
	m.open(t)
	a := m.a
	wantStep(t, must(a.CreateAccount("Sparekey", amxUser, pw, pw)), app.StepEnrol)
	en := must(a.BeginEnrolment())
	m.secret = en.Secret
	wantStep(t, must(a.ConfirmEnrolment(code(t, en.Secret, m.c.now()))), app.StepSaveCodes)
	m.old = must(a.NewCodes())
	wantStep(t, must(a.AcknowledgeCodes()), app.StepHome)
	m.cur = must(a.RegenerateCodes())
	wantStep(t, must(a.AcknowledgeCodes()), app.StepHome)
	m.id = must(a.Accounts())[0].ID
	a.SignOut()
	noErr(t, m.second(m.cur.Codes[0].Text))
	a.SignOut()
	m.print = func() (printing.Outcome, error) { return printing.Outcome{}, nil }
	return m
}

// second signs in with the password and gives input as the second factor.
func (m *amx) second(input string) error {
	if _, err := m.a.SignIn(m.id, m.pw); err != nil {
		return err
	}
	_, err := m.a.VerifySecondFactor(input)
	return err
}

// signInAfter signs in with the password and a fresh authenticator code.
func (m *amx) signInAfter(t *testing.T) {
	t.Helper()
	m.c.advance(30 * time.Second)
	if _, err := m.a.SignIn(m.id, m.pw); err != nil {
		t.Fatalf("sign in after the case: %v", err)
	}
	res, err := m.a.VerifySecondFactor(code(t, m.secret, m.c.now()))
	if err != nil || res.Next != app.StepHome {
		t.Fatalf("second factor after the case: %+v, %v", res, err)
	}
}

// Snapshot reads the account offline with the App closed, then opens a
// new App, as a restart would, and notes the account's keyring item, for
// the cases that put it back.
func (m *amx) Snapshot(t *testing.T) vault.Snapshot {
	t.Helper()
	m.a.Close()
	s, err := vault.Inspect(m.dir, m.id, m.pw, vault.Options{Keyring: m.kr, Service: "sparekey-test", Now: m.c.now, KeyringTimeout: 2 * time.Second})
	m.open(t)
	if err != nil {
		t.Fatalf("the account cannot be read: %v", err)
	}
	m.item = m.kr.item(m.key())
	return s
}

// VaultPath is the account's vault file.
func (m *amx) VaultPath() string { return filepath.Join(m.dir, m.id+".vault") }

// SignInAfterCase waits out the longest lockout and signs in.
func (m *amx) SignInAfterCase(t *testing.T) string {
	m.c.advance(vault.MaxLockout)
	m.signInAfter(t)
	return "signs in after"
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	noErr(t, err)
	return b
}

// memKeyring is a keyring in memory whose calls can be made to fail.
type memKeyring struct {
	mu    sync.Mutex
	items map[string]string
	err   error
}

func (k *memKeyring) Get(service, user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return "", k.err
	}
	v, ok := k.items[service+"/"+user]
	if !ok {
		return "", vault.ErrKeyringNotFound
	}
	return v, nil
}

func (k *memKeyring) Set(service, user, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	k.items[service+"/"+user] = secret
	return nil
}

func (k *memKeyring) Delete(service, user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	delete(k.items, service+"/"+user)
	return nil
}

func (k *memKeyring) fail(err error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.err = err
}

func (k *memKeyring) item(key string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.items[key]
}

func (k *memKeyring) put(key, v string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.items[key] = v
}

// otherItem is a well-formed keyring item (version 1) with a fresh device
// key: the right shape, but not the key of the vault.
func otherItem() string {
	b := make([]byte, 49)
	rand.Read(b)
	b[0] = 1
	clear(b[33:])
	return base64.StdEncoding.EncodeToString(b)
}
