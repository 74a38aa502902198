package atomicfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/sparekey/sparekey/internal/atomicfile"
)

func TestWriteReplacesWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(path, []byte("new content")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(got) != "new content" || fi.Mode().Perm() != 0o600 {
		t.Fatalf("content %q mode %v", got, fi.Mode().Perm())
	}
	onlyFile(t, dir, "f")
}

func TestWriteFailureKeepsOldAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	atomicfile.TestHookWrite = func(*os.File, []byte) (int, error) { return 0, syscall.ENOSPC }
	t.Cleanup(func() { atomicfile.TestHookWrite = nil })
	err := atomicfile.Write(path, []byte("new"))
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("err = %v, want ENOSPC", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("old content lost: %q", got)
	}
	onlyFile(t, dir, "f")
}

func TestIsTempAndRemove(t *testing.T) {
	dir := t.TempDir()
	f, err := os.CreateTemp(dir, ".x.vault.tmp-*")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !atomicfile.IsTemp(filepath.Base(f.Name())) || atomicfile.IsTemp("x.vault") {
		t.Fatal("IsTemp misjudges names")
	}
	if err := atomicfile.Remove(f.Name()); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Remove(f.Name()); err != nil {
		t.Fatalf("removing a missing file: %v", err)
	}
	onlyFile(t, dir)
}

func onlyFile(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(want) {
		t.Fatalf("folder holds %d entries, want %v", len(entries), want)
	}
	for i, e := range entries {
		if e.Name() != want[i] {
			t.Fatalf("folder holds %s, want %v", e.Name(), want)
		}
	}
}
