package vault

import (
	"os"
	"path/filepath"
	"strings"
)

// tempPrefix marks temp files so a crash's leftovers can be swept at start.
const tempPrefix = ".tmp-"

// testHookWrite, when set by a test, replaces the write of a temp file's
// contents, so a full disk can be simulated.
var testHookWrite func(f *os.File, data []byte) (int, error)

// writeAtomic replaces dir/name with data so that a crash at any instant
// leaves the old file or the new one: a temp file in the same directory,
// written and fsynced, renamed over the target, then the directory fsynced.
// The temp file is removed on every failure.
func writeAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, tempPrefix+name+"-*")
	if err != nil {
		return storageError("create temp file", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return storageError("chmod", err)
	}
	write := f.Write
	if testHookWrite != nil {
		write = func(b []byte) (int, error) { return testHookWrite(f, b) }
	}
	if _, err := write(data); err != nil {
		return storageError("write", err)
	}
	if err := f.Sync(); err != nil {
		return storageError("sync", err)
	}
	if err := f.Close(); err != nil {
		return storageError("close", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return storageError("rename", err)
	}
	if err := syncDir(dir); err != nil {
		return storageError("sync directory", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// removeDurably deletes a file and makes the deletion durable.
func removeDurably(dir, name string) error {
	if err := os.Remove(filepath.Join(dir, name)); err != nil && !os.IsNotExist(err) {
		return storageError("remove", err)
	}
	return syncDir(dir)
}

// sweepTemps removes temp files a crash may have left behind.
func sweepTemps(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
