package screens

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
)

// TestMessagesCoverEverySentinel lists every exported error variable of
// vault and app and checks each has its own
// sentence: full, ending with a period, not a Go error string.
func TestMessagesCoverEverySentinel(t *testing.T) {
	all := []error{
		app.ErrWrongPassword, app.ErrWrongCode, app.ErrMalformedCode, app.ErrTypo,
		app.ErrCodeUsed, app.ErrCodeReplaced, app.ErrTOTPJustUsed, app.ErrClockBehind,
		app.ErrLockedOut, app.ErrNoKeyring, app.ErrKeyringLocked, app.ErrKeyringNoAnswer, app.ErrKeyringItemMissing,
		app.ErrKeyringMismatch, app.ErrKeyringItemExists, app.ErrDamaged, app.ErrRolledBack,
		app.ErrRolledBackPassword, app.ErrRolledBackAuthenticator,
		app.ErrNewerVersion, app.ErrAnotherInstance, app.ErrStorage, app.ErrNoAccount,
		app.ErrUsernameTaken, app.ErrNotEnrolled, app.ErrNoEnrolment, app.ErrSecondFactorRequired,
		app.ErrNameEmpty, app.ErrNameTooLong, app.ErrNameControl, app.ErrNameForbidden, app.ErrNameSpaces,
		app.ErrPasswordShort, app.ErrPasswordLong, app.ErrPasswordRepetitive, app.ErrPasswordCommon,
		app.ErrPasswordHasName,
		app.ErrSudoRequired, app.ErrNotSignedIn, app.ErrWrongStep, app.ErrConfirmationMismatch, app.ErrPasswordsDiffer,
		app.ErrNotesTooLong, app.ErrNotesNotText,
		app.ErrPasswordEmpty,
	}
	generic := Message(errors.New("boom"))
	seen := map[string]error{}
	for _, err := range all {
		m := Message(fmt.Errorf("context: %w", err))
		if m == generic || m == "" {
			t.Errorf("%v: generic sentence", err)
		}
		if !strings.HasSuffix(m, ".") || m == err.Error() || strings.ToUpper(m[:1]) != m[:1] {
			t.Errorf("%v: %q is not a sentence for people", err, m)
		}
		if prev, dup := seen[m]; dup {
			t.Errorf("%v and %v share %q", err, prev, m)
		}
		seen[m] = err
	}
	if strings.Contains(generic, "boom") {
		t.Errorf("unknown error leaks: %q", generic)
	}
	// Every sentinel in the table is reachable (no entry hidden behind an
	// earlier one that it wraps).
	for _, m := range messages {
		if got := Message(m.err); got != m.text {
			t.Errorf("%v gives %q, table says %q", m.err, got, m.text)
		}
	}
}

func TestMessageSpecialCases(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("%w: write: %w", app.ErrStorage, syscall.ENOSPC), "The disk is full"},
		{fmt.Errorf("%w: write: %w", app.ErrStorage, syscall.EACCES), "may not write to its data folder"},
		{fmt.Errorf("%w: write: %w", app.ErrStorage, errors.New("io")), "could not write to its data folder"},
		{app.ErrNoKeyring, "GNOME Keyring, KWallet, or KeePassXC with its Secret Service integration"},
		{app.ErrLockedOut, "Too many wrong tries."},
	} {
		if got := Message(c.err); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q lacks %q", c.err, got, c.want)
		}
	}
	for d, want := range map[time.Duration]string{
		27 * time.Second:                     "Too many wrong tries. Try again in 0:27.",
		2*time.Minute + 500*time.Millisecond: "Too many wrong tries. Try again in 2:01.",
		15 * time.Minute:                     "Too many wrong tries. Try again in 15:00.",
		0:                                    "Too many wrong tries. Try again in 0:00.",
	} {
		if got := LockoutMessage(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
	if Message(nil) != "" {
		t.Error("nil error has a message")
	}
	if got := GroupSecret("ABCDEFGHIJ"); got != "ABCD EFGH IJ" {
		t.Errorf("GroupSecret %q", got)
	}
}
