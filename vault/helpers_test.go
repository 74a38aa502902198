package vault_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

const testService = "sparekey-test"

// openStore opens dir with the fake clock and cheap KDF of env, changed by
// opts.
func openStore(t testing.TB, dir string, kr vault.Keyring, clk *clock, change func(*vault.Options)) (*vault.Store, error) {
	t.Helper()
	o := vault.Options{Keyring: kr, Service: testService, Now: clk.now, KDF: testKDF, KeyringTimeout: 2 * time.Second}
	if change != nil {
		change(&o)
	}
	s, err := vault.Open(dir, o)
	if err == nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}

func (e *env) vaultPath(id string) string    { return filepath.Join(e.dir, id+".vault") }
func (e *env) throttlePath(id string) string { return filepath.Join(e.dir, id+".throttle") }
func itemKey(id string) string               { return testService + "/" + id }

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// flipByte returns a copy of b with the byte at i inverted.
func flipByte(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0xff
	return c
}

// randomItem is a well-formed keyring item with a fresh device key: the
// right shape, but not the key of any vault.
func randomItem() string {
	b := make([]byte, 49)
	rand.Read(b)
	b[0] = 1
	clear(b[33:])
	return base64.StdEncoding.EncodeToString(b)
}

// setUpID is setUp returning the account's ID, with the account closed
// and the clock moved past the enrolment's time step.
func (e *env) setUpID(t testing.TB, name string) (id, secret string) {
	t.Helper()
	a, secret := e.setUp(t, name)
	id = a.Info().ID
	a.Close()
	e.clk.advance(30 * time.Second)
	return id, secret
}

// signIn completes a sign-in with a fresh authenticator code, moving the
// clock to the next time step first.
func (e *env) signIn(t testing.TB, id, secret string) *vault.Account {
	t.Helper()
	e.clk.advance(30 * time.Second)
	a, err := e.store.Unlock(id, pw)
	if err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if _, err := a.VerifySecondFactor(code(t, secret, e.clk.now())); err != nil {
		t.Fatalf("second factor: %v", err)
	}
	return a
}

// wrongCode is a 6-digit code that no step t−1..t+1 of secret gives.
func wrongCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	valid := map[string]bool{}
	for d := -1; d <= 1; d++ {
		valid[code(t, secret, at.Add(time.Duration(d)*30*time.Second))] = true
	}
	for _, c := range []string{"000000", "111111", "222222", "333333"} {
		if !valid[c] {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

// lockedOut asserts err is a lockout and returns its wait.
func lockedOut(t testing.TB, err error) time.Duration {
	t.Helper()
	var lo *vault.LockedOutError
	if !errors.Is(err, vault.ErrLockedOut) || !errors.As(err, &lo) {
		t.Fatalf("want a lockout, got %v", err)
	}
	return lo.Wait()
}

// oathtool returns the code oathtool computes for secret at time at, an
// implementation independent of the one the vault uses.
func oathtool(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	if _, err := exec.LookPath("oathtool"); err != nil {
		if os.Getenv("SPAREKEY_TEST_STRICT") == "1" {
			t.Fatal("oathtool not installed")
		}
		t.Skip("oathtool not installed (Debian package oathtool)")
	}
	out, err := exec.Command("oathtool", "--totp", "-b", "--now", at.UTC().Format("2006-01-02 15:04:05 UTC"), secret).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}
