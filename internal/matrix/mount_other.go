//go:build !linux

package matrix

import "testing"

// Tmpfs is Linux only; elsewhere the write seam stands in.
func Tmpfs(testing.TB, int) (string, bool) { return "", false }

// Fill is never reached where Tmpfs fails.
func Fill(t testing.TB, _ string) func() { t.Fatal("no tmpfs"); return nil }

// ReadOnly is Linux only; elsewhere the write seam stands in.
func ReadOnly(testing.TB, string) (func(), bool) { return nil, false }
