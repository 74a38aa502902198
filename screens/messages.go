package screens

import (
	"errors"
	"fmt"
	"syscall"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/sparekey/sparekey/app"
)

// messages turns each error a person may meet (DESIGN §6) into one
// sentence that says what happened and what to do next. Order matters
// where one error wraps another: the most specific comes first. The
// sentences are in English, which is also their key in
// assets/translations: Message returns them through lang.L, so each is
// shown in the language in use.
var messages = []struct {
	err  error
	text string
}{
	// Signing in and codes.
	{app.ErrWrongPassword, "That password is not right. Check Caps Lock and try again."},
	{app.ErrWrongCode, "That code is not right. Type the current code from your authenticator app, or an unused backup code."},
	{app.ErrMalformedCode, "That is neither a 6-digit authenticator code nor a 16-character backup code. Check it and try again."},
	{app.ErrTypo, "That backup code has a typo: one character is wrong or two are swapped. Check it against your copy and type it again."},
	{app.ErrCodeUsed, "That backup code was already used; each code works once. Use another code from the set."},
	{app.ErrCodeReplaced, "That backup code is from a set you replaced, so it no longer works. Use a code from your newest set."},
	{app.ErrTOTPJustUsed, "That authenticator code was just used. Wait for the next code to appear in your app and type that one."},
	{app.ErrClockBehind, "This computer's clock seems to have gone back. Set the correct time, then try again."},
	{app.ErrNoEnrolment, "The authenticator setup was not started or has ended. Start it again."},
	{app.ErrNotEnrolled, "This account's setup was never finished, so it cannot be opened with the password alone. Remove it and create it again."},
	{app.ErrSecondFactorRequired, "Finish signing in first: enter the code from your authenticator app or a backup code."},

	// The keyring.
	{app.ErrNoKeyring, "No keyring service is running, and Sparekey keeps each account's key there. Start one — GNOME Keyring, KWallet, or KeePassXC with its Secret Service integration turned on — then choose Retry."},
	// Before ErrKeyringLocked, which a keyring that does not answer also is.
	{app.ErrKeyringNoAnswer, "The keyring did not answer in time. If your desktop is asking you to unlock it, do so; if not, restart the keyring (or sign out of the desktop and back in), then try again."},
	{app.ErrKeyringLocked, "The keyring is locked or refused access. Unlock it (your desktop may be showing a prompt) and try again."},
	{app.ErrKeyringItemMissing, "This account's key is missing from the keyring, so its file cannot be opened. Restore the keyring from a backup, or remove the account and create it again."},
	{app.ErrKeyringMismatch, "The key in the keyring does not belong to this account's file, or the file's header was changed. Restore the matching keyring or file from a backup, or remove the account."},
	{app.ErrKeyringItemExists, "The keyring already holds a key for a new account with this ID. Try creating the account again."},

	// The vault file and the data directory.
	{app.ErrDamaged, "This account's file is damaged and cannot be read. Restore it from a backup; Sparekey has left the file as it is."},
	{app.ErrRolledBackPassword, "This account's file is a copy from before the password was last changed, so Sparekey will not open it: it would bring the old password back. Put the newest copy of the file back in place, or remove the account."},
	{app.ErrRolledBackAuthenticator, "This account's file is a copy from before the authenticator was last reset, so Sparekey will not open it: it would bring the old authenticator back. Put the newest copy of the file back in place, or remove the account."},
	{app.ErrRolledBack, "This account's file is an older copy than the keyring expects, which could bring spent codes back to life. Put the newest copy of the file back in place."},
	{app.ErrNewerVersion, "This account was saved by a newer version of Sparekey. Install that version to open it."},
	{app.ErrAnotherInstance, "Sparekey is already running with this data folder. Switch to that window, or close it and start Sparekey again."},
	{app.ErrNoAccount, "That account no longer exists. Pick another one or create a new account."},
	{app.ErrUsernameTaken, "Another account already uses this username. Pick a different one."},

	// The application layer.
	{app.ErrSudoRequired, "For your security, confirm your password again to continue."},
	{app.ErrNotSignedIn, "You are not signed in any more. Sign in again to continue."},
	{app.ErrWrongStep, "That step is not expected right now. Go back and start again."},
	{app.ErrConfirmationMismatch, "The username you typed does not match this account. Type it exactly as shown."},
	{app.ErrPasswordsDiffer, "The two passwords are not the same. Type the new password again in both fields."},
	{app.ErrPasswordEmpty, "Type your password first."},

	// Private notes.
	{app.ErrNotesTooLong, "Your notes have reached their limit of 64 KiB (about 30 pages), so the newest typing is not saved. Shorten them a little and saving goes on."},
	{app.ErrNotesNotText, "Your notes hold something that is not text, so they were not saved. Remove it and try again."},

	// Printing and saving.
	{app.ErrPrintCancelled, "Printing cancelled. Nothing was printed. To keep a copy without a printer, use Save to Text File."},
	{app.ErrNoPrintDialog, "This system has no print dialog. Open the codes as a PDF and print them from your PDF viewer."},
	{app.ErrNoPrinter, "No printer is installed, so nothing was printed. Add a printer in your system's settings and print again, or use Save to Text File to keep a copy."},
	{app.ErrNothingToPrint, "Every code of this set is used. Generate a new set first."},
	{app.ErrSaveCancelled, "Saving cancelled. Nothing was saved."},
	{app.ErrDiskFull, "The disk is full, so the file was not saved. Free some space or choose another place, then save again; nothing was lost."},
	{app.ErrFolderMissing, "That folder does not exist. Choose another folder, then save again; nothing was lost."},
	{app.ErrNotWritable, "That folder cannot be written to. Choose another folder, then save again."},
	{app.ErrClosed, "You are not signed in any more. Sign in again to continue."},

	// Names and passwords.
	{app.ErrNameEmpty, "Enter a name."},
	{app.ErrNameTooLong, "Use at most 64 characters."},
	{app.ErrNameControl, "Remove the invisible control characters from the name."},
	{app.ErrNameForbidden, `Leave out the characters / \ : * ? " < > | — they cannot appear in file names.`},
	{app.ErrNameSpaces, "Remove the spaces at the start or end of the name."},
	{app.ErrPasswordShort, "Use at least 12 characters; a few unrelated words make a strong password."},
	{app.ErrPasswordLong, "Use at most 1024 characters."},
	{app.ErrPasswordRepetitive, "Avoid repeated characters and simple sequences like 1234 or abcd."},
	{app.ErrPasswordCommon, "That is one of the most used passwords, so it is guessed first. Choose something less common."},
	{app.ErrPasswordHasName, "Do not put the username in the password."},
}

// NotesNotSaved opens Home's notice when leaving the private notes could
// not save them; the reason's sentence follows. It is the English key:
// show lang.L(NotesNotSaved).
const NotesNotSaved = "Your newest notes are not saved yet: Sparekey keeps them while you are signed in and tries again when you sign out or quit."

// Message is the sentence a person sees for err. Unknown errors get a
// general sentence; a raw Go error is never shown.
func Message(err error) string {
	if err == nil {
		return ""
	}
	var lo *app.LockedOutError
	if errors.As(err, &lo) {
		return LockoutMessage(lo.Wait())
	}
	if errors.Is(err, app.ErrLockedOut) {
		return lang.L("Too many wrong tries. Wait a little, then try again.")
	}
	// Storage problems wrap the system error; the two that people can fix
	// get their own words.
	if errors.Is(err, app.ErrStorage) {
		switch {
		case errors.Is(err, syscall.ENOSPC):
			return lang.L("The disk is full, so Sparekey could not save. Free some space, then try again; nothing was lost.")
		case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EROFS):
			return lang.L("Sparekey may not write to its data folder. Make the folder writable (or start Sparekey with another --data-dir), then try again.")
		}
		return lang.L("Sparekey could not write to its data folder. Check that the disk is writable and not full, then try again; nothing was lost.")
	}
	for _, m := range messages {
		if errors.Is(err, m.err) {
			return lang.L(m.text)
		}
	}
	return lang.L("Something unexpected went wrong. Try again; if it keeps happening, restart Sparekey.")
}

// LockoutMessage tells how long a lockout still lasts, as m:ss.
func LockoutMessage(wait time.Duration) string {
	return fmt.Sprintf(lang.L("Too many wrong tries. Try again in %s."), clock(wait))
}

// clock formats d, rounded up to whole seconds, as m:ss.
func clock(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s < 0 {
		s = 0
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
