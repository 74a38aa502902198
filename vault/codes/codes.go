// Package codes implements Sparekey's backup codes: how they are made,
// written, read back and compared.
//
// A code is 16 symbols from Crockford's base32 alphabet
// "0123456789ABCDEFGHJKMNPQRSTVWXYZ": 15 random symbols (75 bits from a
// CSPRNG) followed by one check symbol. Its canonical form is those 16
// upper-case symbols with nothing between them; people see it as
// "XXXX-XXXX-XXXX-XXXX".
//
// The package promises that:
//
//   - every code from New or NewSet passes Parse;
//   - Parse reports every single wrong symbol, and every swap of two
//     different symbols at any two positions, as ErrTypo, never as a
//     valid code;
//   - input that is not 16 symbols of the alphabet, once normalised, is
//     ErrMalformed, so callers can tell "not a backup code" from "a backup
//     code with a typo" (a typo is not a failed sign-in try);
//   - the format is stable: a code printed today parses the same way in
//     every later version.
//
// The package knows nothing about sets on disk, spent codes or
// throttling; the vault keeps those.
package codes

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// Length is the number of symbols in a code, check symbol included.
	Length = 16
	// SetSize is the number of codes in a set.
	SetSize = 10
)

// Alphabet is Crockford's base32 alphabet; a symbol's value is its index.
// It leaves out I, L, O and U, which Normalize maps or rejects, so the
// letters a person can misread are either harmless or caught.
const Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// randomSymbols is the number of random symbols in a code; the last
// symbol is the check symbol.
const randomSymbols = Length - 1

var (
	// ErrMalformed means the input, after Normalize, is not Length symbols
	// of the alphabet. Parse wraps it with detail; test with errors.Is.
	ErrMalformed = errors.New("not a backup code")
	// ErrTypo means the input is well-formed but its check symbol does not
	// match: a person mistyped a code. It should not count as a failed try.
	ErrTypo = errors.New("backup code has a typo")
)

// decode maps an ASCII character of a normalised code to its symbol
// value, or to invalid. Lower-case letters are not listed: Normalize has
// already folded case and mapped O, I and L.
var decode = func() (t [utf8.RuneSelf]byte) {
	for i := range t {
		t[i] = invalid
	}
	for v := range len(Alphabet) {
		t[Alphabet[v]] = byte(v)
	}
	return t
}()

const invalid = 0xff

// The check symbol.
//
// Symbols are taken as elements of GF(32), the field of polynomials over
// GF(2) modulo the primitive polynomial x^5+x^2+1. A symbol's 5-bit value
// is a polynomial's coefficients; addition is XOR. Because the polynomial
// is primitive, α = x generates all 31 non-zero elements, so α^0 … α^15 are
// 16 distinct, non-zero weights.
//
// A code s_0 … s_15 is valid when
//
//	S = s_0·α^15 + s_1·α^14 + … + s_14·α^1 + s_15·α^0 = 0,
//
// so the check symbol, whose weight is 1, is s_15 = s_0·α^15 + … + s_14·α
// (in GF(2^n), minus is plus).
//
// A single wrong symbol, s_i replaced by s_i+e with e ≠ 0, changes S by
// e·α^(15-i). That is a product of two non-zero elements of a field, which
// is never zero, so S ≠ 0 and the error is caught.
//
// Swapping s_i and s_j (i ≠ j, s_i ≠ s_j) changes S by
// (α^(15-i) + α^(15-j))·(s_i + s_j). The first factor is non-zero because
// the weights are distinct, the second because the symbols differ, so
// again S ≠ 0 — for any two positions, not only adjacent ones.
//
// What it cannot promise: two unrelated wrong symbols cancel about one
// time in 31. Insertions and deletions change the length and are
// ErrMalformed.

// mulAlpha returns v·α in GF(32): shift left, and reduce by x^5+x^2+1
// (0b100101) when x^5 appears. The reduction uses a mask, not a branch:
// the symbols are secret, and there is no reason to let them steer one.
func mulAlpha(v byte) byte {
	v <<= 1
	return v ^ (0b100101 & -(v >> 5))
}

// syndrome returns S for the symbol values in s, by Horner's rule:
// ((s_0·α + s_1)·α + s_2)… gives s_0 the highest weight and the last
// symbol the weight 1.
func syndrome(s []byte) byte {
	var acc byte
	for _, v := range s {
		acc = mulAlpha(acc) ^ v
	}
	return acc
}

// New returns one new code in canonical form. It reads 10 bytes from
// rand, of which it uses the first 75 bits; a nil rand means
// crypto/rand.Reader. Callers other than tests should pass nil or
// crypto/rand.Reader.
func New(rand io.Reader) (string, error) {
	var raw [10]byte // 80 bits: the smallest whole number of bytes ≥ 75 bits
	if _, err := io.ReadFull(orDefault(rand), raw[:]); err != nil {
		return "", fmt.Errorf("reading random bytes for a backup code: %w", err)
	}
	var sym [Length]byte
	// Split the bytes into 5-bit groups, most significant bit first, as
	// base32 encoding does. Each group is uniform because every bit is.
	var acc uint
	var bits, n int
	for _, b := range raw {
		acc = acc<<8 | uint(b)
		bits += 8
		for bits >= 5 && n < randomSymbols {
			bits -= 5
			sym[n] = byte(acc>>bits) & 31
			n++
		}
	}
	// With s_15 = 0, S is the weighted sum of the random symbols; setting
	// s_15 to that value makes the full sum zero.
	sym[randomSymbols] = syndrome(sym[:randomSymbols+1])

	var out [Length]byte
	for i, v := range sym {
		out[i] = Alphabet[v]
	}
	return string(out[:]), nil
}

// NewSet returns SetSize distinct new codes in canonical form, read from
// rand as New does.
//
// From a working CSPRNG a repeat has a chance of about 2^-69, so a repeat
// means the source is broken (a constant or replayed stream), and NewSet
// returns an error instead of quietly drawing again.
func NewSet(rand io.Reader) ([]string, error) {
	rand = orDefault(rand)
	set := make([]string, 0, SetSize)
	seen := make(map[string]bool, SetSize)
	for len(set) < SetSize {
		c, err := New(rand)
		if err != nil {
			return nil, err
		}
		if seen[c] {
			return nil, errors.New("random source repeated a backup code")
		}
		seen[c] = true
		set = append(set, c)
	}
	return set, nil
}

func orDefault(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

// Format returns a canonical code in display form, "XXXX-XXXX-XXXX-XXXX".
// Anything that is not Length bytes long is returned unchanged, so a
// caller's mistake shows up as-is rather than as a plausible code.
func Format(canonical string) string {
	if len(canonical) != Length {
		return canonical
	}
	return canonical[0:4] + "-" + canonical[4:8] + "-" + canonical[8:12] + "-" + canonical[12:16]
}

// Normalize turns what a person typed or pasted into the shape of a
// canonical code, without checking it: ASCII letters are upper-cased;
// spaces, tabs, line breaks and dashes (ASCII and Unicode), and the
// invisible characters that copy and paste leaves behind, are dropped;
// O becomes 0, and I and L become 1, as Crockford's base32 prescribes.
//
// Only ASCII letters change case. The alphabet is ASCII, and full Unicode
// case mapping would let characters such as 'ſ' (long s) or 'ı' (dotless
// i) pass for code symbols; left alone, they make Parse fail.
func Normalize(input string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		switch {
		case r == 'O':
			return '0'
		case r == 'I' || r == 'L':
			return '1'
		case isSeparator(r):
			return -1
		}
		return r
	}, input)
}

// isSeparator reports whether r is something people put between groups
// of a code, or that a copy from a PDF, web page or chat brings along.
func isSeparator(r rune) bool {
	switch r {
	case '\u00ad', // soft hyphen
		'\u200b', // zero width space
		'\u2060', // word joiner
		'\u2212', // minus sign, which some fonts and keyboards give for '-'
		'\ufeff': // zero width no-break space (byte order mark)
		return true
	}
	// Format characters (Cf) are invisible: right-to-left and
	// left-to-right marks, zero-width joiners and the like come along
	// with text copied from pages in other scripts.
	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || unicode.Is(unicode.Cf, r)
}

// Parse normalises input and checks it. It returns the canonical code, an
// error wrapping ErrMalformed if the input is not Length symbols of the
// alphabet, or ErrTypo if the check symbol does not match.
//
// Error messages never quote the input: it may be a secret.
func Parse(input string) (string, error) {
	s := Normalize(input)
	if n := utf8.RuneCountInString(s); n != Length {
		return "", fmt.Errorf("%w: it has %d symbols, want %d", ErrMalformed, n, Length)
	}
	var sym [Length]byte
	pos := 0
	for _, r := range s {
		// The alphabet is ASCII, so any wider rune is outside it.
		if r >= utf8.RuneSelf || decode[r] == invalid {
			return "", fmt.Errorf("%w: symbol %d is not in the alphabet", ErrMalformed, pos+1)
		}
		sym[pos] = decode[r]
		pos++
	}
	if syndrome(sym[:]) != 0 {
		return "", ErrTypo
	}
	return s, nil
}

// Equal reports whether two canonical codes are the same, in time that
// depends only on their lengths, so a comparison against a stored code
// does not reveal how much of a guess was right.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// LooksLike reports whether input, once normalised, has Length symbols,
// whatever they are. A sign-in field that takes either a 6-digit TOTP code
// or a backup code uses it to decide which one it was given; Parse then
// says whether it is a good one.
func LooksLike(input string) bool {
	return utf8.RuneCountInString(Normalize(input)) == Length
}
