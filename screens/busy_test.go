package screens

import (
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestAnimatedFindsBars proves the check every tap runs: an infinite
// progress bar, hidden, inside a dialog, is found.
func TestAnimatedFindsBars(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	if found := animated(w); len(found) != 0 {
		t.Fatalf("found %v in an empty window", found)
	}
	bar := widget.NewProgressBarInfinite()
	bar.Hide()
	dialog.NewCustom("x", "Close", container.NewVBox(widget.NewLabel("y"), bar), w).Show()
	w.SetContent(container.NewVBox(widget.NewActivity()))
	if found := animated(w); len(found) != 2 {
		t.Fatalf("animated found %v, want the bar and the activity", found)
	}
}

// TestStartScreenIsStill: the screen shown while the data directory
// opens, which the first real screen replaces, holds nothing that
// animates, so nothing is left running off-screen. (Every other screen
// and dialog is checked after each tap and Enter; see noAnimation.)
func TestStartScreenIsStill(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, newStartScreen().content())
	if found := animated(w); len(found) != 0 {
		t.Fatalf("the start screen holds %v", found)
	}
	// newBusy lines are still too, shown or hidden.
	b := newBusy("Working…")
	w.SetContent(container.NewVBox(b))
	b.Show()
	if found := animated(w); len(found) != 0 {
		t.Fatalf("a busy line holds %v", found)
	}
}
