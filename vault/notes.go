package vault

import (
	"errors"
	"unicode/utf8"
)

// MaxNotesBytes caps an account's private notes at 64 KiB of UTF-8, some
// thirty pages of text: room for recovery instructions, PINs and the
// like, while each save (the whole body is sealed and written durably
// again, a second after the person stops typing) stays a small file
// write, and the picker, which reads every vault file for its header,
// stays fast.
const MaxNotesBytes = 64 << 10

// Errors of the private notes. Neither counts as a failed try.
var (
	// ErrNotesTooLong: the notes are longer than MaxNotesBytes.
	ErrNotesTooLong = errors.New("notes longer than 64 KiB")
	// ErrNotesNotText: the notes are not valid UTF-8, which the body's
	// JSON would silently change.
	ErrNotesNotText = errors.New("notes are not valid UTF-8 text")
)

// ValidateNotes checks notes before they are saved.
func ValidateNotes(text string) error {
	switch {
	case len(text) > MaxNotesBytes:
		return ErrNotesTooLong
	case !utf8.ValidString(text):
		return ErrNotesNotText
	}
	return nil
}

// Notes returns the account's private notes; they are empty until both
// factors were given.
func (a *Account) Notes() string {
	if !a.signedIn.Load() {
		return ""
	}
	return a.current().notes
}

// SetNotes replaces the private notes, which live only in the encrypted
// body. It needs a complete sign-in and writes the vault file the way
// every body change does (atomic, durable); the keyring item is not
// written, as the notes are no part of the security state it guards. No
// event is logged: a sign-in already is, and saving as the person types
// would push the security events out of the log. Unchanged notes write
// nothing.
func (a *Account) SetNotes(text string) error {
	if err := ValidateNotes(text); err != nil {
		return err
	}
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	defer a.s.mu.Unlock()
	if a.body.Notes == text {
		return nil
	}
	old := a.body
	a.body.Notes = text
	return a.commit(old)
}
