package main

// Sparekey's own figures: the app driven like a person (keyboard first,
// oathtool as the phone, as the e2e tier does) to each screen, where its
// idle CPU is measured; sign-in latency with the memory right after a
// sign-in and 5 s later; and how fast the window answers a key while the
// sign-in's key derivation runs.

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// password is the benchmark account's password.
const password = "Plum-Orbit-Velvet-42"

// The idle figures are taken this long after a screen's title appears,
// for this long.
const (
	settle     = 2 * time.Second
	idleWindow = 10 * time.Second
)

var secretRE = regexp.MustCompile(`^[A-Z2-7]{32}$`)

// journey is one account in a fresh HOME and what was measured on it.
type journey struct {
	spec     appSpec
	home     string
	secret   string
	lastStep int64
	idle     map[string][]float64 // screen → % of a core
	repaints map[string][]float64 // screen → repaints per second, idle
	signIn   []float64            // ms, Enter → second-factor title
	rssAfter []float64            // MiB right after the second-factor title
	rss5s    []float64            // MiB 5 s later
	probeIdl []float64            // ms, key → repaint on the idle sign-in screen
	probeKDF []float64            // ms, key → repaint while signing in
}

// screen titles, as the window shows them.
func screenTitle(name string) string { return "Sparekey — " + name }

// waitTitle waits for the window's title to become the screen's and
// returns how long that took from the call.
func (r *running) waitTitle(screen string, timeout time.Duration) (time.Duration, error) {
	want, last := screenTitle(screen), ""
	called := time.Now()
	_, err := r.poll(timeout, func() bool {
		last = title(r.win)
		return last == want
	})
	if err != nil {
		return 0, fmt.Errorf("waiting for %q (title %q): %w", want, last, err)
	}
	return time.Since(called), nil
}

// launch starts Sparekey on the journey's HOME and waits for screen.
func (j *journey) launch(screen string) (*running, error) {
	r, err := startApp(j.spec, j.home)
	if err != nil {
		return nil, err
	}
	if _, err = r.waitMapped(); err == nil {
		_, err = r.waitTitle(screen, 30*time.Second)
	}
	if err != nil {
		r.stop()
		return nil, err
	}
	return r, nil
}

// idleOn records the app's CPU share on screen, after it settles.
func (j *journey) idleOn(r *running, screen string) error {
	time.Sleep(settle)
	return j.measureIdle(r, screen)
}

// measureIdle records the app's CPU share and repaints on screen now.
func (j *journey) measureIdle(r *running, screen string) error {
	share, repaints, err := idleFigures(r.pid(), r.win, idleWindow)
	j.idle[screen] = append(j.idle[screen], share)
	j.repaints[screen] = append(j.repaints[screen], repaints)
	return err
}

// steps presses keys and types text in order: a step that starts with
// "type:" is typed, any other is a key.
func steps(win string, seq ...string) error {
	for _, s := range seq {
		var err error
		if text, ok := strings.CutPrefix(s, "type:"); ok {
			err = typeText(win, text)
		} else {
			err = keys(win, s)
		}
		if err != nil {
			return err
		}
		time.Sleep(80 * time.Millisecond)
	}
	return nil
}

// setUp creates the account, enrols the phone and stores the codes, as
// the e2e journey does (Create Account's idle CPU is in the start-up runs).
func (j *journey) setUp() error {
	r, err := j.launch("Create Account")
	if err != nil {
		return err
	}
	defer r.stop()
	// The password's show/hide button is a Tab stop of its own.
	err = steps(r.win, "type:bench", "Tab", "type:"+password, "Tab", "Tab", "type:"+password, "Return")
	if err == nil {
		_, err = r.waitTitle("Turn On Two-Factor Authentication", 60*time.Second)
	}
	if err == nil {
		err = j.enrol(r)
	}
	if err == nil {
		// The check box has the focus: tick it, then Done.
		err = steps(r.win, "space", "Tab", "space")
	}
	if err == nil {
		_, err = r.waitTitle("Home", 30*time.Second)
	}
	return err
}

// enrol takes the key with Copy Key (Shift+Tab from the code field) and
// confirms the phone's code.
func (j *journey) enrol(r *running) error {
	for try := 0; j.secret == ""; try++ {
		if try == 5 {
			return fmt.Errorf("the Copy Key button put no key on the clipboard (%q)", clipboardText())
		}
		time.Sleep(500 * time.Millisecond)
		if err := steps(r.win, "shift+Tab", "space"); err != nil {
			return err
		}
		time.Sleep(300 * time.Millisecond)
		if s := clipboardText(); secretRE.MatchString(s) {
			j.secret = s
		} else if err := steps(r.win, "shift+Tab", "shift+Tab"); err != nil {
			return err
		}
	}
	time.Sleep(200 * time.Millisecond)
	code, err := j.code()
	if err == nil {
		err = steps(r.win, "type:"+code, "Return")
	}
	if err == nil {
		_, err = r.waitTitle("Save Your Backup Codes", 60*time.Second)
	}
	return err
}

// code is the phone's code from a time step not used before (the app
// refuses a replayed step), with at least 3 s of the step left.
func (j *journey) code() (string, error) {
	for {
		now := time.Now()
		if step := now.Unix() / 30; step > j.lastStep && now.Unix()%30 < 27 {
			j.lastStep = step
			out, err := exec.Command("oathtool", "--totp", "-b", j.secret).Output()
			return strings.TrimSpace(string(out)), err
		}
		time.Sleep(time.Until(time.Unix((now.Unix()/30+1)*30, 0)) + 200*time.Millisecond)
	}
}

// atPassword starts Sparekey in a fresh process on the sign-in screen
// and types the password, leaving Enter to the caller; the caller stops
// the run.
func (j *journey) atPassword() (*running, error) {
	r, err := j.launch("Sign In")
	if err != nil {
		return nil, err
	}
	time.Sleep(settle)
	if err := steps(r.win, "type:"+password); err != nil {
		r.stop()
		return nil, err
	}
	return r, nil
}

// signInSample times one sign-in in a fresh process: Enter on the
// password → the second-factor screen's title, then the memory at once
// and 5 s later, then the idle CPU on that screen.
func (j *journey) signInSample() error {
	r, err := j.atPassword()
	if err != nil {
		return err
	}
	defer r.stop()
	if _, err := run("xdotool", "key", "--clearmodifiers", "Return"); err != nil {
		return err
	}
	took, err := r.waitTitle("Two-Step Verification", 60*time.Second)
	if err != nil {
		return err
	}
	at := time.Now()
	rss, err := rssMiB(r.pid())
	if err != nil {
		return err
	}
	time.Sleep(time.Until(at.Add(5 * time.Second)))
	rss5, err := rssMiB(r.pid())
	if err != nil {
		return err
	}
	j.signIn = append(j.signIn, ms(took))
	j.rssAfter, j.rss5s = append(j.rssAfter, rss), append(j.rss5s, rss5)
	return j.measureIdle(r, "Two-Step Verification")
}

// screensSample signs in with the phone and measures idle CPU on Sign In,
// Home and Backup Codes.
func (j *journey) screensSample() error {
	r, err := j.launch("Sign In")
	if err != nil {
		return err
	}
	defer r.stop()
	if err := j.idleOn(r, "Sign In"); err != nil {
		return err
	}
	code, err := j.code()
	if err != nil {
		return err
	}
	err = steps(r.win, "type:"+password, "Return")
	if err == nil {
		_, err = r.waitTitle("Two-Step Verification", 60*time.Second)
	}
	if err == nil {
		code, err = j.freshCode(code)
	}
	if err == nil {
		err = steps(r.win, "type:"+code, "Return")
	}
	if err == nil {
		_, err = r.waitTitle("Home", 60*time.Second)
	}
	if err == nil {
		err = j.idleOn(r, "Home")
	}
	if err == nil {
		err = j.openBackupCodes(r)
	}
	if err == nil {
		err = j.idleOn(r, "Backup Codes")
	}
	return err
}

// freshCode returns code if its step still has 3 s left, else a new one.
func (j *journey) freshCode(code string) (string, error) {
	if now := time.Now(); now.Unix()/30 == j.lastStep && now.Unix()%30 < 27 {
		return code, nil
	}
	return j.code()
}

// openBackupCodes goes from Home to Backup Codes: Account Settings,
// Two-Factor Authentication with the password again, Show Backup Codes.
func (j *journey) openBackupCodes(r *running) error {
	err := steps(r.win, "space")
	if err == nil {
		_, err = r.waitTitle("Account Settings", 30*time.Second)
	}
	if err == nil {
		// The password dialog's field takes the focus, empty: the Space
		// that pressed the button types nothing into it.
		err = steps(r.win, "space")
		time.Sleep(300 * time.Millisecond)
	}
	if err == nil {
		err = steps(r.win, "type:"+password, "Return")
	}
	if err == nil {
		_, err = r.waitTitle("Two-Factor Authentication", 60*time.Second)
	}
	if err == nil {
		err = steps(r.win, "space")
	}
	if err == nil {
		_, err = r.waitTitle("Backup Codes", 30*time.Second)
	}
	return err
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// newJourney makes a journey in a fresh HOME under dir.
func newJourney(spec appSpec, dir string) (*journey, error) {
	home, err := os.MkdirTemp(dir, "journey.")
	if err != nil {
		return nil, err
	}
	return &journey{spec: spec, home: home, idle: map[string][]float64{}, repaints: map[string][]float64{}}, nil
}
