package hygiene_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/sparekey/sparekey/internal/hygiene"
)

// TestHardenNoCoreDumps runs Harden in a child process (it cannot be
// undone, and the test binary must stay as it was) and has the child
// report what the kernel then says: RLIMIT_CORE 0, soft and hard, and the
// dumpable flag (prctl PR_GET_DUMPABLE) 0.
func TestHardenNoCoreDumps(t *testing.T) {
	if os.Getenv("SPAREKEY_HYGIENE_CHILD") == "1" {
		reportHardened()
		return
	}
	// The parent, for contrast: a pass because the environment already
	// forbade dumps would prove nothing.
	if d, _ := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0); d != 1 {
		t.Skipf("the test process is already non-dumpable (%d)", d)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHardenNoCoreDumps$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SPAREKEY_HYGIENE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, want := range []string{"harden=ok", "core-soft=0", "core-hard=0", "dumpable=0"} {
		if !strings.Contains(string(out), "\n"+want+"\n") {
			t.Errorf("the hardened child reports\n%s\nwant %s", out, want)
		}
	}
}

// reportHardened is the child's part: Harden, then one key=value line per
// fact the kernel gives back.
func reportHardened() {
	fmt.Println()
	if err := hygiene.Harden(); err != nil {
		fmt.Printf("harden=%v\n", err)
	} else {
		fmt.Println("harden=ok")
	}
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_CORE, &lim); err != nil {
		fmt.Printf("getrlimit=%v\n", err)
	}
	fmt.Printf("core-soft=%d\ncore-hard=%d\n", lim.Cur, lim.Max)
	d, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	if err != nil {
		fmt.Printf("prctl=%v\n", err)
	}
	fmt.Printf("dumpable=%d\n", d)
}
