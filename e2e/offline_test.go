//go:build e2e

package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// TestOfflineJourney runs the whole journey with the app in a network
// namespace of its own, which has no link but a down loopback: nothing
// outside the machine, nor on it over IP, can be reached. The rest of the
// rig keeps its network. The app reaches the X server and the session
// bus through their socket files (abstract Unix sockets belong to a
// network namespace, so it cannot use those). While it runs, every
// socket it holds is checked, ten times a second, to be a Unix socket:
// none may be TCP, UDP, raw, netlink or any other kind.
func TestOfflineJourney(t *testing.T) {
	e := newEnvAt(t, filepath.Join(keepDir, "offline-home")) // for TestHygiene
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
// the journey's HOME, every authenticator code: none may be found. The
// data directory must be 0700 and its files 0600.
func TestHygiene(t *testing.T) {
	if offlineRun == nil {
		t.Log("TestOfflineJourney did not run before this test: running it here")
		TestOfflineJourney(t)
	}
	run := offlineRun
	checkModes(t, run.e.data)
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
// and the secrets it handled.
var offlineRun *journeyRun

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

// socketWatch samples the sockets each app process holds.
type socketWatch struct {
	t       *testing.T
	wg      sync.WaitGroup
	mu      sync.Mutex
	samples int
	unix    map[string]bool // the inodes of the Unix sockets seen
	bad     []string
	netns   []string // the namespaces the app ran in
}

// watch samples p every 100 ms until it ends.
func (w *socketWatch) watch(p *proc) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		pid := p.cmd.Process.Pid
		unknown := map[string]bool{}
		for {
			select {
			case <-p.done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if exe, _ := os.Readlink(procPath(pid, "exe")); exe != appBin {
				continue // unshare has not yet exec'd the app
			}
			unknown = w.sample(pid, unknown)
		}
	}()
}

// sample checks the sockets of pid once. An inode found in no table is
// let pass once (it may have been opened between the two reads), not
// twice.
func (w *socketWatch) sample(pid int, unknownBefore map[string]bool) map[string]bool {
	inodes := socketInodes(pid)
	if inodes == nil {
		return unknownBefore
	}
	ns, _ := os.Readlink(procPath(pid, "ns/net"))
	self, _ := os.Readlink("/proc/self/ns/net")
	links := netLinks(pid)
	unix := unixSockets(pid)
	other := map[string]string{}
	for _, table := range []string{"tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6", "netlink", "packet", "icmp", "icmp6"} {
		for _, inode := range tableInodes(pid, table) {
			other[inode] = table
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.samples++
	if w.unix == nil {
		w.unix = map[string]bool{}
	}
	if !slices.Contains(w.netns, ns) {
		w.netns = append(w.netns, ns)
	}
	if ns == self {
		w.bad = append(w.bad, "the app runs in the test's own network namespace "+ns)
	}
	if len(links) != 1 || links[0] != "lo" {
		w.bad = append(w.bad, "the app's network namespace has the links "+strings.Join(links, ", "))
	}
	unknown := map[string]bool{}
	for _, inode := range inodes {
		if unix[inode] {
			w.unix[inode] = true
		} else if table, ok := other[inode]; ok {
			w.bad = append(w.bad, "socket "+inode+" is in /proc/PID/net/"+table)
		} else if unknownBefore[inode] {
			w.bad = append(w.bad, "socket "+inode+" is in no table of /proc/PID/net")
		} else {
			unknown[inode] = true
		}
	}
	return unknown
}

// wait waits for every watched process to have ended.
func (w *socketWatch) wait() { w.wg.Wait() }

// check fails the test if any sample found a socket that is not a Unix
// one, or no sample was taken, and logs what the app held.
func (w *socketWatch) check() {
	w.t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.samples == 0 {
		w.t.Fatal("no sample of the app's sockets was taken")
	}
	if len(w.bad) > 0 {
		slices.Sort(w.bad)
		w.t.Fatalf("in %d samples: %s", w.samples, strings.Join(slices.Compact(w.bad), "; "))
	}
	w.t.Logf("%d samples of the app's sockets in network namespaces %v (loopback only): %d sockets seen, all Unix",
		w.samples, w.netns, len(w.unix))
}

func procPath(pid int, name string) string {
	return filepath.Join("/proc", strconv.Itoa(pid), name)
}

// socketInodes lists the inodes of the sockets pid holds (nil if it is
// gone or unreadable).
func socketInodes(pid int) []string {
	fds, err := os.ReadDir(procPath(pid, "fd"))
	if err != nil {
		return nil
	}
	out := []string{}
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join(procPath(pid, "fd"), fd.Name()))
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			out = append(out, strings.TrimSuffix(inode, "]"))
		}
	}
	return out
}

// tableInodes lists the inode column of /proc/PID/net/table.
func tableInodes(pid int, table string) []string {
	col := 9 // tcp, udp, raw, icmp, netlink
	if table == "packet" {
		col = 8
	}
	var out []string
	for i, f := range procTable(pid, table) {
		if i > 0 && len(f) > col {
			out = append(out, f[col])
		}
	}
	return out
}

// unixSockets is the set of inodes of the Unix sockets of pid's
// namespace (filesystem ones are listed in every namespace).
func unixSockets(pid int) map[string]bool {
	out := map[string]bool{}
	for i, f := range procTable(pid, "unix") {
		if i > 0 && len(f) >= 7 {
			out[f[6]] = true
		}
	}
	return out
}

// netLinks lists the network interfaces of pid's namespace.
func netLinks(pid int) []string {
	var out []string
	for i, f := range procTable(pid, "dev") {
		if i > 1 && len(f) > 0 {
			out = append(out, strings.TrimSuffix(f[0], ":"))
		}
	}
	return out
}

// procTable reads /proc/PID/net/name as lines of fields.
func procTable(pid int, name string) [][]string {
	f, err := os.Open(filepath.Join(procPath(pid, "net"), name))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		out = append(out, strings.Fields(sc.Text()))
	}
	return out
}
