package matrix

import (
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// Accepted is the Error of a row whose input was taken.
const Accepted = "accepted"

// The two storage failures a person can fix get names of their own, as
// they get sentences of their own.
const (
	diskFull    = " (disk full)"
	notWritable = " (not writable)"
)

// sentinels are the errors a row may name, the more specific before the
// ones they wrap.
var sentinels = []struct {
	name string
	err  error
}{
	{"vault.ErrRolledBackPassword", vault.ErrRolledBackPassword},
	{"vault.ErrRolledBackAuthenticator", vault.ErrRolledBackAuthenticator},
	{"vault.ErrRolledBack", vault.ErrRolledBack},
	{"vault.ErrLockedOut", vault.ErrLockedOut},
	{"vault.ErrStorage", vault.ErrStorage},
	{"vault.ErrWrongPassword", vault.ErrWrongPassword},
	{"vault.ErrWrongCode", vault.ErrWrongCode},
	{"vault.ErrMalformedCode", vault.ErrMalformedCode},
	{"vault.ErrTypo", vault.ErrTypo},
	{"vault.ErrCodeUsed", vault.ErrCodeUsed},
	{"vault.ErrCodeReplaced", vault.ErrCodeReplaced},
	{"vault.ErrTOTPJustUsed", vault.ErrTOTPJustUsed},
	{"vault.ErrClockBehind", vault.ErrClockBehind},
	{"vault.ErrNoKeyring", vault.ErrNoKeyring},
	{"vault.ErrKeyringLocked", vault.ErrKeyringLocked},
	{"vault.ErrKeyringItemMissing", vault.ErrKeyringItemMissing},
	{"vault.ErrKeyringMismatch", vault.ErrKeyringMismatch},
	{"vault.ErrKeyringItemExists", vault.ErrKeyringItemExists},
	{"vault.ErrDamaged", vault.ErrDamaged},
	{"vault.ErrNewerVersion", vault.ErrNewerVersion},
	{"vault.ErrAnotherInstance", vault.ErrAnotherInstance},
	{"vault.ErrNoAccount", vault.ErrNoAccount},
	{"vault.ErrUsernameTaken", vault.ErrUsernameTaken},
	{"vault.ErrNotEnrolled", vault.ErrNotEnrolled},
	{"vault.ErrSecondFactorRequired", vault.ErrSecondFactorRequired},
	{"vault.ErrClosed", vault.ErrClosed},
	{"vault.ErrNoEnrolment", vault.ErrNoEnrolment},
	{"vault.ErrNameEmpty", vault.ErrNameEmpty},
	{"vault.ErrNameTooLong", vault.ErrNameTooLong},
	{"vault.ErrNameControl", vault.ErrNameControl},
	{"vault.ErrNameForbidden", vault.ErrNameForbidden},
	{"vault.ErrNameSpaces", vault.ErrNameSpaces},
	{"vault.ErrPasswordShort", vault.ErrPasswordShort},
	{"vault.ErrPasswordLong", vault.ErrPasswordLong},
	{"vault.ErrPasswordRepetitive", vault.ErrPasswordRepetitive},
	{"vault.ErrPasswordCommon", vault.ErrPasswordCommon},
	{"vault.ErrPasswordHasName", vault.ErrPasswordHasName},
	{"app.ErrSudoRequired", app.ErrSudoRequired},
	{"app.ErrNotSignedIn", app.ErrNotSignedIn},
	{"app.ErrWrongStep", app.ErrWrongStep},
	{"app.ErrConfirmationMismatch", app.ErrConfirmationMismatch},
	{"app.ErrPasswordsDiffer", app.ErrPasswordsDiffer},
	{"vault.ErrPasswordEmpty", vault.ErrPasswordEmpty},
	{"app.ErrFolderMissing", app.ErrFolderMissing},
	{"app.ErrPrintCancelled", app.ErrPrintCancelled},
	{"app.ErrNoPrintDialog", app.ErrNoPrintDialog},
	{"app.ErrNothingToPrint", app.ErrNothingToPrint},
	{"app.ErrSaveCancelled", app.ErrSaveCancelled},
	{"app.ErrNoFileChooser", app.ErrNoFileChooser},
	{"app.ErrDiskFull", app.ErrDiskFull},
	{"app.ErrNotWritable", app.ErrNotWritable},
}

// Name is the name of the most specific sentinel err matches: Accepted
// for nil, "unknown: ..." for an error no sentinel matches (a row that
// names it is a finding: the person would see the general sentence).
func Name(err error) string {
	if err == nil {
		return Accepted
	}
	for _, s := range sentinels {
		if !errors.Is(err, s.err) {
			continue
		}
		if s.err == vault.ErrStorage {
			switch {
			case errors.Is(err, syscall.ENOSPC):
				return s.name + diskFull
			case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EROFS):
				return s.name + notWritable
			}
		}
		return s.name
	}
	return "unknown: " + err.Error()
}

// Err gives back an error that Name names name, so that the sentence
// table can say what a person sees for a row of a layer below the
// screens; nil for Accepted. ok is false for a name it does not know.
func Err(name string) (err error, ok bool) {
	if name == Accepted {
		return nil, true
	}
	base, errno := name, error(nil)
	if b, ok := strings.CutSuffix(name, diskFull); ok {
		base, errno = b, syscall.ENOSPC
	} else if b, ok := strings.CutSuffix(name, notWritable); ok {
		base, errno = b, syscall.EROFS
	}
	for _, s := range sentinels {
		if s.name != base {
			continue
		}
		if errno != nil {
			return fmt.Errorf("%w: %w", s.err, errno), true
		}
		return s.err, true
	}
	return nil, false
}
