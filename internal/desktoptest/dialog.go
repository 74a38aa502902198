//go:build linux || freebsd

package desktoptest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// Answer presses keys in the system dialog win, whose window name is
// name, until that window is gone: a key pressed while GTK is still
// filling the dialog in can go unanswered, so it presses up to three
// times, four seconds apart. A dialog still open after that fails the
// test at once, with a screenshot and StuckDialogReason, rather than
// letting the caller wait out its deadline.
func Answer(t testing.TB, win, name string, keys ...string) {
	t.Helper()
	for try := 1; ; try++ {
		PressKey(t, win, keys...)
		for end := time.Now().Add(4 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if !Visible(name) {
				return
			}
		}
		if try == 3 {
			t.Fatalf("the dialog %q is still open after pressing %v %d times: %s; screenshot %s",
				name, keys, try, StuckDialogReason(), Screenshot(t, win, "stuck-dialog"))
		}
		t.Logf("the dialog %q is still open; pressing %v again", name, keys)
	}
}

// Visible reports whether a visible window is named exactly name.
func Visible(name string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name",
		"^"+regexp.QuoteMeta(name)+"$").Output()
	return len(strings.Fields(string(out))) > 0
}

// StuckDialogReason says, in a sentence for a test failure, why a GTK
// dialog of the portal backend does not answer, telling a broken
// environment apart from a fault of Sparekey's: a backend that spins a
// core is the print system's fault (OpenPrinting/cups#1429, which
// scripts/print-chain.sh works around; this would be a new variant),
// otherwise the dialog most likely offers no printer.
func StuckDialogReason() string {
	pid, err := backendPID()
	if err != nil {
		return fmt.Sprintf("the GTK portal backend is gone (%v): the environment lost its dialog service", err)
	}
	share, err := CPUShare(pid, time.Second)
	if err != nil {
		return fmt.Sprintf("the GTK portal backend (pid %d) could not be measured: %v", pid, err)
	}
	if share > 0.5 {
		return fmt.Sprintf("the ENVIRONMENT is at fault: xdg-desktop-portal-gtk (pid %d) uses %.0f%% of a core while its dialog waits, "+
			"the sign of a CUPS client library GTK cannot read printers through (OpenPrinting/cups#1429); "+
			"scripts/print-chain.sh checks for it before the tests, so this is a variant it missed", pid, share*100)
	}
	return fmt.Sprintf("the dialog did not act on the key: it most likely offers no printer (Print greyed out) "+
		"or lost the focus; xdg-desktop-portal-gtk (pid %d) is idle (%.0f%% of a core)", pid, share*100)
}

// backendPID returns the process id of the GTK portal backend on the
// session bus.
func backendPID() (int, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var pid uint32
	err = conn.BusObject().Call("org.freedesktop.DBus.GetConnectionUnixProcessID", 0, GTKBackName).Store(&pid)
	return int(pid), err
}

// CPUTime returns the CPU time process pid has used so far (user and
// system, from /proc/PID/stat).
func CPUTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name is in parentheses and may hold spaces; utime and
	// stime are the 12th and 13th fields after it.
	_, rest, ok := strings.Cut(string(data), ") ")
	fields := strings.Fields(rest)
	if !ok || len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, data)
	}
	var ticks int64
	for _, f := range fields[11:13] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	// Linux reports these in USER_HZ, 100 a second on every architecture
	// Go supports.
	return time.Duration(ticks) * (time.Second / 100), nil
}

// CPUShare measures the share of one core process pid uses over d.
func CPUShare(pid int, d time.Duration) (float64, error) {
	before, err := CPUTime(pid)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	time.Sleep(d)
	after, err := CPUTime(pid)
	if err != nil {
		return 0, err
	}
	return float64(after-before) / float64(time.Since(start)), nil
}

// Screenshot saves window win as a PNG named after label and the test,
// in $SPAREKEY_TEST_ROOT/shots (kept by scripts/test.sh when a run
// fails) or the temp dir, and returns its path or why there is none.
func Screenshot(t testing.TB, win, label string) string {
	dir := os.TempDir()
	if root := os.Getenv("SPAREKEY_TEST_ROOT"); root != "" {
		dir = filepath.Join(root, "shots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "(no screenshot: " + err.Error() + ")"
	}
	clean := regexp.MustCompile(`[^A-Za-z0-9_.-]+`)
	path := filepath.Join(dir, fmt.Sprintf("%s-%s-%d.png", clean.ReplaceAllString(t.Name(), "_"), clean.ReplaceAllString(label, "_"), time.Now().UnixNano()))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "import", "-window", win, path).CombinedOutput(); err != nil {
		return fmt.Sprintf("(no screenshot: %v %s)", err, out)
	}
	return path
}
