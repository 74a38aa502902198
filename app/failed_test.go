package app_test

import (
	"errors"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// TestFailedTriesSinceLastSignIn: after a sign-in that follows failed
// tries, the result says how many failed since the previous sign-in and
// when the last was (DESIGN §4); the next sign-in says none.
func TestFailedTriesSinceLastSignIn(t *testing.T) {
	a, c, secret, id := readyApp(t, t.TempDir())
	a.SignOut()

	// Two wrong passwords, then a wrong code after the right password.
	for range 2 {
		c.advance(time.Minute)
		if _, err := a.SignIn(id, "not the password at all"); !errors.Is(err, vault.ErrWrongPassword) {
			t.Fatalf("wrong password: %v", err)
		}
	}
	c.advance(time.Minute)
	wantStep(t, must(a.SignIn(id, pw)), app.StepSecondFactor)
	lastFailed := c.now()
	if _, err := a.VerifySecondFactor("000000"); err == nil {
		t.Fatal("a wrong code signed in")
	}
	c.advance(time.Minute)
	res := must(a.VerifySecondFactor(code(t, secret, c.now())))
	if res.FailedTries != 3 || !res.LastFailed.Equal(lastFailed) {
		t.Fatalf("FailedTries, LastFailed = %d, %v; want 3, %v", res.FailedTries, res.LastFailed, lastFailed)
	}

	a.SignOut()
	c.advance(time.Minute)
	wantStep(t, must(a.SignIn(id, pw)), app.StepSecondFactor)
	res = must(a.VerifySecondFactor(code(t, secret, c.now())))
	if res.FailedTries != 0 || !res.LastFailed.IsZero() {
		t.Fatalf("a sign-in after a clean one reports %d failed tries (last %v)", res.FailedTries, res.LastFailed)
	}
}
