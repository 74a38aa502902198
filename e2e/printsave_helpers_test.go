//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// The print and save chains' pieces: fresh portals, the GTK dialogs they
// show, the CUPS output, and the app's messages (read from screenshots
// with OCR where tesseract is installed).

// freshPortals stops portals that D-Bus started on demand for an earlier
// client (a Fyne app asks the portal for its settings at start, which
// activates it where the session bus may), then starts the test's own
// with desktoptest.StartPortals. It must run before the app starts.
func freshPortals(t *testing.T) {
	t.Helper()
	desktoptest.RequireSession(t)
	stopActivatedPortals(t)
	desktoptest.StartPortals(t)
}

// stopActivatedPortals ends the portal frontend and its GTK backend
// on this session bus unless a test started them: one that D-Bus
// activated for an earlier client (the daemon double-forks those, so
// their parent is init) or one whose test binary died is stale. Portals
// a running test binary (*.test) started are left alone: StartPortals
// waits for that test through its lock, or reports them.
func stopActivatedPortals(t *testing.T) {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		desktoptest.Unavailable(t, "session bus: %v", err)
	}
	defer conn.Close()
	bus := conn.BusObject()
	for _, name := range []string{desktoptest.PortalName, desktoptest.GTKBackName} {
		var pid uint32
		if err := bus.Call("org.freedesktop.DBus.GetConnectionUnixProcessID", 0, name).Store(&pid); err != nil {
			continue // nobody owns it
		}
		if parent := parentExe(int(pid)); strings.HasSuffix(parent, ".test") {
			continue
		}
		t.Logf("stopping %s (pid %d), which no running test started", name, pid)
		syscall.Kill(int(pid), syscall.SIGTERM)
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			var has bool
			if bus.Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has) != nil || !has {
				break
			}
			if time.Now().After(deadline) {
				syscall.Kill(int(pid), syscall.SIGKILL)
				deadline = time.Now().Add(5 * time.Second)
			}
		}
	}
}

// parentExe returns the executable of process pid's parent ("" if
// unknown).
func parentExe(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	// The command name is in parentheses and may hold spaces.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 2 {
		return ""
	}
	exe, _ := os.Readlink("/proc/" + fields[1] + "/exe")
	return exe
}

// startWith is env.start with extra command-line arguments for the app.
func (e *env) startWith(args []string, extra ...string) *proc {
	e.t.Helper()
	args = append([]string{"--data-dir", e.data, "--keyring-service", Service}, args...)
	cmd := exec.Command(appBin, args...)
	if e.offline {
		cmd = exec.Command("unshare", append(netnsFlags(), append([]string{"--", appBin}, args...)...)...)
	}
	// English whatever the caller's locale: the tier reads English window
	// titles and sentences. Fyne's lang reads LC_ALL, LC_MESSAGES, LANG
	// and (unless the locale is C) LANGUAGE; empty ones are skipped.
	cmd.Env = environ(append([]string{"HOME=" + e.home, "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="}, extra...)...)
	p := &proc{e: e, cmd: cmd, out: &desktoptest.LockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		e.t.Fatalf("start %s: %v", appBin, err)
	}
	go func() { cmd.Wait(); close(p.done) }()
	if e.started != nil {
		e.started(p)
	}
	e.t.Cleanup(func() {
		p.kill(syscall.SIGKILL)
		if e.t.Failed() {
			e.t.Logf("app (pid %d) output:\n%s", cmd.Process.Pid, p.out.String())
		}
	})
	p.win = p.findWindow()
	return p
}

// systemDialog waits for the GTK dialog (a window of the portal backend)
// named name, gives it a moment to fill in (printers, folder), and
// screenshots it.
func (p *proc) systemDialog(name, step string) string {
	p.e.t.Helper()
	win := desktoptest.WaitWindow(p.e.t, "^"+regexp.QuoteMeta(name)+"$")
	time.Sleep(1500 * time.Millisecond)
	p.shotWindow(win, step)
	return win
}

// answerDialog presses key in the system dialog win until the dialog
// named name is gone (desktoptest.Answer), with a screenshot of the step
// first. A dialog that stays open fails the test at once, saying whether
// the environment is to blame.
func (p *proc) answerDialog(win, name, step string, key ...string) {
	p.e.t.Helper()
	desktoptest.Answer(p.e.t, win, name, key...)
	p.e.t.Logf("%s: the dialog %q closed after %v", step, name, key)
}

// shotWindow saves a screenshot of another window (a system dialog).
func (p *proc) shotWindow(win, step string) string {
	saved := p.win
	defer func() { p.win = saved }()
	p.win = win
	return p.shot(step)
}

// waitMessage waits for the app's window to show a dialog with text in
// it, read by OCR (tesseract) from screenshots. Without tesseract it only
// keeps a screenshot for a person to look at, and says so.
func (p *proc) waitMessage(text, step string) {
	t := p.e.t
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		if desktoptest.Strict() {
			t.Fatalf("%s: tesseract is not installed, so the message %q cannot be read back (scripts/setup.sh installs it)", step, text)
		}
		time.Sleep(time.Second)
		t.Logf("%s: tesseract is not installed, so the message %q is not read back; see screenshot %s",
			step, text, p.shot(step))
		return
	}
	want := normalizeOCR(text)
	var last string
	for deadline := time.Now().Add(screenWait); ; time.Sleep(300 * time.Millisecond) {
		shot := p.shot(step)
		last = ocr(t, shot)
		if strings.Contains(normalizeOCR(last), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the window did not show %q within %v; OCR read:\n%s\nscreenshot %s", step, text, screenWait, last, shot)
		}
	}
}

// waitNoMessage waits for the window to stop showing text (OCR), as
// waitMessage waits for it to show.
func (p *proc) waitNoMessage(text, step string) {
	t := p.e.t
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		time.Sleep(time.Second) // waitMessage has said why
		return
	}
	want := normalizeOCR(text)
	for deadline := time.Now().Add(screenWait); ; time.Sleep(300 * time.Millisecond) {
		shot := p.shot(step)
		if !strings.Contains(normalizeOCR(ocr(t, shot)), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the window still shows %q after %v; screenshot %s", step, text, screenWait, shot)
		}
	}
}

// ocr reads the text in screenshot png with tesseract, twice: the whole
// window, then its middle, where Fyne centres every dialog. Over a busy
// screen (the backup codes grid, blurred behind a dialog) tesseract's
// page analysis can miss a dialog's text in the whole window that it
// reads at once in the middle alone.
func ocr(t *testing.T, png string) string {
	t.Helper()
	var all []string
	for i, crop := range [][]string{nil, {"-gravity", "center", "-crop", "70%x60%+0+0", "+repage"}} {
		big := fmt.Sprintf("%s.ocr%d.png", strings.TrimSuffix(png, ".png"), i)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		args := append(append([]string{png}, crop...), "-resize", "200%", "-colorspace", "Gray", big)
		if out, err := exec.CommandContext(ctx, "convert", args...).CombinedOutput(); err != nil {
			cancel()
			t.Fatalf("convert %s: %v %s", png, err, out)
		}
		out, err := exec.CommandContext(ctx, "tesseract", big, "-", "--psm", "11").Output()
		cancel()
		os.Remove(big)
		if err != nil {
			t.Fatalf("tesseract %s: %v", big, err)
		}
		all = append(all, string(out))
	}
	return strings.Join(all, "\n")
}

// normalizeOCR keeps letters and digits, lower-cased, so line breaks and
// OCR's spacing do not matter.
func normalizeOCR(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// printedCodes reads the PDF that CUPS wrote and returns the backup
// codes on it, in order, and its whole text.
func printedCodes(t *testing.T, pdf string) ([]string, string) {
	t.Helper()
	text := desktoptest.PDFText(t, pdf)
	var codes []string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		codes = append(codes, parseCodes(sc.Text())...)
	}
	return codes, text
}

// checkPrinted checks the newest PDF in dir since since holds exactly
// want (in order) and none of notWant, and returns its path.
func checkPrinted(t *testing.T, dir string, since time.Time, want, notWant []string) string {
	t.Helper()
	pdf := desktoptest.NewestPDF(t, dir, since)
	got, text := printedCodes(t, pdf)
	if !slices.Equal(got, want) {
		t.Fatalf("the PDF CUPS wrote (%s) holds the codes %v, want exactly %v; its text:\n%s", pdf, got, want, text)
	}
	for _, c := range notWant {
		if strings.Contains(text, c) || strings.Contains(strings.ReplaceAll(text, "-", ""), strings.ReplaceAll(c, "-", "")) {
			t.Fatalf("the PDF CUPS wrote (%s) holds the used code %s; its text:\n%s", pdf, c, text)
		}
	}
	return pdf
}

// listing maps every file under root (recursively) to its size; a root
// that does not exist gives an empty map.
func listing(t *testing.T, root string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) || os.IsPermission(err) {
				return nil
			}
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			out[path] = info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// added lists the paths in after that were not in before.
func added(before, after map[string]int64) []string {
	var out []string
	for p := range after {
		if _, ok := before[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// checkMode checks path is a regular file with exactly mode.
func checkMode(t *testing.T, path string, mode fs.FileMode) {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Mode().IsRegular() || info.Mode().Perm() != mode {
		t.Fatalf("%s has mode %v, want a regular file with %v", path, info.Mode(), mode)
	}
}

// showBackupCodes goes from Home to the backup codes screen, giving the
// password only if the app asks for it (a password typed in the last few
// minutes, as at setup, spares it).
func (p *proc) showBackupCodes(step string) {
	p.e.t.Helper()
	p.key("space") // Account Settings has the focus on Home
	p.waitTitle("Account Settings", step+"-settings", screenWait)
	p.key("space") // Two-Factor Authentication has the focus
	asked := true
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if p.title() == "Sparekey — Two-Factor Authentication" {
			asked = false
			break
		}
	}
	if asked {
		p.shot(step + "-confirm-password")
		p.key("BackSpace") // the Space that opened the dialog typed into its field
		p.typeLine(Password)
	}
	p.waitTitle("Two-Factor Authentication", step+"-two-factor", screenWait)
	p.key("space") // Show Backup Codes has the focus
	p.waitTitle("Backup Codes", step+"-backup-codes", screenWait)
}

// runOut runs a command with a deadline and returns its standard output.
func runOut(name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	return string(out), err
}
