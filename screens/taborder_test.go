package screens

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tabOrder is the focus the screen gives first, then every control Tab
// reaches from it, until Tab comes back round.
func tabOrder(h *harness) []fyne.Focusable {
	h.t.Helper()
	c := h.w.Canvas()
	first := c.Focused()
	if first == nil {
		h.t.Fatalf("%s: nothing has the focus", h.title())
	}
	order := []fyne.Focusable{first}
	for range 40 {
		c.FocusNext()
		if c.Focused() == first {
			return order
		}
		order = append(order, c.Focused())
	}
	h.t.Fatalf("%s: Tab never comes back to %s", h.title(), describe(first))
	return nil
}

// describe names a control for a failure message.
func describe(f fyne.Focusable) string {
	switch o := f.(type) {
	case *widget.Button:
		if o.Text == "" {
			return "icon button"
		}
		return o.Text
	case *dialogButton:
		return o.Text
	case *entry:
		return "field " + o.PlaceHolder
	case *widget.Check:
		return "check " + o.Text
	case *widget.Select:
		return "picker"
	}
	return fmt.Sprintf("%T", f)
}

func assertTabOrder(t *testing.T, h *harness, want ...fyne.Focusable) {
	t.Helper()
	got := tabOrder(h)
	names := func(fs []fyne.Focusable) string {
		var out []string
		for _, f := range fs {
			out = append(out, describe(f))
		}
		return strings.Join(out, ", ")
	}
	if names(got) != names(want) {
		t.Fatalf("%s: Tab order\n  %s\nwant\n  %s", h.title(), names(got), names(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: Tab stop %d is another %s", h.title(), i, describe(got[i]))
		}
	}
}

// TestTabOrder: every screen gives the focus to the control it names
// first, and Tab then reaches every control in reading order — a password
// field's reveal button right after the field — and comes back round.
func TestTabOrder(t *testing.T) {
	h := newHarness(t, "", nil)
	cr := screenAs[*createScreen](h)
	assertTabOrder(t, h, cr.username, cr.password, cr.password.reveal, cr.repeat, cr.repeat.reveal, cr.site)
	h.create(testUser)
	h.enrol()
	sc := screenAs[*saveCodesScreen](h)
	assertTabOrder(t, h, sc.stored, sc.print, sc.save, sc.copy)
	h.storeCodes()

	home := screenAs[*homeScreen](h)
	assertTabOrder(t, h, home.settings, home.activity, home.signOut, home.notes)
	h.tap(home.settings)
	st := screenAs[*settingsScreen](h)
	assertTabOrder(t, h, st.twoFactor, st.back, st.password)
	h.tap(st.twoFactor)
	tf := screenAs[*twoFactorScreen](h)
	assertTabOrder(t, h, tf.codes, tf.back, tf.reset)
	h.tap(tf.codes)
	bc := screenAs[*backupCodesScreen](h)
	assertTabOrder(t, h, bc.print, bc.save, bc.copy, bc.back, bc.generate)
	h.tap(bc.back)
	h.tap(screenAs[*twoFactorScreen](h).back)
	h.tap(screenAs[*settingsScreen](h).back)

	h.signOut()
	si := screenAs[*signInScreen](h)
	assertTabOrder(t, h, si.password, si.password.reveal, si.cantSign, si.add, si.signIn)
	h.signIn(testPassword)
	sf := screenAs[*secondFactorScreen](h)
	assertTabOrder(t, h, sf.code, sf.back, sf.verify)
}

// TestRevealPassword: the reveal button, reached with Tab and pressed
// with Space, shows the password as text and hides it again.
func TestRevealPassword(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.signOut()
	si := screenAs[*signInScreen](h)
	h.typeIn(si.password, "hunter2 secret")
	shows := func() bool {
		return strings.Contains(test.RenderObjectToMarkup(si.password), "hunter2 secret")
	}
	if shows() {
		t.Fatal("the password shows before reveal")
	}
	h.w.Canvas().FocusNext()
	if h.w.Canvas().Focused() != si.password.reveal {
		t.Fatalf("Tab from the password went to %s", describe(h.w.Canvas().Focused()))
	}
	h.press(fyne.KeySpace, ' ')
	if !shows() {
		t.Fatal("Space on reveal did not show the password")
	}
	if h.w.Canvas().Focused() != si.password.reveal {
		t.Fatalf("after reveal the focus is on %s", describe(h.w.Canvas().Focused()))
	}
	h.press(fyne.KeySpace, ' ')
	if shows() {
		t.Fatal("Space again did not hide the password")
	}
}
