package matrix

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"testing"

	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/vault"
)

// FileKept checks the vault file at path after a case: byte for byte as
// before, or, where the case put bytes there on purpose (left), those
// bytes, not overwritten; where the case's input was taken (changes) it
// may differ. It also checks that no temp file is left in dir.
func FileKept(t testing.TB, dir, path string, before, left []byte, changes bool) (proof []string) {
	t.Helper()
	now, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case left != nil:
		if !bytes.Equal(now, left) {
			t.Errorf("the file the case left was overwritten")
		}
		proof = append(proof, "the file left as it was (not overwritten)")
	case !changes:
		if !bytes.Equal(now, before) {
			t.Errorf("the vault file changed: sha256 %x -> %x", sha256.Sum256(before), sha256.Sum256(now))
		}
		proof = append(proof, "file unchanged byte for byte")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if atomicfile.IsTemp(e.Name()) {
			t.Errorf("temp file %s left behind", e.Name())
		}
	}
	return proof
}

// StateKept compares what the account holds after a case with what it
// held before (both read with vault.Inspect): the same code set, each
// code as used or unused as before except the ones the case spent, and
// (unless the case put an older copy of the file back) no event lost.
// counted is whether the case added a failed try to the throttle record;
// want is whether it should have.
func StateKept(t testing.TB, before, after vault.Snapshot, spent map[int]bool, want, oldCopy bool) (proof []string, counted bool) {
	t.Helper()
	counted = len(after.FailedTries) > len(before.FailedTries)
	if counted != want {
		t.Errorf("failed tries went from %d to %d; want counted=%v", len(before.FailedTries), len(after.FailedTries), want)
	}
	b, a := before.Codes, after.Codes
	if !b.Created.Equal(a.Created) || len(b.Codes) != len(a.Codes) {
		t.Errorf("the code set changed: %v/%d -> %v/%d", b.Created, len(b.Codes), a.Created, len(a.Codes))
		return nil, counted
	}
	for i := range b.Codes {
		if a.Codes[i].Text != b.Codes[i].Text || a.Codes[i].Used.IsZero() != (b.Codes[i].Used.IsZero() && !spent[i]) {
			t.Errorf("code %d: used %v -> %v (spent by the case: %v)", i, b.Codes[i].Used, a.Codes[i].Used, spent[i])
		}
	}
	if len(spent) > 0 {
		proof = append(proof, fmt.Sprintf("only the code given spent (%d left)", a.Left()))
	} else {
		proof = append(proof, fmt.Sprintf("codes as before (%d of %d unused)", a.Left(), len(a.Codes)))
	}
	if !oldCopy {
		if len(after.Events) < len(before.Events) {
			t.Errorf("the log lost events: %d -> %d", len(before.Events), len(after.Events))
		}
		proof = append(proof, "log kept")
	}
	return proof, counted
}

// Swapped is a backup code with its first two differing neighbouring
// symbols swapped: a typo the check symbol catches.
func Swapped(code string) string {
	b := []byte(code)
	for i := 1; i < len(b); i++ {
		if b[i] != b[i-1] && b[i] != '-' && b[i-1] != '-' {
			b[i], b[i-1] = b[i-1], b[i]
			return string(b)
		}
	}
	panic("no two differing symbols")
}
