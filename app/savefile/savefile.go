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

	"github.com/sparekey/sparekey/internal/atomicfile"
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
func WriteAtomic(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("save %s: it is a folder, not a file", path)
	}
	if err := atomicfile.Write(path, data); err != nil {
		return describe(path, err)
	}
	return nil
}

// describe wraps a failure with what was being done and, for the two
// failures a person can act on, says which one it is.
func describe(path string, err error) error {
	switch {
	case isDiskFull(err):
		return diskFull(path, err)
	case errors.Is(err, fs.ErrPermission) || isReadOnly(err):
		return fmt.Errorf("save %s: %w: %w", path, ErrNotWritable, err)
	}
	return fmt.Errorf("save %s: %w", path, err)
}
