//go:build !windows

package atomicfile

import "os"

// replace renames tmp over path. rename(2) replaces atomically; SyncDir
// then makes the new name durable.
func replace(tmp, path string) error { return os.Rename(tmp, path) }
