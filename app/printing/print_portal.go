//go:build linux || freebsd

package printing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/sparekey/sparekey/internal/portal"
)

const printIface = "org.freedesktop.portal.Print"

// PrintOutcome shows the system print dialog through the XDG desktop
// portal (org.freedesktop.portal.Print: PreparePrint, then Print with
// the PDF's file descriptor and the token PreparePrint gave back) and
// returns once the job has been handed to the print system. The PDF is
// passed as a memory file (an unlinked temp file on FreeBSD), so nothing
// is left on disk by Sparekey itself.
//
// When the person printed to a file, the Outcome names it: the dialog's
// settings (PreparePrint's answer) give its URI, and a local regular
// file of ours that this job wrote is made private (0600), since GTK
// writes it with the usual umask. A file that fails those checks is left
// alone and not named; the job itself still succeeded.
//
// It returns ErrCancelled when the person cancels or closes the dialog,
// ErrNoDialog (wrapped) when there is no session bus or no print portal,
// and ctx's error when ctx ends first (the dialog is then closed).
func PrintOutcome(ctx context.Context, job Job) (Outcome, error) {
	if len(job.PDF) == 0 {
		return Outcome{}, errors.New("print: no PDF to print")
	}
	c, err := portal.Connect()
	if err != nil {
		return Outcome{}, fmt.Errorf("%w: %w", ErrNoDialog, err)
	}
	defer c.Close()
	if _, err := c.Version(ctx, printIface); err != nil {
		if errors.Is(err, portal.ErrUnavailable) {
			return Outcome{}, fmt.Errorf("%w: %w", ErrNoDialog, err)
		}
		return Outcome{}, err
	}

	modal := dbus.MakeVariant(true)
	res, err := c.Request(ctx, printIface+".PreparePrint",
		[]any{"", job.Title, map[string]dbus.Variant{}, map[string]dbus.Variant{}},
		map[string]dbus.Variant{"modal": modal})
	switch {
	case errors.Is(err, portal.ErrCancelled), errors.Is(err, portal.ErrEnded):
		// GTK answers 1 for Cancel but 2 for Escape or closing the
		// window; either way the person printed nothing.
		return Outcome{}, ErrCancelled
	case errors.Is(err, portal.ErrUnavailable):
		return Outcome{}, fmt.Errorf("%w: %w", ErrNoDialog, err)
	case err != nil:
		return Outcome{}, fmt.Errorf("print dialog: %w", err)
	}
	token, ok := res["token"].Value().(uint32)
	if !ok {
		return Outcome{}, fmt.Errorf("print dialog answered without a token (%v)", res["token"])
	}
	out := outputFile(res["settings"])

	f, err := pdfFile(job.PDF)
	if err != nil {
		return Outcome{}, fmt.Errorf("print: %w", err)
	}
	defer f.Close()
	// Some file systems keep modification times to the second or two.
	since := time.Now().Add(-2 * time.Second)
	_, err = c.Request(ctx, printIface+".Print",
		[]any{"", job.Title, dbus.UnixFD(f.Fd())},
		map[string]dbus.Variant{"modal": modal, "token": dbus.MakeVariant(token)})
	switch {
	case errors.Is(err, portal.ErrCancelled):
		return Outcome{}, ErrCancelled
	case err != nil:
		return Outcome{}, fmt.Errorf("print: %w", err)
	}
	if out != "" && makePrivate(out, since) == nil {
		return Outcome{File: out}, nil
	}
	return Outcome{}, nil
}
