package screens

import (
	"testing"
	"time"
)

func TestHomeStatus(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	s := screenAs[*homeScreen](h)
	if got, want := s.account.Text, "Signed in as alice (Sparekey)"; got != want {
		t.Fatalf("account %q, want %q", got, want)
	}
	if got, want := s.status.Text, "Two-factor authentication on since Sat 14 Mar 2026, 09:26"; got != want || !s.status.Visible() {
		t.Fatalf("status %q (shown %v), want %q", got, s.status.Visible(), want)
	}
	if h.w.Canvas().Focused() != s.settings {
		t.Fatalf("focus on %T", h.w.Canvas().Focused())
	}
}

// TestHomeSaysFailedTries: after a sign-in that follows failed tries,
// Home says how many failed and when the last was; the next clean
// sign-in says nothing of it.
func TestHomeSaysFailedTries(t *testing.T) {
	h := newHarness(t, "", nil)
	secret, _ := h.setUp(testUser)
	h.signOut()
	h.signIn("wrong password 1")
	h.clk.Advance(time.Minute)
	h.signIn("wrong password 2")
	h.clk.Advance(time.Minute)
	h.signIn(testPassword)
	h.secondFactor(h.code(secret))
	s := screenAs[*homeScreen](h)
	want := "2 tries failed since your last sign-in, the last on Sat 14 Mar 2026, 09:27. If that was not you, see Security Activity."
	if !s.notice.Visible() || s.notice.Text != want {
		t.Fatalf("notice %q (shown %v), want %q", s.notice.Text, s.notice.Visible(), want)
	}

	h.signOut()
	h.clk.Advance(time.Minute)
	h.signIn(testPassword)
	h.secondFactor(h.code(secret))
	if s := screenAs[*homeScreen](h); s.notice.Visible() {
		t.Fatalf("a clean sign-in still shows %q", s.notice.Text)
	}
}
