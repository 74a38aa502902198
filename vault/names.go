package vault

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/sparekey/sparekey/internal/filename"
)

// Reasons a username or site name is refused.
var (
	ErrNameEmpty     = errors.New("name is empty")
	ErrNameTooLong   = errors.New("name is longer than 64 characters")
	ErrNameControl   = errors.New("name contains a control character")
	ErrNameForbidden = errors.New(`name contains one of / \ : * ? " < > |`)
	ErrNameSpaces    = errors.New("name starts or ends with a space")
)

// Reasons a new password is refused.
var (
	ErrPasswordShort      = errors.New("password is shorter than 12 characters")
	ErrPasswordLong       = errors.New("password is longer than 1024 characters")
	ErrPasswordRepetitive = errors.New("password is mostly one repeated character or a simple sequence")
	ErrPasswordCommon     = errors.New("password is a commonly used password")
	ErrPasswordHasName    = errors.New("password contains the username")
)

const (
	maxNameRunes     = 64
	minPasswordRunes = 12
	maxPasswordRunes = 1024
)

// NormalizeName returns the NFC form under which a username or site name
// is stored and compared.
func NormalizeName(s string) string { return norm.NFC.String(s) }

// ValidateName checks a username or site name: 1–64 characters after NFC
// normalisation, no control characters, none of the characters that file
// systems forbid (the names end up in a saved file's name), and no leading
// or trailing space.
func ValidateName(s string) error {
	s = NormalizeName(s)
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return ErrNameEmpty
	case n > maxNameRunes:
		return ErrNameTooLong
	case strings.TrimSpace(s) != s:
		return ErrNameSpaces
	case strings.ContainsAny(s, filename.Forbidden):
		return ErrNameForbidden
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r) {
			return ErrNameControl
		}
	}
	return nil
}

// ValidatePassword checks a new password. The rules follow NIST SP 800-63B:
// length is what matters, with a blocklist of the most common choices; no
// composition rules. Twelve characters is the floor because the password
// also protects the vault file against offline guessing by anyone who has
// the file and the keyring item.
func ValidatePassword(password, username string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < minPasswordRunes:
		return ErrPasswordShort
	case n > maxPasswordRunes:
		return ErrPasswordLong
	}
	lower := strings.ToLower(password)
	if u := strings.ToLower(NormalizeName(username)); utf8.RuneCountInString(u) >= 3 && strings.Contains(lower, u) {
		return ErrPasswordHasName
	}
	if repetitive(lower) {
		return ErrPasswordRepetitive
	}
	// A common stem padded with digits, symbols or spaces ("password1234",
	// "iloveyou2026!") is as weak as the stem.
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, lower)
	for _, c := range commonPasswords {
		if letters == c || (strings.Contains(lower, c) && utf8.RuneCountInString(lower)-len(c) < 4) {
			return ErrPasswordCommon
		}
	}
	return nil
}

// repetitive reports a password with fewer than 5 distinct characters, or
// one that is mostly a run of equal steps (aaaa, 1234, abcd, 9876).
func repetitive(s string) bool {
	rs := []rune(s)
	distinct := map[rune]bool{}
	for _, r := range rs {
		distinct[r] = true
	}
	if len(distinct) < 5 {
		return true
	}
	steady := 0
	for i := 2; i < len(rs); i++ {
		if rs[i]-rs[i-1] == rs[i-1]-rs[i-2] && abs(rs[i]-rs[i-1]) <= 1 {
			steady++
		}
	}
	return steady*3 >= len(rs)*2
}

func abs(r rune) rune {
	if r < 0 {
		return -r
	}
	return r
}

// commonPasswords are stems of the most used passwords; a password that is
// one of these with at most three characters added is refused.
var commonPasswords = []string{
	"password", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwertyuiop", "asdfgh",
	"123456", "12345678", "123456789", "1234567890", "111111", "abc123",
	"iloveyou", "letmein", "welcome", "monkey", "dragon", "football", "baseball",
	"sunshine", "princess", "admin", "master", "shadow", "superman", "trustno1",
	"starwars", "whatever", "freedom", "changeme", "secret", "sparekey",
	"azerty", "qazwsx", "zaq12wsx", "1q2w3e4r", "1qaz2wsx", "passphrase",
}
