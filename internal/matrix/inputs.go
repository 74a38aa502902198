package matrix

import (
	"strings"
	"unicode/utf8"
)

// Groups, the headings rows are listed under.
const (
	GroupDesign   = "DESIGN §6"
	GroupSize     = "Empty and 10 kB"
	GroupUnicode  = "Look-alikes, invisible and control characters"
	GroupTyping   = "Spaces, dashes and case"
	GroupSteps    = "Codes from other time steps and sets"
	GroupFile     = "Damaged and foreign vault files"
	GroupStorage  = "Data directory and disk"
	GroupKeyring  = "Keyring"
	GroupSettings = "Print and save"
)

// TenKB is the size of the "10 kB" inputs.
const TenKB = 10 << 10

// Variant is an input made from a good one: a good code, username or
// site name. Every layer runs each variant and must get Want.
type Variant struct {
	Case  string
	Group string
	Input string // what the variant is, in words
	Make  func(good string) string
	Want  string // the Error every layer must report
	Try   bool   // whether it must count as a failed try
}

// lookalike replaces the first character of s that has a look-alike:
// Latin capitals by Cyrillic ones, digits and other letters by their
// fullwidth forms.
func lookalike(s string) string {
	cyr := map[rune]rune{'A': 'А', 'B': 'В', 'C': 'С', 'E': 'Е', 'H': 'Н', 'K': 'К', 'M': 'М', 'P': 'Р', 'T': 'Т', 'X': 'Х',
		'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х', 'S': 'Ѕ'}
	for i, r := range s {
		if c, ok := cyr[r]; ok {
			return s[:i] + string(c) + s[i+utf8.RuneLen(r):]
		}
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return s[:i] + string(r-'!'+'！') + s[i+1:]
		}
	}
	return s
}

// fullwidth turns every ASCII letter and digit of s into its fullwidth
// form, which looks the same in many fonts.
func fullwidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f && r != '-' {
			return r - '!' + '！'
		}
		return r
	}, s)
}

// insert puts x after the first n bytes of s (s is ASCII where used).
func insert(s string, n int, x string) string { return s[:n] + x + s[n:] }

// BackupCodeVariants are made from an unused backup code of the current
// set, as XXXX-XXXX-XXXX-XXXX.
var BackupCodeVariants = []Variant{
	{"backup-code-spaces", GroupTyping, "backup code with spaces for dashes", func(c string) string { return strings.ReplaceAll(c, "-", " ") }, Accepted, false},
	{"backup-code-lower-no-dashes", GroupTyping, "backup code in lower case, without dashes", func(c string) string { return strings.ToLower(strings.ReplaceAll(c, "-", "")) }, Accepted, false},
	{"backup-code-zero-width", GroupUnicode, "backup code with a zero-width space (U+200B) inside", func(c string) string { return insert(c, 2, "\u200b") }, Accepted, false},
	{"backup-code-rtl-mark", GroupUnicode, "backup code pasted with right-to-left marks (U+200F) around it", func(c string) string { return "\u200f" + c + "\u200f" }, Accepted, false},
	{"backup-code-lookalike", GroupUnicode, "backup code with one symbol replaced by a look-alike (Cyrillic or fullwidth)", lookalike, "vault.ErrMalformedCode", false},
	{"backup-code-fullwidth", GroupUnicode, "backup code typed in fullwidth letters and digits", fullwidth, "vault.ErrMalformedCode", false},
	{"backup-code-control", GroupUnicode, "backup code with a control character (U+0007) inside", func(c string) string { return insert(c, 2, "\a") }, "vault.ErrMalformedCode", false},
}

// TOTPVariants are made from the authenticator's current code.
var TOTPVariants = []Variant{
	{"totp-spaces", GroupTyping, "authenticator code as 123 456", func(c string) string { return c[:3] + " " + c[3:] }, Accepted, false},
	{"totp-dash", GroupTyping, "authenticator code as 123-456", func(c string) string { return c[:3] + "-" + c[3:] }, Accepted, false},
	{"totp-zero-width", GroupUnicode, "authenticator code with a zero-width space (U+200B) inside", func(c string) string { return insert(c, 3, "\u200b") }, Accepted, false},
	{"totp-rtl-mark", GroupUnicode, "authenticator code pasted with a right-to-left mark (U+200F) before it", func(c string) string { return "\u200f" + c }, Accepted, false},
	{"totp-fullwidth", GroupUnicode, "authenticator code in fullwidth digits", fullwidth, "vault.ErrMalformedCode", false},
	{"totp-control", GroupUnicode, "authenticator code with a control character (U+0007) inside", func(c string) string { return insert(c, 3, "\a") }, "vault.ErrMalformedCode", false},
}

// CodeSizes are the empty and the 10 kB second factor.
var CodeSizes = []Variant{
	{"code-empty", GroupSize, "empty code", func(string) string { return "" }, "vault.ErrMalformedCode", false},
	{"code-10kb", GroupSize, "10 kB of digits as the code", func(string) string { return strings.Repeat("7", TenKB) }, "vault.ErrMalformedCode", false},
	{"code-10kb-symbols", GroupSize, "10 kB of backup-code symbols as the code", func(string) string { return strings.Repeat("ABCD-", TenKB/5) }, "vault.ErrMalformedCode", false},
}

// PasswordSizes are the empty and the 10 kB password at sign-in.
var PasswordSizes = []Variant{
	{"password-empty", GroupSize, "empty password at sign-in", func(string) string { return "" }, "vault.ErrPasswordEmpty", false},
	{"password-10kb", GroupSize, "10 kB password at sign-in", func(string) string { return strings.Repeat("x", TenKB) }, "vault.ErrWrongPassword", true},
}

// UsernameVariants are made from the username of the existing account,
// alice, and given to a new account.
var UsernameVariants = []Variant{
	{"username-empty", GroupSize, "empty username", func(string) string { return "" }, "vault.ErrNameEmpty", false},
	{"username-10kb", GroupSize, "10 kB username", func(string) string { return strings.Repeat("a", TenKB) }, "vault.ErrNameTooLong", false},
	{"username-case", GroupUnicode, "the existing username in upper case (ALICÉ)", strings.ToUpper, "vault.ErrUsernameTaken", false},
	{"username-nfd", GroupUnicode, "the existing username with a combining accent where it has é (NFD)", func(s string) string { return strings.ReplaceAll(s, "é", "e\u0301") }, "vault.ErrUsernameTaken", false},
	{"username-lookalike", GroupUnicode, "the existing username with a Cyrillic а for the Latin a", lookalike, Accepted, false},
	{"username-fullwidth", GroupUnicode, "the existing username in fullwidth letters", fullwidth, Accepted, false},
	{"username-rtl-mark", GroupUnicode, "username with a right-to-left mark (U+200F)", func(s string) string { return s + "\u200f" }, "vault.ErrNameControl", false},
	{"username-zero-width", GroupUnicode, "username with a zero-width space (U+200B)", func(s string) string { return insert(s, 2, "\u200b") }, "vault.ErrNameControl", false},
	{"username-control", GroupUnicode, "username with a control character (U+0007)", func(s string) string { return insert(s, 2, "\a") }, "vault.ErrNameControl", false},
}

// SiteVariants are made from the default site name, Sparekey.
var SiteVariants = []Variant{
	{"site-empty", GroupSize, "empty site name", func(string) string { return "" }, "vault.ErrNameEmpty", false},
	{"site-10kb", GroupSize, "10 kB site name", func(string) string { return strings.Repeat("s", TenKB) }, "vault.ErrNameTooLong", false},
	{"site-lookalike", GroupUnicode, "site name with a Cyrillic Ѕ for the Latin S", lookalike, Accepted, false},
	{"site-rtl-mark", GroupUnicode, "site name with a right-to-left mark (U+200F)", func(s string) string { return "\u200f" + s }, "vault.ErrNameControl", false},
	{"site-zero-width", GroupUnicode, "site name with a zero-width joiner (U+200D)", func(s string) string { return insert(s, 3, "\u200d") }, "vault.ErrNameControl", false},
	{"site-control", GroupUnicode, "site name with a control character (U+001B)", func(s string) string { return insert(s, 3, "\x1b") }, "vault.ErrNameControl", false},
}

// TOTPSteps are authenticator codes from other time steps than the
// accepted t−1..t+1, and Steps their offsets.
var TOTPSteps = []Variant{
	{"totp-2-steps-back", GroupSteps, "authenticator code of 2 steps (60 s) ago", nil, "vault.ErrWrongCode", true},
	{"totp-2-steps-ahead", GroupSteps, "authenticator code of 2 steps (60 s) ahead", nil, "vault.ErrWrongCode", true},
	{"totp-3-steps-back", GroupSteps, "authenticator code of 3 steps (90 s) ago", nil, "vault.ErrWrongCode", true},
	{"totp-3-steps-ahead", GroupSteps, "authenticator code of 3 steps (90 s) ahead", nil, "vault.ErrWrongCode", true},
}

// Steps are the offsets of TOTPSteps, in time steps.
var Steps = []int{-2, 2, -3, 3}
