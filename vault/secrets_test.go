package vault_test

import (
	"bytes"
	"encoding/base32"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/vault"
)

// assertNoSecrets fails if data holds the TOTP secret (base32 or raw), any
// backup code (display or canonical form), the password, or, unless
// auditAllowed, the text of audit events.
func assertNoSecrets(t *testing.T, data []byte, secret string, cs vault.CodeSet, auditAllowed bool) {
	t.Helper()
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	needles := map[string][]byte{
		"TOTP secret (base32)": []byte(secret),
		"TOTP secret (raw)":    raw,
		"TOTP secret (lower)":  []byte(strings.ToLower(secret)),
		"password":             []byte(pw),
	}
	for _, c := range cs.Codes {
		needles["code "+c.Text] = []byte(c.Text)
		needles["canonical code "+c.Text] = []byte(strings.ReplaceAll(c.Text, "-", ""))
	}
	if !auditAllowed {
		for _, k := range []vault.EventKind{vault.EventSignIn, vault.EventBackupCodeUsed, vault.EventAccountCreated,
			vault.EventTwoFactorEnabled, vault.EventCodesGenerated, vault.EventCodesPrinted} {
			needles["audit "+string(k)] = []byte(k)
		}
		needles["audit detail"] = []byte("left")
	}
	for what, n := range needles {
		if bytes.Contains(data, n) {
			t.Errorf("file holds the %s in the clear", what)
		}
	}
}
