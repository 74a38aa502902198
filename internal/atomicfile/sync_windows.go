package atomicfile

// SyncDir does nothing on Windows: folders cannot be opened for flushing
// there. Write's rename is made durable by the rename itself (MoveFileEx
// with MOVEFILE_WRITE_THROUGH, see replace); a removal relies on NTFS's
// journal.
func SyncDir(string) error { return nil }
