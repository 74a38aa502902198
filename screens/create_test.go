package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, "", nil)
	s := screenAs[*createScreen](h)
	test.AssertRendersToMarkup(t, "create_empty.xml", h.w.Canvas())
	if s.site.Text != "Sparekey" {
		t.Fatalf("site %q", s.site.Text)
	}
	if !s.create.Disabled() {
		t.Fatal("Create enabled with empty fields")
	}
	if h.ui.win.Canvas().Focused() != s.username {
		t.Fatal("username does not have the focus")
	}
	steps := []struct {
		e    *entry
		text string
		want string // the reason shown under the field, "" for none
	}{
		{s.username, "bob/x", Message(app.ErrNameForbidden)},
		{s.username, " bob", "Remove the spaces at the start or end of the name."},
		{s.username, "bob", ""},
		{s.password, "short", "Use at least 12 characters; a few unrelated words make a strong password."},
		{s.password, "password1234", "That is one of the most used passwords, so it is guessed first. Choose something less common."},
		{s.password, "aaaaaaaaaaaaaa", "Avoid repeated characters and simple sequences like 1234 or abcd."},
		{s.password, "bobbobXYZ12345", "Do not put the username in the password."},
		{s.password, testPassword, ""},
		{s.repeat, "correct horse", "The two passwords are not the same. Type the new password again in both fields."},
		{s.site, "", "Enter a name."},
	}
	why := map[*entry]*widget.Label{s.site: s.siteWhy, s.username: s.usernameWhy, s.password: s.passwordWhy, s.repeat: s.repeatWhy}
	for _, st := range steps {
		h.typeIn(st.e, st.text)
		l := why[st.e]
		if st.want == "" {
			if l.Visible() {
				t.Errorf("%q: reason %q shown", st.text, l.Text)
			}
			continue
		}
		if !l.Visible() || l.Text != st.want {
			t.Errorf("%q: reason %q (shown %v), want %q", st.text, l.Text, l.Visible(), st.want)
		}
		if !s.create.Disabled() {
			t.Errorf("%q: Create enabled while a field is invalid", st.text)
		}
	}
	h.typeIn(s.site, "Example Site")
	h.typeIn(s.repeat, testPassword)
	if s.create.Disabled() {
		t.Fatal("Create disabled with valid fields")
	}
	h.tap(s.create)
	h.wantTitle("Turn On Two-Factor Authentication")
	if a, _ := h.ui.App().Account(); a.Site != "Example Site" || a.Username != "bob" {
		t.Fatalf("account %+v", a)
	}
}

func TestCreateUsernameTaken(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.signOut()
	si := screenAs[*signInScreen](h)
	h.tap(si.add)
	h.wantTitle("Create Account")
	s := screenAs[*createScreen](h)
	if !s.cancel.Visible() {
		t.Fatal("no Cancel when accounts exist")
	}
	h.create("ALICE")
	h.wantTitle("Create Account")
	if want := "Another account already uses this username. Pick a different one."; s.status.Text != want || !s.status.Visible() {
		t.Fatalf("status %q", s.status.Text)
	}
	h.tap(s.cancel)
	h.wantTitle("Sign In")
}
