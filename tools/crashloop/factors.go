package main

// The checks of the two factors after a run: the password and the
// authenticator that stand, no authenticator step used twice, and a
// failed try that returned not forgotten.

import (
	"errors"
	"slices"

	"github.com/sparekey/sparekey/vault"
)

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
