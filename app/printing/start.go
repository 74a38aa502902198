package printing

import (
	"fmt"
	"os/exec"
)

// start starts cmd and reaps it in the background: openers such as
// xdg-open may stay until the viewer closes, and nothing waits for them.
func start(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go cmd.Wait() //nolint:errcheck // the viewer's exit status tells nothing
	return nil
}
