package vault

import (
	"bytes"
	"testing"
)

// TestSeparateKeys: from format 2 the body key, the check key and K are
// three different keys, and the check value is not format 1's HMAC(K).
func TestSeparateKeys(t *testing.T) {
	k := randomBytes(32)
	body, check := bodyKey(k, FormatVersion), expand(k, infoCheckKey)
	if bytes.Equal(body, k) || bytes.Equal(check, k) || bytes.Equal(body, check) {
		t.Fatal("the body key, the check key and K are not all different")
	}
	if bytes.Equal(passwordCheckValue(k, FormatVersion), passwordCheckValue(k, 1)) {
		t.Fatal("the check value is still HMAC(K, ...)")
	}
	if !bytes.Equal(bodyKey(k, 1), k) {
		t.Fatal("format 1 bodies must still open with K")
	}
}
