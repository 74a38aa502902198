package main

// The checks of the backup codes after a run: the old set or a new one,
// whole; spent codes spent; none of them signs in again; a code of the
// standing set does.

import (
	"slices"

	"github.com/sparekey/sparekey/vault"
)

func disjoint(a, b []string) bool {
	return !slices.ContainsFunc(a, func(x string) bool { return slices.Contains(b, x) })
}

// codes checks the set that stands and, for a backup-code sign-in, its
// code.
func (c *checker) codes() (outcome string, ok bool) {
	w, r := c.w, c.r
	cs := c.a.Codes()
	now := texts(cs)
	switch {
	case len(cs.Codes) != 10 || cs.Left() == 0:
		c.bad(kindLost, "the account opens with %d backup codes, %d unused", len(cs.Codes), cs.Left())
		return "", false
	case slices.Equal(now, w.set):
		if r.req.Op == opRegenerate {
			outcome = "old set"
			if r.ended {
				c.bad(kindLost, "a regeneration that returned is undone")
			}
		}
	case r.req.Op == opRegenerate && disjoint(now, w.set):
		outcome = "new set"
		for _, x := range w.set {
			w.kill(x)
		}
		w.set = now
	default:
		c.bad(kindLost, "the backup codes mix two sets, or changed without a regeneration")
		return "", false
	}
	var typed *vault.Code
	for i, x := range cs.Codes {
		switch {
		case x.Text == r.req.Code:
			typed = &cs.Codes[i]
		case w.dead[x.Text] && x.Used.IsZero():
			c.bad(kindRevived, "a spent code shows unused")
		case !w.dead[x.Text] && !x.Used.IsZero():
			c.bad(kindLost, "a code nobody typed shows spent")
		}
	}
	if r.req.Op != opBackup {
		return outcome, true
	}
	if typed == nil {
		c.bad(kindLost, "the code of the sign-in is not in the set")
		return "", false
	}
	spent := !typed.Used.IsZero()
	err := c.second(r.req.Code)
	switch {
	case spent && err == nil:
		c.bad(kindRevived, "a spent backup code signs in again")
	case !spent && r.ended:
		c.bad(kindRevived, "the code of a sign-in that returned shows unused")
	case !spent && err != nil:
		c.bad(kindLost, "an unused code of the standing set is refused: %v", err)
	}
	w.kill(r.req.Code)
	if spent {
		return "code spent", true
	}
	return "code unspent", true
}

// deadCodes: a sample of the spent and replaced codes, none of which signs
// in; then a code of the standing set, which does.
func (c *checker) deadCodes() {
	w := c.w
	for _, x := range w.sample(3, "") {
		if c.fails >= 3 {
			if err := c.signIn(); err != nil {
				c.bad(kindLost, "no authenticator signs in: %v", err)
				return
			}
		}
		if c.second(x) == nil {
			c.bad(kindRevived, "a spent or replaced backup code signs in again")
		}
	}
	x := w.unusedCode()
	if err := c.second(x); err != nil {
		c.bad(kindLost, "an unused code of the standing set is refused: %v", err)
	}
	w.kill(x)
}

// replenish acknowledges a new set, and replaces one that runs low, so
// every run has codes to spend.
func (c *checker) replenish(newSet bool) {
	w := c.w
	if newSet {
		if err := c.a.AcknowledgeCodes(); err != nil {
			c.bad(kindOther, "acknowledge the new set: %v", err)
		}
	}
	left := 0
	for _, x := range w.set {
		if !w.dead[x] {
			left++
		}
	}
	if left > 3 {
		return
	}
	cs, err := c.a.RegenerateCodes()
	if err == nil {
		err = c.a.AcknowledgeCodes()
	}
	if err != nil {
		c.bad(kindOther, "replace a set that runs low: %v", err)
		return
	}
	for _, x := range w.set {
		w.kill(x)
	}
	w.set = texts(cs)
}
