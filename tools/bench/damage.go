package main

// Counting repaints from outside: the X DAMAGE extension tells a client
// each time another client draws into a window. On Xvfb a GL app's frame
// reaches the window as an image put by Mesa's software rasterizer, so
// every frame Fyne paints is one burst of damage. With the NonEmpty
// report level the server sends one notice when the window's damage goes
// from nothing to something; subtracting it at once re-arms the notice,
// so the count is the number of repaints (frames drawn within one round
// trip count once, which only ever undercounts a burst, never an idle
// window that paints).

import (
	"fmt"
	"io"
	"log"
	"strconv"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/damage"
	"github.com/jezek/xgb/xfixes"
	"github.com/jezek/xgb/xproto"
)

// countRepaints counts the repaints of X window win (an xdotool window
// ID) over d. A window with nothing to change counts 0.
func countRepaints(win string, d time.Duration) (int, error) {
	id, err := strconv.ParseUint(win, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("window %q: %w", win, err)
	}
	xgb.Logger = log.New(io.Discard, "", 0) // it would log a missing ~/.Xauthority
	c, err := xgb.NewConn()
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := damage.Init(c); err != nil {
		return 0, err
	}
	if err := xfixes.Init(c); err != nil {
		return 0, err
	}
	// Both extensions must be told which version the client speaks before
	// the server accepts their requests.
	if _, err := xfixes.QueryVersion(c, 5, 0).Reply(); err != nil {
		return 0, err
	}
	if _, err := damage.QueryVersion(c, 1, 1).Reply(); err != nil {
		return 0, err
	}
	dmg, err := damage.NewDamageId(c)
	if err != nil {
		return 0, err
	}
	if err := damage.CreateChecked(c, dmg, xproto.Drawable(id), damage.ReportLevelNonEmpty).Check(); err != nil {
		return 0, fmt.Errorf("watch window %s: %w", win, err)
	}
	// The server reports the whole window as damaged when the watch
	// starts: empty it, wait for the server to have done so (a checked
	// request is a round trip), and drop the notices sent until then.
	if err := damage.SubtractChecked(c, dmg, 0, 0).Check(); err != nil {
		return 0, err
	}
	for {
		ev, _ := c.PollForEvent()
		if ev == nil {
			break
		}
	}

	events, done := make(chan xgb.Event), make(chan struct{})
	defer close(done)
	go func() {
		defer close(events)
		for {
			ev, xerr := c.WaitForEvent()
			if ev == nil && xerr == nil {
				return // the connection is closed
			}
			if ev != nil {
				select {
				case events <- ev:
				case <-done:
					return
				}
			}
		}
	}()
	n := 0
	deadline := time.After(d)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return n, fmt.Errorf("the X connection closed")
			}
			if _, ok := ev.(damage.NotifyEvent); ok {
				n++
				damage.Subtract(c, dmg, 0, 0)
			}
		case <-deadline:
			damage.Destroy(c, dmg)
			return n, nil
		}
	}
}

// idleFigures measures, over the same d, the share of a core process pid
// uses and how many times a second its window win is repainted.
func idleFigures(pid int, win string, d time.Duration) (cpu, repaints float64, err error) {
	type count struct {
		n   int
		err error
	}
	counted := make(chan count, 1)
	go func() {
		n, err := countRepaints(win, d)
		counted <- count{n, err}
	}()
	cpu, err = cpuShare(pid, d)
	c := <-counted
	if err == nil {
		err = c.err
	}
	return cpu, float64(c.n) / d.Seconds(), err
}
