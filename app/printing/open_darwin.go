package printing

import "os/exec"

func openFile(path string) error { return start(exec.Command("open", path)) }
