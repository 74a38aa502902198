package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// newBusy returns the line a screen or dialog shows while its work runs,
// hidden until the screen shows it.
//
// It is still text on purpose. Fyne's animated widgets
// (widget.ProgressBarInfinite, widget.Activity) redraw the window at
// frame rate for as long as they run: a wait dialog with one used most of
// a core for as long as the system print dialog stayed open (issue 8).
// And in Fyne v2.8.1 an infinite bar is hard to stop: Hide clears its
// running flag without reaching the renderer, whose animation goes on;
// a renderer made for a hidden bar starts it; and a screen replaced
// while its bar runs leaves the bar animating off-screen for ever. The
// waits here are either short (a key derivation) or open-ended (another
// program's dialog), and a line of text serves both at no cost.
func newBusy(text string) *widget.Label {
	l := &widget.Label{Text: text, TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord}
	l.Hide()
	return l
}
