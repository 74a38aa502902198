package savefile_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/sparekey/sparekey/app/savefile"
)

// onlyFile fails the test unless dir holds exactly the named files:
// in particular, no temp file may be left behind.
func onlyFile(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %q, want %q", got, names)
	}
	for i := range names {
		if got[i] != names[i] {
			t.Fatalf("folder holds %q, want %q", got, names)
		}
	}
}

func checkFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s holds %q, want %q", path, got, want)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, fi.Mode().Perm())
	}
}

// writeAndCheck writes data to dir/name with WriteAtomic and checks that
// the file holds data with mode 0600 and is the only file in dir.
func writeAndCheck(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := savefile.WriteAtomic(path, data); err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, data)
	onlyFile(t, dir, name)
}

func TestWriteAtomicNew(t *testing.T) {
	writeAndCheck(t, t.TempDir(), "sparekey_backup_codes_alice.txt", []byte("1. ABCD-EFGH-JKMN-PQR8\n"))
}

func TestWriteAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.txt")
	if err := os.WriteFile(path, []byte("an older, longer set of codes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The old file's wider mode must not survive: the new file is 0600.
	writeAndCheck(t, dir, "codes.txt", []byte("new\n"))
}

func TestWriteAtomicEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.txt")
	if err := savefile.WriteAtomic(path, nil); err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, nil)
}

func TestWriteAtomicTargetIsFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "codes.txt"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := savefile.WriteAtomic(filepath.Join(dir, "codes.txt"), []byte("x")); err == nil {
		t.Fatal("writing over a folder succeeded")
	}
	onlyFile(t, dir, "codes.txt")
}

func TestWriteAtomicMissingFolder(t *testing.T) {
	dir := t.TempDir()
	err := savefile.WriteAtomic(filepath.Join(dir, "gone", "codes.txt"), []byte("x"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want one wrapping os.ErrNotExist", err)
	}
	onlyFile(t, dir)
}

func TestWriteAtomicNotWritable(t *testing.T) {
	dir := t.TempDir()
	if os.Geteuid() == 0 {
		// Permissions do not stop root; a read-only file system does.
		dir = mountTmpfs(t, "ro")
	} else {
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
	}
	err := savefile.WriteAtomic(filepath.Join(dir, "codes.txt"), []byte("x"))
	if !errors.Is(err, savefile.ErrNotWritable) {
		t.Fatalf("err = %v, want one wrapping ErrNotWritable", err)
	}
	t.Log(err)
	onlyFile(t, dir)
}

// TestWriteAtomicDiskFull fills a small tmpfs: the write fails after the
// temp file exists, so this also proves the temp file is cleaned up, and
// that an existing file is left untouched.
func TestWriteAtomicDiskFull(t *testing.T) {
	dir := mountTmpfs(t, "size=64k")
	path := filepath.Join(dir, "codes.txt")
	old := []byte("the old codes\n")
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	err := savefile.WriteAtomic(path, bytes.Repeat([]byte("x"), 1<<20))
	if !errors.Is(err, syscall.ENOSPC) || !errors.Is(err, savefile.ErrDiskFull) {
		t.Fatalf("err = %v, want one wrapping ENOSPC and ErrDiskFull", err)
	}
	t.Log(err)
	checkFile(t, path, old)
	onlyFile(t, dir, "codes.txt")
}

// mountTmpfs mounts a tmpfs with the given options for the test, or skips
// where mounting is not allowed (not root, or no CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, opts string) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a tmpfs")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "sparekey-test", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}
