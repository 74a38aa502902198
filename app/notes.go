package app

import (
	"time"

	"github.com/sparekey/sparekey/vault"
)

// NotesSaveDelay is how long after the last change the private notes are
// saved: long enough that a burst of typing is one write, short enough
// that little is ever unsaved.
const NotesSaveDelay = time.Second

// MaxNotesBytes is the most the private notes may hold, in bytes of UTF-8.
const MaxNotesBytes = vault.MaxNotesBytes

// The vault's errors about the notes, for the screens.
var (
	// ErrNotesTooLong: the notes are longer than MaxNotesBytes.
	ErrNotesTooLong = vault.ErrNotesTooLong
	// ErrNotesNotText: the notes are not valid UTF-8.
	ErrNotesNotText = vault.ErrNotesNotText
)

// Notes returns the signed-in account's private notes, as last edited:
// an edit not yet saved (EditNotes) is returned, so leaving the screen
// and coming back loses nothing. It reads memory only.
func (a *App) Notes() (string, error) {
	s, err := a.signedIn()
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if s.notesDirty {
		return s.notes, nil
	}
	return s.acct.Notes(), nil
}

// EditNotes records text as the notes being typed, in memory only; it
// never blocks. SaveNotes writes it; signing out and Close write it too if
// it is still unsaved then. Text over the limit, or not UTF-8, is refused
// with its error and leaves the last accepted edit in place.
func (a *App) EditNotes(text string) error {
	if err := vault.ValidateNotes(text); err != nil {
		return err
	}
	s, err := a.signedIn()
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	s.notes, s.notesDirty = text, true
	return nil
}

// SaveNotes writes the last edit to the vault, if it is not saved yet.
// When the write fails the edit stays in memory, and the next SaveNotes
// (or the sign-out) tries again.
func (a *App) SaveNotes() error {
	a.blocking("SaveNotes")
	s, err := a.signedIn()
	if err != nil {
		return err
	}
	// One save at a time per session, each taking the newest edit: two
	// saves racing could otherwise land the older text last.
	s.saving.Lock()
	defer s.saving.Unlock()
	a.mu.Lock()
	text, dirty := s.notes, s.notesDirty
	a.mu.Unlock()
	if !dirty {
		return nil
	}
	if err := s.acct.SetNotes(text); err != nil {
		return err
	}
	a.mu.Lock()
	if s.notes == text {
		s.notesDirty = false
	}
	a.mu.Unlock()
	return nil
}

// closeSession closes s's account, after writing its unsaved notes if
// there are any. The caller holds a.mu and may be the UI goroutine, so
// that write runs in the background; Close, SignIn and CreateAccount wait
// for it (a.closing), so it never meets a later session of the account:
// the store hands out one handle per account, which this one closes.
// If it fails the edit is lost: nobody is left to tell.
func (a *App) closeSession(s *session) {
	if !s.notesDirty {
		s.acct.Close()
		return
	}
	text := s.notes
	a.closing.Add(1)
	go func() {
		defer a.closing.Done()
		s.saving.Lock()
		defer s.saving.Unlock()
		_ = s.acct.SetNotes(text)
		s.acct.Close()
	}()
}
