//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/sparekey/sparekey/app/sheet"
	"github.com/sparekey/sparekey/internal/desktoptest"
)

// saveDialog is the GTK file chooser's window name (app.ChooseSavePath).
const saveDialog = "Save backup codes"

// TestSaveThroughPortal saves through the real chain — Sparekey, the XDG
// desktop portal, the GTK file chooser — typing a folder in front of the
// name the chooser proposes and accepting it, then checks the file's
// name, mode and content.
func TestSaveThroughPortal(t *testing.T) {
	t.Run("used code", func(t *testing.T) {
		e := newEnv(t)
		freshPortals(t)
		p, _, codes := e.readyAccount("dana")
		p.spendCode(codes[0]) // the file must leave it out
		p.showBackupCodes("codes")
		path := p.saveThroughChooser("sparekey_backup_codes_dana.txt")
		p.quit()
		e.checkSaved(path, codes[1:], codes[:1])
	})
	t.Run("site and name with spaces", func(t *testing.T) {
		e := newEnv(t)
		freshPortals(t)
		p := e.startWith([]string{"--site", "Flow Production Tracking"})
		p.createAccount("Flow Production Tracking123")
		p.enrol()
		codes := p.storeCodes(10)
		p.showBackupCodes("codes")
		path := p.saveThroughChooser("flow production tracking_backup_codes_Flow Production Tracking123.txt")
		p.quit()
		e.checkSaved(path, codes, nil)
	})
}

// saveThroughChooser presses Ctrl+S on a screen showing the codes, types
// a new folder in front of the name the GTK chooser proposes (which must
// be proposed) and accepts it with Return. It returns the saved file.
func (p *proc) saveThroughChooser(proposed string) string {
	t := p.e.t
	t.Helper()
	dir := filepath.Join(p.e.home, "Backup codes")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p.key("ctrl+s")
	win := p.systemDialog(saveDialog, "chooser")
	// The chooser opens with the proposed name in its name field, the part
	// before ".txt" selected. Home goes to the start of the field without
	// changing it; the folder typed there makes the path.
	desktoptest.PressKey(t, win, "Home")
	desktoptest.TypeText(t, win, dir+"/")
	time.Sleep(500 * time.Millisecond)
	p.shotWindow(win, "chooser-typed")
	p.answerDialog(win, saveDialog, "chooser", "Return")
	want := filepath.Join(dir, proposed)
	p.waitMessage("Saved the unused codes to", "saved")
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("the app says it saved %s, but: %v (the folder holds %v)", want, err, names(t, dir))
	}
	if got := names(t, dir); !slices.Equal(got, []string{proposed}) {
		t.Fatalf("%s holds %q, want only %q", dir, got, proposed)
	}
	p.key("Escape")
	return want
}

// checkSaved checks the saved file with the app stopped: mode 0600, the
// sheet's text for the vault's unused codes (the same header lines as
// the printed sheet), exactly want as its codes and none of notWant, and
// a codes-saved event in the log.
func (e *env) checkSaved(path string, want, notWant []string) {
	t := e.t
	t.Helper()
	checkMode(t, path, 0o600)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := e.inspect()
	if !slices.Equal(r.Unused(), want) {
		t.Fatalf("the vault's unused codes are %v, want %v", r.Unused(), want)
	}
	var got []string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		got = append(got, parseCodes(sc.Text())...)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s holds the codes %v, want exactly %v:\n%s", path, got, want, data)
	}
	for _, c := range notWant {
		if strings.Contains(string(data), c) {
			t.Fatalf("%s holds the used code %s:\n%s", path, c, data)
		}
	}
	sh := sheet.Sheet{Site: r.Site, Username: r.Username, Generated: r.SetCreated, Codes: want, Location: time.Local}
	if string(data) != string(sh.Text()) {
		t.Fatalf("%s is\n%s\nwant the sheet's text\n%s", path, data, sh.Text())
	}
	for _, line := range []string{"Site: " + r.Site, "Account: " + r.Username} {
		if !strings.Contains(string(data), "\n"+line+"\n") {
			t.Fatalf("%s lacks the line %q:\n%s", path, line, data)
		}
	}
	wantEvents(t, r, "codes-generated", "codes-viewed", "codes-saved")
	if n := countKind(r, "codes-saved"); n != 1 {
		t.Fatalf("%d codes-saved events, want 1: %v", n, r.Events)
	}
}

// TestSaveFyneFallback saves with no desktop portal to be had: the app
// runs on a session bus of its own that can start no service (so no
// portal), with a keyring on it. Save must open Fyne's save dialog in
// the window and write the file whole, mode 0600.
func TestSaveFyneFallback(t *testing.T) {
	e := newEnv(t)
	privateBus(t)
	p := e.start()
	p.createAccount("gina")
	p.enrol()
	codes := p.storeCodes(10)
	p.showBackupCodes("codes")

	proposed := "sparekey_backup_codes_gina.txt"
	dir := filepath.Join(e.home, "Backup codes")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	before := listing(t, e.home)
	p.key("ctrl+s")
	time.Sleep(time.Second)
	p.shot("fyne-save-dialog")
	// Fyne's dialog, in the window, proposing the name.
	p.waitMessage(proposed, "fyne-save-dialog")
	p.key("ctrl+a")
	p.typeText("Backup codes/" + proposed)
	p.shot("fyne-save-typed")
	p.key("Return")
	want := filepath.Join(dir, proposed)
	p.waitMessage("Saved the unused codes to", "saved")
	// Besides the file, only Fyne's preferences may appear (its dialog
	// remembers the folder), and they must not hold a code.
	for _, f := range added(before, listing(t, e.home)) {
		if f == want {
			continue
		}
		data, _ := os.ReadFile(f)
		if filepath.Base(f) != "preferences.json" || len(parseCodes(strings.NewReplacer(`"`, " ", ",", " ").Replace(string(data)))) != 0 {
			t.Fatalf("saving also added %s under HOME:\n%s", f, data)
		}
	}
	if got := names(t, dir); !slices.Equal(got, []string{proposed}) {
		t.Fatalf("%s holds %q, want only %q", dir, got, proposed)
	}
	p.key("Escape")
	p.quit()
	e.checkSaved(want, codes, nil)
}

// privateBus starts a D-Bus session bus that can activate no service
// (newTestBus), with gnome-keyring's Secret Service on it, and points the
// test (and so the app, the inspector and secret-tool) at it.
func privateBus(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"dbus-daemon", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			desktoptest.Unavailable(t, "%s: %v", tool, err)
		}
	}
	bus := newTestBus(t)
	startKeyring(t, bus)
	conn, err := dbus.Connect(bus.addr)
	if err != nil {
		t.Fatalf("connect to the private bus: %v", err)
	}
	defer conn.Close()
	// No portal, and none to be started.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var v dbus.Variant
	err = conn.Object(desktoptest.PortalName, "/org/freedesktop/portal/desktop").CallWithContext(ctx,
		"org.freedesktop.DBus.Properties.Get", 0, "org.freedesktop.portal.FileChooser", "version").Store(&v)
	if err == nil {
		t.Fatalf("the private bus has a file chooser portal (version %v)", v)
	}
	t.Logf("private bus %s: keyring up; the portal is not there (%v)", bus.addr, err)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.addr)
}

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
