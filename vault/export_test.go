package vault

import (
	"os"

	"github.com/sparekey/sparekey/internal/atomicfile"
)

// SetWriteHook replaces the write of every temp file's contents until the
// returned function is called, so a test can simulate a full disk.
func SetWriteHook(f func(f *os.File, data []byte) (int, error)) (restore func()) {
	old := atomicfile.TestHookWrite
	atomicfile.TestHookWrite = f
	return func() { atomicfile.TestHookWrite = old }
}

// SetStepHook calls f before each step of every atomic file write (see
// atomicfile.TestHookStep) until the returned function is called.
func SetStepHook(f func(step, path string) error) (restore func()) {
	old := atomicfile.TestHookStep
	atomicfile.TestHookStep = f
	return func() { atomicfile.TestHookStep = old }
}

// ParseFile exposes parseFile for fuzzing. On success it returns the file
// put back together from its parts, which must equal the input.
func ParseFile(data []byte) (reassembled []byte, err error) {
	f, err := parseFile(data)
	if err != nil {
		return nil, err
	}
	return f.bytes(), nil
}
