package main

// Starting an app for one measured run — a fresh HOME, its window found
// by process id — and the start-up measurements: start → window mapped,
// start → first painted frame, RSS after 3 s, idle CPU over 10 s.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// appSpec says how to start one of the compared apps.
type appSpec struct {
	name string
	argv []string // argv[0] is the binary; "$HOME" in an argument is the run's HOME
}

// running is one started app.
type running struct {
	cmd   *exec.Cmd
	home  string
	start time.Time
	win   string
	done  chan struct{}
	log   *os.File
}

// startApp starts spec with HOME set to home (created fresh when empty
// of everything) and the XDG base directories pointing inside it.
func startApp(spec appSpec, home string) (*running, error) {
	for _, d := range []string{".cache", ".config", ".local/share"} {
		if err := os.MkdirAll(filepath.Join(home, d), 0o700); err != nil {
			return nil, err
		}
	}
	args := make([]string, len(spec.argv))
	for i, a := range spec.argv {
		args[i] = strings.ReplaceAll(a, "$HOME", home)
	}
	log, err := os.OpenFile(filepath.Join(home, "app.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = appEnv(home)
	cmd.Stdout, cmd.Stderr = log, log
	r := &running{cmd: cmd, home: home, done: make(chan struct{}), log: log}
	r.start = time.Now()
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	go func() { cmd.Wait(); close(r.done) }()
	return r, nil
}

// appEnv is the benchmark's environment with HOME replaced and the XDG
// base directories derived from it, so no run sees another's files.
func appEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "HOME="+home)
}

// pid is the started process's id.
func (r *running) pid() int { return r.cmd.Process.Pid }

// exited reports whether the process has ended.
func (r *running) exited() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// poll calls try until it reports done or timeout passes, and returns
// the time since start at which it first succeeded: the midpoint between
// the end of the last failed try and the end of the first good one, so
// the error is at most half a polling period either way.
func (r *running) poll(timeout time.Duration, try func() bool) (time.Duration, error) {
	prev := time.Now()
	for deadline := prev.Add(timeout); time.Now().Before(deadline); {
		if r.exited() {
			return 0, fmt.Errorf("%s exited: %v (see %s)", r.cmd.Path, r.cmd.ProcessState, r.log.Name())
		}
		ok := try()
		now := time.Now()
		if ok {
			return prev.Add(now.Sub(prev) / 2).Sub(r.start), nil
		}
		prev = now
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s: nothing within %v", r.cmd.Path, timeout)
}

// waitMapped waits for the app's first visible window.
func (r *running) waitMapped() (time.Duration, error) {
	return r.poll(30*time.Second, func() bool {
		r.win = visibleWindow(r.pid())
		return r.win != ""
	})
}

// waitPainted waits for the window to show something other than one
// flat colour: the first frame with content.
func (r *running) waitPainted() (time.Duration, error) {
	return r.poll(30*time.Second, func() bool {
		f, err := capture(r.win)
		return err == nil && !f.uniform()
	})
}

// stop ends the app with SIGTERM, then SIGKILL after 5 s, and waits.
func (r *running) stop() {
	defer r.log.Close()
	if r.exited() {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(5 * time.Second):
		r.cmd.Process.Kill()
		<-r.done
	}
}

// startup is one run's start-up figures.
type startup struct {
	mapped, painted time.Duration
	// ready is Sparekey's start → its first real screen (the window's
	// title leaves "Starting"; its first frame is the start screen). 0 for
	// the other apps, whose first frame is their whole window.
	ready        time.Duration
	rss, idleCPU float64 // MiB; % of a core
	repaints     float64 // per second while idle
	load         string
}

// measureStartup runs spec once in a fresh HOME under dir and measures
// its start-up, then its memory at 3 s and its CPU from 3 s to 13 s.
func measureStartup(spec appSpec, dir string) (startup, error) {
	s := startup{load: loadAvg()}
	home, err := os.MkdirTemp(dir, spec.name+".")
	if err != nil {
		return s, err
	}
	r, err := startApp(spec, home)
	if err != nil {
		return s, err
	}
	defer r.stop()
	if s.mapped, err = r.waitMapped(); err != nil {
		return s, err
	}
	if s.painted, err = r.waitPainted(); err != nil {
		return s, err
	}
	if spec.name == "sparekey" {
		starting := screenTitle("Starting")
		if s.ready, err = r.poll(30*time.Second, func() bool {
			t := title(r.win)
			return t != "" && t != starting
		}); err != nil {
			return s, err
		}
	}
	time.Sleep(time.Until(r.start.Add(3 * time.Second)))
	if s.rss, err = rssMiB(r.pid()); err != nil {
		return s, err
	}
	s.idleCPU, s.repaints, err = idleFigures(r.pid(), r.win, 10*time.Second)
	if err == nil && r.exited() {
		err = errors.New(spec.name + " exited during the idle measurement")
	}
	return s, err
}
