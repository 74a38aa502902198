package app

import (
	"errors"

	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/app/savefile"
)

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
	// ErrFolderMissing: the folder chosen to save into does not exist.
	ErrFolderMissing = errors.New("folder does not exist")
	// ErrPasswordsDiffer: a new password and its repetition differ.
	ErrPasswordsDiffer = errors.New("passwords do not match")
)

// Outcomes of printing and saving, from the platform packages, so the
// screens need not import them.
var (
	// ErrPrintCancelled: the person closed the print dialog; nothing printed.
	ErrPrintCancelled = printing.ErrCancelled
	// ErrNoPrintDialog: the system has no print dialog; offer OpenCodesPDF.
	ErrNoPrintDialog = printing.ErrNoDialog
	// ErrNoPrinter: the print dialog had no printer to offer (Windows).
	ErrNoPrinter = printing.ErrNoPrinter
	// ErrSaveCancelled: the person closed the file chooser.
	ErrSaveCancelled = savefile.ErrCancelled
	// ErrNoFileChooser: no system file chooser; use the toolkit's dialog.
	ErrNoFileChooser = savefile.ErrNoPortal
	// ErrNotWritable: the chosen folder or file cannot be written to.
	ErrNotWritable = savefile.ErrNotWritable
	// ErrDiskFull: the disk holding the chosen folder is full.
	ErrDiskFull = savefile.ErrDiskFull
)
