package vault

import (
	"encoding/base64"
	"errors"
	"testing"
)

// itemCases are keyring items the fuzzer or review found worth keeping,
// as the base64 text the keyring holds, with whether each must decode.
var itemCases = []struct {
	name string
	text string
	ok   bool
}{
	{"empty", "", false},
	{"not base64", "!!!!", false},
	{"one zero byte", "AA==", false},
	{"version 1, one byte short", base64.StdEncoding.EncodeToString(append([]byte{itemVersion1}, make([]byte, itemV1Len-2)...)), false},
	{"version 1", base64.StdEncoding.EncodeToString(append([]byte{itemVersion1}, make([]byte, itemV1Len-1)...)), true},
	{"version 2 at version 3's length", base64.StdEncoding.EncodeToString(append([]byte{itemVersion2}, make([]byte, itemLen-1)...)), false},
	{"version 3 at version 2's length", base64.StdEncoding.EncodeToString(append([]byte{itemVersion}, make([]byte, itemV2Len-1)...)), false},
	{"version 3, unknown flags set", base64.StdEncoding.EncodeToString(append([]byte{itemVersion, 0xff}, make([]byte, itemLen-2)...)), true},
	{"version 4", base64.StdEncoding.EncodeToString(append([]byte{4}, make([]byte, itemLen-1)...)), false},
}

// checkItemText is the property both the table and the fuzzer check: an
// item's text decodes, or fails with ErrKeyringMismatch alone; what
// decodes is written back in the current version and reads back the same.
func checkItemText(t *testing.T, s string) (ok bool) {
	t.Helper()
	it, err := decodeItem(s)
	if err != nil {
		if !errors.Is(err, ErrKeyringMismatch) {
			t.Fatalf("decodeItem(%q): %v, want ErrKeyringMismatch", s, err)
		}
		if it != nil {
			t.Fatalf("decodeItem(%q) returns an item with its error", s)
		}
		return false
	}
	enc := it.encode()
	if n := base64.StdEncoding.DecodedLen(len(enc)); n < itemLen {
		t.Fatalf("an encoded item is %d bytes", n)
	}
	again, err := decodeItem(enc)
	if err != nil {
		t.Fatalf("an item written back does not decode: %v", err)
	}
	if *again != *it {
		t.Fatalf("round trip of %q:\n got %+v\nwant %+v", s, *again, *it)
	}
	if again.encode() != enc {
		t.Fatal("encoding is not stable")
	}
	return true
}

func TestItemTextCases(t *testing.T) {
	for _, tc := range itemCases {
		t.Run(tc.name, func(t *testing.T) {
			if ok := checkItemText(t, tc.text); ok != tc.ok {
				t.Fatalf("decodes: %v, want %v", ok, tc.ok)
			}
		})
	}
}

// FuzzItemEncoding: any text the keyring hands back decodes or fails with
// ErrKeyringMismatch, never panics, and what decodes round-trips through
// encode. The input is tried as the keyring's text and as the bytes that
// text encodes, so the fuzzer reaches the version and length checks.
func FuzzItemEncoding(f *testing.F) {
	full := item{vaultCounter: 7, throttleCounter: 9, throttleKnown: true, consecutive: 3, lockedUntil: -1,
		stateKnown: true, spent: 0x3ff, lastStep: 1 << 40, spentPrev: 1}
	for i := range full.deviceKey {
		full.deviceKey[i] = byte(i)
	}
	raw, _ := base64.StdEncoding.DecodeString(full.encode())
	f.Add(raw)
	f.Add(append([]byte{itemVersion2}, raw[1:itemV2Len]...))
	f.Add(append([]byte{itemVersion1}, raw[2:itemV1Len+1]...))
	for _, tc := range itemCases {
		b, _ := base64.StdEncoding.DecodeString(tc.text)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkItemText(t, string(data))
		checkItemText(t, base64.StdEncoding.EncodeToString(data))
	})
}
