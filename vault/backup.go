package vault

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/sparekey/sparekey/vault/codes"
)

// keptReplacedSets is how many cancelled sets are remembered (as
// fingerprints only) so their codes can be recognised.
const keptReplacedSets = 3

type codeSet struct {
	Created      time.Time    `json:"created"`
	Acknowledged bool         `json:"acknowledged"`
	Codes        []backupCode `json:"codes"`
}

type backupCode struct {
	Code string    `json:"code"` // canonical form
	Used time.Time `json:"used,omitzero"`
}

type replacedSet struct {
	Created      time.Time `json:"created"`
	Replaced     time.Time `json:"replaced"`
	Fingerprints [][]byte  `json:"fingerprints"`
}

// CodeSet is a copy of the current backup-code set for display.
type CodeSet struct {
	Created      time.Time
	Acknowledged bool
	Codes        []Code
}

// Code is one backup code: Text in display form (XXXX-XXXX-XXXX-XXXX) and
// the time it was used, zero while unused.
type Code struct {
	Text string
	Used time.Time
}

// Left counts the unused codes.
func (c CodeSet) Left() int {
	n := 0
	for _, x := range c.Codes {
		if x.Used.IsZero() {
			n++
		}
	}
	return n
}

// Active lists the unused codes in display form.
func (c CodeSet) Active() []string {
	var out []string
	for _, x := range c.Codes {
		if x.Used.IsZero() {
			out = append(out, x.Text)
		}
	}
	return out
}

func newCodeSet(now time.Time) (*codeSet, error) {
	cs, err := codes.NewSet(rand.Reader)
	if err != nil {
		return nil, err
	}
	set := &codeSet{Created: now}
	for _, c := range cs {
		set.Codes = append(set.Codes, backupCode{Code: c})
	}
	return set, nil
}

func (a *Account) codeSetCopy() CodeSet {
	if a.body.Codes == nil {
		return CodeSet{}
	}
	out := CodeSet{Created: a.body.Codes.Created, Acknowledged: a.body.Codes.Acknowledged}
	for _, c := range a.body.Codes.Codes {
		out.Codes = append(out.Codes, Code{Text: codes.Format(c.Code), Used: c.Used})
	}
	return out
}

// RegenerateCodes makes a new set, which cancels the current one at once.
// The old codes are kept only as fingerprints (last three sets) so that
// using one can be told apart from a wrong code. The new set waits to be
// acknowledged as stored.
func (a *Account) RegenerateCodes() (CodeSet, error) {
	if err := a.lockSignedIn(); err != nil {
		return CodeSet{}, err
	}
	defer a.s.mu.Unlock()
	if a.body.TOTP == nil {
		return CodeSet{}, ErrNotEnrolled
	}
	now := a.s.now()
	set, err := newCodeSet(now)
	if err != nil {
		return CodeSet{}, err
	}
	old := a.body
	a.replaceSet(now)
	a.body.Codes = set
	a.body.Audit = appendEvents(a.body.Audit, Event{Time: now, Kind: EventCodesGenerated})
	if err := a.commit(old); err != nil && a.body.Codes != set {
		return CodeSet{}, err
	} else if err != nil {
		return a.codeSetCopy(), err
	}
	return a.codeSetCopy(), nil
}

// AcknowledgeCodes records that the person has stored the current set.
func (a *Account) AcknowledgeCodes() error {
	if err := a.lockSignedIn(); err != nil {
		return err
	}
	defer a.s.mu.Unlock()
	if a.body.Codes == nil {
		return ErrNotEnrolled
	}
	if a.body.Codes.Acknowledged {
		return nil
	}
	old := a.body
	ns := *a.body.Codes
	ns.Acknowledged = true
	a.body.Codes = &ns
	return a.commit(old)
}

func (a *Account) fingerprint(code string) []byte {
	return mac(a.body.FingerprintKey, []byte(code))
}

// SecondFactor is the outcome of a successful second-factor check.
type SecondFactor struct {
	Factor    Factor // FactorAuthenticator or FactorBackupCode
	CodesLeft int    // unused backup codes after this sign-in
}

// VerifySecondFactor completes a sign-in with either an authenticator code
// or a backup code, typed into the same field. Input that is neither, or
// a backup code with a typo, is refused without counting. Otherwise the
// try is recorded before the check; a backup code is spent, and an
// authenticator step stored, in the keyring item and then the vault file
// (the writes that complete the sign-in), and if either fails the sign-in
// fails.
func (a *Account) VerifySecondFactor(input string) (SecondFactor, error) {
	if err := a.lock(); err != nil {
		return SecondFactor{}, err
	}
	defer a.s.mu.Unlock()
	if a.body.TOTP == nil {
		return SecondFactor{}, ErrNotEnrolled
	}
	factor := FactorAuthenticator
	code, isTOTP := totpInput(input)
	if !isTOTP {
		if !codes.LooksLike(input) {
			return SecondFactor{}, ErrMalformedCode
		}
		var err error
		if code, err = codes.Parse(input); err != nil {
			if errors.Is(err, codes.ErrTypo) {
				return SecondFactor{}, ErrTypo
			}
			return SecondFactor{}, ErrMalformedCode
		}
		factor = FactorBackupCode
	}

	s, id, t := a.s, a.hdr.ID, a.throttle
	if err := s.beginTry(id, a.item, t, factor); err != nil {
		return SecondFactor{}, err
	}
	now := s.now()

	old := a.body
	var err error
	if factor == FactorAuthenticator {
		err = a.acceptTOTP(code, now)
	} else {
		err = a.acceptBackupCode(code, now)
	}
	switch {
	case errors.Is(err, ErrTOTPJustUsed), errors.Is(err, ErrClockBehind):
		// Not a guess: the person's own code, too soon or on a wrong clock.
		t.undo()
		if serr := s.saveThrottle(id, a.item, t); serr != nil {
			return SecondFactor{}, errors.Join(err, serr)
		}
		return SecondFactor{}, err
	case err != nil:
		return SecondFactor{}, s.settle(id, a.item, t, err)
	}
	t.undo() // the try succeeded: it must not reach the log as a failure
	if err := a.completeSignIn(old, factor, now); err != nil {
		// The code was right, so the try is not kept as a failure either
		// (where the disk lets the record be written).
		s.saveThrottle(id, a.item, t)
		return SecondFactor{}, err
	}
	a.signedIn.Store(true)
	return SecondFactor{Factor: factor, CodesLeft: a.codeSetCopy().Left()}, nil
}

func (a *Account) acceptTOTP(code string, now time.Time) error {
	step, err := verifyTOTP(a.body.TOTP.Secret, code, now, a.body.TOTP.LastStep)
	if err != nil {
		return err
	}
	st := *a.body.TOTP
	st.LastStep = step
	a.body.TOTP = &st
	return nil
}

// acceptBackupCode compares the code with every code of the set in
// constant time, then with the fingerprints of replaced sets.
func (a *Account) acceptBackupCode(code string, now time.Time) error {
	set := a.body.Codes
	if set == nil {
		return ErrWrongCode
	}
	match := -1
	for i, c := range set.Codes {
		if codes.Equal(c.Code, code) {
			match = i
		}
	}
	if match >= 0 {
		if !set.Codes[match].Used.IsZero() {
			return ErrCodeUsed
		}
		ns := *set
		ns.Codes = slices.Clone(set.Codes)
		ns.Codes[match].Used = now
		a.body.Codes = &ns
		a.body.Audit = appendEvents(a.body.Audit, Event{Time: now, Kind: EventBackupCodeUsed,
			Detail: strconv.Itoa(a.codeSetCopy().Left()) + " left"})
		return nil
	}
	fp := a.fingerprint(code)
	replaced := 0
	for _, r := range a.body.Replaced {
		for _, f := range r.Fingerprints {
			replaced |= subtle.ConstantTimeCompare(f, fp)
		}
	}
	if replaced == 1 {
		return ErrCodeReplaced
	}
	return ErrWrongCode
}
