package vault

import (
	"encoding/base64"
	"testing"
)

// TestItemEncoding round-trips an item with every field set, and reads an
// item of the previous version (2, without the previous set) as one whose
// previous set is empty.
func TestItemEncoding(t *testing.T) {
	it := item{
		vaultCounter: 7, throttleCounter: 9, throttleKnown: true, consecutive: 3, lockedUntil: 1e18,
		stateKnown: true, spent: 0x2a5, lastStep: 59_000_000, spentPrev: 0x3,
	}
	for i := range it.deviceKey {
		it.deviceKey[i] = byte(i)
	}
	for i := range 8 {
		it.setID[i], it.setPrev[i] = byte(0x10+i), byte(0x20+i)
	}
	for i := range 16 {
		it.totpFP[i], it.totpPrev[i], it.pwFP[i], it.pwPrev[i] = byte(0x30+i), byte(0x40+i), byte(0x50+i), byte(0x60+i)
	}
	s := it.encode()
	got, err := decodeItem(s)
	if err != nil {
		t.Fatal(err)
	}
	if *got != it {
		t.Fatalf("round trip:\n got %+v\nwant %+v", *got, it)
	}

	b, _ := base64.StdEncoding.DecodeString(s)
	v2 := append([]byte{itemVersion2}, b[1:itemV2Len]...)
	got, err = decodeItem(base64.StdEncoding.EncodeToString(v2))
	if err != nil {
		t.Fatalf("version 2: %v", err)
	}
	want := it
	want.setPrev, want.spentPrev = [8]byte{}, 0
	if *got != want {
		t.Fatalf("version 2:\n got %+v\nwant %+v", *got, want)
	}

	for _, bad := range [][]byte{nil, b[:itemV2Len], append([]byte{itemVersion2}, b[1:]...), append(b, 0)} {
		if _, err := decodeItem(base64.StdEncoding.EncodeToString(bad)); err == nil {
			t.Errorf("an item of version %v and %d bytes is accepted", bad[:min(len(bad), 1)], len(bad))
		}
	}
}
