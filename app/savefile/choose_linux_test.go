//go:build linux

package savefile_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app/savefile"
	"github.com/sparekey/sparekey/internal/desktoptest"
)

const proposed = "sparekey_backup_codes_alice.txt"

type chosen struct {
	path string
	err  error
}

// choose starts ChoosePath in the background and returns the chooser's
// window and the channel its answer arrives on.
func choose(t *testing.T, folder string) (string, <-chan chosen) {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	title := "Save Sparekey test " + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	answer := make(chan chosen, 1)
	go func() {
		p, err := savefile.ChoosePath(ctx, title, proposed, folder)
		answer <- chosen{p, err}
	}()
	return desktoptest.WaitWindow(t, "^"+regexp.QuoteMeta(title)+"$"), answer
}

func wait(t *testing.T, answer <-chan chosen) chosen {
	t.Helper()
	return desktoptest.Receive(t, answer, 60*time.Second, "ChoosePath")
}

// wantChosen waits for ChoosePath's answer, which must be the proposed
// name in dir, with no file created there by the chooser; then writes
// data to it with WriteAtomic and checks the file (writeAndCheck).
func wantChosen(t *testing.T, answer <-chan chosen, dir string, data []byte) {
	t.Helper()
	a := wait(t, answer)
	if a.err != nil {
		t.Fatal(a.err)
	}
	want := filepath.Join(dir, proposed)
	if a.path != want {
		t.Fatalf("ChoosePath = %q, want %q", a.path, want)
	}
	if _, err := os.Stat(want); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the chooser created %s (err %v); only WriteAtomic should", want, err)
	}
	writeAndCheck(t, dir, proposed, data)
}

// TestChoosePathPortal drives the real GTK file chooser behind the XDG
// portal: the folder is handed over as current_folder, Return accepts the
// proposed name, and the file is then written atomically.
func TestChoosePathPortal(t *testing.T) {
	desktoptest.StartPortals(t)
	dir := t.TempDir()
	win, answer := choose(t, dir)
	desktoptest.PressKey(t, win, "Return")
	wantChosen(t, answer, dir, []byte("Sparekey backup codes\n1. ABCD-EFGH-JKMN-PQR8\n"))
}

// TestChoosePathTypedFolder types the folder into the chooser's name
// field, as a person may, with a space and a non-ASCII letter in it so
// the file URI has to be unescaped.
func TestChoosePathTypedFolder(t *testing.T) {
	desktoptest.StartPortals(t)
	dir := filepath.Join(t.TempDir(), "Backup codes é")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	win, answer := choose(t, "")
	desktoptest.PressKey(t, win, "ctrl+a")
	desktoptest.TypeText(t, win, dir+"/")
	// Typing a folder and "/" moves the chooser there; the proposed name
	// was replaced, so type it again and accept.
	desktoptest.TypeText(t, win, proposed)
	desktoptest.PressKey(t, win, "Return")
	wantChosen(t, answer, dir, []byte("codes\n"))
}

func TestChoosePathCancel(t *testing.T) {
	desktoptest.StartPortals(t)
	dir := t.TempDir()
	win, answer := choose(t, dir)
	desktoptest.PressKey(t, win, "Escape")
	if a := wait(t, answer); !errors.Is(a.err, savefile.ErrCancelled) {
		t.Fatalf("ChoosePath = %q, %v; want ErrCancelled", a.path, a.err)
	}
	onlyFile(t, dir)
}

func TestChoosePathNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sparekey-test-bus")
	_, err := savefile.ChoosePath(context.Background(), "Save", proposed, "")
	if !errors.Is(err, savefile.ErrNoPortal) {
		t.Fatalf("err = %v, want ErrNoPortal", err)
	}
}
