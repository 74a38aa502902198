package matrix

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/sparekey/sparekey/vault"
)

// FileFault is a damaged or foreign file that every layer puts in place
// of the account's vault file.
type FileFault struct {
	Case  string
	Input string // what the file is, in words
	Want  string // the Error every layer must report
	// Make gives the file's bytes from those of the good file, which it
	// leaves as they are.
	Make func(good []byte) []byte
}

// FileFaults are listed in the order of the table (GroupFile).
var FileFaults = []FileFault{
	{"file-bit-flipped", "vault file with one bit of the encrypted body flipped", "vault.ErrDamaged",
		func(b []byte) []byte { return flip(b, len(b)-1) }},
	{"file-header-bit-flipped", "vault file with one bit of the plain header flipped", "vault.ErrKeyringMismatch",
		func(b []byte) []byte { return flip(b, bytes.Index(b, []byte(`"site":"`))+len(`"site":"`)) }},
	{"file-truncated", "vault file cut to half its length", "vault.ErrDamaged",
		func(b []byte) []byte { return bytes.Clone(b[:len(b)/2]) }},
	{"file-zero-length", "vault file of zero bytes", "vault.ErrDamaged",
		func([]byte) []byte { return []byte{} }},
	{"file-foreign-format", "a PNG image in place of the vault file", "vault.ErrDamaged",
		func([]byte) []byte {
			return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 200)...)
		}},
	// The version follows the build's, so the words cannot go stale.
	{"file-newer-version", fmt.Sprintf("vault file of format version %d (this build writes %d)", vault.FormatVersion+1, vault.FormatVersion),
		"vault.ErrNewerVersion", func(b []byte) []byte {
			c := bytes.Clone(b)
			binary.BigEndian.PutUint16(c[8:10], vault.FormatVersion+1)
			return c
		}},
}

// flip returns a copy of b with the lowest bit of byte i inverted.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}
