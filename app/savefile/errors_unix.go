//go:build !windows

package savefile

import (
	"errors"
	"fmt"
	"syscall"
)

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
