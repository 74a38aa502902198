package vault_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/vault"
)

func TestValidateName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want error
	}{
		{"alice", nil},
		{"Alice Smith", nil},
		{"René", nil},
		{"Rene\u0301", nil}, // decomposed é: NFC makes it one character
		{"例え", nil},
		{strings.Repeat("a", 64), nil},
		{strings.Repeat("é", 64), nil},
		{strings.Repeat("e\u0301", 64), nil}, // 128 runes before NFC, 64 after
		{"", vault.ErrNameEmpty},
		{strings.Repeat("a", 65), vault.ErrNameTooLong},
		{" alice", vault.ErrNameSpaces},
		{"alice ", vault.ErrNameSpaces},
		{" ", vault.ErrNameSpaces},
		{"al\tice", vault.ErrNameControl},
		{"al\nice", vault.ErrNameControl},
		{"al\x00ice", vault.ErrNameControl},
		{"al\u200bice", vault.ErrNameControl}, // zero width space (format)
		{"al\u202eice", vault.ErrNameControl}, // right-to-left override
		{"al\xffice", vault.ErrNameControl},   // invalid UTF-8
		{"a/b", vault.ErrNameForbidden},
		{`a\b`, vault.ErrNameForbidden},
		{"a:b", vault.ErrNameForbidden},
		{"a*b", vault.ErrNameForbidden},
		{"a?b", vault.ErrNameForbidden},
		{`a"b`, vault.ErrNameForbidden},
		{"a<b", vault.ErrNameForbidden},
		{"a>b", vault.ErrNameForbidden},
		{"a|b", vault.ErrNameForbidden},
	} {
		if got := vault.ValidateName(tc.name); !errors.Is(got, tc.want) || (tc.want == nil && got != nil) {
			t.Errorf("ValidateName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		password, username string
		want               error
	}{
		{"correct horse battery", "alice", nil},
		{"Tr0ub4dor&3xyz", "alice", nil},
		{"élan vital über", "alice", nil},
		{strings.Repeat("q9Zk!", 204) + "q9Zk", "alice", nil}, // 1024 characters
		{"", "alice", vault.ErrPasswordShort},
		{"short pass", "alice", vault.ErrPasswordShort},
		{"éééééééééé1", "alice", vault.ErrPasswordShort}, // 11 characters, 21 bytes
		{strings.Repeat("abcdefghij", 103), "alice", vault.ErrPasswordLong},
		{"aaaaaaaaaaaaaaaa", "alice", vault.ErrPasswordRepetitive},
		{"abababababababab", "alice", vault.ErrPasswordRepetitive},
		{"abcdefghijklmnop", "alice", vault.ErrPasswordRepetitive},
		{"9876543210zyxw", "alice", vault.ErrPasswordRepetitive},
		{"Password!!!", "alice", vault.ErrPasswordShort},
		{"qwertyuiop12", "alice", vault.ErrPasswordCommon},
		{"QWERTYUIOP!", "alice", vault.ErrPasswordShort},
		{"Passphrase12", "alice", vault.ErrPasswordCommon},
		{"my1234567890", "alice", vault.ErrPasswordCommon},
		{"alice-in-chains", "alice", vault.ErrPasswordHasName},
		{"my name is ALICE!", "Alice", vault.ErrPasswordHasName},
		{"bo is my friend", "bo", nil}, // names under 3 characters are not checked
	} {
		if got := vault.ValidatePassword(tc.password, tc.username); !errors.Is(got, tc.want) || (tc.want == nil && got != nil) {
			t.Errorf("ValidatePassword(%q, %q) = %v, want %v", tc.password, tc.username, got, tc.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	if got := vault.NormalizeName("Rene\u0301"); got != "Ren\u00e9" {
		t.Errorf("NormalizeName = %q, want the composed form", got)
	}
}
