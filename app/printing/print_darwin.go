package printing

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// PrintOutcome opens the PDF in Preview, where the person prints with
// ⌘P; a native NSPrintOperation may come later. The file goes to the
// open folder job.OpenDir (see OpenPDF), which CleanOpenDir empties. It
// returns once Preview has been asked to open the file, with an empty Outcome (what
// the person does in Preview is not known); ErrNoDialog (wrapped) when
// Preview cannot be started.
func PrintOutcome(ctx context.Context, job Job) (Outcome, error) {
	if len(job.PDF) == 0 {
		return Outcome{}, errors.New("print: no PDF to print")
	}
	path, err := writeToOpenDir(job.OpenDir, job.PDF, job.Title)
	if err != nil {
		return Outcome{}, fmt.Errorf("print: %w", err)
	}
	if out, err := exec.CommandContext(ctx, "open", "-a", "Preview", path).CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return Outcome{}, ctx.Err()
		}
		return Outcome{}, fmt.Errorf("%w: open Preview: %w: %s", ErrNoDialog, err, out)
	}
	return Outcome{}, nil
}
