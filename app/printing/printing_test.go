package printing_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sparekey/sparekey/app/printing"
)

func TestOpenDirWriteAndClean(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "print")
	// Cleaning a folder that does not exist yet is fine.
	if err := printing.CleanOpenDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.pdf", "sub/b.pdf"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := printing.CleanOpenDir(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("CleanOpenDir removed the folder itself: %v", err)
	}
	if len(entries) != 0 {
		t.Errorf("CleanOpenDir left %d entries", len(entries))
	}
	if runtime.GOOS != "windows" {
		// The folder was made 0755 above; OpenPDF must make it private
		// again. (The viewer it starts may fail here; the file counts.)
		path, _ := printing.OpenPDF(dir, []byte("%PDF-1.4\n"), `Sparekey: alice/codes.txt`)
		if want := filepath.Join(dir, "Sparekey_ alice_codes.pdf"); path != want {
			t.Fatalf("OpenPDF path = %q, want %q", path, want)
		}
		for p, mode := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != mode {
				t.Errorf("%s has mode %v, want %v", p, fi.Mode().Perm(), mode)
			}
		}
		if err := printing.CleanOpenDir(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s survived CleanOpenDir", path)
		}
	}
}
