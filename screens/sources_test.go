package screens

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// parseSources parses the Go files of dirs that are not tests (what the
// app is built from) into fset, and fails the test when it finds none.
func parseSources(t *testing.T, fset *token.FileSet, dirs ...string) []*ast.File {
	t.Helper()
	var parsed []*ast.File
	for _, dir := range dirs {
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			parsed = append(parsed, f)
		}
	}
	if len(parsed) == 0 {
		t.Fatalf("no Go sources in %v", dirs)
	}
	return parsed
}
