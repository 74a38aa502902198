package vault

import (
	"errors"
	"fmt"
	"time"

	"github.com/sparekey/sparekey/vault/codes"
)

// Errors a caller can test for with errors.Is. Each names one situation of
// DESIGN §6 that the vault can detect; the application turns each into a
// sentence for people.
var (
	// ErrWrongPassword: the password check value did not match. Counts as a
	// failed try.
	ErrWrongPassword = errors.New("wrong password")
	// ErrWrongCode: neither a current authenticator code nor a backup code of
	// the current set. Counts as a failed try.
	ErrWrongCode = errors.New("wrong code")
	// ErrMalformedCode: the input is neither 6 digits nor 16 backup-code
	// symbols. Does not count as a try.
	ErrMalformedCode = errors.New("not an authenticator code or a backup code")
	// ErrTypo: a backup code whose check symbol does not match, so a symbol
	// was mistyped. Does not count as a try.
	ErrTypo = codes.ErrTypo
	// ErrCodeUsed: a backup code of the current set that was already spent.
	// Counts as a failed try.
	ErrCodeUsed = errors.New("backup code already used")
	// ErrCodeReplaced: a backup code from one of the last three sets that a
	// newer set cancelled. Counts as a failed try.
	ErrCodeReplaced = errors.New("backup code is from a replaced set")
	// ErrTOTPJustUsed: a correct authenticator code whose time step was
	// already used (RFC 6238 §5.2). Does not count as a try.
	ErrTOTPJustUsed = errors.New("authenticator code already used")
	// ErrClockBehind: the last accepted time step is ahead of the clock, so
	// the clock seems to have gone back. Does not count as a try.
	ErrClockBehind = errors.New("clock seems to have gone back")
	// ErrPasswordEmpty: no password was given. No password is empty, so
	// it is refused before anything is read and does not count as a try.
	ErrPasswordEmpty = errors.New("no password given")
	// ErrLockedOut: too many wrong tries; errors.As gives a *LockedOutError
	// with the time the lockout ends.
	ErrLockedOut = errors.New("locked out after too many wrong tries")

	// ErrNoKeyring: no OS keyring service answers (on Linux: no Secret
	// Service on the session bus).
	ErrNoKeyring = errors.New("no keyring service")
	// ErrKeyringLocked: the keyring is locked, refused access, or did not
	// answer in time (it may be waiting for an unlock prompt).
	ErrKeyringLocked = errors.New("keyring locked or access refused")
	// ErrKeyringNoAnswer: a keyring call did not answer within the store's
	// bound (DefaultKeyringTimeout). It also matches ErrKeyringLocked: a
	// keyring waiting on an unlock prompt nobody sees looks the same. The
	// call may still land later.
	ErrKeyringNoAnswer = errors.New("keyring did not answer")
	// ErrKeyringItemMissing: the account's keyring item does not exist.
	ErrKeyringItemMissing = errors.New("keyring item missing")
	// ErrKeyringMismatch: the keyring item does not belong to this vault
	// file, or the file's header was altered.
	ErrKeyringMismatch = errors.New("keyring item does not match the vault file")
	// ErrKeyringItemExists: creating an account found an item under its ID.
	ErrKeyringItemExists = errors.New("keyring item already exists")

	// ErrDamaged: the vault file cannot be read or fails authentication
	// although the keyring item and the password are right.
	ErrDamaged = errors.New("vault file damaged")
	// ErrRolledBack: the vault file is an older copy that must not be
	// opened. An older copy opens with the keyring item's state applied
	// (spent codes stay spent, a replaced set stays replaced), except one
	// from before a password change or an authenticator reset, refused
	// with ErrRolledBackPassword or ErrRolledBackAuthenticator (which
	// both match ErrRolledBack), and one older than a keyring item of
	// version 1, which held a counter but not the state. Does not count as
	// a try.
	ErrRolledBack = errors.New("vault file rolled back to an older copy")
	// ErrRolledBackPassword: the vault file is from before the last
	// password change, so it would bring the old password back.
	ErrRolledBackPassword = fmt.Errorf("%w from before the last password change", ErrRolledBack)
	// ErrRolledBackAuthenticator: the vault file is from before the last
	// authenticator reset, so it would bring the old secret back.
	ErrRolledBackAuthenticator = fmt.Errorf("%w from before the last authenticator reset", ErrRolledBack)
	// ErrNewerVersion: the vault file was written by a newer Sparekey.
	ErrNewerVersion = errors.New("vault file from a newer version")
	// ErrAnotherInstance: another process holds the data directory's lock.
	ErrAnotherInstance = errors.New("another instance is using the data directory")
	// ErrStorage: a file could not be written (not writable, disk full...);
	// the error also wraps the system error, so errors.Is(err,
	// syscall.ENOSPC) works.
	ErrStorage = errors.New("cannot write to the data directory")

	// ErrNoAccount: no vault file with that ID.
	ErrNoAccount = errors.New("no such account")
	// ErrUsernameTaken: another account has this username, ignoring case.
	ErrUsernameTaken = errors.New("username already in use")
	// ErrNotEnrolled: the account has no confirmed authenticator. A new
	// account is written only once it has one, so Unlock meets this only on
	// an account an older version wrote half-made: it never signs in with
	// the password alone, and can only be removed. Does not count as a try.
	ErrNotEnrolled = errors.New("two-factor authentication not set up")
	// ErrSecondFactorRequired: the account was opened with the password
	// alone; codes, the log and every change wait for VerifySecondFactor.
	// Does not count as a try.
	ErrSecondFactorRequired = errors.New("second factor not given yet")
	// ErrClosed: the account was closed (signed out); unlock it again.
	ErrClosed = errors.New("account is closed")
	// ErrNoEnrolment: confirming an authenticator that was never begun.
	ErrNoEnrolment = errors.New("no authenticator enrolment in progress")
)

// LockedOutError reports a lockout and when it ends.
type LockedOutError struct {
	Until time.Time
	now   time.Time
}

// Wait is how long the lockout still lasts, rounded up to whole seconds.
func (e *LockedOutError) Wait() time.Duration {
	d := e.Until.Sub(e.now)
	if d <= 0 {
		return 0
	}
	return (d + time.Second - 1).Truncate(time.Second)
}

func (e *LockedOutError) Error() string {
	return fmt.Sprintf("%v: wait %v", ErrLockedOut, e.Wait())
}

// Is makes errors.Is(err, ErrLockedOut) hold.
func (e *LockedOutError) Is(target error) bool { return target == ErrLockedOut }

func storageError(op string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrStorage, op, err)
}
