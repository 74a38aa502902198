package screens

import (
	"errors"
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/zalando/go-keyring"

	"github.com/sparekey/sparekey/app"
)

// screenshotDir receives the screens the end-to-end journey does not pass
// through, as <name>-light.png and <name>-dark.png (scripts/screenshots.sh):
//
//	go test -count=1 -tags no_animations ./screens/ -run TestScreenshots -screenshots "$PWD/docs/screens"
var screenshotDir = flag.String("screenshots", "", "write the screens the e2e journey does not reach, light and dark, as PNGs into this folder")

// TestScreenshots brings up each screen the journey does not show — the
// keyring missing or locked, a second Sparekey, a data folder that cannot
// be used, the start, Private Notes, Change Password, Reset Authenticator
// and Can't sign in? — checks that it shows its heading, and captures it in
// the light and the dark theme (into a temporary folder without
// -screenshots).
func TestScreenshots(t *testing.T) {
	dir := *screenshotDir
	if dir == "" {
		dir = t.TempDir()
	}
	shoot := func(t *testing.T, h *harness, name, heading string) {
		t.Helper()
		h.w.Resize(fyne.NewSize(720, 640)) // the journey's window size
		if !showsText(h.w.Canvas(), heading) {
			t.Errorf("%s: no heading %q", name, heading)
		}
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			writeScreenshot(t, h, filepath.Join(dir, name+"-"+variantName(v)+".png"), v)
		}
	}

	t.Run("keyring", func(t *testing.T) {
		keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
		t.Cleanup(keyring.MockInit)
		h := newHarness(t, "", nil)
		h.wantTitle("Keyring")
		shoot(t, h, "keyring", "Sparekey needs the keyring")
		h.ui.show(newKeyringScreen(h.ui, app.ErrKeyringLocked))
		shoot(t, h, "keyring-locked", "Sparekey needs the keyring")
	})
	t.Run("already running", func(t *testing.T) {
		first := newHarness(t, "", nil)
		second := newHarness(t, first.dir, first.clk)
		second.wantTitle("Already running")
		shoot(t, second, "already-running", "Sparekey is already running")
	})
	t.Run("problem", func(t *testing.T) {
		test.NewTempApp(t)
		file := filepath.Join(t.TempDir(), "not-a-folder")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, file, nil)
		h.wantTitle("Problem")
		shoot(t, h, "problem", "Sparekey cannot start")
	})
	t.Run("starting", func(t *testing.T) {
		h := newHarness(t, "", nil)
		h.ui.show(newStartScreen())
		h.wantTitle("Starting")
		shoot(t, h, "starting", "Opening your accounts…")
	})
	t.Run("signed in", func(t *testing.T) {
		h := newHarness(t, "", nil)
		h.setUp(testUser)
		s := h.openNotes()
		h.typeIn(s.text, "Bank PIN: 4711\nWi-Fi at home: correct-horse-battery")
		s.save() // as the pause after typing would
		h.ui.Wait()
		shoot(t, h, "private-notes", "Private Notes")
		h.tap(s.back)

		h.tap(screenAs[*homeScreen](h).settings)
		h.wantTitle("Account Settings")
		h.tap(screenAs[*settingsScreen](h).password)
		if h.ui.Dialog() == nil {
			t.Fatal("no Change Password dialog")
		}
		shoot(t, h, "change-password", "Change Password")
		h.ui.closeDialog()

		h.tap(screenAs[*settingsScreen](h).twoFactor)
		h.wantTitle("Two-Factor Authentication")
		h.tap(screenAs[*twoFactorScreen](h).reset)
		h.wantTitle("Reset Authenticator")
		shoot(t, h, "reset-authenticator", "Reset Authenticator")
	})
	t.Run("can't sign in", func(t *testing.T) {
		h := newHarness(t, "", nil)
		h.setUp(testUser)
		h.signOut()
		h.tap(screenAs[*signInScreen](h).cantSign)
		if h.ui.Dialog() == nil {
			t.Fatal("no Can't sign in? dialog")
		}
		shoot(t, h, "cant-sign-in", "Can't sign in?")
	})
}

// showsText reports whether the canvas draws text: in the dialog over
// the window when one is open, on the window otherwise.
func showsText(c fyne.Canvas, text string) bool {
	var objs []fyne.CanvasObject
	if top := c.Overlays().Top(); top != nil {
		objs = test.LaidOutObjects(top)
	} else {
		objs = test.LaidOutObjects(c.Content())
	}
	for _, o := range objs {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text == text {
			return true
		}
	}
	return false
}

// writeScreenshot renders the window in Fyne's default theme in variant
// (the test driver's own theme is a gray test pattern) and saves it as a
// PNG.
func writeScreenshot(t *testing.T, h *harness, path string, variant fyne.ThemeVariant) {
	t.Helper()
	fyne.CurrentApp().Settings().SetTheme(variantTheme{theme.DefaultTheme(), variant})
	img := h.w.Canvas().Capture()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%v)", path, img.Bounds().Size())
}

// variantTheme is Fyne's default theme, always in one variant.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (v variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return v.Theme.Color(n, v.variant)
}

func variantName(v fyne.ThemeVariant) string {
	if v == theme.VariantDark {
		return "dark"
	}
	return "light"
}
