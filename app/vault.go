package app

import "github.com/sparekey/sparekey/vault"

// What the screens need of the vault, so that they import this package
// only (DESIGN §2). These are the vault's own types and values, not
// copies: errors.Is, errors.As and type switches see no difference.

// DefaultKeyringService is the keyring service name of real accounts
// (Config.KeyringService when empty).
const DefaultKeyringService = vault.DefaultService

// Types the app's methods return.
type (
	// Info describes an account on disk (Accounts, Account).
	Info = vault.Info
	// CodeSet is a set of backup codes as shown to its owner.
	CodeSet = vault.CodeSet
	// Code is one backup code of a CodeSet.
	Code = vault.Code
	// Enrolment is an authenticator being added: its secret and QR code.
	Enrolment = vault.Enrolment
	// Event is one entry of the security activity log.
	Event = vault.Event
	// EventKind names what an Event records.
	EventKind = vault.EventKind
	// Factor names what a person proved at a sign-in step.
	Factor = vault.Factor
	// LockedOutError says until when sign-in is locked (errors.As).
	LockedOutError = vault.LockedOutError
	// KDFParams are the password hash's costs (Config.KDF).
	KDFParams = vault.KDFParams
	// SystemKeyring is the operating system's keyring (Config.Keyring).
	SystemKeyring = vault.SystemKeyring
	// Snapshot is what an account holds, as Inspect reads it.
	Snapshot = vault.Snapshot
	// Options are what Inspect reads an account with.
	Options = vault.Options
)

// The sign-in throttle: failed tries that do not lock, the first
// lockout, and the longest.
const (
	FreeTries    = vault.FreeTries
	FirstLockout = vault.FirstLockout
	MaxLockout   = vault.MaxLockout
)

// Inspect reads account id of the data directory dir offline, with no
// App open on it (vault.Inspect): for tests and tools that check what an
// account holds.
func Inspect(dir, id, password string, opts Options) (Snapshot, error) {
	return vault.Inspect(dir, id, password, opts)
}

// The factors of a sign-in step.
const (
	FactorPassword      = vault.FactorPassword
	FactorAuthenticator = vault.FactorAuthenticator
	FactorBackupCode    = vault.FactorBackupCode
)

// The kinds of activity log entry.
const (
	EventAccountCreated      = vault.EventAccountCreated
	EventTwoFactorEnabled    = vault.EventTwoFactorEnabled
	EventSignIn              = vault.EventSignIn
	EventSignInFailed        = vault.EventSignInFailed
	EventBackupCodeUsed      = vault.EventBackupCodeUsed
	EventCodesGenerated      = vault.EventCodesGenerated
	EventCodesViewed         = vault.EventCodesViewed
	EventCodesPrinted        = vault.EventCodesPrinted
	EventCodesSaved          = vault.EventCodesSaved
	EventCodesCopied         = vault.EventCodesCopied
	EventPasswordChanged     = vault.EventPasswordChanged
	EventPasswordConfirmed   = vault.EventPasswordConfirmed
	EventAuthenticatorReset  = vault.EventAuthenticatorReset
	EventLockout             = vault.EventLockout
	EventThrottleRecordReset = vault.EventThrottleRecordReset
	EventStateRestored       = vault.EventStateRestored
)

// The vault's sentinel errors; vault/errors.go says which count as a
// failed try.
var (
	ErrWrongPassword           = vault.ErrWrongPassword
	ErrWrongCode               = vault.ErrWrongCode
	ErrMalformedCode           = vault.ErrMalformedCode
	ErrTypo                    = vault.ErrTypo
	ErrCodeUsed                = vault.ErrCodeUsed
	ErrCodeReplaced            = vault.ErrCodeReplaced
	ErrTOTPJustUsed            = vault.ErrTOTPJustUsed
	ErrClockBehind             = vault.ErrClockBehind
	ErrLockedOut               = vault.ErrLockedOut
	ErrNoKeyring               = vault.ErrNoKeyring
	ErrKeyringLocked           = vault.ErrKeyringLocked
	ErrKeyringNoAnswer         = vault.ErrKeyringNoAnswer
	ErrKeyringItemMissing      = vault.ErrKeyringItemMissing
	ErrKeyringMismatch         = vault.ErrKeyringMismatch
	ErrKeyringItemExists       = vault.ErrKeyringItemExists
	ErrDamaged                 = vault.ErrDamaged
	ErrRolledBack              = vault.ErrRolledBack
	ErrRolledBackPassword      = vault.ErrRolledBackPassword
	ErrRolledBackAuthenticator = vault.ErrRolledBackAuthenticator
	ErrNewerVersion            = vault.ErrNewerVersion
	ErrAnotherInstance         = vault.ErrAnotherInstance
	ErrStorage                 = vault.ErrStorage
	ErrNoAccount               = vault.ErrNoAccount
	ErrUsernameTaken           = vault.ErrUsernameTaken
	ErrNotEnrolled             = vault.ErrNotEnrolled
	ErrSecondFactorRequired    = vault.ErrSecondFactorRequired
	ErrClosed                  = vault.ErrClosed
	ErrNoEnrolment             = vault.ErrNoEnrolment
	ErrNameEmpty               = vault.ErrNameEmpty
	ErrNameTooLong             = vault.ErrNameTooLong
	ErrNameControl             = vault.ErrNameControl
	ErrNameForbidden           = vault.ErrNameForbidden
	ErrNameSpaces              = vault.ErrNameSpaces
	ErrPasswordShort           = vault.ErrPasswordShort
	ErrPasswordLong            = vault.ErrPasswordLong
	ErrPasswordRepetitive      = vault.ErrPasswordRepetitive
	ErrPasswordCommon          = vault.ErrPasswordCommon
	ErrPasswordHasName         = vault.ErrPasswordHasName
	ErrPasswordEmpty           = vault.ErrPasswordEmpty
)

// AccountName is how an account is named to its owner: its username, or
// its ID when the header is unreadable and the file name is all there is.
func AccountName(inf Info) string {
	if inf.Username == "" {
		return inf.ID
	}
	return inf.Username
}
