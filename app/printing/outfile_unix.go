//go:build linux || freebsd

package printing

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"
)

// The file a "Print to File" job writes. GTK's print dialog offers that
// choice even where no printer is installed (then it is the only one),
// and the portal's PreparePrint answer carries the dialog's GTK print
// settings, whose "output-uri" names the file; the "printer" setting is
// no help, since GTK translates the name of its file printer.

// outputFile returns the local path the print settings (a{sv}, from
// PreparePrint's "settings" result) send the job to, or "" when they
// name no local file: a job for a real printer, a remote URI, or
// settings that are missing or of another shape.
func outputFile(settings dbus.Variant) string {
	m, ok := settings.Value().(map[string]dbus.Variant)
	if !ok {
		return ""
	}
	uri, ok := m["output-uri"].Value().(string)
	if !ok {
		return ""
	}
	return fileURIPath(uri)
}

// fileURIPath returns the absolute, cleaned path of a local file: URI
// (percent-escapes decoded, as g_filename_to_uri writes them), or ""
// for any other URI: another scheme, another host, or a relative or
// opaque form.
func fileURIPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Opaque != "" {
		return ""
	}
	if h := strings.ToLower(u.Host); h != "" && h != "localhost" {
		return ""
	}
	if !filepath.IsAbs(u.Path) || strings.ContainsRune(u.Path, 0) {
		return ""
	}
	return filepath.Clean(u.Path)
}

// makePrivate makes path mode 0600 when it is a regular file owned by
// this user and modified at or after since (the settings may name a file
// an earlier job wrote; this job then went elsewhere). It never follows
// a symbolic link, and it checks and changes the file it opened, not
// whatever the name points to by then.
func makePrivate(path string, since time.Time) error {
	// O_NONBLOCK: opening a FIFO someone put there must not hang.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file", path)
	case !ok || int(st.Uid) != os.Getuid():
		return fmt.Errorf("%s is not owned by this user", path)
	case fi.ModTime().Before(since):
		return errors.New(path + " was not written by this job")
	}
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("make %s private: %w", path, err)
	}
	return nil
}
