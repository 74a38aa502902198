//go:build !linux

package hygiene

// Harden does nothing here: macOS writes no core files unless the person
// asked for them, and Windows has no per-process switch for Windows Error
// Reporting's dumps that fits (see docs/SECURITY.md).
func Harden() error { return nil }
