//go:build linux || freebsd

package printing

import (
	"fmt"
	"io"
	"os"
)

// unlinkedFile returns a temp file holding pdf whose name is already
// removed, so it vanishes from the disk when the last descriptor closes.
func unlinkedFile(pdf []byte) (*os.File, error) {
	f, err := os.CreateTemp("", "sparekey-print-*.pdf")
	if err != nil {
		return nil, fmt.Errorf("create the print file: %w", err)
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("unlink the print file: %w", err)
	}
	if err := fill(f, pdf); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// fill writes pdf into f and rewinds it, since the receiver reads from
// the descriptor's current offset.
func fill(f *os.File, pdf []byte) error {
	if _, err := f.Write(pdf); err != nil {
		return fmt.Errorf("write the print file: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind the print file: %w", err)
	}
	return nil
}
