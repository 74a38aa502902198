package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/internal/matrix"
)

// TestSecurityDocHoldsTheMatrix is the drift check: docs/SECURITY.md must
// hold exactly the table the stored rows give (which the layers' own
// matrix tests compare with what they find on every run).
func TestSecurityDocHoldsTheMatrix(t *testing.T) {
	changed, err := update(docPath(), false)
	if err != nil {
		t.Fatal(err)
	}
	if changed {
		t.Fatal("docs/SECURITY.md does not hold the bad-input matrix the tests recorded; run scripts/security-tables.sh")
	}
}

// TestUpdateWritesBetweenTheMarkers: the table goes between the markers
// and nothing else of the document changes; a document without them is
// refused.
func TestUpdateWritesBetweenTheMarkers(t *testing.T) {
	doc := filepath.Join(t.TempDir(), "doc.md")
	before, after := "# Title\n\nintro\n\n", "\n\n## Next\n"
	os.WriteFile(doc, []byte(before+matrix.Begin+"\nstale\n"+matrix.End+after), 0o644)
	changed, err := update(doc, true)
	if err != nil || !changed {
		t.Fatalf("update = %v, %v", changed, err)
	}
	b, _ := os.ReadFile(doc)
	s := string(b)
	if !strings.HasPrefix(s, before+matrix.Begin) || !strings.HasSuffix(s, matrix.End+after) || strings.Contains(s, "stale") {
		t.Fatalf("document after update:\n%s", s)
	}
	for _, want := range []string{"`wrong-password`", "That password is not right.", "| **yes** |", "`file-bit-flipped`"} {
		if !strings.Contains(s, want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	if changed, err := update(doc, true); err != nil || changed {
		t.Fatalf("second update = %v, %v; want no change", changed, err)
	}
	os.WriteFile(doc, []byte("no markers"), 0o644)
	if _, err := update(doc, true); err == nil {
		t.Fatal("a document without markers was accepted")
	}
}
