package vault

import (
	"os"
	"path/filepath"

	"github.com/sparekey/sparekey/internal/atomicfile"
)

// writeAtomic replaces dir/name with data durably (see atomicfile): a
// crash at any instant leaves the old file or the new one.
func writeAtomic(dir, name string, data []byte) error {
	if err := atomicfile.Write(filepath.Join(dir, name), data); err != nil {
		return storageError("write "+name, err)
	}
	return nil
}

// removeDurably deletes a file and makes the deletion durable.
func removeDurably(dir, name string) error {
	if err := atomicfile.Remove(filepath.Join(dir, name)); err != nil {
		return storageError("remove "+name, err)
	}
	return nil
}

// sweepTemps removes temp files a crash may have left behind.
func sweepTemps(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if atomicfile.IsTemp(e.Name()) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
