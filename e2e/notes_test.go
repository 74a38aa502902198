//go:build e2e

package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPrivateNotes types a note into the real window, sees it saved while
// the app runs (debounced) and on quit, restarts, signs in with both
// factors and reads the note back from the window (Ctrl+A, Ctrl+C, the X
// clipboard) and from the vault (e2e/inspect). Then the hygiene check:
// the note's marker is in no file, in the clear, under the data
// directory, HOME, TMPDIR, /tmp or the session's keyring files. The
// marker is random and never logged, so only a leak can put it on disk.
func TestPrivateNotes(t *testing.T) {
	e := newEnv(t)
	p, ph, _ := e.readyAccount("notes")
	id := e.keyringIDs()[0]
	vaultFile := filepath.Join(e.data, id+".vault")

	marker := "spknote" + randomHex(t)
	first, second := "Bank PIN of "+marker, " and the safe"
	want := first + second

	p.openNotes("notes")
	before := fileHash(vaultFile)
	p.typeText(first)
	// Saved as typed: the vault file changes while the app runs.
	deadline := time.Now().Add(20 * time.Second)
	for fileHash(vaultFile) == before {
		if time.Now().After(deadline) {
			t.Fatalf("the vault file did not change within 20s of typing a note; screenshot %s", p.shot("FAILED-notes-not-saved"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.shot("notes-saved")
	// The rest, then quit at once: under the save delay, so what is not
	// yet saved by the timer is saved on the way out.
	p.typeText(second)
	time.Sleep(300 * time.Millisecond)
	p.quit()

	p = e.start()
	p.signIn("again")
	p.secondFactor(ph.code(t))
	p.waitTitle("Home", "again-home", screenWait)
	p.openNotes("again-notes")
	p.key("ctrl+a", "ctrl+c")
	got, ok := clipboard(t, 5*time.Second, func(s string) bool { return strings.Contains(s, marker) })
	if !ok || got != want {
		// Lengths only: the note is not to be logged.
		t.Fatalf("the window shows a note of %d bytes (has the marker: %v), want the %d typed; screenshot %s",
			len(got), ok, len(want), p.shot("FAILED-notes-read-back"))
	}
	p.key("Tab", "space") // Back
	p.waitTitle("Home", "notes-back-home", screenWait)
	p.quit()

	if r := e.inspect(); r.Notes != want {
		t.Fatalf("the vault holds a note of %d bytes, want the %d typed", len(r.Notes), len(want))
	}
	e.noneInTheClear(marker)
}

// openNotes goes from Home (Account Settings has the focus; Private Notes
// is just before it) to Private Notes, whose field takes the focus.
func (p *proc) openNotes(step string) {
	p.e.t.Helper()
	p.key("shift+Tab", "space")
	p.waitTitle("Private Notes", step, screenWait)
}

// noneInTheClear fails if marker is in any regular file (its name or its
// first 64 MiB) under the data directory, HOME (the session's, holding
// gnome-keyring's files, and the app's), TMPDIR, /tmp or XDG_RUNTIME_DIR.
// A canary planted in the app's HOME first proves the search finds what
// is there.
func (e *env) noneInTheClear(marker string) {
	e.t.Helper()
	roots := []string{e.data, e.home, os.Getenv("HOME"), os.TempDir(), "/tmp", os.Getenv("XDG_RUNTIME_DIR")}
	keyrings := filepath.Join(os.Getenv("HOME"), ".local", "share", "keyrings")
	if _, err := os.Stat(keyrings); err != nil {
		e.t.Errorf("the session's gnome-keyring files are not at %s (%v): the check cannot cover them", keyrings, err)
	}
	canary := "spkcanary" + randomHex(e.t)
	planted := filepath.Join(e.home, ".cache", "canary.txt")
	if err := os.WriteFile(planted, []byte("before "+canary+" after"), 0o600); err != nil {
		e.t.Fatal(err)
	}
	defer os.Remove(planted)
	needles := [][]byte{[]byte(marker), []byte(canary)}
	var canaryAt []string
	seen := map[string]bool{}
	files, start := 0, time.Now()
	for _, root := range roots {
		if root == "" {
			continue
		}
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone meanwhile, or unreadable: other runs share /tmp
			}
			if d.IsDir() {
				if seen[path] {
					return filepath.SkipDir
				}
				seen[path] = true
				return nil
			}
			if !d.Type().IsRegular() || seen[path] {
				return nil
			}
			seen[path] = true
			files++
			if strings.Contains(d.Name(), marker) {
				e.t.Errorf("a file is named after the note: %s", path)
			}
			f, err := os.Open(path)
			if err != nil {
				return nil
			}
			var b bytes.Buffer
			b.ReadFrom(io.LimitReader(f, 64<<20))
			f.Close()
			if bytes.Contains(b.Bytes(), needles[0]) {
				e.t.Errorf("the note is in the clear in %s", path)
			}
			if bytes.Contains(b.Bytes(), needles[1]) {
				canaryAt = append(canaryAt, path)
			}
			return nil
		})
	}
	if len(canaryAt) != 1 || canaryAt[0] != planted {
		e.t.Errorf("the search found the planted canary in %v, want just %s: it cannot be trusted", canaryAt, planted)
	}
	e.t.Logf("hygiene: searched %d files under %v in %v", files, roots, time.Since(start).Round(time.Millisecond))
}

// randomHex is 16 random hex digits.
func randomHex(t *testing.T) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// fileHash is a short fingerprint of a file's contents ("" if missing).
func fileHash(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 16 {
		return ""
	}
	return hex.EncodeToString(b[len(b)-16:]) // the AEAD tag: new at every write
}
