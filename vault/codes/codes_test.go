package codes_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/sparekey/sparekey/vault/codes"
)

// seeded returns a deterministic stream of "random" bytes, so tests and
// examples see the same codes on every run.
func seeded(seed byte) io.Reader {
	return rand.NewChaCha8([32]byte{seed})
}

// mustNew returns n codes from a reader seeded with seed.
func mustNew(t testing.TB, seed byte, n int) []string {
	t.Helper()
	r := seeded(seed)
	out := make([]string, n)
	for i := range out {
		c, err := codes.New(r)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		out[i] = c
	}
	return out
}

// gf32 is an independent, table-based model of GF(32) modulo x^5+x^2+1,
// used to check the package's check symbol from outside.
type gf32 struct {
	exp [31]byte // exp[k] = α^k
	log [32]int  // log[exp[k]] = k; log[0] unused
}

func newGF32(t *testing.T) *gf32 {
	t.Helper()
	var g gf32
	v := byte(1)
	seen := map[byte]bool{}
	for k := range 31 {
		if seen[v] {
			t.Fatalf("α^%d = %d repeats: x^5+x^2+1 is not primitive", k, v)
		}
		seen[v] = true
		g.exp[k] = v
		g.log[v] = k
		v <<= 1
		if v&32 != 0 {
			v ^= 0b100101
		}
	}
	if v != 1 {
		t.Fatalf("α^31 = %d, want 1", v)
	}
	return &g
}

func (g *gf32) mul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return g.exp[(g.log[a]+g.log[b])%31]
}

// weightedSum returns Σ α^(15-i)·s_i over the symbols of a canonical code.
func (g *gf32) weightedSum(t *testing.T, code string) byte {
	t.Helper()
	var sum byte
	for i := range len(code) {
		v := strings.IndexByte(codes.Alphabet, code[i])
		if v < 0 {
			t.Fatalf("%q: %q is not in the alphabet", code, code[i])
		}
		sum ^= g.mul(g.exp[codes.Length-1-i], byte(v))
	}
	return sum
}

func TestCheckSymbolMatchesModel(t *testing.T) {
	g := newGF32(t)
	for _, c := range append(mustNew(t, 1, 500), knownGood...) {
		if s := g.weightedSum(t, c); s != 0 {
			t.Errorf("%s: weighted sum %d, want 0", c, s)
		}
	}
}

// knownGood pins the format: these codes must parse in every version.
var knownGood = []string{
	"0000000000000000",
	"ZZZZZZZZZZZZZZZN",
	"100000000000000Z",
	"0000000000000012",
	"00000000000000J1",
}

func TestKnownGood(t *testing.T) {
	for _, c := range knownGood {
		got, err := codes.Parse(c)
		if err != nil || got != c {
			t.Errorf("Parse(%q) = %q, %v; want it back unchanged", c, got, err)
		}
	}
}

func TestParse(t *testing.T) {
	const good = "ZZZZZZZZZZZZZZZN"
	tests := []struct {
		name  string
		input string
		want  string
		err   error
	}{
		{"canonical", good, good, nil},
		{"display form", "ZZZZ-ZZZZ-ZZZZ-ZZZN", good, nil},
		{"lower case", "zzzz-zzzz-zzzz-zzzn", good, nil},
		{"mixed case", "zZzZ zZzZ ZZZZ zzzN", good, nil},
		{"spaces", " ZZZZ ZZZZ ZZZZ ZZZN ", good, nil},
		{"tabs and newlines", "ZZZZ\tZZZZ\nZZZZ\r\nZZZN\n", good, nil},
		{"double dashes", "ZZZZ--ZZZZ--ZZZZ--ZZZN", good, nil},
		{"en and em dashes", "ZZZZ\u2013ZZZZ\u2014ZZZZ\u2010ZZZN", good, nil},
		{"minus sign", "ZZZZ\u2212ZZZZ\u2212ZZZZ\u2212ZZZN", good, nil},
		{"no-break and ideographic spaces", "ZZZZ\u00a0ZZZZ\u3000ZZZZ\u202fZZZN", good, nil},
		{"zero width and soft hyphen", "\ufeffZZZZ\u200bZZZZ\u00adZZZZ\u2060ZZZN", good, nil},
		{"O for zero", "OOOO-OOOO-OOOO-OOOO", "0000000000000000", nil},
		{"o for zero", "oooo oooo oooo oooo", "0000000000000000", nil},
		{"I for one", "I00000000000000Z", "100000000000000Z", nil},
		{"i for one", "i00000000000000Z", "100000000000000Z", nil},
		{"L for one", "L00000000000000Z", "100000000000000Z", nil},
		{"l for one", "l00000000000000Z", "100000000000000Z", nil},
		{"l in check position", "00000000000000jl", "00000000000000J1", nil},

		{"empty", "", "", codes.ErrMalformed},
		{"only separators", " - - ", "", codes.ErrMalformed},
		{"TOTP code", "123456", "", codes.ErrMalformed},
		{"one short", "ZZZZ-ZZZZ-ZZZZ-ZZZ", "", codes.ErrMalformed},
		{"one long", "ZZZZ-ZZZZ-ZZZZ-ZZZNZ", "", codes.ErrMalformed},
		{"U is not in the alphabet", "UZZZZZZZZZZZZZZN", "", codes.ErrMalformed},
		{"punctuation", "ZZZZ.ZZZZ.ZZZZ.ZZ", "", codes.ErrMalformed},
		{"underscore", "ZZZZ_ZZZZ_ZZZZ_ZZ", "", codes.ErrMalformed},
		{"non-ASCII letter", "ZZZZZZZZZZZZZZZé", "", codes.ErrMalformed},
		{"long s is not S", "ſZZZZZZZZZZZZZZN", "", codes.ErrMalformed},
		{"dotless i is not 1", "ıZZZZZZZZZZZZZZN", "", codes.ErrMalformed},
		{"fullwidth letter", "ＺZZZZZZZZZZZZZZN", "", codes.ErrMalformed},
		{"invalid UTF-8", "ZZZZZZZZZZZZZZZ\xff", "", codes.ErrMalformed},
		{"NUL", "ZZZZZZZZZZZZZZZ\x00", "", codes.ErrMalformed},

		{"typo in check symbol", "ZZZZ-ZZZZ-ZZZZ-ZZZM", "", codes.ErrTypo},
		{"typo in first symbol", "YZZZ-ZZZZ-ZZZZ-ZZZN", "", codes.ErrTypo},
		{"swapped symbols", "ZZZZ-ZZZZ-ZZZZ-ZZNZ", "", codes.ErrTypo},
		{"1 read as 7", "700000000000000Z", "", codes.ErrTypo},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := codes.Parse(tt.input)
			if !errors.Is(err, tt.err) || (err != nil) != (tt.err != nil) {
				t.Fatalf("Parse(%q) error = %v, want %v", tt.input, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %q, want %q", tt.input, got, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tt.input)) && strings.TrimSpace(tt.input) != "" {
				t.Errorf("error %q quotes the input", err)
			}
		})
	}
}

func TestParseErrorsAreDistinct(t *testing.T) {
	if errors.Is(codes.ErrTypo, codes.ErrMalformed) || errors.Is(codes.ErrMalformed, codes.ErrTypo) {
		t.Fatal("ErrTypo and ErrMalformed must be told apart")
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ input, want string }{
		{"", ""},
		{"abcd-efgh", "ABCDEFGH"},
		{"ABCD EFGH", "ABCDEFGH"},
		{"\tab\ncd\r", "ABCD"},
		{"o O i I l L", "001111"},
		{"u", "U"},                               // not in the alphabet, but kept for Parse to reject
		{"a\u2013b\u2014c\u2212d", "ABCD"},       // en dash, em dash, minus sign
		{"a\u00a0b\u2009c\u3000d", "ABCD"},       // no-break, thin and ideographic spaces
		{"a\u200bb\ufeffc\u00add", "ABCD"},       // zero width space, BOM, soft hyphen
		{"\u200fa\u200eb\u200dc\u200cd", "ABCD"}, // right-to-left and left-to-right marks, zero width joiner and non-joiner
		{"ſ ı é", "ſıé"},                         // only ASCII changes case
		{"a_b.c/d", "A_B.C/D"},                   // other punctuation is kept, and Parse rejects it
		{"123456", "123456"},                     // a TOTP code passes through
		{"zzzz-zzzz-zzzz-zzzn", "ZZZZZZZZZZZZZZZN"},
	}
	for _, tt := range tests {
		if got := codes.Normalize(tt.input); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

// TestEverySingleSubstitutionIsATypo replaces each symbol of each code,
// in turn, with each of the other 31 symbols.
func TestEverySingleSubstitutionIsATypo(t *testing.T) {
	for _, c := range mustNew(t, 2, 300) {
		for i := range codes.Length {
			for _, r := range codes.Alphabet {
				if byte(r) == c[i] {
					continue
				}
				bad := c[:i] + string(r) + c[i+1:]
				if _, err := codes.Parse(bad); !errors.Is(err, codes.ErrTypo) {
					t.Fatalf("%s with symbol %d changed to %c (%s): error %v, want ErrTypo", c, i, r, bad, err)
				}
			}
		}
	}
}

// TestEverySwapIsATypo swaps every pair of positions, adjacent or not,
// that hold different symbols.
func TestEverySwapIsATypo(t *testing.T) {
	swaps := 0
	for _, c := range mustNew(t, 3, 300) {
		for i := range codes.Length {
			for j := i + 1; j < codes.Length; j++ {
				if c[i] == c[j] {
					continue
				}
				b := []byte(c)
				b[i], b[j] = b[j], b[i]
				if _, err := codes.Parse(string(b)); !errors.Is(err, codes.ErrTypo) {
					t.Fatalf("%s with symbols %d and %d swapped (%s): error %v, want ErrTypo", c, i, j, b, err)
				}
				swaps++
			}
		}
	}
	if swaps == 0 {
		t.Fatal("no swaps tried")
	}
}

func TestNewIsValidAndCanonical(t *testing.T) {
	for _, c := range mustNew(t, 4, 1000) {
		if len(c) != codes.Length {
			t.Fatalf("%q has %d bytes, want %d", c, len(c), codes.Length)
		}
		got, err := codes.Parse(c)
		if err != nil || got != c {
			t.Fatalf("Parse(%q) = %q, %v", c, got, err)
		}
		if codes.Normalize(c) != c {
			t.Fatalf("%q is not in canonical form", c)
		}
	}
}

func TestNewUsesReader(t *testing.T) {
	a := mustNew(t, 5, 20)
	b := mustNew(t, 5, 20)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed gave %s and %s", a[i], b[i])
		}
	}
	if c := mustNew(t, 6, 1); c[0] == a[0] {
		t.Errorf("different seeds gave the same code %s", c[0])
	}

	// All-zero and all-one bits give the first two known-good codes,
	// which shows the random symbols come from the reader and nowhere else.
	for _, tt := range []struct {
		b    byte
		want string
	}{{0x00, "0000000000000000"}, {0xff, "ZZZZZZZZZZZZZZZN"}} {
		got, err := codes.New(bytes.NewReader(bytes.Repeat([]byte{tt.b}, 10)))
		if err != nil || got != tt.want {
			t.Errorf("New(bytes %#x…) = %q, %v; want %q", tt.b, got, err, tt.want)
		}
	}

	// New needs 10 bytes (75 bits, rounded up) and no more.
	r := bytes.NewReader(make([]byte, 25))
	if _, err := codes.New(r); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 15 {
		t.Errorf("New read %d bytes, want 10", 25-r.Len())
	}
}

func TestNewReaderErrors(t *testing.T) {
	boom := errors.New("boom")
	if _, err := codes.New(iotest.ErrReader(boom)); !errors.Is(err, boom) {
		t.Errorf("New(failing reader) error = %v, want it to wrap %v", err, boom)
	}
	if _, err := codes.New(bytes.NewReader(make([]byte, 9))); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("New(9 bytes) error = %v, want io.ErrUnexpectedEOF", err)
	}
	// One byte at a time is still a full read.
	if _, err := codes.New(iotest.OneByteReader(seeded(7))); err != nil {
		t.Errorf("New(one byte at a time) error = %v", err)
	}
	if _, err := codes.NewSet(bytes.NewReader(make([]byte, 10*codes.SetSize-1))); err == nil {
		t.Error("NewSet with too few bytes succeeded")
	}
}

func TestNewNilUsesCryptoRand(t *testing.T) {
	a, err := codes.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := codes.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two codes from crypto/rand are both %s", a)
	}
	set, err := codes.NewSet(nil)
	if err != nil || len(set) != codes.SetSize {
		t.Fatalf("NewSet(nil) = %d codes, %v", len(set), err)
	}
}

func TestNewSet(t *testing.T) {
	for seed := range byte(50) {
		set, err := codes.NewSet(seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		if len(set) != codes.SetSize {
			t.Fatalf("set has %d codes, want %d", len(set), codes.SetSize)
		}
		seen := map[string]bool{}
		for _, c := range set {
			if seen[c] {
				t.Fatalf("seed %d: %s appears twice in %v", seed, c, set)
			}
			seen[c] = true
			if _, err := codes.Parse(c); err != nil {
				t.Fatalf("seed %d: %s: %v", seed, c, err)
			}
		}
	}
}

func TestNewSetRefusesARepeatingSource(t *testing.T) {
	// A constant stream would give the same code ten times.
	zeros := bytes.NewReader(make([]byte, 10*codes.SetSize))
	if set, err := codes.NewSet(zeros); err == nil {
		t.Fatalf("NewSet(zeros) = %v, want an error", set)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ input, want string }{
		{"ZZZZZZZZZZZZZZZN", "ZZZZ-ZZZZ-ZZZZ-ZZZN"},
		{"0123456789ABCDEF", "0123-4567-89AB-CDEF"},
		{"", ""},
		{"SHORT", "SHORT"},
		{"ZZZZZZZZZZZZZZZNZ", "ZZZZZZZZZZZZZZZNZ"},
	}
	for _, tt := range tests {
		if got := codes.Format(tt.input); got != tt.want {
			t.Errorf("Format(%q) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"ZZZZZZZZZZZZZZZN", "ZZZZZZZZZZZZZZZN", true},
		{"ZZZZZZZZZZZZZZZN", "ZZZZZZZZZZZZZZZM", false},
		{"ZZZZZZZZZZZZZZZN", "ZZZZZZZZZZZZZZZ", false},
		{"ZZZZZZZZZZZZZZZN", "zzzzzzzzzzzzzzzn", false}, // canonical codes only: Parse first
		{"", "", true},
	}
	for _, tt := range tests {
		if got := codes.Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLooksLike(t *testing.T) {
	tests := []struct {
		input string
		want  bool
	}{
		{"123456", false},
		{"123 456", false},
		{"", false},
		{"ZZZZ-ZZZZ-ZZZZ-ZZZN", true},
		{"zzzz zzzz zzzz zzzm", true}, // a typo is still a backup code
		{"UUUU-UUUU-UUUU-UUUU", true}, // so is a malformed one; Parse says which
		{"ZZZZ-ZZZZ-ZZZZ-ZZZ", false},
		{"éééééééééééééééé", true}, // symbols, not bytes
	}
	for _, tt := range tests {
		if got := codes.LooksLike(tt.input); got != tt.want {
			t.Errorf("LooksLike(%q) = %v, want %v", tt.input, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"123456",
		"0000000000000000",
		"ZZZZ-ZZZZ-ZZZZ-ZZZN",
		"zzzz zzzz zzzz zzzn",
		"OOOO-OOOO-OOOO-OOOO",
		"I00000000000000Z",
		"ZZZZ-ZZZZ-ZZZZ-ZZZM",
		"ZZZZ\u2013ZZZZ\u2014ZZZZ\u2212ZZZN",
		"ſZZZZZZZZZZZZZZN",
		"ZZZZZZZZZZZZZZZ\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		c, err := codes.Parse(input)
		if err != nil {
			if c != "" {
				t.Fatalf("Parse(%q) = %q with error %v", input, c, err)
			}
			if !errors.Is(err, codes.ErrMalformed) && !errors.Is(err, codes.ErrTypo) {
				t.Fatalf("Parse(%q) error %v is neither ErrMalformed nor ErrTypo", input, err)
			}
			if !codes.LooksLike(input) && !errors.Is(err, codes.ErrMalformed) {
				t.Fatalf("Parse(%q) = %v, but LooksLike is false", input, err)
			}
			return
		}
		if !codes.LooksLike(input) {
			t.Fatalf("Parse(%q) succeeded but LooksLike is false", input)
		}
		if len(c) != codes.Length || codes.Normalize(c) != c {
			t.Fatalf("Parse(%q) = %q, not canonical", input, c)
		}
		if got, err := codes.Parse(codes.Format(c)); err != nil || got != c {
			t.Fatalf("Parse(Format(%q)) = %q, %v", c, got, err)
		}
		if got, err := codes.Parse(strings.ToLower(c)); err != nil || got != c {
			t.Fatalf("Parse(ToLower(%q)) = %q, %v", c, got, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	input := codes.Format(mustNew(b, 8, 1)[0])
	for b.Loop() {
		if _, err := codes.Parse(input); err != nil {
			b.Fatal(err)
		}
	}
}
