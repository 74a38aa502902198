package screens

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// TestFileMessageWraps: a message that names a long file in a deep
// folder wraps only where the sentence has a space — between words, or
// after a folder separator — so the file name stays whole on one line.
func TestFileMessageWraps(t *testing.T) {
	h := newHarness(t, "", nil)
	name := "sparekey_backup_codes_alice.txt"
	path := "/home/alice/Documents/BackupsOfThingsToKeepSafe/TwoFactorRecovery/2026-03-14/" + name
	text := "Saved the unused codes to " + fileText(path) + ". Keep that file somewhere safe, away from this computer."
	h.ui.message("Save to Text File", text)
	var lines []string
	walkObjects(h.w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if l, ok := o.(*canvas.Text); ok && strings.HasPrefix(text, l.Text) || ok && len(lines) > 0 && strings.Contains(text, l.Text) {
			lines = append(lines, l.Text)
		}
	})
	if len(lines) < 3 {
		t.Fatalf("the message is on %d lines %q; want it wrapped", len(lines), lines)
	}
	rest := text
	whole := false
	for i, l := range lines {
		if !strings.HasPrefix(rest, l) {
			t.Fatalf("line %d %q does not continue the sentence at %q", i, l, rest)
		}
		whole = whole || strings.Contains(l, name)
		rest = rest[len(l):]
		if i < len(lines)-1 {
			r, n := utf8.DecodeRuneInString(rest)
			if !unicode.IsSpace(r) {
				t.Fatalf("line %d %q breaks inside a word, before %q", i, l, rest)
			}
			rest = rest[n:]
		}
	}
	if rest != "" || !whole {
		t.Fatalf("lines %q: left over %q, file name whole on a line: %v", lines, rest, whole)
	}
}
