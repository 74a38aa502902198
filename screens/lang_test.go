package screens

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/format"
	"go/token"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/sparekey/sparekey/assets"
)

var updateEnglish = flag.Bool("update-en", false, "rewrite assets/translations/en.json from the keys the code uses")

// tableKeys are the lang.L calls whose key is not a literal: each reads a
// table of English sentences, and the table's entries are the keys.
var tableKeys = map[string]func() []string{
	"m.text": func() (k []string) {
		for _, m := range messages {
			k = append(k, m.text)
		}
		return k
	},
	"eventText[e.Kind]":    func() []string { return mapValues(eventText) },
	"factorText[e.Factor]": func() []string { return mapValues(factorText) },
	"e.Detail":             func() []string { return details },
}

func mapValues[K comparable](m map[K]string) (v []string) {
	for _, s := range m {
		v = append(v, s)
	}
	return v
}

// usedKeys finds every translation key in screens/ by parsing its Go
// sources: the first argument of each lang.L, lang.X or lang.N call, a
// string constant (literals, joined with +, or a package constant), or
// one of tableKeys. A call with any other key fails the test, since its
// key could not be checked.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	parsed := parseSources(t, fset, ".")
	consts := map[string]ast.Expr{}
	for _, f := range parsed {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, sp := range g.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							consts[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	var value func(e ast.Expr) (string, bool)
	value = func(e ast.Expr) (string, bool) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		case *ast.BinaryExpr:
			x, ok1 := value(e.X)
			y, ok2 := value(e.Y)
			return x + y, ok1 && ok2 && e.Op == token.ADD
		case *ast.ParenExpr:
			return value(e.X)
		case *ast.Ident:
			if c, ok := consts[e.Name]; ok {
				return value(c)
			}
		}
		return "", false
	}
	keys := map[string]string{}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lang" {
				return true
			}
			pos := fset.Position(call.Pos()).String()
			switch sel.Sel.Name {
			case "L", "X", "N":
			case "XN", "Localize", "LocalizeKey", "LocalizePlural", "LocalizePluralKey":
				t.Errorf("%s: lang.%s is not checked by this test; use lang.L", pos, sel.Sel.Name)
				return true
			default:
				return true // not a translation
			}
			if k, ok := value(call.Args[0]); ok {
				keys[k] = pos
				return true
			}
			var src strings.Builder
			_ = printExpr(&src, fset, call.Args[0])
			table, ok := tableKeys[src.String()]
			if !ok {
				t.Errorf("%s: lang.%s(%s): the key is not a constant, so no test can check it", pos, sel.Sel.Name, src.String())
				return true
			}
			for _, k := range table() {
				keys[k] = pos + " (table " + src.String() + ")"
			}
			return true
		})
	}
	if len(keys) < 150 {
		t.Fatalf("only %d keys found: the sources were not read", len(keys))
	}
	return keys
}

func readTranslations(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := assets.Translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// sameInBoth are the German values that may equal the English ones.
var sameInBoth = map[string]bool{"OK": true}

var verbRE = regexp.MustCompile(`%[-+# 0-9]*[a-zA-Z%]`)

// TestTranslationsComplete: every key the code uses is in en.json and
// de.json, neither holds a key the code does not use, English maps each
// key to itself, no German sentence is left in English, each German
// sentence keeps the English one's fmt verbs in their order, and every
// German character is in the fonts the app ships.
func TestTranslationsComplete(t *testing.T) {
	keys := usedKeys(t)
	if *updateEnglish {
		en := map[string]string{}
		for k := range keys {
			en[k] = k
		}
		data, err := json.MarshalIndent(en, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../assets/translations/en.json", append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Skip("wrote en.json; rebuild the test binary to check it")
	}
	en, de := readTranslations(t, "en.json"), readTranslations(t, "de.json")
	covered := shippedFontsCover(t)
	for _, tr := range []struct {
		name string
		m    map[string]string
	}{{"en.json", en}, {"de.json", de}} {
		var missing, unused []string
		for k, pos := range keys {
			if _, ok := tr.m[k]; !ok {
				missing = append(missing, pos+": "+strconv.Quote(k))
			}
		}
		for k := range tr.m {
			if _, ok := keys[k]; !ok {
				unused = append(unused, strconv.Quote(k))
			}
		}
		sort.Strings(missing)
		sort.Strings(unused)
		for _, m := range missing {
			t.Errorf("%s lacks the key of %s", tr.name, m)
		}
		for _, u := range unused {
			t.Errorf("%s has a key the code does not use: %s", tr.name, u)
		}
	}
	for k, v := range en {
		if v != k {
			t.Errorf("en.json: %q maps to %q; English keys are their own text", k, v)
		}
	}
	for k, v := range de {
		if strings.TrimSpace(v) == "" {
			t.Errorf("de.json: %q is empty", k)
		}
		if v == k && !sameInBoth[k] {
			t.Errorf("de.json: %q is left in English", k)
		}
		if got, want := verbRE.FindAllString(v, -1), verbRE.FindAllString(k, -1); !slices.Equal(got, want) {
			t.Errorf("de.json: %q has verbs %q, the English %q", v, got, want)
		}
		for _, r := range v {
			if !unicode.IsControl(r) && !covered(r) {
				t.Errorf("de.json: %q in %q is in none of the fonts the app ships", r, v)
			}
		}
	}
	t.Logf("%d keys, all in en.json and de.json", len(keys))
}

// printExpr writes the source of e.
func printExpr(b *strings.Builder, fset *token.FileSet, e ast.Expr) error {
	return format.Node(b, fset, e)
}
