package vault

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// FormatVersion is the vault file format this package writes. Files with a
// higher version are refused with ErrNewerVersion rather than misread.
//
// Format 2 brings the password check value under the header MAC (so a
// damaged one reads as damage, not as a wrong password) and derives the
// body key and the check key from K separately. Format 1 files are still
// read, and are rewritten as format 2 at their next write.
//
// Format 3 adds the private notes to the body; its keys and layout are
// format 2's. A format-2 build would decode a format-3 body without
// complaint, drop the notes it does not know and write the file back
// without them, so the version rises: such a build refuses the file
// (ErrNewerVersion) rather than lose the notes. Format 1 and 2 files are
// still read, and are rewritten as format 3 at their next write.
const FormatVersion = 3

var magic = [8]byte{'S', 'P', 'A', 'R', 'E', 'K', 'E', 'Y'}

const (
	prefixLen    = 8 + 2 + 4 // magic, version, header length
	macLen       = 32
	nonceLen     = 24
	maxHeaderLen = 64 << 10
	idLen        = 16
)

// KDFParams are Argon2id's cost parameters, stored in each header so they
// can be raised later without breaking old files.
type KDFParams struct {
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
}

// DefaultKDF is RFC 9106's second recommended option: t=3, m=64 MiB, p=4.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 << 10, Threads: 4}

func (p KDFParams) valid() bool {
	return p.Time >= 1 && p.Time <= 64 && p.MemoryKiB >= 8 && p.MemoryKiB <= 4<<20 && p.Threads >= 1
}

// header is the plain part of a vault file. It names the account for the
// picker and carries what is needed to derive keys; it is authenticated by
// a MAC under the device key and is the AEAD's associated data.
type header struct {
	ID       string    `json:"id"`
	Username string    `json:"username"`
	Site     string    `json:"site"`
	Created  time.Time `json:"created"`
	KDF      KDFParams `json:"kdf"`
	Salt     []byte    `json:"salt"`
	Counter  uint64    `json:"counter"`
}

// file is a vault file split into its parts.
type file struct {
	version         uint16
	prefixAndHeader []byte // magic ‖ version ‖ length ‖ header JSON: MAC input and AEAD associated data
	header          header
	headerMAC       []byte
	passwordCheck   []byte
	nonce           []byte
	ciphertext      []byte
}

func validID(id string) bool {
	b, err := hex.DecodeString(id)
	return err == nil && len(b) == idLen && hex.EncodeToString(b) == id
}

// parseFile splits and checks the structure of a vault file. It never
// needs a key, so the account picker can use it on every file.
func parseFile(data []byte) (*file, error) {
	if len(data) < prefixLen || !bytes.Equal(data[:8], magic[:]) {
		return nil, fmt.Errorf("%w: not a Sparekey vault file", ErrDamaged)
	}
	version := binary.BigEndian.Uint16(data[8:10])
	if version > FormatVersion {
		return nil, fmt.Errorf("%w: format %d, this build reads up to %d", ErrNewerVersion, version, FormatVersion)
	}
	if version == 0 {
		return nil, fmt.Errorf("%w: format 0", ErrDamaged)
	}
	n := binary.BigEndian.Uint32(data[10:14])
	if n == 0 || n > maxHeaderLen || uint64(len(data)) < uint64(prefixLen)+uint64(n)+2*macLen+nonceLen+16 {
		return nil, fmt.Errorf("%w: truncated", ErrDamaged)
	}
	end := prefixLen + int(n)
	f := &file{version: version, prefixAndHeader: data[:end:end]}
	dec := json.NewDecoder(bytes.NewReader(data[prefixLen:end]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f.header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrDamaged, err)
	}
	h := &f.header
	if !validID(h.ID) || h.Username == "" || !h.KDF.valid() || len(h.Salt) < 16 || len(h.Salt) > 64 {
		return nil, fmt.Errorf("%w: header fields out of range", ErrDamaged)
	}
	rest := data[end:]
	f.headerMAC, rest = rest[:macLen], rest[macLen:]
	f.passwordCheck, rest = rest[:macLen], rest[macLen:]
	f.nonce, f.ciphertext = rest[:nonceLen], rest[nonceLen:]
	return f, nil
}

// encodePrefix returns magic ‖ version ‖ length ‖ header JSON.
func encodePrefix(h *header) ([]byte, error) {
	js, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, prefixLen+len(js))
	b = append(b, magic[:]...)
	b = binary.BigEndian.AppendUint16(b, FormatVersion)
	b = binary.BigEndian.AppendUint32(b, uint32(len(js)))
	return append(b, js...), nil
}

// macInput is what the header MAC covers: from format 2 the password
// check value too, so damage to it is told from a wrong password.
func (f *file) macInput() []byte {
	if f.version == 1 {
		return f.prefixAndHeader
	}
	return append(slices.Clip(f.prefixAndHeader), f.passwordCheck...)
}

func (f *file) bytes() []byte {
	var b bytes.Buffer
	for _, part := range [][]byte{f.prefixAndHeader, f.headerMAC, f.passwordCheck, f.nonce, f.ciphertext} {
		b.Write(part)
	}
	return b.Bytes()
}
