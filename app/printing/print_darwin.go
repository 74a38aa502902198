package printing

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// Print opens the PDF in Preview, where the person prints with ⌘P; a
// native NSPrintOperation may come later. The file goes to the open
// folder (see OpenPDF), which CleanOpenDir empties. It returns once
// Preview has been asked to open the file; ErrNoDialog (wrapped) when
// Preview cannot be started.
func Print(ctx context.Context, job Job) error {
	if len(job.PDF) == 0 {
		return errors.New("print: no PDF to print")
	}
	path, err := writeToOpenDir(job.PDF, job.Title)
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	if out, err := exec.CommandContext(ctx, "open", "-a", "Preview", path).CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: open Preview: %w: %s", ErrNoDialog, err, out)
	}
	return nil
}
