package printing

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// pdfFile returns a memory file holding pdf, read from its start: it
// never touches a disk and disappears with its last descriptor.
func pdfFile(pdf []byte) (*os.File, error) {
	fd, err := unix.MemfdCreate("sparekey-print.pdf", unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return unlinkedFile(pdf)
	}
	f := os.NewFile(uintptr(fd), "sparekey-print.pdf")
	if err := fill(f, pdf); err != nil {
		f.Close()
		return nil, err
	}
	// Seal it: whoever reads it (the portal, GTK, CUPS) sees exactly
	// these bytes.
	if _, err := unix.FcntlInt(f.Fd(), unix.F_ADD_SEALS,
		unix.F_SEAL_SHRINK|unix.F_SEAL_GROW|unix.F_SEAL_WRITE|unix.F_SEAL_SEAL); err != nil {
		f.Close()
		return nil, fmt.Errorf("seal the print file: %w", err)
	}
	return f, nil
}
