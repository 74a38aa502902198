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

// Words are the sheet's headers and sentences in one language. The codes,
// the site, the username and the time are never translated.
type Words struct {
	// Title follows the site name on the first line: "<site> backup codes".
	Title string
	// Site, Account and Generated label the header lines; each is
	// followed by ": " and the value.
	Site, Account, Generated string
	// Rule says how the codes behave; NoCodes stands in for an empty set.
	Rule, NoCodes string
	// Advice closes the sheet, one line each.
	Advice []string
	// SaveDialog is the title of the system's dialog that saves the sheet.
	SaveDialog string
}

// English is the sheet's wording when Sheet.Words is nil.
var English = Words{
	Title:     "backup codes",
	Site:      "Site",
	Account:   "Account",
	Generated: "Generated",
	Rule:      Rule,
	NoCodes:   "(No unused codes are left. Generate a new set.)",
	Advice:    Advice,
	// The e2e tier finds the portal's dialog by this title.
	SaveDialog: "Save backup codes",
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
	// Words is the language of the headers; nil means English.
	Words *Words
}

// words returns the sheet's wording, English unless Words says otherwise.
func (s Sheet) words() Words {
	if s.Words == nil {
		return English
	}
	return *s.Words
}

// Title is the sheet's first line, "<site> backup codes", also the name
// of a print job.
func (s Sheet) Title() string { return clean(s.Site) + " " + s.words().Title }

// Lines returns the sheet's text, one element per line, without line
// endings. Text joins these; the PDF draws them; a platform printer that
// draws text itself (Windows) can print them as they are.
func (s Sheet) Lines() []string {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	w := s.words()
	lines := []string{
		s.Title(),
		w.Site + ": " + clean(s.Site),
		w.Account + ": " + clean(s.Username),
		w.Generated + ": " + s.Generated.In(loc).Format(timeLayout),
		"",
		w.Rule,
		"",
	}
	if len(s.Codes) == 0 {
		lines = append(lines, w.NoCodes)
	}
	for i, c := range s.Codes {
		lines = append(lines, codeLine(i, c))
	}
	lines = append(lines, "")
	return append(lines, w.Advice...)
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
