package main

// The parent's ground truth: the account's password, authenticator
// secret and backup codes as they must be, the codes that must never sign
// in again, and the clock.

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/sparekey/sparekey/vault"
)

const step = 30 * time.Second

// world is one account in a data directory of its own.
type world struct {
	dir, service, id string
	rng              *rand.Rand
	now              time.Time
	password         string
	secret           string
	set              []string        // the current backup-code set, display form
	dead             map[string]bool // spent or replaced: never to sign in again
	deadList         []string
	changes          int       // password changes made, for the next password
	notes            string    // the private notes
	lastCode         string    // the parent's last authenticator code
	lastAt           time.Time // and when it signed in
}

func totpCode(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// wrongCode is a 6-digit code that no step around at gives.
func wrongCode(secret string, at time.Time) (string, error) {
	valid := map[string]bool{}
	for d := -1; d <= 1; d++ {
		c, err := totpCode(secret, at.Add(time.Duration(d)*step))
		if err != nil {
			return "", err
		}
		valid[c] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333"} {
		if !valid[c] {
			return c, nil
		}
	}
	return "", errors.New("no wrong code found")
}

func (w *world) open() (*vault.Store, error) {
	return vault.Open(w.dir, storeOptions(w.service, vault.SystemKeyring{}, func() time.Time { return w.now }))
}

// setUp creates the account: enrolled, its codes acknowledged.
func (w *world) setUp() error {
	s, err := w.open()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CheckKeyring(); err != nil {
		return fmt.Errorf("the Secret Service: %w", err)
	}
	w.password = "Crash-Loop-Plum-Orbit-0"
	a, err := s.Create("Sparekey crash loop", "crashloop", w.password)
	if err != nil {
		return err
	}
	defer a.Close()
	w.id = a.Info().ID
	en, err := a.BeginEnrolment()
	if err != nil {
		return err
	}
	w.secret = en.Secret
	c, err := totpCode(w.secret, w.now)
	if err != nil {
		return err
	}
	if err := a.ConfirmEnrolment(c); err != nil {
		return err
	}
	if err := a.AcknowledgeCodes(); err != nil {
		return err
	}
	w.set = texts(a.Codes())
	return nil
}

func texts(cs vault.CodeSet) []string {
	out := make([]string, 0, len(cs.Codes))
	for _, c := range cs.Codes {
		out = append(out, c.Text)
	}
	return out
}

func (w *world) kill(code string) {
	if !w.dead[code] {
		w.dead[code] = true
		w.deadList = append(w.deadList, code)
	}
}

// unusedCode is a random code of the current set that never signed in.
func (w *world) unusedCode() string {
	var live []string
	for _, c := range w.set {
		if !w.dead[c] {
			live = append(live, c)
		}
	}
	if len(live) == 0 {
		return ""
	}
	return live[w.rng.IntN(len(live))]
}

// request prepares op: a fresh time step, and the codes it will type.
func (w *world) request(op string) (request, error) {
	w.now = w.now.Add(step)
	r := request{Dir: w.dir, Service: w.service, ID: w.id, Op: op, Now: w.now, Password: w.password}
	var err error
	switch op {
	case opBackup:
		if r.Code = w.unusedCode(); r.Code == "" {
			err = errors.New("no unused backup code left")
		}
	case opTOTP:
		r.Code, err = totpCode(w.secret, w.now)
	case opWrongPW:
		r.Password = w.password + " typo"
	case opWrongCode:
		r.Code, err = wrongCode(w.secret, w.now)
	default:
		r.Prep, err = totpCode(w.secret, w.now)
		w.changes++
		r.NewPassword = fmt.Sprintf("Crash-Loop-Plum-Orbit-%d", w.changes)
		r.Notes = w.newNotes()
	}
	return r, err
}

// newNotes is private notes unlike any before: a numbered line, then up
// to 16 KiB of text.
func (w *world) newNotes() string {
	var b strings.Builder
	fmt.Fprintf(&b, "notes %d\n", w.changes)
	for n := w.rng.IntN(16 << 10); b.Len() < n; {
		b.WriteString(strconv.FormatUint(w.rng.Uint64(), 36))
		b.WriteByte(" \n"[w.rng.IntN(2)])
	}
	return b.String()
}

// sample is up to n random dead codes, with must first when set.
func (w *world) sample(n int, must string) []string {
	out := []string{}
	if must != "" {
		out = append(out, must)
	}
	for range 4 * n {
		if len(out) >= n || len(w.deadList) == 0 {
			break
		}
		if c := w.deadList[w.rng.IntN(len(w.deadList))]; !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
