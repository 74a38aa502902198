package screens

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/sparekey/sparekey/app"
)

// Window sizes the layout is checked at: the smallest Sparekey allows
// (main.go's MinWindow) and a full 1280×800 screen.
var (
	smallWindow = MinWindow
	largeWindow = fyne.NewSize(1280, 800)
)

// fixedCodes is a code set whose markup is the same on every run: ten
// made-up codes, two of them used.
func fixedCodes() app.CodeSet {
	made := time.Date(2026, 3, 14, 9, 26, 0, 0, time.UTC)
	set := app.CodeSet{Created: made, Acknowledged: true}
	for i := range 10 {
		c := app.Code{Text: fmt.Sprintf("%04X-7K2M-9QXR-%04dX", 0xA0B0+i, 1000+i)}
		if i == 1 || i == 6 {
			c.Used = made.Add(time.Duration(i) * 24 * time.Hour)
		}
		set.Codes = append(set.Codes, c)
	}
	return set
}

// TestWindowSizes: at the smallest window and at full screen, the
// sign-in and backup codes screens lay out as their golden markup
// says, and no control is cut off at the sides: the column narrows to
// the window and scrolls when the window is shorter than it.
func TestWindowSizes(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.signOut()
	check := func(name string) {
		t.Helper()
		for _, sz := range []struct {
			tag  string
			size fyne.Size
		}{{"small", smallWindow}, {"large", largeWindow}} {
			h.w.Resize(sz.size)
			test.AssertRendersToMarkup(t, name+"_"+sz.tag+".xml", h.w.Canvas())
			assertInside(t, h, sz.size)
		}
	}
	check("signin")
	h.ui.show(newBackupCodesScreen(h.ui, fixedCodes()))
	check("backupcodes")
	// Every screen fits the smallest window's width.
	if min := h.w.Content().MinSize(); min.Width > smallWindow.Width {
		t.Fatalf("the backup codes screen needs %v wide, more than the smallest window %v", min.Width, smallWindow.Width)
	}
}

// assertInside fails when a visible control reaches beyond the window's
// left or right edge.
func assertInside(t *testing.T, h *harness, size fyne.Size) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	walkObjects(h.w.Content(), func(o fyne.CanvasObject) {
		if _, ok := o.(fyne.Focusable); !ok || !o.Visible() {
			return
		}
		pos := d.AbsolutePositionForObject(o)
		if pos.X < 0 || pos.X+o.Size().Width > size.Width {
			t.Errorf("at %v a %T spans x %v to %v", size, o, pos.X, pos.X+o.Size().Width)
		}
	})
}
