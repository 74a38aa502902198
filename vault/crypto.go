package vault

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"runtime/debug"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Labels keep every derived key to one purpose.
const (
	infoVaultKey    = "sparekey v1 vault key"
	infoHeaderMAC   = "sparekey v1 header mac"
	infoThrottleMAC = "sparekey v1 throttle mac"
	passwordCheck   = "password-check"
	// From format 2 the body's AEAD and the password check each have a key
	// of their own, expanded from K, so neither use of K can help attack
	// the other.
	infoBodyKey  = "sparekey v2 body aead key"
	infoCheckKey = "sparekey v2 password check key"
)

// vaultKey derives K = HKDF(device key ‖ Argon2id(password, salt)).
func vaultKey(deviceKey []byte, password string, salt []byte, p KDFParams) []byte {
	stretched := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, 32)
	releaseWorkArea(p)
	ikm := append(append(make([]byte, 0, 64), deviceKey...), stretched...)
	k, err := hkdf.Key(sha256.New, ikm, nil, infoVaultKey, 32)
	if err != nil {
		panic(err) // only for impossible lengths
	}
	clear(ikm)
	clear(stretched)
	return k
}

// bigWorkArea is the Argon2id memory from which releaseWorkArea hands it
// back to the system at once.
const bigWorkArea = 16 << 10 // KiB

// releaseWorkArea returns Argon2id's work area (64 MiB at the default
// cost) to the operating system. It is garbage once the key is out, but
// Go's runtime would keep it mapped for minutes, and Sparekey is meant to
// stay open: the process would stay that much bigger after every
// password check. It runs in the background so the sign-in does not wait
// for the collection; the small work areas of tests skip it.
func releaseWorkArea(p KDFParams) {
	if p.MemoryKiB >= bigWorkArea {
		go debug.FreeOSMemory()
	}
}

// deviceSubkey derives a key from the device key alone.
func deviceSubkey(deviceKey []byte, info string) []byte {
	k, err := hkdf.Key(sha256.New, deviceKey, nil, info, 32)
	if err != nil {
		panic(err)
	}
	return k
}

func mac(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// expand derives a purpose key from K, which is already uniformly random.
func expand(k []byte, info string) []byte {
	out, err := hkdf.Expand(sha256.New, k, info, 32)
	if err != nil {
		panic(err) // only for impossible lengths
	}
	return out
}

// passwordCheckValue is the value that tells a wrong password. Format 1
// used K itself; later formats a key derived for this alone.
func passwordCheckValue(k []byte, version uint16) []byte {
	if version == 1 {
		return mac(k, []byte(passwordCheck))
	}
	ck := expand(k, infoCheckKey)
	defer clear(ck)
	return mac(ck, []byte(passwordCheck))
}

// sameCheck reports whether a file of this version has the password
// check value of today's format, which the keyring item fingerprints:
// every format from 2 on derives it the same way.
func sameCheck(version uint16) bool { return version >= 2 }

// bodyKey is the AEAD key of the body. Format 1 used K itself; the caller
// clears what it gets.
func bodyKey(k []byte, version uint16) []byte {
	if version == 1 {
		return bytes.Clone(k)
	}
	return expand(k, infoBodyKey)
}

func seal(k, nonce, plaintext, ad []byte) []byte {
	aead, err := chacha20poly1305.NewX(k)
	if err != nil {
		panic(err)
	}
	return aead.Seal(nil, nonce, plaintext, ad)
}

func open(k, nonce, ciphertext, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(k)
	if err != nil {
		panic(err)
	}
	return aead.Open(nil, nonce, ciphertext, ad)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // crypto/rand never fails on supported systems
	}
	return b
}
