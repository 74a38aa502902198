//go:build e2e

package e2e

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

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
