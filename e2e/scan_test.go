//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// maxScan is the largest file the hygiene scan reads; larger ones (none
// of them the app's) are counted as skipped.
const maxScan = 256 << 20

// needle is one form of one secret.
type needle struct {
	what string
	b    []byte
}

// needles lists every form the secrets of a journey could be written in.
// short adds the 6-digit authenticator codes, which are worth looking
// for only where random digits are rare.
func needles(s secrets, short bool) []needle {
	var out []needle
	add := func(what string, forms ...string) {
		for _, f := range forms {
			out = append(out, needle{what, []byte(f)})
		}
	}
	add("the password", Password, strings.ToLower(Password))
	for i, c := range s.codes {
		bare := strings.ReplaceAll(c, "-", "")
		add(fmt.Sprintf("backup code %d", i+1), c, bare, strings.ToLower(c), strings.ToLower(bare))
	}
	add("the TOTP secret (base32)", s.totpSecret, strings.ToLower(s.totpSecret))
	if raw, err := base32.StdEncoding.DecodeString(s.totpSecret); err == nil {
		add("the TOTP secret (raw)", string(raw))
		add("the TOTP secret (hex)", hex.EncodeToString(raw))
	}
	if short {
		for _, c := range s.totpCodes {
			add("an authenticator code", c)
		}
	}
	return out
}

// scan looks for needles in the files under roots. A file whose inode
// last changed (ctime, which no program can set back) before this test
// process started cannot hold this run's secrets, which did not exist
// then: it is counted, not read. The rest are read whole.
type scan struct {
	t       *testing.T
	roots   []string
	files   int   // read
	bytes   int64 // read
	old     int   // unchanged since before the run
	skipped []string
	hits    []hit
}

// hit is a needle found in a file (or in its name).
type hit struct {
	path, what string
}

func (h hit) String() string { return h.path + ": " + h.what }

// run scans roots (one nested in another is scanned once) for ns.
func (sc *scan) run(roots []string, ns []needle) {
	sc.t.Helper()
	roots = outermost(slices.DeleteFunc(roots, func(r string) bool { return r == "" }))
	sc.roots = append(sc.roots, roots...)
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil // gone, unreadable dirs, sockets, links…
			}
			for _, n := range ns {
				if strings.Contains(d.Name(), string(n.b)) {
					sc.hits = append(sc.hits, hit{path, n.what + " (in the file's name)"})
				}
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			if st, ok := info.Sys().(*syscall.Stat_t); ok && time.Unix(st.Ctim.Unix()).Before(runStart) {
				sc.old++
				return nil
			}
			if info.Size() > maxScan {
				sc.skipped = append(sc.skipped, path)
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				if !os.IsNotExist(err) {
					sc.skipped = append(sc.skipped, path)
				}
				return nil
			}
			sc.files++
			sc.bytes += int64(len(data))
			for _, n := range ns {
				if bytes.Contains(data, n.b) {
					sc.hits = append(sc.hits, hit{path, n.what})
				}
			}
			return nil
		})
	}
}

// outermost drops the roots inside another root of the list.
func outermost(roots []string) []string {
	var out []string
	for _, r := range roots {
		r = filepath.Clean(r)
		inside := false
		for _, o := range roots {
			o = filepath.Clean(o)
			if o != r && strings.HasPrefix(r, o+string(filepath.Separator)) {
				inside = true
			}
		}
		if !inside && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// report fails the test on any hit and logs what was scanned.
func (sc *scan) report(took time.Duration) {
	sc.t.Helper()
	sc.t.Logf("hygiene scan of %s in %v: %d files written during the run read (%.1f MiB), %d older ones not; %d skipped (larger than %d MiB or unreadable): %v",
		strings.Join(sc.roots, ", "), took.Round(100*time.Millisecond), sc.files, float64(sc.bytes)/(1<<20),
		sc.old, len(sc.skipped), maxScan>>20, sc.skipped)
	if len(sc.hits) > 0 {
		var lines []string
		for _, h := range sc.hits {
			lines = append(lines, h.String())
		}
		sc.t.Fatalf("secrets found on disk:\n%s", strings.Join(lines, "\n"))
	}
}

// checkModes checks the data directory is 0700 and each of its files
// 0600.
func checkModes(t *testing.T, dir string) {
	t.Helper()
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o700 {
		t.Errorf("the data directory %s has mode %v, want 0700", dir, info.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range entries {
		path := filepath.Join(dir, de.Name())
		checkMode(t, path, 0o600)
		names = append(names, de.Name())
	}
	if len(entries) == 0 {
		t.Fatalf("the data directory %s is empty", dir)
	}
	t.Logf("modes: %s 0700; 0600: %v", dir, names)
}
