//go:build !windows && !darwin

package printing

import "os/exec"

// openFile hands path to the desktop's default application.
func openFile(path string) error { return start(exec.Command("xdg-open", path)) }
