//go:build linux || freebsd

package printing

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// TestOutputFile reads the file a "Print to File" job writes from the
// print settings the portal's PreparePrint answers with (their shape as
// xdg-desktop-portal-gtk 1.14 sends them), and ignores everything that
// is not a local file.
func TestOutputFile(t *testing.T) {
	settings := func(kv map[string]string) dbus.Variant {
		m := map[string]dbus.Variant{"n-copies": dbus.MakeVariant("1"), "output-file-format": dbus.MakeVariant("pdf")}
		for k, v := range kv {
			m[k] = dbus.MakeVariant(v)
		}
		return dbus.MakeVariant(m)
	}
	uri := func(u string) dbus.Variant { return settings(map[string]string{"output-uri": u}) }
	for _, c := range []struct {
		name     string
		settings dbus.Variant
		want     string
	}{
		{"print to file", settings(map[string]string{"printer": "Print to File", "output-uri": "file:///home/alice/output.pdf"}), "/home/alice/output.pdf"},
		{"escapes decoded", uri("file:///home/alice/My%20Documents/codes%C3%A9.pdf"), "/home/alice/My Documents/codesé.pdf"},
		{"localhost", uri("file://localhost/tmp/a.pdf"), "/tmp/a.pdf"},
		{"cleaned", uri("file:///tmp/x/../a.pdf"), "/tmp/a.pdf"},
		{"a printer", settings(map[string]string{"printer": "PDF"}), ""},
		{"not a string", dbus.MakeVariant(map[string]dbus.Variant{"output-uri": dbus.MakeVariant(uint32(7))}), ""},
		{"no settings", dbus.Variant{}, ""},
		{"settings of another type", dbus.MakeVariant("file:///tmp/a.pdf"), ""},
	} {
		if got := outputFile(c.settings); got != c.want {
			t.Errorf("%s: outputFile = %q, want %q", c.name, got, c.want)
		}
	}
	// Output URIs that name no local file: another host, other schemes, a
	// relative or plain path, an escaped NUL, a bad escape, none.
	for _, u := range []string{
		"file://server/share/a.pdf", "smb://server/share/a.pdf", "ipp://localhost:631/printers/PDF",
		"file:output.pdf", "/tmp/a.pdf", "file:///tmp/a%00.pdf", "file:///tmp/%zz.pdf", "",
	} {
		if got := outputFile(uri(u)); got != "" {
			t.Errorf("output-uri %q: outputFile = %q, want none", u, got)
		}
	}
}

// TestMakePrivate: only a regular file of ours, written by this job, is
// made 0600; a symbolic link, a folder or an older file is left as it is.
func TestMakePrivate(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-2 * time.Second)
	file := filepath.Join(dir, "output.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := makePrivate(file, start); err != nil {
		t.Fatalf("makePrivate(%s) = %v", file, err)
	}
	mode := func(p string) os.FileMode {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	if m := mode(file); m != 0o600 {
		t.Errorf("%s has mode %v, want 0600", file, m)
	}

	target := filepath.Join(dir, "target.pdf")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.pdf")
	if err := os.WriteFile(old, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-time.Hour)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "folder.pdf")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	refuse := []string{link, old, sub, filepath.Join(dir, "missing.pdf")}
	if os.Geteuid() == 0 {
		// Only root can give a file away; another user's file is refused.
		theirs := filepath.Join(dir, "theirs.pdf")
		if err := os.WriteFile(theirs, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(theirs, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		refuse = append(refuse, theirs)
	}
	for _, p := range refuse {
		if err := makePrivate(p, start); err == nil {
			t.Errorf("makePrivate(%s) = nil, want an error", p)
		}
	}
	for p, want := range map[string]os.FileMode{target: 0o644, old: 0o644, sub: 0o755} {
		if m := mode(p); m != want {
			t.Errorf("%s has mode %v, want it left at %v", p, m, want)
		}
	}
}
