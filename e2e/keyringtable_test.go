//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The keyring-failure table lives in docs/SECURITY.md between these
// markers; TestKeyringFailures writes it (SPAREKEY_UPDATE_DOCS=1) or
// checks that it matches what the run found.
const (
	tableBegin = "<!-- keyring-failures:begin -->"
	tableEnd   = "<!-- keyring-failures:end -->"
	// keyringCommand runs the whole table; a row adds /^name$ to -run.
	keyringCommand = "bash scripts/test-session.sh go test -count=1 -tags e2e -run %s ./e2e/"
)

// renderKeyringTable is the table's Markdown, between the markers.
func renderKeyringTable(rows []keyringRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n<!-- Written by TestKeyringFailures (e2e/keyring_test.go), which fails when this table differs from what it finds. Regenerate: SPAREKEY_UPDATE_DOCS=1 %s -->\n\n",
		tableBegin, fmt.Sprintf(keyringCommand, "TestKeyringFailures"))
	b.WriteString("| Case | How the test makes it | Window title | Sentence shown (OCR) | Error value (vault, same stack) | Checked unchanged | Reproduce |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		cells := []string{
			r.name, r.how, r.title, r.sentence,
			fmt.Sprintf("`%s`: `%s`", r.sentinel, r.err), r.unchanged,
			"`" + fmt.Sprintf(keyringCommand, "'TestKeyringFailures/^"+r.name+"$'") + "`",
		}
		for i, c := range cells {
			cells[i] = strings.ReplaceAll(c, "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	b.WriteString(tableEnd)
	return b.String()
}

// checkKeyringTable compares the table in docs/SECURITY.md with rows, or
// writes it there when SPAREKEY_UPDATE_DOCS=1.
func checkKeyringTable(t *testing.T, rows []keyringRow) {
	t.Helper()
	path := filepath.Join("..", "docs", "SECURITY.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	begin, end := strings.Index(text, tableBegin), strings.Index(text, tableEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s has no %s … %s section", path, tableBegin, tableEnd)
	}
	have, want := text[begin:end+len(tableEnd)], renderKeyringTable(rows)
	switch {
	case have == want:
		t.Logf("the keyring-failure table in %s matches this run", path)
	case os.Getenv("SPAREKEY_UPDATE_DOCS") == "1":
		if err := os.WriteFile(path, []byte(text[:begin]+want+text[end+len(tableEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote the keyring-failure table to %s", path)
	default:
		t.Errorf("the keyring-failure table in %s differs from this run; regenerate it with SPAREKEY_UPDATE_DOCS=1 %s\nthis run found:\n%s",
			path, fmt.Sprintf(keyringCommand, "TestKeyringFailures"), want)
	}
}
