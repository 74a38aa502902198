//go:build !windows

package savefile

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		// Some file systems cannot sync a folder (EINVAL); the rename is
		// then as durable as they make it.
		return err
	}
	return nil
}

// isDiskFull reports a full disk (ENOSPC) or a full quota (EDQUOT),
// which a person fixes the same way.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func isReadOnly(err error) bool { return errors.Is(err, syscall.EROFS) }

func diskFull(path string, err error) error {
	if !errors.Is(err, syscall.ENOSPC) { // EDQUOT
		return fmt.Errorf("save %s: %w: %w: %w", path, ErrDiskFull, syscall.ENOSPC, err)
	}
	return fmt.Errorf("save %s: %w: %w", path, ErrDiskFull, err)
}
