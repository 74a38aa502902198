package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/sparekey/sparekey/app"
)

// StartTicker drives countdowns, the idle lock and clipboard clearing once
// a second. Tests call Tick themselves after moving their clock.
func (u *UI) StartTicker() {
	u.stop = make(chan struct{})
	go func(stop <-chan struct{}) {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(u.Tick)
			}
		}
	}(u.stop)
}

// Tick runs the once-a-second duties on the UI goroutine: the idle lock,
// sudo expiry, clearing what was copied and the current screen's countdown.
func (u *UI) Tick() {
	if u.app == nil {
		return
	}
	u.clip.expire()
	if step := u.app.Step(); step != app.StepSignIn && u.app.IdleFor() >= app.IdleTimeout {
		u.app.SignOut()
		u.signInScreen(lang.L("You were signed out after 10 minutes without activity. Sign in again to continue."))
		return
	}
	if s, ok := u.cur.(sudoer); ok && s.needsSudo() && u.app.SudoRemaining() == 0 {
		u.closeDialog()
		s := newSettingsScreen(u)
		u.show(s)
		s.note.SetText(lang.L("Your password confirmation expired. Open Two-Factor Authentication again to continue."))
		s.note.Show()
		return
	}
	if t, ok := u.cur.(ticker); ok {
		t.tick()
	}
}
