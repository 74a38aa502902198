package screens

import (
	"time"

	"fyne.io/fyne/v2/widget"
)

// lockout counts a lockout down in a status label and keeps the form's
// submit button disabled until it ends. Both sign-in steps use it; the
// screen's tick calls tick once a second.
type lockout struct {
	until  time.Time
	status *widget.Label
	submit *widget.Button
}

// start shows the lockout that ends at until.
func (l *lockout) start(until, now time.Time) {
	l.until = until
	l.submit.Disable()
	l.tick(now)
}

// reset forgets a lockout (another account was picked).
func (l *lockout) reset() {
	l.until = time.Time{}
	l.status.Hide()
	l.submit.Enable()
}

// tick updates the countdown, and ends the lockout when its time is up.
func (l *lockout) tick(now time.Time) {
	if l.until.IsZero() {
		return
	}
	wait := l.until.Sub(now)
	if wait <= 0 {
		l.reset()
		return
	}
	l.status.SetText(LockoutMessage(wait))
	l.status.Show()
}
