package savefile

import (
	"errors"
	"fmt"
	"syscall"

	"golang.org/x/sys/windows"
)

// isDiskFull reports Windows' own disk-full codes too.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) ||
		errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}

// diskFull wraps syscall.ENOSPC as well as Windows' own code, so that
// errors.Is(err, syscall.ENOSPC) holds as WriteAtomic promises.
func diskFull(path string, err error) error {
	return fmt.Errorf("save %s: %w: %w: %w", path, ErrDiskFull, syscall.ENOSPC, err)
}

// isReadOnly reports a write-protected medium.
func isReadOnly(err error) bool { return errors.Is(err, windows.ERROR_WRITE_PROTECT) }
