//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// TestOfflineJourney runs the whole journey with the app in a network
// namespace of its own, which has no link but its own loopback: nothing
// outside the machine, nor on it over IP, can be reached. The rest of the
// rig keeps its network. The app reaches the X server and the session
// bus through their socket files (abstract Unix sockets belong to a
// network namespace, so it cannot use those). While it runs, every
// socket it holds is checked, ten times a second, to be a Unix socket:
// none may be TCP, UDP, raw, netlink or any other kind.
func TestOfflineJourney(t *testing.T) {
	offlineRan = true
	kept, err := os.MkdirTemp(keepDir, "offline.") // for TestHygiene
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvAt(t, filepath.Join(kept, "home"))
	requireNetns(t)
	e.offline = true
	w := &socketWatch{t: t}
	e.started = w.watch
	s := journey(e)
	w.wait()
	w.check()
	offlineRun = &journeyRun{e: e, s: s}
}

// TestHygiene scans, after the offline journey (run here when
// TestOfflineJourney was not), every place a secret could have been left
// on disk: the journey's HOME (the data directory, Fyne's preferences
// and cache under ~/.config/fyne and ~/.cache/fyne, anything else there),
// $TMPDIR and /tmp whole, and the test session's keyring files. It looks
// for the password, every backup code of every set (as shown, without
// dashes, lower case), the TOTP secret (base32, raw bytes, hex) and, in
// the journey's HOME, every authenticator code: none may be found (files
// unchanged since the test process started are passed over: see scan).
// The data directory must be 0700 and its files 0600.
func TestHygiene(t *testing.T) {
	switch {
	case offlineRun == nil && offlineRan:
		t.Fatal("TestOfflineJourney failed: there is no journey to scan after")
	case offlineRun == nil:
		t.Log("TestOfflineJourney did not run before this test: running it here")
		TestOfflineJourney(t)
	}
	run := offlineRun
	checkModes(t, run.e.data)
	var held []string
	for path := range listing(t, run.e.home) {
		rel, _ := filepath.Rel(run.e.home, path)
		held = append(held, rel)
	}
	slices.Sort(held)
	t.Logf("the journey's HOME holds %v", held)
	long, all := needles(run.s, false), needles(run.s, true)
	controlScan(t, long)
	sc := &scan{t: t}
	started := time.Now()
	sc.run([]string{run.e.home}, all)
	roots := []string{os.TempDir(), "/tmp", filepath.Join(os.Getenv("HOME"), ".local/share/keyrings")}
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		roots = append(roots, d)
	}
	sc.run(roots, long)
	sc.report(time.Since(started))
}

// controlScan proves the scan finds what is there: a file holding the
// password, a backup code and the raw TOTP secret, in a folder of its
// own, must give three hits.
func controlScan(t *testing.T, ns []needle) {
	t.Helper()
	dir := t.TempDir()
	var planted []byte
	for _, n := range ns {
		if n.what == "the password" || n.what == "backup code 1" || n.what == "the TOTP secret (raw)" {
			planted = append(append(planted, n.b...), '\n')
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "planted"), planted, 0o600); err != nil {
		t.Fatal(err)
	}
	sc := &scan{t: t}
	sc.run([]string{dir}, ns)
	os.Remove(filepath.Join(dir, "planted"))
	if len(sc.hits) < 3 {
		t.Fatalf("the scan found %v in a file planted with the password, a backup code and the raw TOTP secret", sc.hits)
	}
}

// offlineRun is what TestOfflineJourney left for TestHygiene: its world
// and the secrets it handled; offlineRan tells it the journey was tried.
var (
	offlineRun *journeyRun
	offlineRan bool
)

type journeyRun struct {
	e *env
	s secrets
}

// netnsFlags are unshare's flags for a new network namespace: as root
// that alone; otherwise in a user namespace that maps the user to itself
// (not to root, which would make D-Bus refuse the app's credentials).
func netnsFlags() []string {
	if os.Getuid() == 0 {
		return []string{"--net"}
	}
	return []string{"--map-current-user", "--net"}
}

// requireNetns checks the app can run in a network namespace and still
// reach the session bus: unshare works here, and the bus is a socket
// file, not an abstract socket.
func requireNetns(t *testing.T) {
	t.Helper()
	if out, err := exec.Command("unshare", append(netnsFlags(), "--", "true")...).CombinedOutput(); err != nil {
		desktoptest.Unavailable(t, "unshare %v: %v %s", netnsFlags(), err, out)
	}
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); !strings.HasPrefix(addr, "unix:path=") {
		desktoptest.Unavailable(t, "the session bus %q is not a socket file, which a network namespace cannot reach (scripts/test.sh makes it one)", addr)
	}
}
