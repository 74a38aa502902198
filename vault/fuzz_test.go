package vault_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/sparekey/sparekey/vault"
)

// parseCases are inputs the fuzzer or review found worth keeping, with the
// error each must give.
var parseCases = []struct {
	name string
	data []byte
	want error
}{
	{"empty", nil, vault.ErrDamaged},
	{"magic only", []byte("SPAREKEY"), vault.ErrDamaged},
	{"version 0", []byte("SPAREKEY\x00\x00\x00\x00\x00\x10"), vault.ErrDamaged},
	{"version 4", []byte("SPAREKEY\x00\x04\x00\x00\x00\x10"), vault.ErrNewerVersion},
	{"version 65535", []byte("SPAREKEY\xff\xff"), vault.ErrDamaged}, // too short to hold the version's length field
	{"header length 0", append([]byte("SPAREKEY\x00\x01\x00\x00\x00\x00"), make([]byte, 200)...), vault.ErrDamaged},
	{"header length huge", append([]byte("SPAREKEY\x00\x01\xff\xff\xff\xff"), make([]byte, 200)...), vault.ErrDamaged},
	{"header not JSON", append([]byte("SPAREKEY\x00\x01\x00\x00\x00\x04null"), make([]byte, 200)...), vault.ErrDamaged},
	{"header empty object", append([]byte("SPAREKEY\x00\x01\x00\x00\x00\x02{}"), make([]byte, 200)...), vault.ErrDamaged},
	{"header unknown field", append([]byte("SPAREKEY\x00\x01\x00\x00\x00\x08{\"x\":1}"), make([]byte, 200)...), vault.ErrDamaged},
}

func TestParseFileCases(t *testing.T) {
	for _, tc := range parseCases {
		if _, err := vault.ParseFile(tc.data); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	good := sampleVaultFile(t)
	got, err := vault.ParseFile(good)
	if err != nil || !bytes.Equal(got, good) {
		t.Fatalf("a real vault file: %v", err)
	}
}

// sampleVaultFile is a real vault file of a set-up account.
func sampleVaultFile(t testing.TB) []byte {
	e := newEnv(t)
	id, _ := e.setUpID(t, "alice")
	return readFile(t, e.vaultPath(id))
}

// FuzzParseFile: decoding a vault file's structure never panics, fails
// only with ErrDamaged or ErrNewerVersion, and on success the parts put
// back together are the input.
func FuzzParseFile(f *testing.F) {
	good := sampleVaultFile(f)
	f.Add(good)
	f.Add(good[:len(good)-1])
	newer := bytes.Clone(good)
	binary.BigEndian.PutUint16(newer[8:10], 2)
	f.Add(newer)
	for _, tc := range parseCases {
		f.Add(tc.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := vault.ParseFile(data)
		if err != nil {
			if !errors.Is(err, vault.ErrDamaged) && !errors.Is(err, vault.ErrNewerVersion) {
				t.Fatalf("error %v is neither damage nor a newer version", err)
			}
			return
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("parsed file reassembles to %q, want %q", got, data)
		}
	})
}
