package screens

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// openNotes goes from Home to Private Notes, with saving left to the test
// (the timer is an hour away unless the test shortens it).
func (h *harness) openNotes() *notesScreen {
	h.t.Helper()
	h.tap(screenAs[*homeScreen](h).notes)
	h.wantTitle("Private Notes")
	s := screenAs[*notesScreen](h)
	s.delay = time.Hour
	return s
}

// wantNotesAfterSignIn signs in with both factors and checks that Private
// Notes shows want.
func (h *harness) wantNotesAfterSignIn(secret, want string) {
	h.t.Helper()
	h.signInBoth(secret)
	if s := h.openNotes(); s.text.Text != want {
		h.t.Errorf("notes after signing in again %q, want %q", s.text.Text, want)
	}
}

// saves counts the app's SaveNotes calls so far.
func (h *harness) saves() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, c := range h.calls {
		if c == "SaveNotes" {
			n++
		}
	}
	return n
}

// TestNotesRoundTrip: Home leads to Private Notes; typing saves nothing
// until the pause, then the status says Saved; the text is back after a
// restart and a complete sign-in.
func TestNotesRoundTrip(t *testing.T) {
	h := newHarness(t, "", nil)
	secret, _ := h.setUp(testUser)
	s := h.openNotes()
	if h.w.Canvas().Focused() != s.text {
		t.Fatalf("focus on %T, want the notes field", h.w.Canvas().Focused())
	}
	if s.heading.Text != "Private Notes" || !strings.Contains(s.subtitle.Text, "encrypted") || !strings.Contains(s.subtitle.Text, "second factor") {
		t.Errorf("heading %q, subtitle %q", s.heading.Text, s.subtitle.Text)
	}
	h.typeIn(s.text, "bank PIN 4711")
	if n := h.saves(); n != 0 {
		t.Fatalf("typing saved %d times before the pause", n)
	}
	if s.status.Text != "Saving…" {
		t.Errorf("status while typing %q", s.status.Text)
	}
	s.save() // the pause's timer firing
	h.ui.Wait()
	if s.status.Text != statusSaved || s.status.Importance != widget.SuccessImportance {
		t.Errorf("status after the save %q", s.status.Text)
	}
	if n := h.saves(); n != 1 {
		t.Errorf("%d saves, want 1", n)
	}
	h.tap(s.back)
	h.wantTitle("Home")
	if hs := screenAs[*homeScreen](h); hs.notice.Visible() {
		t.Errorf("Home notice after a clean save: %q", hs.notice.Text)
	}

	h = h.reopen()
	h.wantNotesAfterSignIn(secret, "bank PIN 4711")
}

// TestNotesDebounce: the save runs once, NotesSaveDelay after the last
// change; earlier timers are stopped by later changes.
func TestNotesDebounce(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	s := h.openNotes()
	s.delay = 30 * time.Millisecond
	h.typeIn(s.text, "abc")
	select {
	case f := <-h.ui.queue:
		f()
	case <-time.After(5 * time.Second):
		t.Fatal("no save after the pause")
	}
	h.ui.Wait()
	select {
	case <-h.ui.queue:
		t.Fatal("a second timer fired: earlier changes' timers were not stopped")
	case <-time.After(150 * time.Millisecond):
	}
	if n := h.saves(); n != 1 || s.status.Text != statusSaved {
		t.Errorf("%d saves, status %q; want 1 and Saved", n, s.status.Text)
	}
	if app.NotesSaveDelay != time.Second {
		t.Errorf("NotesSaveDelay %v", app.NotesSaveDelay)
	}
}

// TestNotesBackSaves: leaving saves what the timer had not yet saved.
func TestNotesBackSaves(t *testing.T) {
	h := newHarness(t, "", nil)
	secret, _ := h.setUp(testUser)
	s := h.openNotes()
	h.typeIn(s.text, "typed, then Back at once")
	h.tap(s.back)
	h.wantTitle("Home")
	if n := h.saves(); n != 1 {
		t.Fatalf("%d saves on Back, want 1", n)
	}
	h.signOut()
	h.wantNotesAfterSignIn(secret, "typed, then Back at once")
}

// TestNotesLimit: past the limit the status gives the sentence and nothing
// is scheduled; the text stays in the field to be shortened.
func TestNotesLimit(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	s := h.openNotes()
	big := strings.Repeat("x", app.MaxNotesBytes+1)
	s.text.SetText(big)
	if s.status.Text != Message(app.ErrNotesTooLong) || s.status.Importance != widget.DangerImportance {
		t.Errorf("status over the limit %q", s.status.Text)
	}
	if s.pending != nil {
		t.Error("a save is scheduled for text over the limit")
	}
	if s.text.Text != big {
		t.Error("the field lost text over the limit")
	}
	if !strings.Contains(Message(app.ErrNotesTooLong), "64 KiB") {
		t.Errorf("the limit's sentence does not name it: %q", Message(app.ErrNotesTooLong))
	}
	s.text.SetText(big[:10])
	if s.status.Text != "Saving…" || s.pending == nil {
		t.Errorf("shortened: status %q, scheduled %v", s.status.Text, s.pending != nil)
	}
}

// TestNotesFailedSave: a save that cannot write shows the sentence and
// keeps the text; the next change saves it. Leaving while the disk still
// refuses says so on Home, and the text is still there on coming back.
func TestNotesFailedSave(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	s := h.openNotes()
	a, _ := h.ui.app.Account()
	vaultFile := filepath.Join(h.dir, a.ID+".vault")
	saved, err := os.ReadFile(vaultFile)
	if err != nil {
		t.Fatal(err)
	}
	// A directory in the file's place: the atomic rename onto it fails.
	blockFile := func() {
		if err := os.Remove(vaultFile); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(vaultFile, "in-the-way"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	unblockFile := func() {
		if err := os.RemoveAll(vaultFile); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(vaultFile, saved, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	blockFile()
	h.typeIn(s.text, "keep me")
	s.save()
	h.ui.Wait()
	if want := Message(app.ErrStorage); s.status.Text != want || s.status.Importance != widget.DangerImportance {
		t.Errorf("status after a failed save %q, want %q", s.status.Text, want)
	}
	if s.text.Text != "keep me" {
		t.Fatalf("the field holds %q after a failed save", s.text.Text)
	}

	h.tap(s.back)
	hs := screenAs[*homeScreen](h)
	if !hs.notice.Visible() || !strings.HasPrefix(hs.notice.Text, NotesNotSaved) {
		t.Errorf("Home notice after leaving unsaved notes: %q", hs.notice.Text)
	}
	s = h.openNotes()
	if s.text.Text != "keep me" {
		t.Fatalf("coming back shows %q, want the unsaved text", s.text.Text)
	}
	unblockFile()
	test.Type(s.text, "!")
	s.save()
	h.ui.Wait()
	if s.status.Text != statusSaved {
		t.Errorf("status after the retry %q", s.status.Text)
	}
}

// TestNotesKeyboard: Tab leaves the multi-line field (no keyboard trap),
// and typing in it counts as activity for the idle lock.
func TestNotesKeyboard(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	s := h.openNotes()
	if s.text.AcceptsTab() {
		t.Error("the notes field takes Tab, so the keyboard cannot leave it")
	}
	h.w.Canvas().Focus(s.text)
	h.w.Canvas().FocusNext()
	if h.w.Canvas().Focused() != s.back {
		t.Errorf("Tab from the notes goes to %T, want Back", h.w.Canvas().Focused())
	}
	h.clk.Advance(app.IdleTimeout - time.Second)
	h.typeIn(s.text, "still here")
	h.clk.Advance(2 * time.Second)
	h.ui.Tick()
	h.wantTitle("Private Notes")
	if s.status.Text != "Saving…" {
		t.Errorf("status %q after typing, want Saving…", s.status.Text)
	}
}
