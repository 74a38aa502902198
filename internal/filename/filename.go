// Package filename is the one place for the rule of which characters a
// name may not carry into a file name: the usernames and site names the
// vault accepts, and the names of saved and printed sheets.
package filename

import (
	"strings"
	"unicode"
)

// Forbidden are the characters that some file system (Windows, or every
// one for '/') does not allow in a file name.
const Forbidden = `/\:*?"<>|`

// Safe replaces each Forbidden and each control character in s with '_'.
func Safe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(Forbidden, r) {
			return '_'
		}
		return r
	}, s)
}
