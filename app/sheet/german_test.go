package sheet_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/sparekey/sparekey/app/sheet"
)

// german is the wording screens/ hands in when Sparekey runs in German
// (assets/translations/de.json); screens' own test checks it gives these.
var german = sheet.Words{
	Title:     "Backup-Codes",
	Site:      "Dienst",
	Account:   "Konto",
	Generated: "Erstellt",
	Rule:      "Jeder Code funktioniert nur einmal. Ein neuer Satz macht diese Codes ungültig.",
	NoCodes:   "(Es sind keine unbenutzten Codes mehr übrig. Erstellen Sie einen neuen Satz.)",
	Advice: []string{
		"Bewahren Sie dieses Blatt an einem sicheren Ort auf.",
		"Die Codes ersetzen Ihr Telefon, nicht Ihr Passwort.",
	},
	SaveDialog: "Backup-Codes speichern",
}

func germanFixture() sheet.Sheet {
	s := fixture()
	s.Words = &german
	return s
}

// TestGermanHeadersSameCodes: the German sheet has German headers and
// exactly the English sheet's codes, in both renderings.
func TestGermanHeadersSameCodes(t *testing.T) {
	de, en := germanFixture(), fixture()
	text := string(de.Text())
	for _, want := range []string{"Sparekey Backup-Codes\n", "Dienst: Sparekey\n", "Konto: alice\n",
		"Erstellt: 2026-03-14 09:26 UTC\n", german.Rule + "\n", german.Advice[1] + "\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("German text lacks %q:\n%s", want, text)
		}
	}
	for _, english := range []string{"backup codes", "Site:", "Account:", "Generated:", sheet.Rule} {
		if strings.Contains(text, english) {
			t.Errorf("German text still has %q:\n%s", english, text)
		}
	}
	if got, want := codesIn(text), codesIn(string(en.Text())); !slices.Equal(got, want) || len(got) != len(codes) {
		t.Errorf("German codes %q, English %q", got, want)
	}
	pdf, err := de.PDF()
	if err != nil {
		t.Fatal(err)
	}
	pt := pdfToText(t, pdf)
	if got := codesIn(pt); !slices.Equal(got, codes) {
		t.Errorf("German PDF codes = %q, want %q", got, codes)
	}
	for _, line := range de.Lines() {
		if line != "" && !strings.Contains(pt, line) {
			t.Errorf("German PDF lacks line %q:\n%s", line, pt)
		}
	}
	if de.Title() != "Sparekey Backup-Codes" || en.Title() != "Sparekey backup codes" {
		t.Errorf("titles %q, %q", de.Title(), en.Title())
	}
}
