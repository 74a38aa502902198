//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sparekey/sparekey/e2e/report"
	"github.com/sparekey/sparekey/internal/desktoptest"
	"github.com/sparekey/sparekey/vault"
)

// Service is the keyring service name the tests give the app, so they can
// never touch a real user's items (the session's keyring is private too).
const Service = "sparekey-e2e"

// runStart is when this test process started: a file unchanged since
// cannot hold a secret of this run (the hygiene scan).
var runStart = time.Now().Add(-time.Second)

// Password is every test account's password. Its tail is new in each
// run, so the hygiene scan finds it only where this run put it (never in
// a compiled test binary or a source file).
var Password = newPassword()

func newPassword() string {
	for {
		b := make([]byte, 5)
		rand.Read(b)
		pw := "Plum-Orbit-" + hex.EncodeToString(b)
		if vault.ValidatePassword(pw, "") == nil {
			return pw
		}
	}
}

var (
	appBin     string // the real Sparekey binary, built once
	inspectBin string // e2e/inspect, built once
	buildErr   error
	// keepDir outlives every test (TestMain removes it): a test whose
	// world a later test looks at keeps it here.
	keepDir string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sparekey-e2e-bin.")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildErr = build(dir)
	keepDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles the app and the inspector from the module root.
func build(dir string) error {
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	appBin, inspectBin = filepath.Join(dir, "sparekey"), filepath.Join(dir, "inspect")
	// The app is built as scripts/run.sh builds it (scripts/setup.sh
	// exports its tags).
	tags := os.Getenv("SPAREKEY_BUILD_TAGS")
	for _, args := range [][]string{
		{"build", "-tags", tags, "-o", appBin, "."},
		{"build", "-tags", "e2e", "-o", inspectBin, "./e2e/inspect"},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

// env is one test's world: a temporary HOME and data directory, and where
// its screenshots go.
type env struct {
	t       *testing.T
	home    string
	data    string
	shots   string
	shotNum int
	// offline runs the app in a network namespace of its own, and
	// started, when set, sees each app process as it starts (see
	// offline_test.go).
	offline bool
	started func(*proc)
}

// environ is the environment of the programs a test runs: the test's
// own, with extra added or overriding.
func environ(extra ...string) []string {
	return append(os.Environ(), extra...)
}

// newEnv checks the session has what the tier needs (skipping, or in
// strict mode failing, when not) and makes the test's directories.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvAt(t, filepath.Join(t.TempDir(), "home"))
}

// newEnvAt is newEnv with the test's HOME at home.
func newEnvAt(t *testing.T, home string) *env {
	t.Helper()
	if buildErr != nil {
		t.Fatalf("build: %v", buildErr)
	}
	desktoptest.RequireSession(t)
	if os.Getenv("SPAREKEY_TEST_SECRET_SERVICE") != "1" {
		desktoptest.Unavailable(t, "no Secret Service in this session (SPAREKEY_TEST_SECRET_SERVICE is not 1)")
	}
	for _, tool := range []string{"oathtool", "xclip", "import", "secret-tool"} {
		if _, err := exec.LookPath(tool); err != nil {
			desktoptest.Unavailable(t, "%s: %v", tool, err)
		}
	}
	for _, d := range []string{".cache", ".config", ".local/share"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{t: t, home: home, data: filepath.Join(home, "data"), shots: shotsDir(t)}
	t.Logf("screenshots: %s", e.shots)
	t.Cleanup(func() { e.clearKeyring() })
	return e
}

// shotsDir is where a test's screenshots go: $SPAREKEY_E2E_SHOTS/<test>,
// else under the test run's root, else under the temp dir. They are kept.
func shotsDir(t *testing.T) string {
	base := os.Getenv("SPAREKEY_E2E_SHOTS")
	if base == "" {
		if root := os.Getenv("SPAREKEY_TEST_ROOT"); root != "" {
			base = filepath.Join(root, "e2e-shots")
		} else {
			base = filepath.Join(os.TempDir(), fmt.Sprintf("sparekey-e2e-shots-%d", os.Getpid()))
		}
	}
	dir := filepath.Join(base, regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(t.Name(), "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// proc is one running Sparekey.
type proc struct {
	e    *env
	cmd  *exec.Cmd
	out  *desktoptest.LockedBuffer
	done chan struct{}
	win  string
}

// start runs the app on the test's data directory and waits for its
// window. extra adds or overrides environment variables.
func (e *env) start(extra ...string) *proc {
	e.t.Helper()
	return e.startWith(nil, extra...)
}

// findWindow waits for this process's visible Sparekey window.
func (p *proc) findWindow() string {
	p.e.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	pid := fmt.Sprint(p.cmd.Process.Pid)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			p.e.t.Fatalf("the app exited before showing a window: %v\n%s", p.cmd.ProcessState, p.out.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		out, _ := exec.CommandContext(ctx, "xdotool", "search", "--all", "--onlyvisible",
			"--pid", pid, "--name", "^Sparekey").Output()
		cancel()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			return ids[0]
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.e.t.Fatalf("no visible window named Sparekey for pid %s within 30s\n%s", pid, p.out.String())
	return ""
}

// title is the window's name now ("" if it cannot be read).
func (p *proc) title() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "getwindowname", p.win).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// waitTitle waits up to timeout for the title "Sparekey — screen" and
// takes a screenshot named after the step; on timeout it fails with the
// last title and a screenshot of what the window showed.
func (p *proc) waitTitle(screen, step string, timeout time.Duration) {
	p.e.t.Helper()
	want := "Sparekey — " + screen
	deadline := time.Now().Add(timeout)
	last := ""
	for {
		if last = p.title(); last == want {
			break
		}
		select {
		case <-p.done:
			p.e.t.Fatalf("%s: the app exited while waiting for %q (last title %q): %v\n%s",
				step, want, last, p.cmd.ProcessState, p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			shot := p.shot("FAILED-" + step)
			p.e.t.Fatalf("%s: window title is %q, want %q after %v; screenshot %s", step, last, want, timeout, shot)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Let the screen draw before it is photographed.
	time.Sleep(300 * time.Millisecond)
	p.shot(step)
}

// holdTitle checks the title stays "Sparekey — screen" for d.
func (p *proc) holdTitle(screen, step string, d time.Duration) {
	p.e.t.Helper()
	want := "Sparekey — " + screen
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if got := p.title(); got != want {
			p.e.t.Fatalf("%s: window title became %q, want it to stay %q; screenshot %s",
				step, got, want, p.shot("FAILED-"+step))
		}
	}
	p.shot(step)
}

// shot saves a screenshot of the window and returns its path.
func (p *proc) shot(step string) string {
	e := p.e
	e.shotNum++
	name := fmt.Sprintf("%02d-%s.png", e.shotNum, regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(step, "-"))
	path := filepath.Join(e.shots, name)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "import", "-window", p.win, path).CombinedOutput(); err != nil {
		e.t.Logf("screenshot %s: %v %s", path, err, out)
		return "(no screenshot: " + err.Error() + ")"
	}
	return path
}

// key presses keys (xdotool names) with the window focused.
func (p *proc) key(keys ...string) {
	p.e.t.Helper()
	desktoptest.PressKey(p.e.t, p.win, keys...)
	time.Sleep(80 * time.Millisecond)
}

// typeText types text into the focused control.
func (p *proc) typeText(text string) {
	p.e.t.Helper()
	desktoptest.TypeText(p.e.t, p.win, text)
}

// typeLine types text and presses Return.
func (p *proc) typeLine(text string) {
	p.e.t.Helper()
	p.typeText(text)
	p.key("Return")
}

// quit ends the app with SIGTERM, as a person closing it would, and
// falls back to SIGKILL after 10 seconds.
func (p *proc) quit() {
	p.e.t.Helper()
	if !p.kill(syscall.SIGTERM) {
		p.e.t.Logf("the app did not end on SIGTERM within 10s; killed it")
	}
}

// kill sends sig and waits for the process to end; for SIGTERM it falls
// back to SIGKILL after 10s and reports false.
func (p *proc) kill(sig syscall.Signal) bool {
	select {
	case <-p.done:
		return true
	default:
	}
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
		return true
	case <-time.After(10 * time.Second):
	}
	p.cmd.Process.Kill()
	<-p.done
	return false
}

// clipboard waits up to timeout for the X clipboard to hold text that ok
// accepts, and returns it.
func clipboard(t *testing.T, timeout time.Duration, ok func(string) bool) (string, bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		out, err := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard").Output()
		cancel()
		if s := string(out); err == nil && ok(s) {
			return s, true
		}
		if time.Now().After(deadline) {
			return string(out), false
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// Report and Event are the inspector's output (see e2e/report).
type (
	Report = report.Report
	Event  = report.Event
)

// inspect reads the data directory with the password (vault.Inspect, which
// writes nothing; the app must not be running: it holds the directory's
// lock) and returns the report.
func (e *env) inspect() Report {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, inspectBin, "-data-dir", e.data, "-service", Service)
	cmd.Env = environ("HOME=" + e.home)
	cmd.Stdin = strings.NewReader(Password)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		e.t.Fatalf("inspect %s: %v\n%s", e.data, err, stderr.String())
	}
	var r Report
	if err := json.Unmarshal(out, &r); err != nil {
		e.t.Fatalf("inspect output: %v\n%s", err, out)
	}
	return r
}

// keyringIDs lists the username attribute (the account ID) of every item
// the keyring holds for the service, via secret-tool.
func (e *env) keyringIDs() []string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "secret-tool", "search", "--all", "service", Service)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// secret-tool exits 1 when nothing matches.
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && len(out) == 0) {
		e.t.Fatalf("secret-tool search: %v\n%s", err, stderr.String())
	}
	var ids []string
	// secret-tool prints the attributes on stdout (and the secret too:
	// never log out).
	for _, line := range strings.Split(string(out)+"\n"+stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "attribute.username = "); ok {
			ids = append(ids, v)
		}
	}
	return ids
}

// checkKeyring checks the keyring holds exactly one item for the service,
// named by the account's ID (never the username), and that the data
// directory holds that account's vault file.
func (e *env) checkKeyring(id string) {
	e.t.Helper()
	ids := e.keyringIDs()
	if len(ids) != 1 || (id != "" && ids[0] != id) {
		e.t.Fatalf("keyring items for service %q name %v, want exactly the account ID %q", Service, ids, id)
	}
	if _, err := os.Stat(filepath.Join(e.data, ids[0]+".vault")); err != nil {
		e.t.Fatalf("the keyring item %s has no vault file: %v", ids[0], err)
	}
}

// clearKeyring removes the test's items from the session keyring.
func (e *env) clearKeyring() {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, id := range e.keyringIDs() {
		exec.CommandContext(ctx, "secret-tool", "clear", "service", Service, "username", id).Run()
	}
}

// totp is the person's phone: oathtool's code for secret at time at.
func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	out, err := exec.Command("oathtool", "--totp", "-b", "--now", at.UTC().Format("2006-01-02 15:04:05 UTC"), secret).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// phone hands out TOTP codes, never two from the same 30 s step (the
// app refuses a replayed step, RFC 6238 §5.2).
type phone struct {
	secret   string
	lastStep int64
	given    []string // every code handed out, for the hygiene scan
}

// code waits, if needed, for a step after the last one used and returns
// its code, with at least 3 s of the step left to type it.
func (ph *phone) code(t *testing.T) string {
	t.Helper()
	for {
		now := time.Now()
		step := now.Unix() / 30
		if step > ph.lastStep && now.Unix()%30 < 27 {
			ph.lastStep = step
			code := totp(t, ph.secret, now)
			ph.given = append(ph.given, code)
			return code
		}
		next := time.Unix((step+1)*30, 0)
		t.Logf("waiting %v for a fresh TOTP step", time.Until(next).Round(time.Second))
		time.Sleep(time.Until(next) + 200*time.Millisecond)
	}
}
