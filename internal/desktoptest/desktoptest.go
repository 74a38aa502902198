//go:build linux || freebsd

package desktoptest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Bus names of the portal frontend and its GTK backend.
const (
	PortalName  = "org.freedesktop.portal.Desktop"
	GTKBackName = "org.freedesktop.impl.portal.desktop.gtk"
)

// Executables started by StartPortals.
var (
	PortalBin    = "/usr/libexec/xdg-desktop-portal"
	GTKPortalBin = "/usr/libexec/xdg-desktop-portal-gtk"
)

// Strict reports whether missing desktop pieces fail tests instead of
// skipping them (SPAREKEY_TEST_STRICT=1).
func Strict() bool { return os.Getenv("SPAREKEY_TEST_STRICT") == "1" }

// Unavailable skips the test, or fails it in strict mode.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if Strict() {
		t.Fatalf("desktop test environment incomplete (SPAREKEY_TEST_STRICT=1): "+format, args...)
	}
	t.Skipf("desktop test environment incomplete: "+format, args...)
}

// RequireSession skips (or, strictly, fails) the test unless a D-Bus
// session bus and an X display are set and xdotool is installed.
func RequireSession(t testing.TB) {
	t.Helper()
	for _, v := range []string{"DBUS_SESSION_BUS_ADDRESS", "DISPLAY"} {
		if os.Getenv(v) == "" {
			Unavailable(t, "%s is not set", v)
		}
	}
	if _, err := exec.LookPath("xdotool"); err != nil {
		Unavailable(t, "xdotool: %v", err)
	}
}

// RequirePrinter skips (or fails) the test unless CUPS runs with the
// cups-pdf queue "PDF" as its default destination, and returns the
// folder that queue writes its PDFs to (see CupsPDFDir).
//
// The queue must be set to write PDF 1.4 (lpadmin -p PDF -o PDFVer=1.4):
// cups-pdf's PPD defaults to 1.2, at which ghostscript turns every
// embedded TrueType font into a Type 3 font whose text pdftotext cannot
// read, so the printed sheet could not be checked.
func RequirePrinter(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("lpstat", "-r", "-d").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "scheduler is running") {
		Unavailable(t, "CUPS is not running: %v %s", err, out)
	}
	if !strings.Contains(string(out), "destination: PDF") {
		Unavailable(t, "the default CUPS destination is not the cups-pdf queue PDF: %s", out)
	}
	dir, err := CupsPDFDir("PDF")
	if err != nil {
		Unavailable(t, "%v", err)
	}
	return dir
}

// CupsPDFDir returns the folder the cups-pdf queue writes to, read the
// way cups-pdf reads it: the queue's device URI cups-pdf:/NAME selects
// /etc/cups/cups-pdf-NAME.conf (plain cups-pdf:/ selects cups-pdf.conf),
// whose Out setting names the folder, with ${HOME} and ${USER} those of
// the current user (jobs are submitted as this user); without a setting
// cups-pdf's built-in /var/spool/cups-pdf/${USER} applies.
// SPAREKEY_TEST_PDF_DIR overrides all of that.
func CupsPDFDir(queue string) (string, error) {
	if dir := os.Getenv("SPAREKEY_TEST_PDF_DIR"); dir != "" {
		return dir, nil
	}
	v, err := exec.Command("lpstat", "-v", queue).Output()
	if err != nil {
		return "", fmt.Errorf("lpstat -v %s: %w", queue, err)
	}
	_, uri, ok := strings.Cut(strings.TrimSpace(string(v)), ": ")
	name, isPDF := strings.CutPrefix(uri, "cups-pdf:/")
	if !ok || !isPDF {
		return "", fmt.Errorf("queue %s is not a cups-pdf queue: %s", queue, v)
	}
	conf := "/etc/cups/cups-pdf.conf"
	if name != "" {
		conf = "/etc/cups/cups-pdf-" + name + ".conf"
	}
	out := "/var/spool/cups-pdf/${USER}"
	if data, err := os.ReadFile(conf); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Out "); ok {
				out = strings.TrimSpace(v)
			}
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder for cups-pdf: %w", err)
	}
	u, err := user.Current()
	if err != nil {
		return "", fmt.Errorf("no user name for cups-pdf: %w", err)
	}
	return strings.NewReplacer("${HOME}", home, "${USER}", u.Username).Replace(out), nil
}

// StartPortals starts a fresh xdg-desktop-portal-gtk, then a fresh
// xdg-desktop-portal, both with standard input from /dev/null, waits for
// their bus names, and stops both when the test ends.
//
// Fresh for each test, because xdg-desktop-portal-gtk 1.14 closes its fd 0
// after every PreparePrint and after a cancelled one silently drops the
// next job. Tests in other packages' binaries wait for it (a file lock in
// XDG_RUNTIME_DIR), since only one portal can own the bus name. It fails
// the test if either name is still owned after that, since a portal left
// over from elsewhere would bring exactly that state along.
//
// When the session found the system's libcups2 broken for GTK's print
// dialog (OpenPrinting/cups#1429; see scripts/cups-workaround.sh), it
// sets SPAREKEY_TEST_GTK_PORTAL_LIBS to a folder holding a working
// libcups2, and the GTK backend alone is started with it, which the test
// log says.
func StartPortals(t testing.TB) { StartPortalsWith(t) }

// StartPortalsWith is StartPortals with extra environment variables
// ("NAME=value") for the GTK backend, the process that shows the dialogs
// and talks to CUPS: NoPrinters gives it a print system with no printer.
func StartPortalsWith(t testing.TB, gtkEnv ...string) {
	t.Helper()
	RequireSession(t)
	for _, bin := range []string{GTKPortalBin, PortalBin} {
		if _, err := os.Stat(bin); err != nil {
			Unavailable(t, "%v (install xdg-desktop-portal and xdg-desktop-portal-gtk)", err)
		}
	}
	lockDesktop(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		Unavailable(t, "session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	for _, name := range []string{GTKBackName, PortalName} {
		if hasOwner(conn, name) {
			t.Fatalf("%s is already running on this session bus; each test needs its own portals", name)
		}
	}
	if libs := os.Getenv("SPAREKEY_TEST_GTK_PORTAL_LIBS"); libs != "" {
		t.Logf("xdg-desktop-portal-gtk runs with the libcups2 in %s: the system's breaks GTK's print dialog (OpenPrinting/cups#1429)", libs)
		gtkEnv = append([]string{"LD_LIBRARY_PATH=" + libs}, gtkEnv...)
	}
	start(t, conn, GTKPortalBin, GTKBackName, gtkEnv...)
	start(t, conn, PortalBin, PortalName)
}

// NoPrinters is the GTK backend's environment for a desktop with no
// printer installed: its CUPS client is pointed at a scheduler that does
// not exist, so the print dialog offers only GTK's own "Print to File".
func NoPrinters() string {
	return "CUPS_SERVER=/nonexistent/sparekey-test-no-cups.sock"
}

// lockDesktop makes the test the only user of the session's portals and
// display until it ends. go test runs the test binaries of several
// packages at once, all on the one session bus, and only one portal can
// own its bus name. The lock is a file lock in XDG_RUNTIME_DIR (private
// to the session), so it is released even if a test binary dies.
func lockDesktop(t testing.TB) {
	t.Helper()
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.OpenFile(filepath.Join(dir, "sparekey-desktoptest.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatalf("desktop test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatalf("desktop test lock: %v", err)
	}
	// Registered first, so it runs last: after the portals have stopped
	// and given up their names.
	t.Cleanup(func() { f.Close() })
}

// start runs bin with env added to the test's environment, waits for it
// to own name, and stops it at cleanup.
func start(t testing.TB, conn *dbus.Conn, bin, name string, env ...string) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = nil // /dev/null
	var out LockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		// The next test's portal can only take the name once it is free.
		deadline := time.Now().Add(5 * time.Second)
		for hasOwner(conn, name) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), out.String())
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for !hasOwner(conn, name) {
		select {
		case <-done:
			t.Fatalf("%s exited before taking %s: %v\n%s", bin, name, cmd.ProcessState, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not take %s within 15s\n%s", bin, name, out.String())
		}
	}
}

func hasOwner(conn *dbus.Conn, name string) bool {
	var has bool
	err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return err == nil && has
}

// WaitWindow waits up to 20 seconds for a visible window whose name
// matches the xdotool regular expression name, and returns its id.
func WaitWindow(t testing.TB, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", name).Output()
	if err != nil {
		t.Fatalf("no window named %q appeared: %v", name, err)
	}
	ids := strings.Fields(string(out))
	if len(ids) == 0 {
		t.Fatalf("no window named %q appeared", name)
	}
	return ids[0]
}

// PressKey focuses window win and presses the keys (xdotool key names,
// like "Return", "Escape" or "ctrl+p"). The focus step matters: without
// a window manager, keys go nowhere until a window has the focus.
func PressKey(t testing.TB, win string, keys ...string) {
	t.Helper()
	xdotool(t, "windowfocus", "--sync", win)
	xdotool(t, append([]string{"key", "--clearmodifiers"}, keys...)...)
}

// TypeText focuses window win and types text into it.
func TypeText(t testing.TB, win, text string) {
	t.Helper()
	xdotool(t, "windowfocus", "--sync", win)
	xdotool(t, "type", "--clearmodifiers", "--delay", "30", text)
}

func xdotool(t testing.TB, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// NewestPDF waits up to 60 seconds for a PDF in dir modified after since,
// and returns the newest one once its size has stopped changing.
func NewestPDF(t testing.TB, dir string, since time.Time) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var last string
	var lastSize int64 = -1
	for time.Now().Before(deadline) {
		path, size := newest(dir, since)
		if path != "" && path == last && size == lastSize && size > 0 {
			return path
		}
		last, lastSize = path, size
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("no PDF newer than %s appeared in %s", since.Format(time.RFC3339Nano), dir)
	return ""
}

// PDFsSince lists the PDFs in dir modified after since, without waiting.
func PDFsSince(t testing.TB, dir string, since time.Time) []string {
	t.Helper()
	var found []string
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && isPDF(e.Name()) && info.ModTime().After(since) {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	return found
}

func newest(dir string, since time.Time) (string, int64) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", -1
	}
	var path string
	var size int64 = -1
	var mod time.Time
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !isPDF(e.Name()) || !info.ModTime().After(since) || !info.ModTime().After(mod) {
			continue
		}
		path, size, mod = filepath.Join(dir, e.Name()), info.Size(), info.ModTime()
	}
	return path, size
}

func isPDF(name string) bool { return strings.EqualFold(filepath.Ext(name), ".pdf") }

// PDFText returns the text pdftotext extracts from the PDF at path.
func PDFText(t testing.TB, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// LockedBuffer collects a child's output, which arrives from another
// goroutine while the test may read it.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Receive returns what ch gives within d, or fails the test saying that
// what did not return.
func Receive[T any](t testing.TB, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("%s did not return", what)
		var zero T
		return zero
	}
}
