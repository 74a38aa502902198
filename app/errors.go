package app

import "errors"

// Errors of the application layer; the vault's sentinels pass through
// unchanged, so callers test both with errors.Is.
var (
	// ErrNotSignedIn: the call needs a signed-in account.
	ErrNotSignedIn = errors.New("not signed in")
	// ErrSudoRequired: the call needs the password confirmed within the
	// last few minutes.
	ErrSudoRequired = errors.New("password confirmation required")
	// ErrWrongStep: the call does not fit the current step of the flow
	// (for example a second factor before a password).
	ErrWrongStep = errors.New("not expected at this step")
	// ErrConfirmationMismatch: the typed username does not match the
	// account to remove.
	ErrConfirmationMismatch = errors.New("typed username does not match")
	// ErrPasswordsDiffer: a new password and its repetition differ.
	ErrPasswordsDiffer = errors.New("passwords do not match")
)
