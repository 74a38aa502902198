package vault

import (
	"encoding/base32"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sparekey/sparekey/vault/codes"
)

// Sparekey never parses an otpauth URI or a secret from outside: it makes
// the secret itself and shows it. What it takes in is a person's typed
// code (VerifySecondFactor, ConfirmEnrolment) and the site and username
// that go into the otpauth URI it shows. These fuzz targets cover both.

// fuzzSecret is a fixed authenticator secret for the code fuzzer.
const fuzzSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// checkCodeInput is what VerifySecondFactor does with input before it
// touches the account: an authenticator code is 6 digits, and is accepted
// by verifyTOTP only if it is the code of a step in the window after last;
// anything else is a backup code, or malformed, with one of their errors.
func checkCodeInput(t *testing.T, input string) {
	t.Helper()
	code, isTOTP := totpInput(input)
	if !isTOTP {
		if !codes.LooksLike(input) {
			return // ErrMalformedCode
		}
		if c, err := codes.Parse(input); err != nil && (c != "" || !errors.Is(err, codes.ErrMalformed) && !errors.Is(err, codes.ErrTypo)) {
			t.Fatalf("codes.Parse(%q) = %q, %v", input, c, err)
		}
		return
	}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		t.Fatalf("totpInput(%q) = %q, not 6 digits", input, code)
	}
	if again, ok := totpInput(code); !ok || again != code {
		t.Fatalf("totpInput is not idempotent on %q", code)
	}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	cur := now.Unix() / totpPeriod
	for _, last := range []int64{-1, cur - 1, cur, cur + 1, cur + 2} {
		step, err := verifyTOTP(fuzzSecret, code, now, last)
		switch {
		case err == nil:
			want, _ := totp.GenerateCodeCustom(fuzzSecret, time.Unix(step*totpPeriod, 0), totpOpts)
			if step <= last || step < cur-1 || step > cur+1 || want != code {
				t.Fatalf("verifyTOTP accepts %q at step %d (now %d, last %d)", code, step, cur, last)
			}
		case !errors.Is(err, ErrWrongCode) && !errors.Is(err, ErrTOTPJustUsed) && !errors.Is(err, ErrClockBehind):
			t.Fatalf("verifyTOTP(%q): %v", code, err)
		}
	}
}

func TestCodeInputCases(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	right, _ := totp.GenerateCodeCustom(fuzzSecret, now, totpOpts)
	for _, in := range []string{"", "123456", right, right[:3] + " " + right[3:], "12345", "1234567",
		"１２３４５６", "123\u200b456", "ZZZZ-ZZZZ-ZZZZ-ZZZN", strings.Repeat("9", 10_000)} {
		checkCodeInput(t, in)
	}
	if _, err := verifyTOTP(fuzzSecret, right, now, -1); err != nil {
		t.Fatalf("the right code is refused: %v", err)
	}
}

func FuzzCodeInput(f *testing.F) {
	for _, s := range []string{"", "123456", "123 456", "123-456", "１２３４５６", "12345\u00a06", "ZZZZ-ZZZZ-ZZZZ-ZZZN", "1234567"} {
		f.Add(s)
	}
	f.Fuzz(checkCodeInput)
}

// checkEnrolment: for a site and username that pass ValidateName and any
// secret, the otpauth URI shown reads back, with an otpauth parser, as the
// same issuer, account name, secret and parameters the vault checks codes
// with.
func checkEnrolment(t *testing.T, site, username string, raw []byte) {
	t.Helper()
	site, username = NormalizeName(site), NormalizeName(username)
	if ValidateName(site) != nil || ValidateName(username) != nil || len(raw) == 0 {
		return
	}
	a := &Account{hdr: header{Site: site, Username: username}}
	secret := b32.EncodeToString(raw)
	en, err := a.enrolment(secret)
	if err != nil {
		t.Fatalf("enrolment(%q, %q): %v", site, username, err)
	}
	key, err := otp.NewKeyFromURL(en.URI)
	if err != nil {
		t.Fatalf("the otpauth URI for %q, %q does not parse: %v", site, username, err)
	}
	got, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(key.Secret())
	switch {
	case err != nil || string(got) != string(raw) || en.Secret != secret:
		t.Fatalf("the URI's secret is %q (%v), want %q", key.Secret(), err, secret)
	case key.Issuer() != site || key.AccountName() != username:
		t.Fatalf("the URI reads as issuer %q, account %q; want %q, %q", key.Issuer(), key.AccountName(), site, username)
	case key.Period() != totpPeriod || key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 || key.Type() != "totp":
		t.Fatalf("the URI's parameters: %s", en.URI)
	case len(en.QRPNG) == 0:
		t.Fatal("no QR code")
	}
}

func TestEnrolmentURICases(t *testing.T) {
	for _, tc := range []struct{ site, user string }{
		{"Sparekey", "alice"}, {"My Site & Co", "bob+tag@example.org"}, {"100% sure", "#hash?"},
		{"Zürich", "名前"}, {"a=b", "c;d,e"}, {"\u202eevil", "x"},
		// pquerna/otp's URI left & = + unescaped in the query: the issuer
		// was cut at the &, and this one put a second secret first.
		{"Bank&secret=AAAAAAAAAAAAAAAA", "alice"}, {"a+b", "c d"},
	} {
		checkEnrolment(t, tc.site, tc.user, []byte("12345678901234567890"))
	}
}

func FuzzEnrolmentURI(f *testing.F) {
	f.Add("Sparekey", "alice", []byte("12345678901234567890"))
	f.Add("My Site & Co", "bob+tag@example.org", []byte{0})
	f.Add("100% sure", "名前", []byte{0xff, 0xfe})
	f.Fuzz(checkEnrolment)
}
