package main

// What the benchmark reads from /proc: a process's resident memory and
// CPU time, and the machine's load average, recorded with every run.

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// rssMiB is process pid's resident set size (VmRSS) in MiB.
func rssMiB(pid int) (float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err != nil {
				return 0, fmt.Errorf("/proc/%d/status VmRSS %q: %w", pid, v, err)
			}
			return kb / 1024, nil
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmRSS", pid)
}

// cpuShare measures the share of one core (in %) process pid uses over d,
// from its user and system time in /proc/PID/stat (all its threads).
func cpuShare(pid int, d time.Duration) (float64, error) {
	before, err := desktoptest.CPUTime(pid)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	time.Sleep(d)
	after, err := desktoptest.CPUTime(pid)
	if err != nil {
		return 0, err
	}
	return 100 * float64(after-before) / float64(time.Since(start)), nil
}

// loadAvg is the 1-, 5- and 15-minute load averages, as uptime shows them.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// load1 is the 1-minute load average (-1 when it cannot be read).
func load1() float64 {
	v, err := strconv.ParseFloat(strings.Fields(loadAvg() + " ?")[0], 64)
	if err != nil {
		return -1
	}
	return v
}
