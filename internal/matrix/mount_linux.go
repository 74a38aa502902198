package matrix

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// Tmpfs mounts a tmpfs of size bytes on a new temp folder, for as long as
// the test runs. ok is false where mounting is not allowed (not root, or
// a container without CAP_SYS_ADMIN); the caller then takes a seam.
func Tmpfs(t testing.TB, size int) (dir string, ok bool) {
	t.Helper()
	dir = t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)+",mode=0700"); err != nil {
		t.Logf("no tmpfs (%v): the write seam stands in", err)
		return "", false
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir, true
}

// Fill writes a filler file into dir until its file system is full and
// returns the function that removes it again.
func Fill(t testing.TB, dir string) (free func()) {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	// Bytes now fit only into the last partly filled page, if any.
	for {
		if _, err := f.Write(chunk[:1]); err != nil {
			break
		}
	}
	return func() {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}

// ReadOnly makes dir read-only until restore is called: a read-only bind
// mount where mounting is allowed (EROFS), else mode 0500 where that
// binds (not root: EACCES). ok is false when neither works.
func ReadOnly(t testing.TB, dir string) (restore func(), ok bool) {
	t.Helper()
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err == nil {
		if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err == nil {
			done := false
			restore = func() {
				if !done {
					done = true
					if err := syscall.Unmount(dir, 0); err != nil {
						t.Fatalf("unmount %s: %v", dir, err)
					}
				}
			}
			t.Cleanup(restore)
			return restore, true
		}
		syscall.Unmount(dir, 0)
	}
	if os.Geteuid() == 0 {
		t.Logf("no read-only mount: the write seam stands in")
		return nil, false
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	restore = func() { os.Chmod(dir, 0o700) }
	t.Cleanup(restore)
	return restore, true
}
