package screens

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/app/sheet"
	"github.com/sparekey/sparekey/assets"
)

// screenshotDE regenerates docs/screens/de-sign-in.png with Fyne's test
// driver (no desktop needed):
//
//	go test -count=1 ./screens/ -run TestGermanScreens -screenshot-de "$PWD/docs/screens/de-sign-in.png"
var screenshotDE = flag.String("screenshot-de", "", "write the German Sign In screen, light theme, as a PNG to this path")

// setLanguage makes Fyne's lang pick locale, as the system's locale would
// (LANGUAGE wins over LC_ALL on Linux unless LC_ALL is C), and registers
// Sparekey's translations again so that lang reads it.
func setLanguage(locale string) {
	os.Setenv("LC_ALL", locale)
	os.Setenv("LANGUAGE", strings.SplitN(locale, ".", 2)[0])
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		panic(err)
	}
}

// inGerman runs the rest of the test in German, and English again after.
func inGerman(t *testing.T) {
	t.Helper()
	setLanguage("de_DE.UTF-8")
	t.Cleanup(func() { setLanguage("en_US.UTF-8") })
}

// TestGermanScreens: with a German locale the screens, their messages and
// the sheet's headers are German; the window title follows.
func TestGermanScreens(t *testing.T) {
	h := newHarness(t, "", nil)
	secret, _ := h.setUp(testUser)
	inGerman(t)

	h.tap(screenAs[*homeScreen](h).signOut) // Home was built in English
	h.wantTitle("Anmelden")
	s := screenAs[*signInScreen](h)
	if s.signIn.Text != "Anmelden" || s.password.PlaceHolder != "Passwort" || s.add.Text != "Konto hinzufügen" {
		t.Errorf("Sign In shows %q / %q / %q", s.signIn.Text, s.password.PlaceHolder, s.add.Text)
	}
	if s.notice.Text != "Sie sind abgemeldet." {
		t.Errorf("notice %q", s.notice.Text)
	}
	if *screenshotDE != "" {
		writeScreenshot(t, h, *screenshotDE, theme.VariantLight)
	}

	h.signIn("wrong password 1")
	want := "Dieses Passwort stimmt nicht. Prüfen Sie die Feststelltaste und versuchen Sie es noch einmal."
	if s.status.Text != want || Message(app.ErrWrongPassword) != want {
		t.Errorf("wrong password says %q", s.status.Text)
	}

	h.signIn(testPassword)
	h.wantTitle("Bestätigung in zwei Schritten")
	sf := screenAs[*secondFactorScreen](h)
	if !strings.HasPrefix(sf.intro.Text, "Anmeldung als alice. Geben Sie den Code") || sf.verify.Text != "Prüfen" {
		t.Errorf("second factor shows %q / %q", sf.intro.Text, sf.verify.Text)
	}
	h.secondFactor(h.code(secret)) // the code that enrolled: just used
	if !strings.HasPrefix(sf.status.Text, "Dieser Authenticator-Code wurde gerade schon verwendet.") {
		t.Errorf("reused code says %q", sf.status.Text)
	}
	h.clk.Advance(30 * time.Second)
	h.secondFactor(h.code(secret))
	h.wantTitle("Übersicht")
	if hs := screenAs[*homeScreen](h); hs.signOut.Text != "Abmelden" || hs.account.Text != "Angemeldet als alice (Sparekey)" {
		t.Errorf("Home shows %q / %q", hs.signOut.Text, hs.account.Text)
	}

	// The sheet: German headers, codes as they are.
	w := h.ui.cfg.SheetWords()
	sh := sheet.Sheet{Site: "Sparekey", Username: testUser, Codes: []string{"7K3M-Q9TX-2WAB-CDE4"}, Words: &w}
	text := string(sh.Text())
	for _, line := range []string{"Sparekey Backup-Codes\n", "Dienst: Sparekey\n", "Konto: alice\n", "Erstellt: ",
		"Jeder Code funktioniert nur einmal.", "1. 7K3M-Q9TX-2WAB-CDE4\n", "Bewahren Sie dieses Blatt"} {
		if !strings.Contains(text, line) {
			t.Errorf("German sheet lacks %q:\n%s", line, text)
		}
	}
	if w.SaveDialog != "Backup-Codes speichern" {
		t.Errorf("save dialog title %q", w.SaveDialog)
	}
}

// TestEnglishAgain: the tests around the German one are in English.
func TestEnglishAgain(t *testing.T) {
	inGerman(t)
	if got := Message(app.ErrWrongPassword); !strings.HasPrefix(got, "Dieses Passwort") {
		t.Fatalf("German not in use: %q", got)
	}
	setLanguage("en_US.UTF-8")
	if got := Message(app.ErrWrongPassword); got != "That password is not right. Check Caps Lock and try again." {
		t.Fatalf("English not back: %q", got)
	}
	if w := sheetWords(); w.Title != sheet.English.Title || w.Site != sheet.English.Site || w.Rule != sheet.English.Rule {
		t.Fatalf("English sheet words %+v, want %+v", w, sheet.English)
	}
}
