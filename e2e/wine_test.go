//go:build e2e && wine

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// The Windows build under Wine, driven with the same pieces as the Linux
// tier (proc.createAccount, enrol, storeCodes, signIn, waitTitle, …) and
// judged from outside: the window title, the data folder inside the Wine
// prefix, Wine's credential store (wine reg query) and inspect.exe, the
// inspector cross-built for Windows and run under Wine, which opens the
// vault with the key from that store. scripts/windows-journey.sh builds
// the programs, prepares the prefix and the display, and runs
//
//	go test -count=1 -tags e2e,wine -run TestWine -v ./e2e/
//
// with SPAREKEY_WINE_EXE and SPAREKEY_WINE_INSPECT (the two .exe files),
// WINEPREFIX and DISPLAY set; SPAREKEY_TEST_PDF_DIR when a CUPS queue PDF
// is running, SPAREKEY_WINE_NO_PRINTER=1 when no CUPS scheduler is.

// wine is one Wine prefix with the cross-built programs.
type wine struct {
	exe, inspect, prefix string
}

// newWine checks the environment the script prepares and returns the
// test's env, whose data folder is the app's default one inside the
// prefix (%APPDATA%\sparekey), and the prefix.
func newWine(t *testing.T) (*env, *wine) {
	t.Helper()
	w := &wine{exe: os.Getenv("SPAREKEY_WINE_EXE"), inspect: os.Getenv("SPAREKEY_WINE_INSPECT"), prefix: os.Getenv("WINEPREFIX")}
	if w.exe == "" || w.inspect == "" || w.prefix == "" || os.Getenv("DISPLAY") == "" {
		t.Skip("run scripts/windows-journey.sh: it sets SPAREKEY_WINE_EXE, SPAREKEY_WINE_INSPECT, WINEPREFIX and DISPLAY")
	}
	for _, tool := range []string{"wine", "xdotool", "xclip", "import", "oathtool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
	}
	users, _ := filepath.Glob(filepath.Join(w.prefix, "drive_c", "users", "*", "AppData", "Roaming"))
	var roaming string
	for _, u := range users {
		if !strings.Contains(u, "/Public/") {
			roaming = u
		}
	}
	if roaming == "" {
		t.Fatalf("no user's AppData\\Roaming in the Wine prefix %s", w.prefix)
	}
	focusBack = time.Second
	e := &env{t: t, home: w.prefix, data: filepath.Join(roaming, "sparekey"), shots: shotsDir(t)}
	t.Logf("screenshots: %s", e.shots)
	return e, w
}

// winePath is the Windows name of a path inside the prefix's drive C.
func (w *wine) winePath(t *testing.T, path string) string {
	t.Helper()
	rel, err := filepath.Rel(filepath.Join(w.prefix, "drive_c"), path)
	if err != nil || strings.HasPrefix(rel, "..") {
		t.Fatalf("%s is not inside the prefix's drive C", path)
	}
	return `C:\` + strings.ReplaceAll(rel, "/", `\`)
}

// start runs sparekey.exe under Wine with its default data folder and
// waits for its window. Wine's processes are many; the display is the
// test's own, so the window is found by its name alone.
func (w *wine) start(e *env, args ...string) *proc {
	e.t.Helper()
	cmd := exec.Command("wine", append([]string{w.exe, "--keyring-service", Service}, args...)...)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	p := &proc{e: e, cmd: cmd, out: &desktoptest.LockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	began := time.Now()
	if err := cmd.Start(); err != nil {
		e.t.Fatalf("wine %s: %v", w.exe, err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	e.t.Cleanup(func() {
		w.quit(p)
		if e.t.Failed() {
			e.t.Logf("wine sparekey.exe output:\n%s", p.out.String())
		}
	})
	for deadline := time.Now().Add(60 * time.Second); p.win == ""; time.Sleep(100 * time.Millisecond) {
		select {
		case <-p.done:
			e.t.Fatalf("sparekey.exe ended before showing a window: %v\n%s", cmd.ProcessState, p.out.String())
		default:
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("no visible window named Sparekey within 60s\n%s", p.out.String())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		out, _ := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^Sparekey").Output()
		cancel()
		if ids := strings.Fields(string(out)); len(ids) > 0 {
			p.win = ids[0]
		}
	}
	e.t.Logf("window %s (%q) %.1fs after wine started", p.win, p.title(), time.Since(began).Seconds())
	return p
}

// quit closes the app as a person closing its window would: taskkill
// without /f posts WM_CLOSE to the process's windows, which reaches
// Sparekey's close handler. It waits for the process, and ends it by
// force after 20 s.
func (w *wine) quit(p *proc) {
	select {
	case <-p.done:
		return
	default:
	}
	exec.Command("wine", "taskkill", "/im", filepath.Base(w.exe)).Run()
	select {
	case <-p.done:
		return
	case <-time.After(20 * time.Second):
	}
	p.e.t.Logf("sparekey.exe did not end on WM_CLOSE within 20s; ending it with taskkill /f")
	exec.Command("wine", "taskkill", "/f", "/im", filepath.Base(w.exe)).Run()
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// inspect runs inspect.exe under Wine on the data folder (the app must
// be stopped): it opens the vault with the key from Wine's credential
// store, as the app does.
func (w *wine) inspectVault(e *env) Report {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "wine", w.inspect, "-data-dir", w.winePath(e.t, e.data), "-service", Service)
	cmd.Stdin = strings.NewReader(Password)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		e.t.Fatalf("wine inspect.exe: %v\n%s", err, stderr.String())
	}
	var r Report
	if err := json.Unmarshal(out, &r); err != nil {
		e.t.Fatalf("inspect.exe output: %v\n%s", err, out)
	}
	return r
}

// credentials lists the targets of Wine's credential store
// (HKCU\Software\Wine\Credential Manager) that belong to service.
func (w *wine) credentials(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("wine", "reg", "query", `HKCU\Software\Wine\Credential Manager`, "/s").CombinedOutput()
	if err != nil && !bytes.Contains(out, []byte("unable to find")) {
		t.Fatalf("wine reg query: %v\n%s", err, out)
	}
	var found []string
	re := regexp.MustCompile(`(?m)\\Credential Manager\\Generic: (` + regexp.QuoteMeta(Service) + `:[^\r\n]+)`)
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		found = append(found, strings.TrimSpace(m[1]))
	}
	return found
}

// checkStore checks from outside that the account's key is where it
// belongs: one credential "Generic: sparekey-e2e:<id>" in Wine's store,
// the vault file <id>.vault in the data folder inside the prefix, and
// (inspect.exe's key_in_files) no file of that folder holding the key.
func (w *wine) checkStore(e *env, r Report) {
	e.t.Helper()
	creds := w.credentials(e.t)
	want := Service + ":" + r.ID
	if len(creds) != 1 || creds[0] != want {
		e.t.Fatalf("Wine's credential store holds %v for service %s, want exactly [%s]", creds, Service, want)
	}
	vaultFile := filepath.Join(e.data, r.ID+".vault")
	if _, err := os.Stat(vaultFile); err != nil {
		e.t.Fatalf("no vault file in the data folder inside the prefix: %v", err)
	}
	if len(r.KeyInFiles) != 0 {
		e.t.Fatalf("the key from Wine's credential store is in %v", r.KeyInFiles)
	}
	e.t.Logf("outside: credential %q in HKCU\\Software\\Wine\\Credential Manager; vault %s; key in no file of %s",
		"Generic: "+want, w.winePath(e.t, vaultFile), w.winePath(e.t, e.data))
}

// TestWineJourney is issue 13's Windows journey under Wine.
func TestWineJourney(t *testing.T) {
	e, w := newWine(t)
	step := func(format string, args ...any) {
		t.Helper()
		t.Logf("STEP "+format, args...)
	}

	p := w.start(e)
	step("start: window title %q", p.title())
	p.createAccount("alice")
	step("create account: title %q", p.title())
	ph := p.enrol()
	step("enrol with oathtool (secret from Copy Key via the clipboard): title %q", p.title())
	codes := p.storeCodes(10)
	step("store the codes (Copy gave %d codes, ticked, Done): title %q", len(codes), p.title())
	w.quit(p)
	r := w.inspectVault(e)
	if r.Username != "alice" || r.Stage != "ready" || !r.Acknowledged || r.CodesLeft != 10 {
		t.Fatalf("after setup: user %q stage %q acknowledged %v, %d codes left; want alice ready true 10",
			r.Username, r.Stage, r.Acknowledged, r.CodesLeft)
	}
	wantEvents(t, r, "account-created", "two-factor-enabled", "codes-generated", "codes-copied")
	w.checkStore(e, r)
	step("quit (WM_CLOSE); inspect.exe: %s, stage %s, %d of %d codes left, events %v", r.Username, r.Stage, r.CodesLeft, r.CodesTotal, r.Events)

	p = w.start(e)
	p.signIn("backup")
	p.secondFactor(codes[0])
	p.waitTitle("Home", "backup-home", screenWait)
	step("start again, sign in with backup code 1: title %q", p.title())
	p.signOut("backup-signed-out")
	p.signIn("reuse")
	p.secondFactor(codes[0])
	p.holdTitle("Two-Step Verification", "reuse-refused", 3*time.Second)
	step("the same backup code again: refused, title stays %q", p.title())
	// A TOTP code still works after the refusal.
	p.secondFactor(ph.code(t))
	p.waitTitle("Home", "totp-home", screenWait)
	step("sign in with a fresh TOTP code: title %q", p.title())

	if os.Getenv("SPAREKEY_WINE_NO_PRINTER") == "1" {
		w.printWithoutPrinter(p)
	}
	w.quit(p)
	r = w.inspectVault(e)
	if !r.Codes[0].Used || r.CodesLeft != 9 {
		t.Fatalf("after the reused code: first code used %v, %d left; want used, 9", r.Codes[0].Used, r.CodesLeft)
	}
	wantEvents(t, r, "backup-code-used", "sign-in/backup-code", "sign-in-failed/backup-code", "sign-in/authenticator")
	w.checkStore(e, r)
	step("quit; inspect.exe: first code used, %d of %d left, events %v", r.CodesLeft, r.CodesTotal, r.Events)
	fi, err := os.Stat(e.data)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(e.data)
	var names []string
	for _, de := range entries {
		names = append(names, de.Name())
	}
	step("data folder %s (inside the prefix, %v): %v", w.winePath(t, e.data), fi.Mode().Perm(), names)
}
