//go:build !(linux || freebsd || darwin || windows)

package printing

import "context"

// Print returns ErrNoDialog: this system has no print dialog Sparekey
// knows how to show.
func Print(ctx context.Context, job Job) error { return ErrNoDialog }
