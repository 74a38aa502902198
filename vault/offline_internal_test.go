package vault

import (
	"crypto/hmac"
	"strconv"
	"testing"
)

// BenchmarkOfflineGuess is one guess of the offline attack that
// docs/SECURITY.md sizes: someone holding the vault file and the keyring
// item (the device key) tries a password with no throttle in the way.
// Each guess is what Unlock does before it can tell a wrong password:
// Argon2id at DefaultKDF, HKDF to K, HKDF to the check key, HMAC, compare.
// Run with -cpu 1 for guesses per second per core:
//
//	go test ./vault -run '^$' -bench BenchmarkOfflineGuess -cpu 1 -benchtime 20x
func BenchmarkOfflineGuess(b *testing.B) {
	deviceKey, salt := randomBytes(32), randomBytes(16)
	want := passwordCheckValue(vaultKey(deviceKey, "the right password", salt, DefaultKDF), FormatVersion)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := vaultKey(deviceKey, "guess "+strconv.Itoa(i), salt, DefaultKDF)
		if hmac.Equal(passwordCheckValue(k, FormatVersion), want) {
			b.Fatal("a wrong guess passed the check")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "guesses/s")
}
