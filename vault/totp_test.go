package vault_test

import (
	"bytes"
	"encoding/base32"
	"errors"
	"image/png"
	"net/url"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/sparekey/sparekey/vault"
)

// TestTOTPOathtool checks the vault against oathtool, an implementation of
// RFC 6238 that shares no code with it: the code oathtool gives for the
// enrolment secret confirms the enrolment, and later codes sign in.
func TestTOTPOathtool(t *testing.T) {
	e := newEnv(t)
	a, en := e.beginEnrolment(t, "alice")
	if err := a.ConfirmEnrolment(oathtool(t, en.Secret, e.clk.now())); err != nil {
		t.Fatalf("confirm with oathtool's code: %v", err)
	}
	id := a.Info().ID
	for i := range 3 {
		e.clk.advance(30 * time.Second)
		b, err := e.store.Unlock(id, pw)
		if err != nil {
			t.Fatal(err)
		}
		sf, err := b.VerifySecondFactor(oathtool(t, en.Secret, e.clk.now()))
		if err != nil || sf.Factor != vault.FactorAuthenticator {
			t.Fatalf("sign-in %d with oathtool's code: %+v, %v", i, sf, err)
		}
	}
	// One step ahead of the clock (a phone whose clock runs fast) is
	// accepted; two steps are not.
	e.clk.advance(30 * time.Second)
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.VerifySecondFactor(oathtool(t, en.Secret, e.clk.now().Add(60*time.Second))); !errors.Is(err, vault.ErrWrongCode) {
		t.Fatalf("code two steps ahead: %v, want ErrWrongCode", err)
	}
	if _, err := b.VerifySecondFactor(oathtool(t, en.Secret, e.clk.now().Add(30*time.Second))); err != nil {
		t.Fatalf("code one step ahead: %v", err)
	}
}

func TestEnrolmentURIAndQR(t *testing.T) {
	e := newEnv(t)
	a, err := e.store.Create("Example Corp", "alice smith", pw)
	if err != nil {
		t.Fatal(err)
	}
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	key, err := otp.NewKeyFromURL(en.URI)
	if err != nil {
		t.Fatalf("NewKeyFromURL(%q): %v", en.URI, err)
	}
	if key.Type() != "totp" || key.Issuer() != "Example Corp" || key.AccountName() != "alice smith" ||
		key.Secret() != en.Secret || key.Digits() != otp.DigitsSix || key.Period() != 30 ||
		key.Algorithm() != otp.AlgorithmSHA1 {
		t.Errorf("URI %q gives type %s issuer %q account %q secret %q digits %d period %d algorithm %v",
			en.URI, key.Type(), key.Issuer(), key.AccountName(), key.Secret(), key.Digits(), key.Period(), key.Algorithm())
	}
	u, err := url.Parse(en.URI)
	if err != nil || u.Query().Get("digits") != "6" || u.Query().Get("algorithm") != "SHA1" || u.Query().Get("period") != "30" {
		t.Errorf("URI %q does not spell out digits, algorithm and period: %v", en.URI, err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(en.Secret)
	if err != nil || len(raw) != 20 {
		t.Errorf("secret %q: %d bytes, %v; want 20", en.Secret, len(raw), err)
	}

	img, err := png.Decode(bytes.NewReader(en.QRPNG))
	if err != nil {
		t.Fatalf("QR code is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dx() > 1024 || b.Dx() != b.Dy() {
		t.Errorf("QR code is %v, want a square of 100..1024 pixels", b)
	}

	// Going back and forth shows the same secret. (Quitting leaves nothing:
	// TestQuitDuringEnrolmentLeavesNothing.)
	en2, err := a.BeginEnrolment()
	if err != nil || en2.Secret != en.Secret || en2.URI != en.URI {
		t.Errorf("resumed enrolment has secret %q (%v), want %q", en2.Secret, err, en.Secret)
	}
}

func TestEnrolmentErrors(t *testing.T) {
	e := newEnv(t)
	a, err := e.store.Create("Sparekey", "alice", pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ConfirmEnrolment("123456"); !errors.Is(err, vault.ErrNoEnrolment) {
		t.Errorf("confirm before begin: %v, want ErrNoEnrolment", err)
	}
	if _, err := a.VerifySecondFactor("123456"); !errors.Is(err, vault.ErrNotEnrolled) {
		t.Errorf("second factor before enrolment: %v, want ErrNotEnrolled", err)
	}
	if _, err := a.RegenerateCodes(); !errors.Is(err, vault.ErrNotEnrolled) {
		t.Errorf("regenerate before enrolment: %v, want ErrNotEnrolled", err)
	}
	if err := a.AcknowledgeCodes(); !errors.Is(err, vault.ErrNotEnrolled) {
		t.Errorf("acknowledge before enrolment: %v, want ErrNotEnrolled", err)
	}
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ConfirmEnrolment("12345"); !errors.Is(err, vault.ErrMalformedCode) {
		t.Errorf("5 digits: %v, want ErrMalformedCode", err)
	}
	if err := a.ConfirmEnrolment(wrongCode(t, en.Secret, e.clk.now())); !errors.Is(err, vault.ErrWrongCode) {
		t.Errorf("wrong code: %v, want ErrWrongCode", err)
	}
	if a.Stage() != vault.StageEnrol {
		t.Errorf("stage after failed confirmations = %v", a.Stage())
	}
	c := code(t, en.Secret, e.clk.now())
	if err := a.ConfirmEnrolment(c[:3] + " " + c[3:]); err != nil {
		t.Fatalf("code with a space: %v", err)
	}
	if a.Stage() != vault.StageCodes || a.Codes().Left() != 10 || a.TwoFactorSince() != e.clk.now() {
		t.Errorf("after confirmation: stage %v, %d codes, since %v", a.Stage(), a.Codes().Left(), a.TwoFactorSince())
	}
}

// TestTOTPReplay: the enrolment code's step cannot sign in, nor can any
// step at or below the last one accepted; the next step can.
func TestTOTPReplay(t *testing.T) {
	e := newEnv(t)
	a, secret := e.setUp(t, "alice") // enrolled at step s = now
	id := a.Info().ID
	enrolled := e.clk.now()

	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{enrolled, enrolled.Add(-30 * time.Second)} {
		if _, err := b.VerifySecondFactor(code(t, secret, at)); !errors.Is(err, vault.ErrTOTPJustUsed) {
			t.Fatalf("code of step %v (≤ stored): %v, want ErrTOTPJustUsed", at, err)
		}
	}
	// Still at the enrolment's step: the next step's code is within the
	// window and accepted; then it too is spent.
	next := enrolled.Add(30 * time.Second)
	if _, err := b.VerifySecondFactor(code(t, secret, next)); err != nil {
		t.Fatalf("next step: %v", err)
	}
	e.clk.advance(30 * time.Second)
	c, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{enrolled, next} {
		if _, err := c.VerifySecondFactor(code(t, secret, at)); !errors.Is(err, vault.ErrTOTPJustUsed) {
			t.Fatalf("replayed code of %v: %v, want ErrTOTPJustUsed", at, err)
		}
	}
	// Replays are not guesses: ten of them do not lock the account.
	for range 10 {
		if _, err := c.VerifySecondFactor(code(t, secret, next)); !errors.Is(err, vault.ErrTOTPJustUsed) {
			t.Fatalf("replay: %v", err)
		}
	}
	e.clk.advance(30 * time.Second)
	if _, err := c.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatalf("fresh step after replays: %v", err)
	}
	// The stored step survives a restart.
	e.reopen(t)
	d, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.VerifySecondFactor(code(t, secret, e.clk.now())); !errors.Is(err, vault.ErrTOTPJustUsed) {
		t.Fatalf("replay after restart: %v", err)
	}
}

func TestTOTPClockBehind(t *testing.T) {
	e := newEnv(t)
	a, secret := e.setUp(t, "alice")
	id := a.Info().ID

	// Back by one step: the stored step is still within now+1, so this is
	// just a replay.
	e.clk.advance(-30 * time.Second)
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.VerifySecondFactor(code(t, secret, e.clk.now())); !errors.Is(err, vault.ErrTOTPJustUsed) {
		t.Fatalf("one step back: %v, want ErrTOTPJustUsed", err)
	}
	// Back by two steps: the clock has gone back.
	e.clk.advance(-30 * time.Second)
	for range 6 {
		if _, err := b.VerifySecondFactor(code(t, secret, e.clk.now())); !errors.Is(err, vault.ErrClockBehind) {
			t.Fatalf("two steps back: %v, want ErrClockBehind", err)
		}
	}
	// Not counted as tries: once the clock is right, sign-in works.
	e.clk.advance(90 * time.Second)
	if _, err := b.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatalf("after the clock is fixed: %v", err)
	}
}

// TestAuthenticatorReset: the old secret works until the new one is
// confirmed, and not after; the backup codes stay.
func TestAuthenticatorReset(t *testing.T) {
	e := newEnv(t)
	id, oldSecret := e.setUpID(t, "alice")
	a := e.signIn(t, id, oldSecret)
	codesBefore := a.Codes()
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	if en.Secret == oldSecret {
		t.Fatal("reset reuses the old secret")
	}
	a = e.signIn(t, id, oldSecret) // still the old one
	if err := a.CancelEnrolment(); err != nil {
		t.Fatal(err)
	}
	en2, err := a.BeginEnrolment()
	if err != nil || en2.Secret == en.Secret {
		t.Fatalf("after cancel, a new enrolment gives %q (%v)", en2.Secret, err)
	}
	e.clk.advance(30 * time.Second)
	if err := a.ConfirmEnrolment(code(t, en2.Secret, e.clk.now())); err != nil {
		t.Fatal(err)
	}
	e.clk.advance(30 * time.Second)
	b, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.VerifySecondFactor(code(t, oldSecret, e.clk.now())); !errors.Is(err, vault.ErrWrongCode) {
		t.Fatalf("old secret after reset: %v, want ErrWrongCode", err)
	}
	if _, err := b.VerifySecondFactor(code(t, en2.Secret, e.clk.now())); err != nil {
		t.Fatalf("new secret: %v", err)
	}
	if got := b.Codes(); len(got.Codes) != len(codesBefore.Codes) || got.Codes[5].Text != codesBefore.Codes[5].Text {
		t.Error("reset changed the backup codes")
	}
}
