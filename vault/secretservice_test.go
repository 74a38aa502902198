package vault_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/vault"
)

// realKeyring gates the tests that use the session's Secret Service: they
// run only with SPAREKEY_TEST_SECRET_SERVICE=1 (the README's test command
// sets it inside dbus-run-session with an unlocked gnome-keyring-daemon),
// and a strict run (SPAREKEY_TEST_STRICT=1) fails rather than skips. Each
// uses its own random service name, so no real user's item is touched.
func realKeyring(t testing.TB) string {
	t.Helper()
	if os.Getenv("SPAREKEY_TEST_SECRET_SERVICE") != "1" {
		if os.Getenv("SPAREKEY_TEST_STRICT") == "1" {
			t.Fatal("SPAREKEY_TEST_STRICT=1 but SPAREKEY_TEST_SECRET_SERVICE is not 1")
		}
		t.Skip("set SPAREKEY_TEST_SECRET_SERVICE=1 to test against a real Secret Service")
	}
	b := make([]byte, 8)
	rand.Read(b)
	return "sparekey-test-" + hex.EncodeToString(b)
}

// secretToolHas reports whether secret-tool finds the item, looking it up
// by the attributes go-keyring stores: "service" and "username".
func secretToolHas(t *testing.T, service, id string) bool {
	t.Helper()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Skip("secret-tool not installed (Debian package libsecret-tools)")
	}
	out, err := exec.Command("secret-tool", "lookup", "service", service, "username", id).Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return len(strings.TrimSpace(string(out))) > 0
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return false
	}
	t.Fatalf("secret-tool: %v", err)
	return false
}

func TestSecretServiceFlow(t *testing.T) {
	service := realKeyring(t)
	clk := newClock()
	s, err := openStore(t, t.TempDir(), vault.SystemKeyring{}, clk, func(o *vault.Options) {
		o.Service = service
		o.KeyringTimeout = 20 * time.Second
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckKeyring(); err != nil {
		t.Fatalf("CheckKeyring: %v", err)
	}
	a, err := s.Create("Sparekey", "alice", pw)
	if err != nil {
		t.Fatal(err)
	}
	id := a.Info().ID
	t.Cleanup(func() { vault.SystemKeyring{}.Delete(service, id) })
	en, err := a.BeginEnrolment()
	if err != nil {
		t.Fatal(err)
	}
	// Nothing is saved before the authenticator is confirmed.
	if secretToolHas(t, service, id) {
		t.Fatalf("secret-tool finds an item for %s before its enrolment is confirmed", id)
	}
	if err := a.ConfirmEnrolment(oathtool(t, en.Secret, clk.now())); err != nil {
		t.Fatal(err)
	}
	if !secretToolHas(t, service, id) {
		t.Fatalf("secret-tool does not find the item for %s", id)
	}
	if err := a.AcknowledgeCodes(); err != nil {
		t.Fatal(err)
	}
	a.Close()
	clk.advance(30 * time.Second)
	if _, err := s.Unlock(id, badPassword); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	b, err := s.Unlock(id, pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.VerifySecondFactor(oathtool(t, en.Secret, clk.now())); err != nil {
		t.Fatalf("second factor: %v", err)
	}
	if _, err := b.VerifySecondFactor(b.Codes().Codes[0].Text); err != nil {
		t.Fatalf("backup code: %v", err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if secretToolHas(t, service, id) {
		t.Error("the item is still in the keyring after Delete")
	}
	if _, err := (vault.SystemKeyring{}).Get(service, id); !errors.Is(err, vault.ErrKeyringNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
}

func TestSecretServiceTwoDataDirs(t *testing.T) {
	twoDataDirs(t, vault.SystemKeyring{}, realKeyring(t))
}

// TestNoSecretService runs the test binary again with a session bus
// address that leads nowhere (go-keyring keeps its bus connection for the
// life of the process, so this cannot be done in this one): Create and
// CheckKeyring must say there is no keyring.
func TestNoSecretService(t *testing.T) {
	if os.Getenv("SPAREKEY_TEST_NO_BUS_CHILD") == "1" {
		s, err := openStore(t, t.TempDir(), vault.SystemKeyring{}, newClock(), func(o *vault.Options) {
			o.Service = "sparekey-test-no-bus"
			o.KeyringTimeout = 10 * time.Second
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.CheckKeyring()
		t.Logf("CheckKeyring: %v", err)
		if !errors.Is(err, vault.ErrNoKeyring) {
			t.Errorf("CheckKeyring: %v, want ErrNoKeyring", err)
		}
		if _, err := s.Create("Sparekey", "alice", pw); !errors.Is(err, vault.ErrNoKeyring) {
			t.Errorf("Create: %v, want ErrNoKeyring", err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoSecretService$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(),
		"SPAREKEY_TEST_NO_BUS_CHILD=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-such-bus",
	)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestNoSecretService") {
		t.Fatalf("child run: %v\n%s", err, out)
	}
}
