package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func TestSignInWrongPasswordAndLockout(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.signOut()
	s := screenAs[*signInScreen](h)
	test.AssertRendersToMarkup(t, "signin_one.xml", h.w.Canvas())
	if s.account.Visible() || s.only.Text != "alice (Sparekey)" {
		t.Fatalf("single account shown as picker %v / %q", s.account.Visible(), s.only.Text)
	}

	h.typeIn(s.password, "wrong password 1")
	h.enter(s.password) // Enter submits
	if want := Message(errWrongPassword); s.status.Text != want {
		t.Fatalf("status %q, want %q", s.status.Text, want)
	}
	if s.password.Text != "" {
		t.Fatal("wrong password left in the field")
	}
	for i := 0; i < 6 && !s.signIn.Disabled(); i++ {
		h.signIn("wrong password 2")
	}
	if !s.signIn.Disabled() {
		t.Fatal("no lockout after many wrong passwords")
	}
	if want := "Too many wrong tries. Try again in 0:30."; s.status.Text != want {
		t.Fatalf("status %q, want %q", s.status.Text, want)
	}
	h.clk.Advance(3 * time.Second)
	h.ui.Tick()
	if want := "Too many wrong tries. Try again in 0:27."; s.status.Text != want {
		t.Fatalf("status %q, want %q", s.status.Text, want)
	}
	h.clk.Advance(27 * time.Second)
	h.ui.Tick()
	if s.signIn.Disabled() || s.status.Visible() {
		t.Fatalf("still locked: %q", s.status.Text)
	}
	h.signIn(testPassword)
	h.wantTitle("Two-Step Verification")
}

func TestSecondFactorErrors(t *testing.T) {
	h := newHarness(t, "", nil)
	secret, set := h.setUp(testUser)
	h.signOut()
	h.signIn(testPassword)
	s := screenAs[*secondFactorScreen](h)
	if s.code.PlaceHolder != "Code from your authenticator app or a backup code" {
		t.Fatalf("placeholder %q", s.code.PlaceHolder)
	}
	typo := []byte(set.Codes[2].Text)
	typo[0], typo[1] = typo[1], typo[0]
	if typo[0] == typo[1] {
		typo[0] = 'Z'
	}
	for _, c := range []struct{ code, want string }{
		{"12345", Message(errMalformed)},
		{string(typo), Message(errTypo)},
		{h.code(secret), Message(errTOTPJustUsed)}, // the step enrolment used
	} {
		h.secondFactor(c.code)
		if s.status.Text != c.want {
			t.Errorf("%q: status %q, want %q", c.code, s.status.Text, c.want)
		}
	}
	h.secondFactor("000000")
	if s.status.Text != Message(errWrongCode) && s.status.Text != Message(errTOTPJustUsed) {
		t.Errorf("wrong code: status %q", s.status.Text)
	}
	h.secondFactor(set.Codes[3].Text)
	h.wantTitle("Home")
	h.signOut()
	h.signIn(testPassword)
	s = screenAs[*secondFactorScreen](h)
	h.secondFactor(set.Codes[3].Text)
	if want := Message(errCodeUsed); s.status.Text != want {
		t.Fatalf("used code: status %q", s.status.Text)
	}
	h.tap(s.back)
	h.wantTitle("Sign In")
}

func TestLowOnCodesGoesToNewSet(t *testing.T) {
	h := newHarness(t, "", nil)
	_, set := h.setUp(testUser)
	for i := 0; i < 7; i++ {
		h.signOut()
		h.signIn(testPassword)
		h.secondFactor(set.Codes[i].Text)
		h.wantTitle("Home")
	}
	home := screenAs[*homeScreen](h)
	if home.notice.Text != "You used a backup code — 3 left." || !home.low.Visible() || !home.newCodes.Visible() {
		t.Fatalf("notice %q, low shown %v", home.notice.Text, home.low.Visible())
	}
	h.tap(home.newCodes)
	h.confirmSudo("not my password")
	if d := h.ui.sudo; d == nil || d.why.Text != Message(errWrongPassword) {
		t.Fatal("wrong password in the sudo dialog not reported")
	}
	h.confirmSudo(testPassword)
	h.wantTitle("Save Your Backup Codes")
	fresh := h.storeCodes()
	h.signOut()
	h.signIn(testPassword)
	s := screenAs[*secondFactorScreen](h)
	h.secondFactor(set.Codes[8].Text)
	if s.status.Text != Message(errCodeReplaced) {
		t.Fatalf("replaced code: %q", s.status.Text)
	}
	h.secondFactor(fresh.Codes[0].Text)
	// The wrong password in the sudo dialog and the replaced code both
	// counted as failed tries, and Home says so.
	if got := screenAs[*homeScreen](h).notice.Text; !strings.HasPrefix(got, "You used a backup code — 9 left. 2 tries failed since your last sign-in") {
		t.Fatalf("notice %q", got)
	}
}

func TestPickerAndRemoveAccount(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp("alice")
	h.signOut()
	h.tap(screenAs[*signInScreen](h).add)
	h.setUp("bob")
	h.signOut()
	s := screenAs[*signInScreen](h)
	if !s.account.Visible() || len(s.account.Options) != 2 {
		t.Fatalf("picker %v %v", s.account.Visible(), s.account.Options)
	}
	s.account.SetSelected("bob (Sparekey)")
	h.tap(s.cantSign)
	if h.ui.Dialog() == nil || s.removeFor == nil {
		t.Fatal("no dialog")
	}
	if !strings.Contains(s.removeFor.PlaceHolder, "bob") {
		t.Fatalf("placeholder %q", s.removeFor.PlaceHolder)
	}
	h.typeIn(s.removeFor, "alice")
	h.enter(s.removeFor)
	if h.ui.Dialog() == nil {
		t.Fatal("dialog closed after a mismatch")
	}
	// Escape closes the dialog.
	s.removeFor.TypedKey(&fyneKeyEscape)
	if h.ui.Dialog() != nil || h.w.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the dialog open")
	}
	h.tap(s.cantSign)
	h.typeIn(s.removeFor, "bob")
	h.enter(s.removeFor)
	h.wantTitle("Sign In")
	s = screenAs[*signInScreen](h)
	if s.account.Visible() || s.only.Text != "alice (Sparekey)" {
		t.Fatalf("after removal: %v %q", s.account.Options, s.only.Text)
	}
	if !strings.Contains(s.notice.Text, "bob (Sparekey) was removed") {
		t.Fatalf("notice %q", s.notice.Text)
	}
}
