package atomicfile

import (
	"os"

	"golang.org/x/sys/windows"
)

// replace renames tmp over path with MoveFileEx and
// MOVEFILE_WRITE_THROUGH: the call returns only once the rename has been
// flushed to disk. Windows cannot flush a folder (SyncDir does nothing
// there), and os.Rename does not ask for write-through, so without it a
// power cut just after Write returned could lose the rename, leaving the
// file behind state that was written after it (the keyring item).
func replace(tmp, path string) error {
	from, err := windows.UTF16PtrFromString(tmp)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: tmp, New: path, Err: err}
	}
	to, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: tmp, New: path, Err: err}
	}
	if err := windows.MoveFileEx(from, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		return &os.LinkError{Op: "rename", Old: tmp, New: path, Err: err}
	}
	return nil
}
