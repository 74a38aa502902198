//go:build linux || freebsd

package printing

import (
	"context"
	"errors"
	"fmt"

	"github.com/godbus/dbus/v5"

	"github.com/sparekey/sparekey/internal/portal"
)

const printIface = "org.freedesktop.portal.Print"

// Print shows the system print dialog through the XDG desktop portal
// (org.freedesktop.portal.Print: PreparePrint, then Print with the PDF's
// file descriptor and the token PreparePrint gave back) and returns once
// the job has been handed to the print system. The PDF is passed as a
// memory file (an unlinked temp file on FreeBSD), so nothing is left on
// disk.
//
// It returns ErrCancelled when the person cancels or closes the dialog,
// ErrNoDialog (wrapped) when there is no session bus or no print portal,
// and ctx's error when ctx ends first (the dialog is then closed).
func Print(ctx context.Context, job Job) error {
	if len(job.PDF) == 0 {
		return errors.New("print: no PDF to print")
	}
	c, err := portal.Connect()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNoDialog, err)
	}
	defer c.Close()
	if _, err := c.Version(ctx, printIface); err != nil {
		if errors.Is(err, portal.ErrUnavailable) {
			return fmt.Errorf("%w: %w", ErrNoDialog, err)
		}
		return err
	}

	modal := dbus.MakeVariant(true)
	res, err := c.Request(ctx, printIface+".PreparePrint",
		[]any{"", job.Title, map[string]dbus.Variant{}, map[string]dbus.Variant{}},
		map[string]dbus.Variant{"modal": modal})
	switch {
	case errors.Is(err, portal.ErrCancelled), errors.Is(err, portal.ErrEnded):
		// GTK answers 1 for Cancel but 2 for Escape or closing the
		// window; either way the person printed nothing.
		return ErrCancelled
	case errors.Is(err, portal.ErrUnavailable):
		return fmt.Errorf("%w: %w", ErrNoDialog, err)
	case err != nil:
		return fmt.Errorf("print dialog: %w", err)
	}
	token, ok := res["token"].Value().(uint32)
	if !ok {
		return fmt.Errorf("print dialog answered without a token (%v)", res["token"])
	}

	f, err := pdfFile(job.PDF)
	if err != nil {
		return fmt.Errorf("print: %w", err)
	}
	defer f.Close()
	_, err = c.Request(ctx, printIface+".Print",
		[]any{"", job.Title, dbus.UnixFD(f.Fd())},
		map[string]dbus.Variant{"modal": modal, "token": dbus.MakeVariant(token)})
	switch {
	case errors.Is(err, portal.ErrCancelled):
		return ErrCancelled
	case err != nil:
		return fmt.Errorf("print: %w", err)
	}
	return nil
}
