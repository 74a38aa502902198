// Command matrix renders the bad-input matrix that the vault, app and
// screens tests recorded (internal/matrix/testdata) into docs/SECURITY.md,
// between the bad-input-matrix markers. Rows that no window showed get the
// sentence of their error from screens.Message, the one sentence table.
//
//	go run ./tools/matrix            # rewrite the table
//	go run ./tools/matrix -check     # exit 1 when the document differs
//
// scripts/security-tables.sh runs the tests that record the rows, then
// this.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/sparekey/sparekey/internal/matrix"
	"github.com/sparekey/sparekey/screens"
)

func main() {
	check := flag.Bool("check", false, "only report whether docs/SECURITY.md holds the table the rows give")
	doc := flag.String("doc", docPath(), "the document to write the table into")
	flag.Parse()
	changed, err := update(*doc, !*check)
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, "matrix:", err)
		os.Exit(2)
	case changed && *check:
		fmt.Fprintf(os.Stderr, "matrix: %s is out of date; run scripts/security-tables.sh\n", *doc)
		os.Exit(1)
	case changed:
		fmt.Printf("matrix: wrote the table into %s\n", *doc)
	}
}

// update renders the table and reports whether doc differs from it;
// with write, it rewrites doc.
func update(doc string, write bool) (changed bool, err error) {
	rows, err := matrix.LoadAll()
	if err != nil {
		return false, err
	}
	table, err := matrix.Render(rows, screens.Message)
	if err != nil {
		return false, err
	}
	old, err := os.ReadFile(doc)
	if err != nil {
		return false, err
	}
	next, err := matrix.Splice(string(old), table)
	if err != nil {
		return false, fmt.Errorf("%s: %w", doc, err)
	}
	if next == string(old) {
		return false, nil
	}
	if write {
		err = os.WriteFile(doc, []byte(next), 0o644)
	}
	return true, err
}

// docPath is docs/SECURITY.md of the checkout this file is in.
func docPath() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "docs", "SECURITY.md")
}
