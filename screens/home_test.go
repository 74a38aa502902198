package screens

import "testing"

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
