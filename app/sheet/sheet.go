// Package sheet holds the backup-code sheet: one model and its two
// renderings, plain UTF-8 text for "Save to Text File" and a one-page PDF
// for printing.
//
// Both renderings are pure functions of the Sheet value. Nothing in them
// reads the clock, the environment or a random source, so the same Sheet
// always gives the same bytes; that is what lets them be golden-tested and
// lets the person compare a printout with a saved file.
package sheet

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sparekey/sparekey/internal/filename"
)

// Rule is the sentence every sheet carries about how the codes behave.
const Rule = "Each code works once. Generating a new set cancels these codes."

// Advice is the closing reminder of what the codes can and cannot do,
// one line each.
var Advice = []string{
	"Keep this sheet somewhere safe.",
	"The codes replace your phone, not your password.",
}

// timeLayout is how the generation time is printed: unambiguous and the
// same on every platform, with the zone so a sheet read later still says
// when.
const timeLayout = "2006-01-02 15:04 MST"

// Sheet is what a backup-code sheet shows.
type Sheet struct {
	Site     string
	Username string
	// Generated is when the set was created.
	Generated time.Time
	// Codes are the active (unused) codes in display form
	// XXXX-XXXX-XXXX-XXXX, in the order of the set.
	Codes []string
	// Location is the zone Generated is shown in; nil means UTC.
	Location *time.Location
}

// Lines returns the sheet's text, one element per line, without line
// endings. Text joins these; the PDF draws them; a platform printer that
// draws text itself (Windows) can print them as they are.
func (s Sheet) Lines() []string {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	lines := []string{
		clean(s.Site) + " backup codes",
		"Site: " + clean(s.Site),
		"Account: " + clean(s.Username),
		"Generated: " + s.Generated.In(loc).Format(timeLayout),
		"",
		Rule,
		"",
	}
	if len(s.Codes) == 0 {
		lines = append(lines, "(No unused codes are left. Generate a new set.)")
	}
	for i, c := range s.Codes {
		lines = append(lines, codeLine(i, c))
	}
	lines = append(lines, "")
	return append(lines, Advice...)
}

// codeLine is the numbered line of the i-th code (from 0).
func codeLine(i int, code string) string {
	return strconv.Itoa(i+1) + ". " + clean(code)
}

// headerLines is how many lines of Lines come before the first code.
const headerLines = 7

// Text renders the sheet as UTF-8 text with "\n" line endings.
func (s Sheet) Text() []byte {
	var b strings.Builder
	for _, l := range s.Lines() {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// clean replaces control characters, which would break the one-item-a-line
// layout of both renderings, with spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// FileName is the name proposed when saving the sheet:
// "<lower-cased site>_backup_codes_<username>.txt". Characters that are
// not allowed in file names on some system (/\:*?"<>| and control
// characters) become '_'.
func FileName(site, username string) string {
	return filename.Safe(strings.ToLower(site)) + "_backup_codes_" + filename.Safe(username) + ".txt"
}
