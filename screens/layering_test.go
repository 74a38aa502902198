package screens

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// TestScreensDoNotImportVault: the screens reach the vault through app
// only (DESIGN §2), and so do their tests, which use app's re-exports
// (app/vault.go); every Go file here is checked, tests included.
func TestScreensDoNotImportVault(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil || len(names) == 0 {
		t.Fatalf("no Go files: %v", err)
	}
	fset := token.NewFileSet()
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "github.com/sparekey/sparekey/vault" {
				t.Errorf("%s imports %s; use app's re-exports", name, path)
			}
		}
	}
}
