package screens

import (
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sparekey/sparekey/app"
)

// code is what the phone shows now for secret.
func (h *harness) code(secret string) string {
	h.t.Helper()
	c, err := totp.GenerateCodeCustom(secret, h.clk.Now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// create fills in the create-account screen and submits it with Enter.
func (h *harness) create(user string) {
	h.t.Helper()
	s := screenAs[*createScreen](h)
	h.typeIn(s.username, user)
	h.typeIn(s.password, testPassword)
	h.typeIn(s.repeat, testPassword)
	h.enter(s.repeat)
}

// enrol confirms the authenticator with a correct code; it returns the
// secret.
func (h *harness) enrol() string {
	h.t.Helper()
	s := screenAs[*enrolScreen](h)
	secret := s.enrolment.Secret
	h.typeIn(s.code, h.code(secret))
	h.tap(s.turnOn)
	return secret
}

// storeCodes ticks the box and taps Done; it returns the set.
func (h *harness) storeCodes() app.CodeSet {
	h.t.Helper()
	s := screenAs[*saveCodesScreen](h)
	set := s.set
	test.Tap(s.stored)
	h.tap(s.done)
	return set
}

// setUp makes an account all the way to Home and returns its secret and
// codes.
func (h *harness) setUp(user string) (string, app.CodeSet) {
	h.t.Helper()
	h.create(user)
	secret := h.enrol()
	set := h.storeCodes()
	h.wantTitle("Home")
	return secret, set
}

func (h *harness) signIn(password string) {
	h.t.Helper()
	s := screenAs[*signInScreen](h)
	h.typeIn(s.password, password)
	h.tap(s.signIn)
}

func (h *harness) secondFactor(code string) {
	h.t.Helper()
	s := screenAs[*secondFactorScreen](h)
	h.typeIn(s.code, code)
	h.enter(s.code)
}

// signInBoth waits for the next authenticator step and signs in with the
// test password and then the authenticator's code for secret.
func (h *harness) signInBoth(secret string) {
	h.t.Helper()
	h.clk.Advance(30 * time.Second)
	h.signIn(testPassword)
	h.wantTitle("Two-Step Verification")
	h.secondFactor(h.code(secret))
}

func (h *harness) signOut() {
	h.t.Helper()
	h.tap(screenAs[*homeScreen](h).signOut)
	h.wantTitle("Sign In")
}

// confirmSudo types the password into the open password dialog.
func (h *harness) confirmSudo(password string) {
	h.t.Helper()
	d := h.ui.sudo
	if d == nil || h.ui.Dialog() == nil {
		h.t.Fatal("no password dialog")
	}
	h.typeIn(d.password, password)
	h.enter(d.password)
}
