package main

// The checks after every run, killed or not, which also bring the ground
// truth up to date with the state that stands.

import (
	"errors"
	"fmt"
	"os"
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
	if o := c.notes(); o != "" {
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

// notes: the private notes are the old ones or the new ones, whole; the
// new ones once the save returned.
func (c *checker) notes() (outcome string) {
	w, r := c.w, c.r
	switch got := c.a.Notes(); {
	case r.req.Op == opNotes && got == r.req.Notes:
		w.notes = got
		return "new notes"
	case got != w.notes:
		c.bad(kindLost, "the private notes are neither the old ones nor the new ones (%d bytes)", len(got))
	case r.req.Op == opNotes && r.ended:
		c.bad(kindLost, "private notes whose save returned are lost")
	case r.req.Op == opNotes:
		return "old notes"
	}
	return ""
}
