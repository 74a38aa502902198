// Command floor is the benchmark's floor (scripts/bench.sh): the least a
// Fyne app of this module can do — one label in a window of Sparekey's
// size, shown with ShowAndRun — built from the same module and Fyne
// version as Sparekey, so its start-up time, first paint, memory and idle
// CPU are what the toolkit costs before any code of ours runs.
package main

import (
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// size is Sparekey's starting window size (screens.StartWindow, which a
// test keeps it equal to), so both paint as many pixels.
var size = fyne.NewSize(720, 640)

func main() {
	a := fyneapp.NewWithID("app.sparekey.BenchFloor")
	w := a.NewWindow("Floor")
	w.SetContent(widget.NewLabel("Hello from the floor of Fyne"))
	w.Resize(size)
	w.ShowAndRun()
}
