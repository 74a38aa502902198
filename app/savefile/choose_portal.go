//go:build linux || freebsd

package savefile

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/godbus/dbus/v5"

	"github.com/sparekey/sparekey/internal/portal"
)

const fileChooser = "org.freedesktop.portal.FileChooser"

// ChoosePath shows the system's save dialog through the XDG desktop
// portal (org.freedesktop.portal.FileChooser.SaveFile), proposing
// proposedName in folder (or wherever the chooser starts when folder is
// ""), and returns the chosen local path. The portal creates no file.
// It returns ErrCancelled when the person cancels or closes the chooser,
// and ErrNoPortal
// (wrapped) when no portal with a file chooser runs.
func ChoosePath(ctx context.Context, title, proposedName, folder string) (string, error) {
	c, err := portal.Connect()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNoPortal, err)
	}
	defer c.Close()
	if _, err := c.Version(ctx, fileChooser); err != nil {
		if errors.Is(err, portal.ErrUnavailable) {
			return "", fmt.Errorf("%w: %w", ErrNoPortal, err)
		}
		return "", err
	}
	opts := map[string]dbus.Variant{
		"modal":        dbus.MakeVariant(true),
		"current_name": dbus.MakeVariant(proposedName),
	}
	if folder != "" {
		abs, err := filepath.Abs(folder)
		if err != nil {
			return "", fmt.Errorf("save dialog folder: %w", err)
		}
		// The portal takes folders as NUL-terminated bytes (ay), since
		// a path need not be valid UTF-8.
		opts["current_folder"] = dbus.MakeVariant(append([]byte(abs), 0))
	}
	results, err := c.Request(ctx, fileChooser+".SaveFile", []any{"", title}, opts)
	switch {
	case errors.Is(err, portal.ErrCancelled), errors.Is(err, portal.ErrEnded):
		// The GTK chooser answers 1 for its Cancel button but 2 when
		// it is closed with Escape or the window's close button; both
		// mean the person chose nothing.
		return "", ErrCancelled
	case errors.Is(err, portal.ErrUnavailable):
		return "", fmt.Errorf("%w: %w", ErrNoPortal, err)
	case err != nil:
		return "", fmt.Errorf("save dialog: %w", err)
	}
	uris, _ := results["uris"].Value().([]string)
	if len(uris) != 1 {
		return "", fmt.Errorf("save dialog returned %d files, want 1", len(uris))
	}
	return localPath(uris[0])
}

// localPath turns a file:// URI into a local path, unescaping it.
func localPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("save dialog returned %q: %w", uri, err)
	}
	if u.Scheme != "file" || (u.Host != "" && u.Host != "localhost") || u.Path == "" {
		return "", fmt.Errorf("save dialog returned %q, which is not a local file", uri)
	}
	return filepath.FromSlash(u.Path), nil
}
