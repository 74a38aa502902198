package screens

import (
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
)

// toTwoFactor goes from Home to the Two-Factor screen (sudo is on right
// after setup).
func toTwoFactor(h *harness) *twoFactorScreen {
	h.t.Helper()
	h.tap(screenAs[*homeScreen](h).settings)
	h.tap(screenAs[*settingsScreen](h).twoFactor)
	h.wantTitle("Two-Factor Authentication")
	return screenAs[*twoFactorScreen](h)
}

// toBackupCodes goes from Home to the backup codes screen.
func toBackupCodes(h *harness) *backupCodesScreen {
	h.t.Helper()
	h.tap(toTwoFactor(h).codes)
	return screenAs[*backupCodesScreen](h)
}

func TestSudoExpiry(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	tf := toTwoFactor(h) // setup's password counts: no prompt
	if !strings.Contains(tf.since.Text, "on since Sat 14 Mar 2026, 09:26") {
		t.Fatalf("since %q", tf.since.Text)
	}
	h.clk.Advance(app.SudoWindow + time.Second)
	h.ui.Tick()
	h.wantTitle("Account Settings")
	st := screenAs[*settingsScreen](h)
	if !st.note.Visible() || !strings.Contains(st.note.Text, "expired") {
		t.Fatalf("note %q", st.note.Text)
	}
	h.tap(st.twoFactor)
	h.wantTitle("Account Settings")
	if h.ui.sudo == nil {
		t.Fatal("no password prompt after sudo expired")
	}
	// Escape on the password field cancels.
	h.ui.sudo.password.TypedKey(&fyneKeyEscape)
	if h.ui.Dialog() != nil {
		t.Fatal("Escape left the password dialog open")
	}
	h.tap(st.twoFactor)
	h.confirmSudo(testPassword)
	h.wantTitle("Two-Factor Authentication")
}

func TestIdleLock(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.clk.Advance(app.IdleTimeout - time.Second)
	h.ui.Tick()
	h.wantTitle("Home")
	h.tap(screenAs[*homeScreen](h).activity) // activity resets the idle clock
	h.clk.Advance(app.IdleTimeout - time.Second)
	h.ui.Tick()
	h.wantTitle("Security Activity")
	h.clk.Advance(2 * time.Second)
	h.ui.Tick()
	h.ui.Wait()
	h.wantTitle("Sign In")
	if s := screenAs[*signInScreen](h); !strings.Contains(s.notice.Text, "10 minutes without activity") {
		t.Fatalf("notice %q", s.notice.Text)
	}
	if h.ui.App().Step() != app.StepSignIn {
		t.Fatal("session still open")
	}
}

func TestChangePassword(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.tap(screenAs[*homeScreen](h).settings)
	s := screenAs[*settingsScreen](h)
	h.tap(s.password)
	if h.ui.Dialog() == nil || h.w.Canvas().Focused() != s.current {
		t.Fatal("no dialog, or the current password field lacks focus")
	}
	const next = "purple elephant dances"
	for _, c := range []struct{ cur, next, rep, want string }{
		{testPassword, "short", "short", "Use at least 12 characters; a few unrelated words make a strong password."},
		{testPassword, next, next + "x", Message(app.ErrPasswordsDiffer)},
		{"not the password", next, next, Message(errWrongPassword)},
	} {
		h.typeIn(s.current, c.cur)
		h.typeIn(s.next, c.next)
		h.typeIn(s.repeat, c.rep)
		h.enter(s.repeat)
		if s.why.Text != c.want || !s.why.Visible() {
			t.Errorf("%+v: reason %q", c, s.why.Text)
		}
	}
	h.typeIn(s.current, testPassword)
	h.typeIn(s.next, next)
	h.typeIn(s.repeat, next)
	h.tap(s.change)
	if h.ui.Dialog() != nil || !strings.Contains(s.note.Text, "password was changed") {
		t.Fatalf("dialog %v note %q", h.ui.Dialog(), s.note.Text)
	}
	h.tap(s.back)
	h.signOut()
	h.signIn(testPassword)
	h.wantTitle("Sign In")
	h.signIn(next)
	h.wantTitle("Two-Step Verification")
}

func TestResetAuthenticator(t *testing.T) {
	h := newHarness(t, "", nil)
	old, _ := h.setUp(testUser)
	tf := toTwoFactor(h)
	h.tap(tf.reset)
	h.wantTitle("Reset Authenticator")
	en := screenAs[*enrolScreen](h)
	if en.enrolment.Secret == old {
		t.Fatal("same secret")
	}
	h.tap(en.cancel)
	h.wantTitle("Two-Factor Authentication")
	h.tap(screenAs[*twoFactorScreen](h).reset)
	en = screenAs[*enrolScreen](h)
	h.clk.Advance(30 * time.Second)
	h.typeIn(en.code, h.code(old)) // the old app's code does not confirm the new one
	h.tap(en.turnOn)
	if want := Message(errWrongCode); en.why.Text != want {
		t.Fatalf("why %q", en.why.Text)
	}
	fresh := h.enrol()
	h.wantTitle("Two-Factor Authentication")
	if n := screenAs[*twoFactorScreen](h).note.Text; !strings.Contains(n, "new authenticator") {
		t.Fatalf("note %q", n)
	}
	h.tap(screenAs[*twoFactorScreen](h).back)
	h.tap(screenAs[*settingsScreen](h).back)
	h.signOut()
	h.clk.Advance(30 * time.Second)
	h.signIn(testPassword)
	h.secondFactor(h.code(old))
	h.wantTitle("Two-Step Verification")
	h.secondFactor(h.code(fresh))
	h.wantTitle("Home")
}
