package vault

import (
	"runtime"
	"testing"
	"time"
)

// TestWorkAreaReturned shows that a password check at the default cost
// does not leave the process 64 MiB bigger: within a few seconds the
// runtime has handed Argon2id's work area back to the system: the heap
// memory the process holds from the system drops below a quarter of it.
func TestWorkAreaReturned(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Argon2id at the default cost")
	}
	vaultKey(make([]byte, 32), "correct horse battery staple", make([]byte, 16), DefaultKDF)
	limit := uint64(DefaultKDF.MemoryKiB) << 10 / 4
	var held uint64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		held = m.HeapSys - m.HeapReleased
		if held < limit {
			t.Logf("heap held from the system after the check: %d KiB", held>>10)
			return
		}
	}
	t.Fatalf("5 s after Argon2id the process still holds %d MiB of heap, want < %d MiB", held>>20, limit>>20)
}
