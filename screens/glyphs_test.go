package screens

import (
	"bytes"
	"go/ast"
	"go/token"
	"strconv"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// shippedFontsCover reports whether Fyne's own fonts have a glyph for r.
func shippedFontsCover(t *testing.T) func(r rune) bool {
	t.Helper()
	var faces []*font.Face
	for _, r := range []interface{ Content() []byte }{
		theme.DefaultTextFont(), theme.DefaultTextBoldFont(), theme.DefaultTextMonospaceFont(), theme.DefaultSymbolFont(),
	} {
		f, err := font.ParseTTF(bytes.NewReader(r.Content()))
		if err != nil {
			t.Fatal(err)
		}
		faces = append(faces, f)
	}
	return func(r rune) bool {
		for _, f := range faces {
			if _, ok := f.NominalGlyph(r); ok {
				return true
			}
		}
		return false
	}
}

// TestEveryCharacterIsInTheShippedFonts: the app is built with no_emoji
// (scripts/setup.sh), so Fyne has only its own text, monospace and symbol
// fonts to draw with, and any other character would send it to the
// system's fonts, loaded at the cost of megabytes of memory, or draw a
// box. So every character of every string literal in screens/ and app/
// (what the window can show) must be in those fonts; the translations'
// characters are checked by TestTranslationsComplete.
func TestEveryCharacterIsInTheShippedFonts(t *testing.T) {
	covered := shippedFontsCover(t)

	fset := token.NewFileSet()
	files := parseSources(t, fset, ".", "../app")
	checked := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, r := range s {
				if unicode.IsControl(r) {
					continue
				}
				checked++
				if !covered(r) {
					t.Errorf("%s: %q (U+%04X) is in none of the fonts the app ships", fset.Position(lit.Pos()), r, r)
				}
			}
			return true
		})
	}
	if checked < 1000 {
		t.Fatalf("only %d characters checked: the sources were not found", checked)
	}
	t.Logf("%d characters of %d files, all in the shipped fonts", checked, len(files))
}
