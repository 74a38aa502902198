//go:build !(linux || freebsd || darwin || windows)

package printing

import "context"

// PrintOutcome returns ErrNoDialog: this system has no print dialog
// Sparekey knows how to show.
func PrintOutcome(ctx context.Context, job Job) (Outcome, error) { return Outcome{}, ErrNoDialog }
