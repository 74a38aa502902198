package main

// Starting a child, killing it after a delay, and reading where the kill
// landed from its journal.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// childTimeout bounds a child that neither ends nor is killed.
const childTimeout = 60 * time.Second

// runRecord is one child: what it was asked, its journal, how it ended.
type runRecord struct {
	req        request
	journal    []string
	killed     bool          // SIGKILL reached it while it ran
	opDur      time.Duration // "ready" to "end ok", when it got there
	ended      bool          // the operation returned as it should
	unexpected string        // it returned otherwise: why
	newSecret  string        // the secret a reset showed
	temps      int           // temp files in the data directory after it
	stderr     string
}

type timedLine struct {
	text string
	at   time.Time
}

// spawn runs one child for req and kills it delay after it is ready (never
// when delay < 0).
func spawn(exe string, env []string, req request, delay time.Duration) (runRecord, error) {
	rec := runRecord{req: req}
	body, err := json.Marshal(req)
	if err != nil {
		return rec, err
	}
	cmd := exec.Command(exe)
	cmd.Env = env
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return rec, err
	}
	if err := cmd.Start(); err != nil {
		return rec, err
	}
	lines := make(chan timedLine)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- timedLine{sc.Text(), time.Now()}
		}
		close(lines)
	}()
	var fire <-chan time.Time
	hung := time.NewTimer(childTimeout)
	defer hung.Stop()
	var readyAt time.Time
	var timedOut bool
	for open := true; open; {
		select {
		case l, ok := <-lines:
			if !ok {
				open = false
				break
			}
			rec.journal = append(rec.journal, l.text)
			switch {
			case l.text == jReady:
				readyAt = l.at
				if delay >= 0 {
					t := time.NewTimer(delay)
					defer t.Stop()
					fire = t.C
				}
			case l.text == jEndOK:
				rec.ended, rec.opDur = true, l.at.Sub(readyAt)
			case strings.HasPrefix(l.text, jEndFailed):
				rec.unexpected = strings.TrimPrefix(l.text, jEndFailed)
			case strings.HasPrefix(l.text, jSecret):
				rec.newSecret = strings.TrimPrefix(l.text, jSecret)
			}
		case <-fire:
			cmd.Process.Kill()
			fire = nil
		case <-hung.C:
			cmd.Process.Kill()
			timedOut = true
		}
	}
	err = cmd.Wait()
	rec.stderr = stderr.String()
	if timedOut {
		return rec, errors.New(req.Op + ": the child neither ended nor was killed within " + childTimeout.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		rec.killed = true
		return rec, nil
	}
	if err != nil && rec.unexpected == "" {
		return rec, errors.New(req.Op + ": the child failed: " + err.Error() + ": " + rec.stderr)
	}
	return rec, nil
}

// landed says where in the journal the kill landed.
func (r runRecord) landed() string {
	last := ""
	if n := len(r.journal); n > 0 {
		last = r.journal[n-1]
	}
	switch {
	case last == jKRBegin:
		return "in a keyring write"
	case strings.HasPrefix(last, jFile):
		return "in a file write (" + strings.TrimPrefix(last, jFile) + ")"
	case last == jReady:
		return "before the operation's first write"
	case last == jEndOK || strings.HasPrefix(last, jEndFailed):
		return "after the operation returned"
	case last == jKREnd || strings.HasPrefix(last, jSecret):
		return "between writes"
	}
	return "before the operation began"
}

// midWrite reports whether the kill landed while a write was under way:
// a keyring call not yet returned, or a step of a file write (the temp
// file's write, its fsync, the rename, the folder's fsync) begun with
// nothing journaled since.
func (r runRecord) midWrite() bool { return strings.HasPrefix(r.landed(), "in a ") }
