package hygiene

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Harden forbids core dumps of this process (see the package doc). Call
// it first thing in main. Both steps are tried; the error joins what
// failed.
func Harden() error {
	var errs []error
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err != nil {
		errs = append(errs, fmt.Errorf("set RLIMIT_CORE to 0: %w", err))
	}
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		errs = append(errs, fmt.Errorf("prctl PR_SET_DUMPABLE 0: %w", err))
	}
	return errors.Join(errs...)
}
