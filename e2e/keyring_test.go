//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/e2e/report"
	"github.com/sparekey/sparekey/screens"
	"github.com/sparekey/sparekey/vault"
)

// keyringRow is one row of the keyring-failure table in docs/SECURITY.md:
// what went wrong, what the window showed (read from outside), the error
// value the vault gives on the same stack, and what was checked unchanged.
type keyringRow struct {
	name      string // the subtest
	how       string
	title     string
	sentence  string
	sentinel  string
	err       string
	unchanged string
}

// TestKeyringFailures breaks the keyring under a real app, one way per
// subtest, on the real stack (D-Bus, gnome-keyring, go-keyring), after
// an account was made on the session's keyring: no session bus; a bus
// without a Secret Service; gnome-keyring locked; a Secret Service that
// never answers; the account's item deleted between runs and while the
// app runs. Each shows its screen and sentence (title by xdotool, text by
// OCR), the inspector gives the vault's error on the same stack, and the
// data directory and the keyring are unchanged. With every row run, the
// table in docs/SECURITY.md must match (SPAREKEY_UPDATE_DOCS=1 rewrites
// it).
func TestKeyringFailures(t *testing.T) {
	e := newEnv(t)
	p, _, _ := e.readyAccount("dana")
	p.quit()
	id := e.inspect().ID
	item := e.keyringItem(id) // compared, never printed
	files := e.hashes()
	var rows []keyringRow

	// run runs one row as a subtest with its own view of e; fail makes
	// the failure and drives the app to its screen.
	run := func(name, how string, fail func(se *env) outcome) {
		t.Run(name, func(t *testing.T) {
			se := *e
			se.t, se.shots = t, shotsDir(t)
			o := fail(&se)
			row := keyringRow{name: name, how: how, title: o.p.title(), sentence: o.sentence}
			o.p.quit()
			f := se.inspectFailure(o.inspectEnv...)
			row.sentinel, row.err = f.Sentinel, strings.ReplaceAll(f.Error, id, "<id>")
			if want := report.SentinelErr(f.Sentinel); want == nil || screens.Message(want) != row.sentence {
				t.Fatalf("the vault's error %q (%s) has the sentence %q, but the window showed %q",
					f.Error, f.Sentinel, screens.Message(want), row.sentence)
			}
			if got := se.hashes(); !maps.Equal(got, files) {
				t.Fatalf("the data directory changed:\nbefore %v\nafter  %v", files, got)
			}
			unchanged := []string{fmt.Sprintf("data dir (%d files, SHA-256 each)", len(files))}
			if o.itemDeleted {
				if ids := se.keyringIDs(); len(ids) != 0 {
					t.Fatalf("the deleted keyring item came back: %v", ids)
				}
				unchanged = append(unchanged, "no keyring item made again")
				se.restoreKeyring(id, item)
			} else {
				unchanged = append(unchanged, "the account's keyring item")
			}
			if se.keyringItem(id) != item {
				t.Fatalf("the account's keyring item changed")
			}
			if o.also != nil {
				unchanged = append(unchanged, o.also())
			}
			row.unchanged = strings.Join(unchanged, "; ")
			t.Logf("row: %+v", row)
			rows = append(rows, row)
		})
	}

	run("no-session-bus", "`DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent`", func(se *env) outcome {
		bus := "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent"
		return se.startExpect("Keyring", vault.ErrNoKeyring, bus)
	})
	run("no-secret-service", "a private dbus-daemon with no service files and nothing on it", func(se *env) outcome {
		bus := newTestBus(se.t)
		return se.startExpect("Keyring", vault.ErrNoKeyring, bus.env())
	})
	run("locked", "gnome-keyring on a private bus, its login keyring made once with a password, then the daemon started again without `--unlock` (no prompter can start)", func(se *env) outcome {
		bus := newTestBus(se.t)
		k := startLockedKeyring(se.t, bus)
		before := dirHashes(se.t, k.files())
		o := se.startExpect("Keyring", vault.ErrKeyringLocked, bus.env())
		o.also = func() string {
			if got := dirHashes(se.t, k.files()); !maps.Equal(got, before) {
				se.t.Fatalf("the locked keyring's files changed:\nbefore %v\nafter  %v", before, got)
			}
			return fmt.Sprintf("the locked keyring's files (%d)", len(before))
		}
		return o
	})
	run("no-answer", fmt.Sprintf("a D-Bus service in the test owns `%s` on a private bus and never replies; the screen may not come before the vault's bound, `vault.DefaultKeyringTimeout` (%v)", secretsName, vault.DefaultKeyringTimeout), func(se *env) outcome {
		bus := newTestBus(se.t)
		silentSecrets(se.t, bus)
		started := time.Now()
		p := se.start(bus.env())
		p.waitTitle("Keyring", "no-answer", vault.DefaultKeyringTimeout+30*time.Second)
		took := time.Since(started)
		if took < vault.DefaultKeyringTimeout {
			se.t.Fatalf("the keyring screen came after %v, before the %v timeout could fire", took, vault.DefaultKeyringTimeout)
		}
		se.t.Logf("the keyring screen came %v after the start (timeout %v)", took.Round(100*time.Millisecond), vault.DefaultKeyringTimeout)
		return outcome{p: p, sentence: p.expectMessage(vault.ErrKeyringNoAnswer, "no-answer-message"), inspectEnv: []string{bus.env()}}
	})
	run("item-deleted-between-runs", "`secret-tool clear service <svc> username <id>` while the app is stopped, then sign in", func(se *env) outcome {
		se.deleteItem(id)
		return se.start().signInRefused(vault.ErrKeyringItemMissing, "deleted-between-runs")
	})
	run("item-deleted-while-running", "the app on Sign In, `secret-tool clear service <svc> username <id>`, then sign in", func(se *env) outcome {
		p := se.start()
		p.waitTitle("Sign In", "before-delete", startWait)
		se.deleteItem(id)
		return p.signInRefused(vault.ErrKeyringItemMissing, "deleted-while-running")
	})

	if len(rows) == 6 && !t.Failed() {
		checkKeyringTable(t, rows)
	}
}

// outcome is where a keyring-failure row left the app.
type outcome struct {
	p           *proc
	sentence    string   // the sentence the window showed
	inspectEnv  []string // what the inspector needs to meet the same failure
	itemDeleted bool     // the row deleted the account's keyring item
	also        func() string
}

// startExpect starts the app with extra environment (the inspector gets
// the same) and waits for the screen (title) showing the sentence of err.
func (e *env) startExpect(screen string, err error, extra ...string) outcome {
	e.t.Helper()
	p := e.start(extra...)
	p.waitTitle(screen, strings.ToLower(screen), startWait)
	sentence := p.expectMessage(err, strings.ToLower(screen)+"-message")
	p.holdTitle(screen, strings.ToLower(screen)+"-stays", 2*time.Second)
	return outcome{p: p, sentence: sentence, inspectEnv: extra}
}

// expectMessage waits for the window to show the sentence of err (OCR)
// and returns it.
func (p *proc) expectMessage(err error, step string) string {
	p.e.t.Helper()
	sentence := screens.Message(err)
	p.waitMessage(sentence, step)
	return sentence
}

// signInRefused types the password on Sign In and waits for the sentence
// of err under the form; the screen stays.
func (p *proc) signInRefused(err error, step string) outcome {
	p.e.t.Helper()
	p.waitTitle("Sign In", step+"-sign-in", startWait)
	p.typeLine(Password)
	sentence := p.expectMessage(err, step+"-message")
	p.holdTitle("Sign In", step+"-stays", 2*time.Second)
	return outcome{p: p, sentence: sentence, itemDeleted: true}
}

// inspectFailure runs the inspector, which must fail, with extra
// environment, and returns the vault's error.
func (e *env) inspectFailure(extra ...string) report.Failure {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), vault.DefaultKeyringTimeout+60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, inspectBin, "-data-dir", e.data, "-service", Service, "-expect-error")
	cmd.Env = environ(append([]string{"HOME=" + e.home}, extra...)...)
	cmd.Stdin = strings.NewReader(Password)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		e.t.Fatalf("inspect -expect-error: %v\n%s", err, stderr.String())
	}
	var f report.Failure
	if err := json.Unmarshal(out, &f); err != nil {
		e.t.Fatalf("inspect output: %v\n%s", err, out)
	}
	e.t.Logf("the vault's error on the same stack: %s (%s)", f.Error, f.Sentinel)
	return f
}

// keyringItem is the account's item in the session keyring ("" when
// there is none). Tests compare it and never print it.
func (e *env) keyringItem(id string) string {
	e.t.Helper()
	out, err := runOut("secret-tool", "lookup", "service", Service, "username", id)
	if err != nil || out == "" {
		return ""
	}
	return out
}

// deleteItem removes the account's item behind the app's back.
func (e *env) deleteItem(id string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "secret-tool", "clear", "service", Service, "username", id).CombinedOutput(); err != nil {
		e.t.Fatalf("secret-tool clear: %v %s", err, out)
	}
	if e.keyringItem(id) != "" {
		e.t.Fatalf("secret-tool clear left the item")
	}
}

// restoreKeyring puts the item back as it was (go-keyring's attributes),
// for the next row.
func (e *env) restoreKeyring(id, secret string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", "store", "--label=Password for '"+id+"' on '"+Service+"'",
		"service", Service, "username", id)
	cmd.Stdin = strings.NewReader(secret)
	if out, err := cmd.CombinedOutput(); err != nil {
		e.t.Fatalf("secret-tool store: %v %s", err, out)
	}
}

// dirHashes maps each file under dir to its SHA-256.
func dirHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for path := range listing(t, dir) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(path)] = fmt.Sprintf("%x", sha256.Sum256(data))
	}
	return out
}
