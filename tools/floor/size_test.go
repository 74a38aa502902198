package main

import (
	"testing"

	"github.com/sparekey/sparekey/screens"
)

// TestSameSizeAsSparekey: the floor paints as many pixels as Sparekey's
// first window, or the start-up comparison is unfair to one of them.
func TestSameSizeAsSparekey(t *testing.T) {
	if size != screens.StartWindow {
		t.Fatalf("the floor's window is %v, Sparekey's %v", size, screens.StartWindow)
	}
}
