package vault_test

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/vault"
)

// TestBadInputMatrix runs every case of the bad-input matrix (DESIGN §6
// and issue 10) against the vault and records, for docs/SECURITY.md, the
// error each gives, whether it counted as a failed try (measured in the
// throttle record) and what was checked to show nothing was lost. A
// normal run fails when the rows differ from the stored ones; see
// scripts/security-tables.sh.
func TestBadInputMatrix(t *testing.T) {
	matrix.Run(t, "vault", vaultMatrix(), newMx, matrix.ActError[*mx])
}

// mxCase is one row of the matrix: its act gives back what the vault said.
type mxCase = matrix.Case[*mx, error]

// mx is an account with a history: a replaced set, a spent code of the
// current set, a used authenticator step.
type mx struct {
	*env
	matrix.State
	id, user, pw, secret string
	old, cur             vault.CodeSet
	item                 string // the account's keyring item at the last Snapshot
}

const mxUser = "alicé" // with an accent, for the NFD row

func newMx(t *testing.T, dir string) *mx {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	e := &env{dir: dir, kr: newMemKeyring(), clk: newClock()}
	e.store = e.open(t)
	m := &mx{env: e, user: mxUser, pw: pw}
	m.id, m.secret = e.setUpID(t, mxUser)
	m.old = e.sets[m.id]
	a := e.signIn(t, m.id, m.secret)
	var err error
	if m.cur, err = a.RegenerateCodes(); err != nil {
		t.Fatal(err)
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	m.backupSignIn(t, 0)
	return m
}

// backupSignIn signs in with code i of the current set.
func (m *mx) backupSignIn(t *testing.T, i int) {
	t.Helper()
	a, err := m.store.Unlock(m.id, m.pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.VerifySecondFactor(m.cur.Codes[i].Text); err != nil {
		t.Fatal(err)
	}
}

// second unlocks with the password and gives input as the second factor.
func (m *mx) second(input string) error {
	a, err := m.store.Unlock(m.id, m.pw)
	if err != nil {
		return err
	}
	_, err = a.VerifySecondFactor(input)
	return err
}

// VaultPath is the account's vault file.
func (m *mx) VaultPath() string { return m.vaultPath(m.id) }

// Snapshot reads the account offline (the store is closed meanwhile, as
// Inspect needs the directory's lock), reopens the store and notes the
// account's keyring item, for the cases that put it back.
func (m *mx) Snapshot(t *testing.T) vault.Snapshot {
	t.Helper()
	m.store.Close()
	s, err := m.inspect(m.id, m.pw)
	m.store = m.open(t)
	if err != nil {
		t.Fatalf("the account cannot be read: %v", err)
	}
	m.item = m.kr.snapshot()[itemKey(m.id)]
	return s
}

// SignInAfterCase waits out the longest lockout and signs in.
func (m *mx) SignInAfterCase(t *testing.T) string {
	m.clk.advance(vault.MaxLockout)
	m.signInAfter(t).Close()
	return "signs in after"
}

// signInAfter signs in with the password and a fresh authenticator code.
func (m *mx) signInAfter(t *testing.T) *vault.Account {
	t.Helper()
	m.clk.advance(30 * time.Second)
	a, err := m.store.Unlock(m.id, m.pw)
	if err != nil {
		t.Fatalf("unlock after the case: %v", err)
	}
	if _, err := a.VerifySecondFactor(code(t, m.secret, m.clk.now())); err != nil {
		t.Fatalf("second factor after the case: %v", err)
	}
	return a
}

// midWrite makes the next vault file write stop half-way with ENOSPC, as
// a disk that fills during the write.
func midWrite() (restore func()) {
	return vault.SetWriteHook(func(f *os.File, data []byte) (int, error) {
		if !strings.Contains(f.Name(), ".vault") {
			return f.Write(data)
		}
		n, err := f.Write(data[:len(data)/2])
		if err != nil {
			return n, err
		}
		return n, syscall.ENOSPC
	})
}
