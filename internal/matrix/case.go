package matrix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/vault"
)

// Case is one row of a layer's matrix. M is the layer's context, the
// account with a history that the case runs against; R is what Act gives
// back: the error the layer returned (vault, app) or the sentence the
// window shows (screens), as no one type serves both.
type Case[M, R any] struct {
	Name  string // the stable name, the same in every layer that runs the case
	Group string // the heading it is listed under (Group*)
	Input string // what is given, in words
	// Want is the Name of the error the layer must give; in the screens
	// layer, of the error whose sentence must show.
	Want string
	Try  bool // whether it must count as a failed try
	// Dir, when set, gives the data directory and whether it is a small
	// tmpfs (where mounting is not allowed, an ordinary folder and false);
	// else the layer's Open takes a new temp folder.
	Dir func(t *testing.T) (dir string, tmpfs bool)
	// Prep builds the history the case starts from, before the snapshot.
	Prep func(t *testing.T, m M)
	// Fault puts the fault in place after the snapshot, before Act (the
	// screens use it for what must be there before the window opens).
	Fault func(t *testing.T, m M)
	// Act does the bad thing and gives back what the layer said.
	Act func(t *testing.T, m M) R
	// Fix undoes the fault the case put in place (a damaged file, a
	// missing keyring item...) before the account is read and opened
	// again.
	Fix func(t *testing.T, m M)
	// Changes: the input was taken, so the vault file may change.
	Changes bool
	// OldCopy: the case puts an older copy of the file back, whose log
	// ends earlier, so the log may be shorter after it (vault only).
	OldCopy bool
	// Sentence is what must show when it is not the sentence of Want's
	// error: the window a person moved on to, a lockout's wait (screens
	// only).
	Sentence string
}

// FromVariant is the case of a shared input (the *Variants lists) that
// act gives; the caller sets what else the layer needs.
func FromVariant[M, R any](v Variant, act func(t *testing.T, m M) R) Case[M, R] {
	return Case[M, R]{Name: v.Case, Group: v.Group, Input: v.Input, Want: v.Want, Try: v.Try, Act: act}
}

// State is what the runner and a layer's cases share about one run of
// a case; each layer's context embeds it.
type State struct {
	Tmpfs      bool           // the data directory is a small tmpfs (Case.Dir)
	BeforeFile []byte         // the vault file after Prep, before the case
	Before     vault.Snapshot // what the account held then
	Spent      map[int]bool   // codes of the current set the case spent
	Left       []byte         // the bytes the case left in the file on purpose
	Proved     []string       // checks the case made itself, for the proof
}

// MatrixState gives the State a layer's context embeds.
func (s *State) MatrixState() *State { return s }

// Account is what Run needs of a layer's context.
type Account interface {
	MatrixState() *State
	// VaultPath is the account's vault file, in its data directory.
	VaultPath() string
	// Snapshot reads what the account holds now, offline (closing and
	// opening again what holds the data directory's lock).
	Snapshot(t *testing.T) vault.Snapshot
	// SignInAfterCase waits out any lockout and opens the account with
	// its password and a fresh authenticator code, and says how, for the
	// proof.
	SignInAfterCase(t *testing.T) string
}

// Run runs each case as a subtest named after it and records its row;
// then it finishes layer's rows (see Recorder.Finish). For each case it
// gives open the data directory (Case.Dir, or "" for a new temp folder)
// for the account with a history, runs Prep, takes the snapshot, puts
// the Fault in place, and calls act, which runs Case.Act and fails the
// test when its result is not the one the case wants, giving back the
// sentence the row records ("" below the screens). Then it checks that
// nothing was lost (FileKept, and after Fix, StateKept) and that the
// account still opens.
func Run[M Account, R any](t *testing.T, layer string, cases []Case[M, R],
	open func(t *testing.T, dir string) M, act func(t *testing.T, c Case[M, R], m M) string) {
	rec := NewRecorder(layer)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			row := runCase(t, c, open, act)
			if !t.Failed() {
				rec.Add(row)
			}
		})
	}
	rec.Finish(t, len(cases))
}

func runCase[M Account, R any](t *testing.T, c Case[M, R],
	open func(t *testing.T, dir string) M, act func(t *testing.T, c Case[M, R], m M) string) Row {
	dir, tmpfs := "", false
	if c.Dir != nil {
		dir, tmpfs = c.Dir(t)
	}
	m := open(t, dir)
	s := m.MatrixState()
	s.Tmpfs, s.Spent = tmpfs, map[int]bool{}
	if c.Prep != nil {
		c.Prep(t, m)
	}
	path := m.VaultPath()
	s.Before = m.Snapshot(t)
	s.BeforeFile = read(t, path)
	if c.Fault != nil {
		c.Fault(t, m)
	}
	sentence := act(t, c, m)
	proof := append(s.Proved, FileKept(t, filepath.Dir(path), path, s.BeforeFile, s.Left, c.Changes)...)
	if t.Failed() {
		return Row{}
	}
	if c.Fix != nil {
		c.Fix(t, m)
	}
	kept, counted := StateKept(t, s.Before, m.Snapshot(t), s.Spent, c.Try, c.OldCopy)
	proof = append(append(proof, kept...), m.SignInAfterCase(t))
	return Row{Case: c.Name, Group: c.Group, Input: c.Input, Error: c.Want, Sentence: sentence,
		FailedTry: counted, Proof: strings.Join(proof, "; ")}
}

// Damage puts b in place of m's vault file and notes that the case left
// it there on purpose (FileKept then checks it was not overwritten).
func Damage(t testing.TB, m Account, b []byte) {
	t.Helper()
	if b == nil {
		b = []byte{} // nil would mean "nothing left"
	}
	m.MatrixState().Left = b
	if err := os.WriteFile(m.VaultPath(), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// PutBack restores m's vault file as it was before the case: a Fix.
func PutBack[M Account](t *testing.T, m M) {
	if err := os.WriteFile(m.VaultPath(), m.MatrixState().BeforeFile, 0o600); err != nil {
		t.Fatal(err)
	}
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ActError is the act of the layers whose Act gives back an error: the
// error must be the one Case.Want names. No sentence is recorded.
func ActError[M Account](t *testing.T, c Case[M, error], m M) string {
	err := c.Act(t, m)
	if got := Name(err); got != c.Want {
		t.Fatalf("got %s (%v), want %s", got, err, c.Want)
	}
	return ""
}
