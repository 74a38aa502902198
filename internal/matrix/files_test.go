package matrix

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/vault"
)

// TestFileFaults: each fault gives a file other than the good one and
// leaves the good one's bytes as they were (the runner compares with
// them afterwards); the newer-version row names the build's version.
func TestFileFaults(t *testing.T) {
	good := []byte("SPAREKEY\x00\x03{\"site\":\"Sparekey\",\"username\":\"alice\"}encrypted body")
	keep := bytes.Clone(good)
	seen := map[string]bool{}
	for _, f := range FileFaults {
		if seen[f.Case] {
			t.Errorf("%s listed twice", f.Case)
		}
		seen[f.Case] = true
		got := f.Make(good)
		if bytes.Equal(got, good) {
			t.Errorf("%s gives the good file", f.Case)
		}
		if got == nil {
			t.Errorf("%s gives nil, which FileKept would take for no file left", f.Case)
		}
		if !bytes.Equal(good, keep) {
			t.Fatalf("%s changed the good file", f.Case)
		}
		if _, ok := Err(f.Want); !ok {
			t.Errorf("%s wants %s, which no sentinel is named", f.Case, f.Want)
		}
	}
	for _, f := range FileFaults {
		if f.Case != "file-newer-version" {
			continue
		}
		if v := binary.BigEndian.Uint16(f.Make(good)[8:10]); v != vault.FormatVersion+1 {
			t.Errorf("newer version writes %d, want %d", v, vault.FormatVersion+1)
		}
		want := fmt.Sprintf("version %d (this build writes %d)", vault.FormatVersion+1, vault.FormatVersion)
		if !strings.Contains(f.Input, want) {
			t.Errorf("newer version says %q, want it to say %q", f.Input, want)
		}
		return
	}
	t.Error("no file-newer-version fault")
}
