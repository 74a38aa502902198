package app_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

// TestBadInputMatrix runs the bad-input matrix (DESIGN §6 and issue 10)
// through the application layer, the calls the screens make, and records
// the error each case gives, whether it counted as a failed try (measured
// in the throttle record, read with vault.Inspect) and what proves that
// nothing was lost. See scripts/security-tables.sh.
func TestBadInputMatrix(t *testing.T) {
	matrix.Run(t, "app", appMatrix(), func(c amxCase) string { return c.name }, runAppCase)
}

// amxCase is one row of the matrix.
type amxCase struct {
	name, group, input string
	want               string // matrix.Name of the error the app must give
	try                bool   // whether it must count as a failed try
	dir                func(t *testing.T) (string, bool)
	prep               func(t *testing.T, m *amx) // history, before the snapshot
	act                func(t *testing.T, m *amx) error
	fix                func(t *testing.T, m *amx) // undoes the fault the case put in place
	changes            bool                       // the vault file may change
}

// amx is an App over an account with a history: a replaced set, a spent
// code of the current set.
type amx struct {
	dir, id, pw, secret string
	c                   *clock
	kr                  *memKeyring
	a                   *app.App
	old, cur            vault.CodeSet
	before              amxSnap
	spent               map[int]bool
	left                []byte
	proved              []string
	tmpfs               bool
	print               func() (printing.Outcome, error)
}

type amxSnap struct {
	file []byte
	item string
	vault.Snapshot
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
		kr: &memKeyring{items: map[string]string{}}, spent: map[int]bool{}}
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

// snapshot reads the account offline with the App closed, then opens a
// new App, as a restart would.
func (m *amx) snapshot(t *testing.T) amxSnap {
	t.Helper()
	m.a.Close()
	s, err := vault.Inspect(m.dir, m.id, m.pw, vault.Options{Keyring: m.kr, Service: "sparekey-test", Now: m.c.now, KeyringTimeout: 2 * time.Second})
	m.open(t)
	if err != nil {
		t.Fatalf("the account cannot be read: %v", err)
	}
	return amxSnap{file: readBytes(t, m.vaultPath()), item: m.kr.item(m.key()), Snapshot: s}
}

func (m *amx) vaultPath() string { return filepath.Join(m.dir, m.id+".vault") }

func (m *amx) damage(t *testing.T, b []byte) {
	t.Helper()
	m.left = b
	noErr(t, os.WriteFile(m.vaultPath(), b, 0o600))
}

func putBackFile(t *testing.T, m *amx) { noErr(t, os.WriteFile(m.vaultPath(), m.before.file, 0o600)) }

// readOnly makes dir read-only (matrix.ReadOnly), or where that is not
// possible fails every atomic write step with EROFS.
func readOnly(t *testing.T, dir string) (restore func()) {
	if restore, ok := matrix.ReadOnly(t, dir); ok {
		return restore
	}
	old := atomicfile.TestHookStep
	atomicfile.TestHookStep = func(step, path string) error { return &fs.PathError{Op: step, Path: path, Err: syscall.EROFS} }
	return func() { atomicfile.TestHookStep = old }
}

// diskFull makes dir's disk full: filled where it is a tmpfs, else every
// atomic write fails with ENOSPC.
func diskFull(t *testing.T, dir string, tmpfs bool) (free func()) {
	if tmpfs {
		return matrix.Fill(t, dir)
	}
	old := atomicfile.TestHookWrite
	atomicfile.TestHookWrite = func(*os.File, []byte) (int, error) { return 0, syscall.ENOSPC }
	return func() { atomicfile.TestHookWrite = old }
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	noErr(t, err)
	return b
}

func runAppCase(t *testing.T, c amxCase) matrix.Row {
	dir, tmpfs := "", false
	if c.dir != nil {
		dir, tmpfs = c.dir(t)
	}
	m := newAmx(t, dir)
	m.tmpfs = tmpfs
	if c.prep != nil {
		c.prep(t, m)
	}
	m.before = m.snapshot(t)
	err := c.act(t, m)
	if got := matrix.Name(err); got != c.want {
		t.Fatalf("got %s (%v), want %s", got, err, c.want)
	}
	proof := append(m.proved, matrix.FileKept(t, m.dir, m.vaultPath(), m.before.file, m.left, c.changes)...)
	if t.Failed() {
		return matrix.Row{}
	}
	if c.fix != nil {
		c.fix(t, m)
	}
	kept, counted := matrix.StateKept(t, m.before.Snapshot, m.snapshot(t).Snapshot, m.spent, c.try, false)
	m.c.advance(vault.MaxLockout)
	m.signInAfter(t)
	proof = append(append(proof, kept...), "signs in after")
	return matrix.Row{Case: c.name, Group: c.group, Input: c.input, Error: c.want, FailedTry: counted,
		Proof: strings.Join(proof, "; ")}
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
