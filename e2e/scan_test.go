//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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

// scan looks for needles under roots: grep -F for the printable ones (one
// pass with many patterns), a walk for the raw ones, which also counts
// what was read.
type scan struct {
	t       *testing.T
	roots   []string
	files   int
	bytes   int64
	skipped []string
	hits    []string
}

// run scans roots (one nested in another is scanned once) for ns.
func (sc *scan) run(roots []string, ns []needle) {
	sc.t.Helper()
	roots = outermost(roots)
	sc.roots = append(sc.roots, roots...)
	var text, raw []needle
	args := []string{"-rlaF", "-D", "skip", "--no-messages"}
	for _, n := range ns {
		if printable(n.b) {
			text = append(text, n)
			args = append(args, "-e", string(n.b)) // never a file: it would hold the secrets
		} else {
			raw = append(raw, n)
		}
	}
	out, err := exec.Command("grep", append(append(args, "--"), roots...)...).Output()
	var ee *exec.ExitError
	switch {
	case err == nil:
		for _, path := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			data, _ := os.ReadFile(path)
			sc.match(path, data, text)
		}
	case errors.As(err, &ee) && ee.ExitCode() == 1: // no match
	case errors.As(err, &ee) && ee.ExitCode() == 2 && len(out) == 0:
		// A file went away or could not be read while grep ran (other
		// programs use /tmp too); the walk below counts what it cannot read.
	default:
		sc.t.Fatalf("grep: %v\n%s", err, out)
	}
	seen := map[string]bool{}
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || seen[path] {
				return nil // gone, unreadable dirs, sockets, links…
			}
			seen[path] = true
			if info, err := d.Info(); err != nil || info.Size() > maxScan {
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
			sc.match(path, data, raw)
			return nil
		})
	}
}

// match records each of ns that data holds.
func (sc *scan) match(path string, data []byte, ns []needle) {
	for _, n := range ns {
		if bytes.Contains(data, n.b) {
			sc.hits = append(sc.hits, path+": "+n.what)
		}
	}
}

// printable: only printable ASCII, so grep can take it as a pattern.
func printable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return len(b) > 0
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
	sc.t.Logf("hygiene scan of %s: %d files, %.1f MiB in %v; %d skipped (larger than %d MiB or unreadable): %v",
		strings.Join(sc.roots, ", "), sc.files, float64(sc.bytes)/(1<<20), took.Round(100*time.Millisecond),
		len(sc.skipped), maxScan>>20, sc.skipped)
	if len(sc.hits) > 0 {
		sc.t.Fatalf("secrets found on disk:\n%s", strings.Join(sc.hits, "\n"))
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
