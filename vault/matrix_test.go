package vault_test

import (
	"io/fs"
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
	matrix.Run(t, "vault", vaultMatrix(), func(c mxCase) string { return c.name }, runMatrixCase)
}

// mxCase is one row of the matrix.
type mxCase struct {
	name, group, input string
	want               string // matrix.Name of the error the vault must give
	try                bool   // whether it must count as a failed try
	// dir, when set, gives the data directory and whether it is a small
	// tmpfs (where mounting is not allowed, it is an ordinary folder).
	dir func(t *testing.T) (string, bool)
	// prep builds the history the case starts from, before the snapshot.
	prep func(t *testing.T, m *mx)
	// act does the bad thing and returns what the vault said.
	act func(t *testing.T, m *mx) error
	// fix undoes the fault the case put in place (a damaged file, a
	// missing keyring item...), before the account is opened again.
	fix func(t *testing.T, m *mx)
	// changes: the input was taken, so the vault file may change.
	changes bool
	// oldCopy: the case puts an older copy of the file back, whose log
	// ends earlier.
	oldCopy bool
}

// mx is an account with a history: a replaced set, a spent code of the
// current set, a used authenticator step.
type mx struct {
	*env
	id, user, pw, secret string
	old, cur             vault.CodeSet
	before               mxSnap
	spent                map[int]bool // codes of cur the case spent
	left                 []byte       // the bytes the case left in the file on purpose
	proved               []string     // checks the case made itself
	tmpfs                bool         // the data directory is a small tmpfs
}

// mxSnap is what the account holds at one moment.
type mxSnap struct {
	file []byte
	item string
	vault.Snapshot
}

const mxUser = "alicé" // with an accent, for the NFD row

func newMx(t *testing.T, dir string) *mx {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	e := &env{dir: dir, kr: newMemKeyring(), clk: newClock()}
	e.store = e.open(t)
	m := &mx{env: e, user: mxUser, pw: pw, spent: map[int]bool{}}
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

// snapshot reads the account offline (the store is closed meanwhile, as
// Inspect needs the directory's lock) and reopens the store.
func (m *mx) snapshot(t *testing.T) mxSnap {
	t.Helper()
	m.store.Close()
	s, err := m.inspect(m.id, m.pw)
	m.store = m.open(t)
	if err != nil {
		t.Fatalf("the account cannot be read: %v", err)
	}
	return mxSnap{file: readFile(t, m.vaultPath(m.id)), item: m.kr.snapshot()[itemKey(m.id)], Snapshot: s}
}

// damage puts b in place of the vault file.
func (m *mx) damage(t *testing.T, b []byte) {
	t.Helper()
	m.left = b
	writeFile(t, m.vaultPath(m.id), b)
}

// putBack restores the file as it was before the case.
func putBack(t *testing.T, m *mx) { writeFile(t, m.vaultPath(m.id), m.before.file) }

func runMatrixCase(t *testing.T, c mxCase) matrix.Row {
	dir, tmpfs := "", false
	if c.dir != nil {
		dir, tmpfs = c.dir(t)
	}
	m := newMx(t, dir)
	m.tmpfs = tmpfs
	if c.prep != nil {
		c.prep(t, m)
	}
	m.before = m.snapshot(t)
	err := c.act(t, m)
	if got := matrix.Name(err); got != c.want {
		t.Fatalf("got %s (%v), want %s", got, err, c.want)
	}
	proof := append(m.proved, matrix.FileKept(t, m.dir, m.vaultPath(m.id), m.before.file, m.left, c.changes)...)
	if t.Failed() {
		return matrix.Row{}
	}
	if c.fix != nil {
		c.fix(t, m)
	}
	kept, counted := matrix.StateKept(t, m.before.Snapshot, m.snapshot(t).Snapshot, m.spent, c.try, c.oldCopy)
	m.clk.advance(vault.MaxLockout)
	m.signInAfter(t).Close()
	proof = append(append(proof, kept...), "signs in after")
	return matrix.Row{Case: c.name, Group: c.group, Input: c.input, Error: c.want, FailedTry: counted,
		Proof: strings.Join(proof, "; ")}
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

// readOnly makes the data directory read-only (see matrix.ReadOnly), or
// where that is not possible fails every write step with EROFS.
func (m *mx) readOnly(t *testing.T) (restore func()) {
	if restore, ok := matrix.ReadOnly(t, m.dir); ok {
		return restore
	}
	return vault.SetStepHook(func(step, path string) error {
		return &fs.PathError{Op: step, Path: path, Err: syscall.EROFS}
	})
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
