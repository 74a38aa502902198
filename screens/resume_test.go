package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestResumeSetup quits during enrolment, which leaves nothing behind (an
// account is saved once its authenticator is confirmed), and again before
// the codes are ticked off, which resumes there after both factors.
func TestResumeSetup(t *testing.T) {
	h := newHarness(t, "", nil)
	h.create(testUser)
	h.wantTitle("Turn On Two-Factor Authentication")

	h = h.reopen()
	h.wantTitle("Create Account")
	h.create(testUser)
	h.wantTitle("Turn On Two-Factor Authentication")
	secret := h.enrol()
	h.wantTitle("Save Your Backup Codes")
	set := screenAs[*saveCodesScreen](h).set
	test.Tap(screenAs[*saveCodesScreen](h).stored) // ticked, but Done not pressed

	h = h.reopen()
	h.signInBoth(secret)
	h.wantTitle("Save Your Backup Codes")
	s := screenAs[*saveCodesScreen](h)
	if s.set.Codes[0].Text != set.Codes[0].Text {
		t.Fatal("a different set after restart")
	}
	if !s.done.Disabled() || s.stored.Checked {
		t.Fatal("the gate was not reset")
	}
	h.storeCodes()
	h.wantTitle("Home")
}
