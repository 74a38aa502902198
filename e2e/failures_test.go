//go:build e2e

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSecondInstance starts a second app on the data directory the first
// one holds: it must say so and change nothing.
func TestSecondInstance(t *testing.T) {
	e := newEnv(t)
	first := e.start()
	first.createAccount("bob")
	before := e.stableHashes()

	second := e.start()
	second.waitTitle("Already running", "second-instance", startWait)
	second.holdTitle("Already running", "second-instance-stays", 2*time.Second)
	if got := e.hashes(); !maps.Equal(got, before) {
		t.Fatalf("the second instance changed the data directory:\nbefore %v\nafter  %v", before, got)
	}
	second.quit()
	if got := e.hashes(); !maps.Equal(got, before) {
		t.Fatalf("the second instance's exit changed the data directory:\nbefore %v\nafter  %v", before, got)
	}
	// The first instance is unharmed: it still shows its screen and goes on.
	if got := first.title(); got != "Sparekey — Turn On Two-Factor Authentication" {
		t.Fatalf("the first instance's title is %q now", got)
	}
	first.enrol()
	first.storeCodes(10)
	first.quit()
	if r := e.inspect(); r.Stage != "ready" || r.CodesLeft != 10 || r.Accounts != 1 {
		t.Fatalf("after the first instance finished setup: stage %q, %d codes left, %d accounts", r.Stage, r.CodesLeft, r.Accounts)
	}
}

// hashes maps each file of the data directory to its mode and SHA-256.
func (e *env) hashes() map[string]string {
	e.t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(e.data)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, de := range entries {
		path := filepath.Join(e.data, de.Name())
		info, err := os.Lstat(path)
		if err != nil {
			e.t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			e.t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		out[de.Name()] = fmt.Sprintf("%v %s", info.Mode(), hex.EncodeToString(sum[:8]))
	}
	return out
}

// stableHashes waits until the data directory stops changing (the app
// may still be writing after a screen appears) and returns its hashes.
func (e *env) stableHashes() map[string]string {
	e.t.Helper()
	prev := e.hashes()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
		time.Sleep(time.Second)
		cur := e.hashes()
		if maps.Equal(cur, prev) {
			return cur
		}
		prev = cur
	}
	e.t.Fatalf("the data directory kept changing for 20s")
	return nil
}

// TestKillDuringRegeneration kills the app (SIGKILL) at several moments
// after Generate New Codes is confirmed. Each time the next start must
// open a whole set, the old one or the new one, never a mix, and a code
// of it must sign in.
func TestKillDuringRegeneration(t *testing.T) {
	e := newEnv(t)
	p, _, _ := e.readyAccount("carol")
	p.quit()
	prev := e.inspect()
	id := prev.ID
	outcomes := map[string]int{}

	for i, delay := range []time.Duration{0, 20 * time.Millisecond, 60 * time.Millisecond,
		120 * time.Millisecond, 300 * time.Millisecond} {
		step := fmt.Sprintf("kill%d", i+1)
		p = e.start()
		p.signIn(step)
		unused := prev.Unused()
		p.secondFactor(unused[0])
		if p.waitTitleAny(step+"-signed-in", screenWait, "Home", "Save Your Backup Codes") != "Home" {
			p.storeCodes(9) // the new set from the last kill, not yet stored; one spent
		}
		p.openBackupCodes(step, true)
		p.generate(step)
		time.Sleep(delay)
		p.kill(syscall.SIGKILL)

		r := e.inspect()
		e.checkKeyring(id)
		if r.CodesTotal != 10 || !r.CodesValid || r.CodesLeft != len(r.Unused()) {
			t.Fatalf("%s (kill after %v): %d codes, valid %v, %d left of %v", step, delay, r.CodesTotal, r.CodesValid, r.CodesLeft, r.Codes)
		}
		switch {
		case slices.Equal(r.Texts(), prev.Texts()):
			// The sign-in spent one of its codes.
			if r.CodesLeft != prev.CodesLeft-1 {
				t.Fatalf("%s: old set with %d left, want %d", step, r.CodesLeft, prev.CodesLeft-1)
			}
			outcomes["old set"]++
		case !overlaps(r.Texts(), prev.Texts()):
			if r.CodesLeft != 10 || r.Acknowledged || r.Stage != "codes" || !r.SetCreated.After(prev.SetCreated) {
				t.Fatalf("%s: new set with %d left, acknowledged %v, stage %q, made %v (old %v)",
					step, r.CodesLeft, r.Acknowledged, r.Stage, r.SetCreated, prev.SetCreated)
			}
			outcomes["new set"]++
		default:
			t.Fatalf("%s (kill after %v): a mix of old and new codes: %v (old %v)", step, delay, r.Texts(), prev.Texts())
		}
		t.Logf("%s: killed %v after confirming; the next start has the %s set (%d of 10 left)",
			step, delay, map[bool]string{true: "old", false: "new"}[slices.Equal(r.Texts(), prev.Texts())], r.CodesLeft)
		prev = r
	}
	t.Logf("outcomes: %v", outcomes)

	// The last state opens and signs in.
	p = e.start()
	p.signIn("after-kills")
	p.secondFactor(prev.Unused()[0])
	p.waitTitleAny("after-kills-signed-in", screenWait, "Home", "Save Your Backup Codes")
	p.quit()
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// waitTitleAny waits for one of the screens and returns it.
func (p *proc) waitTitleAny(step string, timeout time.Duration, screens ...string) string {
	p.e.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := strings.TrimPrefix(p.title(), "Sparekey — ")
		if slices.Contains(screens, got) {
			time.Sleep(300 * time.Millisecond)
			p.shot(step)
			return got
		}
		if time.Now().After(deadline) {
			p.e.t.Fatalf("%s: window title is %q, want one of %q; screenshot %s", step, got, screens, p.shot("FAILED-"+step))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
