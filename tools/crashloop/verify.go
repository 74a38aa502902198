package main

// The checks after every run, killed or not, which also bring the ground
// truth up to date with the state that stands.

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/sparekey/sparekey/internal/atomicfile"
	"github.com/sparekey/sparekey/vault"
)

// The kinds of problem, as the acceptance counts them.
const (
	kindLost    = "corrupt or lost vault"
	kindRevived = "revived code, step or password"
	kindOther   = "other"
)

type problem struct{ kind, msg string }

// checker is one verification: the parent's own store and account, and
// the failed tries it counted since its last complete sign-in (it signs in
// again before a fourth, so no lockout gets in its way).
type checker struct {
	w     *world
	r     *runRecord
	a     *vault.Account
	s     *vault.Store
	fails int
	probs []problem
}

func (c *checker) bad(kind, format string, args ...any) {
	c.probs = append(c.probs, problem{kind, c.r.req.Op + ": " + fmt.Sprintf(format, args...)})
}

// retry runs f again after waiting out a lockout (on the fake clock) that
// refused it outright.
func (c *checker) retry(f func() error) error {
	err := f()
	for range 3 {
		lo, ok := err.(*vault.LockedOutError)
		if !ok {
			break
		}
		c.w.now = c.w.now.Add(lo.Wait() + time.Second)
		err = f()
	}
	return err
}

func (c *checker) unlock(password string) (a *vault.Account, err error) {
	err = c.retry(func() error { a, err = c.s.Unlock(c.w.id, password); return err })
	if err != nil && !errors.Is(err, vault.ErrTOTPJustUsed) {
		c.fails++
	}
	return a, err
}

// second types a code; a right one completes the sign-in.
func (c *checker) second(code string) error {
	err := c.retry(func() error { _, err := c.a.VerifySecondFactor(code); return err })
	switch {
	case err == nil:
		c.fails = 0
	case !errors.Is(err, vault.ErrTOTPJustUsed):
		c.fails++
	}
	return err
}

// signIn completes a sign-in with a fresh authenticator step.
func (c *checker) signIn() error {
	c.w.now = c.w.now.Add(step)
	code, err := totpCode(c.w.secret, c.w.now)
	if err == nil {
		err = c.second(code)
	}
	if err == nil {
		c.w.lastCode, c.w.lastAt = code, c.w.now
	}
	return err
}

// tempFiles counts the temp files of atomic writes in dir.
func tempFiles(dir string) int {
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, e := range entries {
		if atomicfile.IsTemp(e.Name()) {
			n++
		}
	}
	return n
}

// strays lists the files in dir other than the account's own.
func strays(dir, id string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if n := e.Name(); n != ".lock" && n != id+".vault" && n != id+".throttle" {
			out = append(out, n)
		}
	}
	return out
}

// verify checks the data directory after r and returns the outcome.
func (w *world) verify(r *runRecord) (outcome string, probs []problem) {
	c := &checker{w: w, r: r}
	r.temps = tempFiles(w.dir)
	s, err := w.open()
	if err != nil {
		c.bad(kindLost, "the data directory does not open: %v", err)
		return "", c.probs
	}
	defer s.Close()
	c.s = s
	if left := strays(w.dir, w.id); len(left) > 0 {
		c.bad(kindOther, "files left in the data directory once it is open: %s", strings.Join(left, ", "))
	}
	outcome = c.password()
	if c.a == nil {
		return "", c.probs
	}
	defer c.a.Close()
	if o := c.replays(); o != "" {
		outcome = o
	}
	o, ok := c.authenticator()
	if !ok {
		return "", c.probs
	}
	if o != "" {
		outcome = o
	}
	if o := c.failedTry(); o != "" {
		outcome = o
	}
	o, ok = c.codes()
	if !ok {
		return "", c.probs
	}
	if o != "" {
		outcome = o
	}
	c.deadCodes()
	c.replenish(outcome == "new set")
	return outcome, c.probs
}

// password: the account opens with its password, the new one alone once a
// change returned.
func (c *checker) password() (outcome string) {
	w, r := c.w, c.r
	pws := []string{w.password}
	if r.req.Op == opChangePW {
		pws = []string{r.req.NewPassword, w.password}
		if r.ended {
			pws = pws[:1]
		}
	}
	var err error
	for i, pw := range pws {
		if c.a, err = c.unlock(pw); err == nil {
			if r.req.Op == opChangePW {
				outcome = []string{"new password", "old password"}[i]
			}
			w.password = pw
			break
		}
		if !errors.Is(err, vault.ErrWrongPassword) {
			break
		}
	}
	if c.a == nil {
		c.bad(kindLost, "the account does not open with its password: %v", err)
		return ""
	}
	if r.req.Op == opChangePW && r.ended {
		if _, err := c.unlock(r.req.Password); !errors.Is(err, vault.ErrWrongPassword) {
			c.bad(kindRevived, "the old password after a change that returned gives %v", err)
		}
	}
	return outcome
}

// replays: at the child's own time step, no authenticator code it used
// signs in again — the one that signed it in before a change, the one a
// reset confirmed, the one of a sign-in that returned — nor the parent's
// own last one, while still in its window.
func (c *checker) replays() (outcome string) {
	w, r := c.w, c.r
	type replay struct {
		code     string
		mustFail bool
	}
	var rs []replay
	if w.lastCode != "" && w.now.Sub(w.lastAt) <= step {
		rs = append(rs, replay{w.lastCode, true})
	}
	switch r.req.Op {
	case opTOTP:
		rs = append(rs, replay{r.req.Code, r.ended})
	case opRegenerate, opChangePW, opReset:
		rs = append(rs, replay{r.req.Prep, true}) // it signed in before "ready"
	}
	if r.newSecret != "" {
		// Confirming the new secret stores the step, whichever secret stands.
		code, _ := totpCode(r.newSecret, r.req.Now)
		rs = append(rs, replay{code, true})
	}
	for i, rp := range rs {
		err := c.second(rp.code)
		switch {
		case err == nil && rp.mustFail:
			c.bad(kindRevived, "a used authenticator step signs in again (replay %d)", i)
		case r.req.Op == opTOTP && rp.code == r.req.Code && err == nil:
			outcome = "step unused"
		case r.req.Op == opTOTP && rp.code == r.req.Code:
			outcome = "step stored"
		}
	}
	return outcome
}

// authenticator: a complete sign-in with the secret that stands, the new
// one alone once a reset returned.
func (c *checker) authenticator() (outcome string, ok bool) {
	w, r := c.w, c.r
	before := w.secret
	secrets := []string{w.secret}
	if r.newSecret != "" {
		secrets = []string{r.newSecret, w.secret}
		if r.ended {
			secrets = secrets[:1]
		}
	}
	w.now = w.now.Add(step)
	var err error
	for _, sec := range secrets {
		var code string
		if code, err = totpCode(sec, w.now); err != nil {
			break
		}
		if err = c.second(code); err == nil {
			w.lastCode, w.lastAt = code, w.now
			if r.req.Op == opReset {
				outcome = map[bool]string{true: "new secret", false: "old secret"}[sec == r.newSecret]
			}
			w.secret = sec
			break
		}
	}
	if err != nil {
		c.bad(kindLost, "no authenticator signs in: %v", err)
		return "", false
	}
	if r.req.Op == opReset && r.ended && len(secrets) == 1 {
		w.now = w.now.Add(step)
		if code, _ := totpCode(before, w.now); c.second(code) == nil {
			c.bad(kindRevived, "the old authenticator after a reset that returned")
		}
	}
	return outcome, true
}

// failedTry: a wrong password or code that returned is in the log, at the
// child's time, after the sign-in that folds failed tries into it.
func (c *checker) failedTry() (outcome string) {
	r := c.r
	f := map[string]vault.Factor{opWrongPW: vault.FactorPassword, opWrongCode: vault.FactorAuthenticator}[r.req.Op]
	if f == "" {
		return ""
	}
	found := slices.ContainsFunc(c.a.Events(), func(e vault.Event) bool {
		return e.Kind == vault.EventSignInFailed && e.Factor == f && e.Time.Equal(r.req.Now)
	})
	switch {
	case found:
		return "try counted"
	case r.ended:
		c.bad(kindRevived, "a failed try that returned is not in the log")
	}
	return "try not counted"
}
