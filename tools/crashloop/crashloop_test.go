package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain makes the test binary the child when the parent starts it.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(childMain(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

// testWriter sends the harness's lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// TestCrashLoop is the harness's short run: 100 kills on the session's
// real Secret Service (SPAREKEY_CRASHLOOP_KILLS and _SEED change them).
// The full run is the command: scripts/test.sh --session go run
// ./tools/crashloop -kills 1000.
func TestCrashLoop(t *testing.T) {
	if os.Getenv("SPAREKEY_TEST_SECRET_SERVICE") != "1" {
		if os.Getenv("SPAREKEY_TEST_STRICT") == "1" {
			t.Fatal("SPAREKEY_TEST_STRICT=1 but SPAREKEY_TEST_SECRET_SERVICE is not 1")
		}
		t.Skip("the crash loop kills children that write to a real Secret Service: set SPAREKEY_TEST_SECRET_SERVICE=1 (scripts/test.sh --session does)")
	}
	kills, seed := 100, uint64(time.Now().UnixNano())
	if n, err := strconv.Atoi(os.Getenv("SPAREKEY_CRASHLOOP_KILLS")); err == nil && n > 0 {
		kills = n
	}
	if n, err := strconv.ParseUint(os.Getenv("SPAREKEY_CRASHLOOP_SEED"), 10, 64); err == nil && n > 0 {
		seed = n
	}
	res, err := run(config{kills: kills, seed: seed, log: testWriter{t}})
	res.print(testWriter{t})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	for _, p := range res.problems {
		t.Errorf("seed %d: %s: %s", seed, p.kind, p.msg)
	}
	if res.kills < kills {
		t.Errorf("%d kills landed, want %d", res.kills, kills)
	}
	if res.midWrite == 0 {
		t.Errorf("seed %d: no kill of %d landed mid-write", seed, res.kills)
	}
	for _, op := range ops {
		if res.byOp[op].kills == 0 {
			t.Errorf("seed %d: no kill during %s", seed, op)
		}
	}
}
