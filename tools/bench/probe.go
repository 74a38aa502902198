package main

// How fast the window answers while a sign-in derives its key. Sparekey
// animates nothing, so frames that are not drawn prove nothing by
// themselves; instead the probe presses Tab and Shift+Tab in turn (the
// focus ring moves between the password field and the next control,
// hundreds of pixels) and times each press to the first captured frame
// that shows it. The largest of those while the sign-in runs is the
// largest frame gap a person pressing keys would see; the same probe on
// the idle sign-in screen is its baseline (the probe's own resolution).

import (
	"fmt"
	"time"
)

// A repaint is a change of at least this many pixels: the entry cursor's
// fade changes a few dozen, a moved focus ring several hundred.
const repaintPixels = 150

// probeKeys are pressed in turn, so the focus ends where it started
// after an even number of probes.
var probeKeys = []string{"Tab", "shift+Tab"}

// probe presses key and returns the time until a frame differs from
// before by repaintPixels, or timeout.
func probe(win, key string, before *frame, timeout time.Duration) (time.Duration, *frame, error) {
	if _, err := run("xdotool", "key", "--clearmodifiers", key); err != nil {
		return 0, nil, err
	}
	pressed := time.Now()
	for time.Since(pressed) < timeout {
		f, err := capture(win)
		if err != nil {
			return 0, nil, err
		}
		if differing(before, f) >= repaintPixels {
			return time.Since(pressed), f, nil
		}
	}
	return timeout, before, nil
}

// probeSample signs in while probing: 6 probes on the idle screen, then
// Enter and probes until the second-factor screen's title appears.
func (j *journey) probeSample() error {
	r, err := j.atPassword()
	if err != nil {
		return err
	}
	defer r.stop()
	time.Sleep(500 * time.Millisecond)
	f, err := capture(r.win)
	for i := 0; err == nil && i < 6; i++ {
		var d time.Duration
		d, f, err = probe(r.win, probeKeys[i%2], f, 3*time.Second)
		j.probeIdl = append(j.probeIdl, ms(d))
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	return j.probeSignIn(r, f)
}

// probeSignIn presses Enter (the password field has the focus again),
// then probes until the title changes.
func (j *journey) probeSignIn(r *running, f *frame) error {
	if _, err := run("xdotool", "key", "--clearmodifiers", "Return"); err != nil {
		return err
	}
	want := screenTitle("Two-Step Verification")
	for i := 0; title(r.win) != want; i++ {
		if i > 200 || r.exited() {
			return fmt.Errorf("no second-factor screen after %d probes (title %q)", i, title(r.win))
		}
		d, next, err := probe(r.win, probeKeys[i%2], f, 5*time.Second)
		if err != nil {
			return err
		}
		if title(r.win) == want {
			break // the change was the new screen, not the key
		}
		j.probeKDF = append(j.probeKDF, ms(d))
		f = next
	}
	return nil
}
