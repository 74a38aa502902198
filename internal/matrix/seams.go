package matrix

import (
	"io/fs"
	"os"
	"syscall"
	"testing"

	"github.com/sparekey/sparekey/internal/atomicfile"
)

// Unwritable makes dir read-only until restore is called (see ReadOnly),
// or where that is not possible fails every step of every atomic file
// write with EROFS.
func Unwritable(t testing.TB, dir string) (restore func()) {
	t.Helper()
	if restore, ok := ReadOnly(t, dir); ok {
		return restore
	}
	old := atomicfile.TestHookStep
	atomicfile.TestHookStep = func(step, path string) error { return &fs.PathError{Op: step, Path: path, Err: syscall.EROFS} }
	return func() { atomicfile.TestHookStep = old }
}

// DiskFull makes dir's disk full until free is called: filled where dir
// is a tmpfs (Tmpfs), else every atomic file write fails with ENOSPC.
func DiskFull(t testing.TB, dir string, tmpfs bool) (free func()) {
	t.Helper()
	if tmpfs {
		return Fill(t, dir)
	}
	old := atomicfile.TestHookWrite
	atomicfile.TestHookWrite = func(*os.File, []byte) (int, error) { return 0, syscall.ENOSPC }
	return func() { atomicfile.TestHookWrite = old }
}
