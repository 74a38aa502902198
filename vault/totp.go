package vault

import (
	"bytes"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/sparekey/sparekey/vault/codes"
)

// TOTP parameters: what Google Authenticator and Duo Mobile read.
const (
	totpPeriod     = 30
	totpSecretSize = 20
	totpQRSize     = 256
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

type totpState struct {
	Secret   string    `json:"secret"` // base32, no padding
	Enabled  time.Time `json:"enabled"`
	LastStep int64     `json:"last_step"` // the newest time step accepted; never accepted again
}

type pendingTOTP struct {
	Secret  string    `json:"secret"`
	Created time.Time `json:"created"`
}

// Enrolment is what a person needs to add the account to an authenticator
// app: the secret as base32 text, the otpauth URI, and that URI as a QR
// code PNG.
type Enrolment struct {
	Secret string
	URI    string
	QRPNG  []byte
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// BeginEnrolment starts adding an authenticator, or resumes the one begun
// before. On an account that has an authenticator this is a reset: the
// pending secret is saved, so quitting and coming back shows the same QR
// code, and the old secret keeps working until ConfirmEnrolment. On a new
// account nothing is saved yet (see Create).
func (a *Account) BeginEnrolment() (Enrolment, error) {
	if err := a.lockSignedIn(); err != nil {
		return Enrolment{}, err
	}
	defer a.s.mu.Unlock()
	if a.body.PendingTOTP == nil {
		old := a.body
		a.body.PendingTOTP = &pendingTOTP{Secret: b32.EncodeToString(randomBytes(totpSecretSize)), Created: a.s.now()}
		if err := a.commit(old); err != nil && a.body.PendingTOTP == nil {
			return Enrolment{}, err
		}
	}
	return a.enrolment(a.body.PendingTOTP.Secret)
}

func (a *Account) enrolment(secret string) (Enrolment, error) {
	raw, err := b32.DecodeString(secret)
	if err != nil {
		return Enrolment{}, fmt.Errorf("%w: stored secret: %v", ErrDamaged, err)
	}
	key, err := otp.NewKeyFromURL(otpauthURI(a.hdr.Site, a.hdr.Username, raw))
	if err != nil {
		return Enrolment{}, fmt.Errorf("build otpauth key: %w", err)
	}
	img, err := key.Image(totpQRSize, totpQRSize)
	if err != nil {
		return Enrolment{}, fmt.Errorf("draw QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, fmt.Errorf("encode QR code: %w", err)
	}
	return Enrolment{Secret: key.Secret(), URI: key.URL(), QRPNG: buf.Bytes()}, nil
}

// otpauthURI is the key URI an authenticator app reads (Google's Key Uri
// Format), its query escaped with url.Values. pquerna/otp's Generate
// escapes query values with url.PathEscape, which leaves & = + as they
// are: a site "A & B" reached the phone as issuer "A ", and a site
// holding "&secret=" put a second secret before the real one.
// FuzzEnrolmentURI found it.
func otpauthURI(site, username string, raw []byte) string {
	q := url.Values{}
	q.Set("secret", b32.EncodeToString(raw))
	q.Set("issuer", site)
	q.Set("period", strconv.Itoa(totpPeriod))
	q.Set("algorithm", otp.AlgorithmSHA1.String())
	q.Set("digits", otp.DigitsSix.String())
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + site + ":" + username,
		// %20, not +, for a space: Google Authenticator shows a + as it is.
		RawQuery: strings.ReplaceAll(q.Encode(), "+", "%20")}
	return u.String()
}

// CancelEnrolment drops a pending authenticator (a reset the person
// abandoned); the current one is untouched.
func (a *Account) CancelEnrolment() error {
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	defer a.s.mu.Unlock()
	if a.body.PendingTOTP == nil || a.body.TOTP == nil {
		return nil // a first enrolment stays pending so setup can resume
	}
	old := a.body
	a.body.PendingTOTP = nil
	return a.commit(old)
}

// ConfirmEnrolment finishes adding an authenticator with a code it shows.
// The code's time step is stored, so it cannot sign in afterwards. The
// first enrolment also makes the first backup-code set (not yet
// acknowledged) and is when a new account is first written; a reset
// replaces the old secret and keeps the codes.
func (a *Account) ConfirmEnrolment(code string) error {
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	defer a.s.mu.Unlock()
	p := a.body.PendingTOTP
	if p == nil {
		return ErrNoEnrolment
	}
	code, ok := totpInput(code)
	if !ok {
		return ErrMalformedCode
	}
	now := a.s.now()
	step, err := verifyTOTP(p.Secret, code, now, -1)
	if err != nil {
		return err
	}
	old := a.body
	kind := EventAuthenticatorReset
	if a.body.TOTP == nil {
		kind = EventTwoFactorEnabled
		set, err := newCodeSet(now)
		if err != nil {
			return err
		}
		a.body.Codes = set
	}
	a.body.TOTP = &totpState{Secret: p.Secret, Enabled: now, LastStep: step}
	a.body.PendingTOTP = nil
	a.body.Audit = appendEvents(a.body.Audit, Event{Time: now, Kind: kind})
	if kind == EventTwoFactorEnabled {
		a.body.Audit = appendEvents(a.body.Audit, Event{Time: now, Kind: EventCodesGenerated})
	}
	return a.commit(old)
}

// totpInput cleans a code as a backup code is cleaned (codes.Normalize:
// spaces, dashes and invisible characters go, O reads as 0 and I, L as 1)
// and reports whether it is 6 digits.
func totpInput(s string) (string, bool) {
	b := make([]byte, 0, 6)
	for _, r := range codes.Normalize(s) {
		switch {
		case r >= '0' && r <= '9' && len(b) < 7:
			b = append(b, byte(r))
		default:
			return "", false
		}
	}
	return string(b), len(b) == 6
}

// verifyTOTP checks a 6-digit code against the steps t−1, t and t+1 and
// returns the step it matched. Every candidate is computed and compared in
// constant time. A step at or below last is a replay (RFC 6238 §5.2).
func verifyTOTP(secret, code string, now time.Time, last int64) (int64, error) {
	cur := now.Unix() / totpPeriod
	if last > cur+1 {
		return 0, ErrClockBehind
	}
	matched := int64(-1)
	for step := cur - 1; step <= cur+1; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err != nil {
			return 0, fmt.Errorf("%w: stored secret: %v", ErrDamaged, err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > matched {
			matched = step
		}
	}
	switch {
	case matched < 0:
		return 0, ErrWrongCode
	case matched <= last:
		return 0, ErrTOTPJustUsed
	}
	return matched, nil
}
