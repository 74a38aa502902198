package screens

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Wait blocks until every piece of background work started so far, and
// the screen updates it reports, are done. Tests call it after each tap.
func (u *UI) Wait() {
	for u.queue != nil && u.inflight > 0 {
		(<-u.queue)()
	}
	u.wg.Wait()
}

// async runs work on a new goroutine and then done on the UI goroutine.
// It counts as activity.
//
// How the test proves that no blocking call runs on the UI goroutine: the
// app's BlockingCall hook inspects the calling goroutine's own stack
// (runtime.Stack with all=false, so no goroutine IDs are involved). A
// legitimate call has asyncWorker at the root of its goroutine and no
// onUI frame (the wrapper every screen update runs in) above it. Taps and
// key handlers (the test goroutine, or the real driver's main goroutine)
// have no asyncWorker frame; a screen update has an onUI frame even where
// it runs on a worker goroutine, as fyne.Do does under Fyne's test driver.
func (u *UI) async(work, done func()) {
	if u.app != nil {
		u.app.Touch()
	}
	u.spawn(work, done)
}

// spawn is async without counting as activity.
func (u *UI) spawn(work, done func()) {
	u.wg.Add(1)
	if u.queue != nil {
		u.inflight++
		finish := done
		done = func() { u.inflight--; finish() }
	}
	go asyncWorker(&u.wg, u.queue, work, done)
}

//go:noinline
func asyncWorker(wg *sync.WaitGroup, queue chan<- func(), work, done func()) {
	defer wg.Done()
	work()
	if queue != nil {
		queue <- func() { onUI(done) }
		return
	}
	fyne.Do(func() { onUI(done) })
}

// after runs f on the UI goroutine once d has passed, unless the timer
// it returns is stopped first. A single timer, not a ticker: nothing
// wakes the app while it waits.
func (u *UI) after(d time.Duration, f func()) *time.Timer {
	return time.AfterFunc(d, func() {
		if u.queue != nil {
			u.queue <- func() { onUI(f) }
			return
		}
		fyne.Do(func() { onUI(f) })
	})
}

// onUI runs f; it only exists to mark UI callbacks on the stack.
//
//go:noinline
func onUI(f func()) { f() }

// touch records user activity for the idle lock and sudo mode.
func (u *UI) touch() {
	if u.app != nil {
		u.app.Touch()
	}
}
