// Package savefile asks where to save a file, through the system's own
// file chooser where there is one, and writes files atomically.
//
// ChoosePath only yields a path: nothing is created until WriteAtomic
// writes the file whole. WriteAtomic leaves either the old file or the
// complete new one, never a mix, and never a stray temp file.
package savefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

var (
	// ErrCancelled means the person closed the file chooser without
	// choosing.
	ErrCancelled = errors.New("save cancelled")
	// ErrNoPortal means there is no system file chooser to ask; the
	// caller then shows its own save dialog.
	ErrNoPortal = errors.New("no system file chooser")
	// ErrNotWritable is wrapped by WriteAtomic's error when the folder
	// (or the file) cannot be written to: no permission, or a read-only
	// file system.
	ErrNotWritable = errors.New("folder not writable")
	// ErrDiskFull is wrapped by WriteAtomic's error when the disk (or
	// the quota) is full.
	ErrDiskFull = errors.New("disk full")
)

// WriteAtomic writes data to path with mode 0600: it writes a temp file
// in the same folder, syncs it to disk, renames it over path and syncs
// the folder, so a crash leaves the old file or the new one. The temp
// file is removed on any failure.
//
// A folder that cannot be written to gives an error that wraps
// ErrNotWritable; a full disk one that wraps ErrDiskFull and, on every
// platform, syscall.ENOSPC. Both also wrap the system's own error.
func WriteAtomic(path string, data []byte) (err error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("save %s: it is a folder, not a file", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return describe(path, "create a file in "+filepath.Clean(dir), err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp already uses 0600; say so in case that ever changes,
	// since these files hold secrets.
	if err := f.Chmod(0o600); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return describe(path, "set the file mode", err)
	}
	if _, err := f.Write(data); err != nil {
		return describe(path, "write", err)
	}
	if err := f.Sync(); err != nil {
		return describe(path, "flush to disk", err)
	}
	if err := f.Close(); err != nil {
		return describe(path, "close", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return describe(path, "replace the file", err)
	}
	if err := syncDir(dir); err != nil {
		// The file is in place; only its durability across a crash is
		// in doubt, and there is no temp file left to remove.
		return describe(path, "flush the folder", err)
	}
	return nil
}

// describe wraps a failure with what was being done and, for the two
// failures a person can act on, says which one it is.
func describe(path, doing string, err error) error {
	switch {
	case isDiskFull(err):
		return diskFull(path, err)
	case errors.Is(err, fs.ErrPermission) || isReadOnly(err):
		return fmt.Errorf("save %s: %w: %w", path, ErrNotWritable, err)
	}
	return fmt.Errorf("save %s: %s: %w", path, doing, err)
}
