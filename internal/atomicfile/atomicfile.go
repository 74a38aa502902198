// Package atomicfile replaces a file's content so that a crash at any
// instant leaves either the old content or the new, never a mix and never
// nothing: the data goes to a temp file in the same folder, which is
// fsynced, renamed over the target, and the folder fsynced (on Windows,
// which cannot flush a folder, the rename itself is write-through:
// MoveFileEx with MOVEFILE_WRITE_THROUGH). The temp file is removed on
// every failure. Files are written with mode 0600, since
// everything Sparekey writes holds secrets.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

const tempMarker = ".tmp-"

// TestHookWrite, when set (by tests only), replaces the write of the temp
// file's content, so that a full disk can be simulated.
var TestHookWrite func(f *os.File, data []byte) (int, error)

// TestHookStep, when set (by tests, and by tools/crashloop to journal each
// step), is called before each step of Write that reaches the disk —
// "write", "sync", "rename" and "syncdir" — with the target path. An error it returns fails that step as the
// system's error would, so a test can fail or "crash" at every boundary.
var TestHookStep func(step, path string) error

func step(name, path string) error {
	if TestHookStep == nil {
		return nil
	}
	return TestHookStep(name, path)
}

// Write replaces path with data. Errors wrap the system's error, so
// errors.Is(err, syscall.ENOSPC) and errors.Is(err, fs.ErrPermission)
// work.
func Write(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tempMarker+"*")
	if err != nil {
		return fmt.Errorf("create a temp file in %s: %w", filepath.Clean(dir), err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp already uses 0600; say so in case that ever changes.
	if err := f.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("set the file mode: %w", err)
	}
	write := f.Write
	if TestHookWrite != nil {
		write = func(b []byte) (int, error) { return TestHookWrite(f, b) }
	}
	if err := step("write", path); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if _, err := write(data); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err := step("sync", path); err != nil {
		return fmt.Errorf("flush to disk: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("flush to disk: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	if err := step("rename", path); err != nil {
		return fmt.Errorf("replace the file: %w", err)
	}
	if err := replace(tmp, path); err != nil {
		return fmt.Errorf("replace the file: %w", err)
	}
	// The file is in place; a failure here only leaves its durability
	// across a crash in doubt.
	if err := step("syncdir", path); err != nil {
		return fmt.Errorf("flush the folder: %w", err)
	}
	if err := SyncDir(dir); err != nil {
		return fmt.Errorf("flush the folder: %w", err)
	}
	return nil
}

// IsTemp reports whether a file name is one of Write's temp files, which a
// crash may leave behind.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker)
}

// Remove deletes path, if it exists, and makes the deletion durable.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return SyncDir(filepath.Dir(path))
}
