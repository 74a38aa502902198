package screens

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestBackupCodesScreen(t *testing.T) {
	h := newHarness(t, "", nil)
	_, set := h.setUp(testUser)
	h.signOut()
	h.signIn(testPassword)
	h.secondFactor(set.Codes[1].Text)
	h.tap(screenAs[*homeScreen](h).settings)
	h.tap(screenAs[*settingsScreen](h).twoFactor)
	h.confirmSudo(testPassword)
	h.tap(screenAs[*twoFactorScreen](h).codes)
	s := screenAs[*backupCodesScreen](h)
	if s.left.Text != "9 of 10 codes left" {
		t.Fatalf("left %q", s.left.Text)
	}
	used := s.cells[1].Segments[1].(*widget.TextSegment)
	if !used.Style.TextStyle.Strikethrough || used.Style.ColorName != theme.ColorNameDisabled || !used.Style.TextStyle.Monospace {
		t.Fatalf("used code style %+v", used.Style)
	}
	if unused := s.cells[0].Segments[1].(*widget.TextSegment); unused.Style.TextStyle.Strikethrough {
		t.Fatal("unused code struck through")
	}

	// Print and Save, by button and by the main menu's Ctrl+P / Ctrl+S.
	h.tap(s.print)
	h.ui.Wait()
	assertMessage(t, h, "This system has no print dialog")
	h.tap(s.save)
	h.ui.Wait()
	if _, ok := h.ui.Dialog().(*dialog.FileDialog); !ok {
		t.Fatalf("no fallback save dialog: %T", h.ui.Dialog())
	}
	h.ui.closeDialog()
	for _, it := range []*fyne.MenuItem{h.ui.print, h.ui.save} {
		if it.Disabled {
			t.Fatalf("%s disabled on the backup codes screen", it.Label)
		}
		sc := it.Shortcut.(fyne.KeyboardShortcut)
		if sc.Mod() != fyne.KeyModifierShortcutDefault {
			t.Fatalf("%s shortcut %v", it.Label, sc)
		}
	}
	if h.ui.print.Shortcut.(fyne.KeyboardShortcut).Key() != fyne.KeyP || h.ui.save.Shortcut.(fyne.KeyboardShortcut).Key() != fyne.KeyS {
		t.Fatal("shortcuts are not Ctrl+P and Ctrl+S")
	}
	h.ui.print.Action()
	h.ui.Wait()
	assertMessage(t, h, "This system has no print dialog")
	h.ui.save.Action()
	h.ui.Wait()
	if _, ok := h.ui.Dialog().(*dialog.FileDialog); !ok {
		t.Fatalf("Ctrl+S: no save dialog: %T", h.ui.Dialog())
	}
	h.ui.closeDialog()

	// The fallback dialog's file is written atomically by the app: only
	// the unused codes, mode 0600, and the save is logged.
	dst := filepath.Join(t.TempDir(), "sparekey_backup_codes_alice.txt")
	w, err := storage.Writer(storage.NewFileURI(dst))
	if err != nil {
		t.Fatal(err)
	}
	h.ui.onFyneSave(w, nil)
	h.ui.Wait()
	assertMessage(t, h, "Saved the unused codes")
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), set.Codes[0].Text) || strings.Contains(string(data), set.Codes[1].Text) {
		t.Fatalf("saved file:\n%s", data)
	}
	if fi, _ := os.Stat(dst); fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved file mode %v", fi.Mode().Perm())
	}
	// A folder that is not there: one sentence, nothing lost.
	h.ui.writeSheet(filepath.Join(t.TempDir(), "missing", "codes.txt"), nil)
	h.ui.Wait()
	assertMessage(t, h, "That folder does not exist")

	// Copy: the unused codes, logged, cleared after 30 s if unchanged.
	h.tap(s.copy)
	cb := fyne.CurrentApp().Clipboard()
	if got := cb.Content(); strings.Count(got, "\n") != 9 || strings.Contains(got, set.Codes[1].Text) || !strings.Contains(got, set.Codes[0].Text) {
		t.Fatalf("clipboard %q", got)
	}
	h.ui.closeDialog()
	h.clk.Advance(29 * time.Second)
	h.ui.Tick()
	if cb.Content() == "" {
		t.Fatal("clipboard cleared early")
	}
	h.clk.Advance(time.Second)
	h.ui.Tick()
	if cb.Content() != "" {
		t.Fatal("clipboard not cleared after 30 s")
	}
	h.tap(s.copy)
	cb.SetContent("something else")
	h.clk.Advance(31 * time.Second)
	h.ui.Tick()
	if cb.Content() != "something else" {
		t.Fatal("clipboard cleared although it no longer held the codes")
	}

	// Generate new codes: Dismiss keeps the set.
	h.tap(s.generate)
	h.ui.Dialog().Dismiss()
	h.ui.Wait()
	h.wantTitle("Backup Codes")

	// Elsewhere the shortcuts do nothing.
	h.tap(s.back)
	if !h.ui.print.Disabled || !h.ui.save.Disabled {
		t.Fatal("Print/Save enabled off the codes screens")
	}
	h.ui.print.Action()
	if h.ui.Dialog() != nil {
		t.Fatal("Ctrl+P did something on the Two-Factor screen")
	}
	h.tap(screenAs[*twoFactorScreen](h).back)
	h.tap(screenAs[*settingsScreen](h).back)
	h.tap(screenAs[*homeScreen](h).activity)
	var copied bool
	for _, e := range screenAs[*activityScreen](h).events {
		copied = copied || strings.HasPrefix(EventLine(e), "Sat 14 Mar 2026") && strings.Contains(EventLine(e), "Backup codes copied")
	}
	if !copied {
		t.Fatal("copy not in the activity log")
	}
}

func assertMessage(t *testing.T, h *harness, want string) {
	t.Helper()
	if h.ui.Dialog() == nil || h.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no dialog for %q", want)
	}
	if !strings.Contains(test.RenderObjectToMarkup(h.w.Canvas().Overlays().Top()), want) {
		t.Fatalf("dialog lacks %q", want)
	}
	h.ui.closeDialog()
}
