package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// TestClipboardCleared: what Sparekey puts on the clipboard — the TOTP
// secret from Copy Key, the unused backup codes from Copy — is taken off
// again after ClipboardClear and at quit, but only while the clipboard
// still holds it: whatever the person copied since is left alone.
func TestClipboardCleared(t *testing.T) {
	h := newHarness(t, "", nil)
	cb := fyne.CurrentApp().Clipboard()
	h.create(testUser)
	en := screenAs[*enrolScreen](h)

	// Copy Key: cleared after 30 s on the app's clock, not a second before.
	h.tap(en.copy)
	if cb.Content() != en.enrolment.Secret {
		t.Fatalf("clipboard %q after Copy Key", cb.Content())
	}
	h.clk.Advance(ClipboardClear - time.Second)
	h.ui.Tick()
	if cb.Content() != en.enrolment.Secret {
		t.Fatal("the key was cleared before 30 s")
	}
	h.clk.Advance(time.Second)
	h.ui.Tick()
	if got := cb.Content(); got != "" {
		t.Fatalf("the key is still on the clipboard after 30 s: %q", got)
	}

	// Something the person copied since is theirs: neither the timer nor
	// quitting touches it.
	h.tap(en.copy)
	cb.SetContent("the person's own text")
	h.clk.Advance(ClipboardClear)
	h.ui.Tick()
	if got := cb.Content(); got != "the person's own text" {
		t.Fatalf("the timer cleared the person's own text: %q", got)
	}
	quit := quitItem(t, h)
	h.tap(en.copy)
	cb.SetContent("the person's own text")
	quit.Action()
	if got := cb.Content(); got != "the person's own text" {
		t.Fatalf("quitting cleared the person's own text: %q", got)
	}

	// Codes copied a moment before quitting go at quit, without waiting
	// for the 30 s.
	h.enrol()
	h.tap(screenAs[*saveCodesScreen](h).copy)
	h.ui.closeDialog()
	if cb.Content() == "" {
		t.Fatal("Copy put nothing on the clipboard")
	}
	h.clk.Advance(5 * time.Second)
	h.ui.Tick()
	quit.Action()
	if got := cb.Content(); got != "" {
		t.Fatalf("codes copied 5 s before quitting are still on the clipboard: %q", got)
	}

	// The same for the key.
	h2 := newHarness(t, "", nil)
	h2.create(testUser)
	h2.tap(screenAs[*enrolScreen](h2).copy)
	quitItem(t, h2).Action()
	if got := fyne.CurrentApp().Clipboard().Content(); got != "" {
		t.Fatalf("the key copied before quitting is still on the clipboard: %q", got)
	}
}

// quitItem is the window's Quit menu item, which the person (or Fyne's
// own Quit shortcut) uses to quit.
func quitItem(t *testing.T, h *harness) *fyne.MenuItem {
	t.Helper()
	for _, m := range h.ui.menu.Items {
		for _, it := range m.Items {
			if it.IsQuit && it.Action != nil {
				return it
			}
		}
	}
	t.Fatal("the menu has no Quit item of Sparekey's own")
	return nil
}
