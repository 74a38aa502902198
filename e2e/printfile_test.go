//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// noPrinterPortals is freshPortals for a desktop with no printer: the
// GTK backend's CUPS client finds no scheduler (desktoptest.NoPrinters),
// so its print dialog offers only "Print to File". GTK's file printer
// writes output.pdf into the documents folder (else the backend's
// working folder, which would be this package's source folder), so the
// backend is given docs as that folder through a user-dirs.dirs of its
// own.
func noPrinterPortals(t *testing.T, docs string) {
	t.Helper()
	desktoptest.RequireSession(t)
	stopActivatedPortals(t)
	config := t.TempDir()
	dirs := "XDG_DOCUMENTS_DIR=\"" + docs + "\"\n"
	if err := os.WriteFile(filepath.Join(config, "user-dirs.dirs"), []byte(dirs), 0o600); err != nil {
		t.Fatal(err)
	}
	desktoptest.StartPortalsWith(t, desktoptest.NoPrinters(), "XDG_CONFIG_HOME="+config)
}

// pickPrintToFile are the keys that print with GTK's "Print to File"
// where it is the only printer. GTK lists it but does not select it, so
// Print stays greyed out and Return alone does nothing; the printer list
// has the focus when the dialog opens, and Down selects its first (here
// only) row. Where it is already selected, Down keeps it.
var pickPrintToFile = []string{"Down", "Return"}

// TestPrintToFile prints on a desktop without printers, as many are:
// GTK's dialog offers only "Print to File", and the person takes it. The
// PDF it writes must hold exactly the unused codes and be private
// (0600), the app must say where it went, and the log must say the
// codes were printed to a file.
func TestPrintToFile(t *testing.T) {
	e := newEnv(t)
	docs := filepath.Join(e.home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	noPrinterPortals(t, docs)
	p, _, codes := e.readyAccount("gina")
	p.spendCode(codes[0]) // the PDF must leave it out
	p.showBackupCodes("codes")

	since := time.Now()
	p.key("ctrl+p")
	win := p.systemDialog(printDialog, "print-dialog")
	p.answerDialog(win, printDialog, "print-to-file", pickPrintToFile...)
	p.waitMessage("Saved the backup codes as a PDF: output.pdf in", "printed-to-file")
	pdf := checkPrinted(t, docs, since, codes[1:], codes[:1])
	if want := filepath.Join(docs, "output.pdf"); pdf != want {
		t.Fatalf("the PDF is %s, want GTK's default %s", pdf, want)
	}
	checkMode(t, pdf, 0o600)
	t.Logf("%s holds the 9 unused codes, mode 0600", pdf)
	p.key("Escape")
	p.quit()

	r := e.inspect()
	var printed []Event
	for _, ev := range r.Events {
		if ev.Kind == "codes-printed" {
			printed = append(printed, ev)
		}
	}
	if len(printed) != 1 || printed[0].Detail != "to a PDF file" {
		t.Fatalf("codes-printed events %v, want one with the detail %q", printed, "to a PDF file")
	}
}

// TestCPUWhilePrintDialogOpen opens the print dialog and leaves it
// unanswered: meanwhile Sparekey must stay near idle (its wait dialog
// once animated a progress bar at frame rate, 94% of a core). After the
// hint delay (shortened with --print-hint-after) the wait dialog offers
// Save to Text File; taking it must not withdraw the print request: the
// file chooser is cancelled, and the print dialog, still open, prints.
func TestCPUWhilePrintDialogOpen(t *testing.T) {
	e := newEnv(t)
	docs := filepath.Join(e.home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	noPrinterPortals(t, docs)
	p := e.startWith([]string{"--print-hint-after", "15s"})
	p.createAccount("hugo")
	p.enrol()
	// At the gate, copy the codes (Copy is before the focused check box,
	// which has the focus again once the message closes); Print is three
	// Shift+Tabs back from the check box.
	codes := p.copyCodes(10, "shift+Tab")
	time.Sleep(200 * time.Millisecond)
	p.key("shift+Tab", "shift+Tab", "shift+Tab")
	pressed := time.Now()
	p.key("space")
	win := p.systemDialog(printDialog, "print-dialog")
	// Without a window manager both windows open at the top left; move
	// the print dialog aside, so the app's own window can be read.
	if out, err := runOut("xdotool", "windowmove", win, "660", "0"); err != nil {
		t.Fatalf("xdotool windowmove: %v %s", err, out)
	}
	p.shot("waiting")

	pid := p.cmd.Process.Pid
	share, err := desktoptest.CPUShare(pid, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Sparekey (pid %d) used %.1f%% of one core over 5 s with the print dialog open", pid, share*100)
	if share >= 0.10 {
		t.Fatalf("Sparekey used %.1f%% of one core while it waited for the print dialog, want below 10%%", share*100)
	}
	if time.Since(pressed) >= 15*time.Second {
		t.Logf("the measurement ran into the hint (%v after Print); it still counts", time.Since(pressed).Round(time.Second))
	}

	p.waitMessage("The print dialog has not answered yet.", "hint")
	if share, err = desktoptest.CPUShare(pid, 3*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Logf("with the hint shown: %.1f%% of one core over 3 s", share*100)
	if share >= 0.10 {
		t.Fatalf("Sparekey used %.1f%% of one core with the hint shown, want below 10%%", share*100)
	}
	if !stillOpen(printDialog) {
		t.Fatal("the print dialog closed when the hint came")
	}
	// Enter takes the hint's Save to Text File; the file chooser comes,
	// and is cancelled.
	p.key("Return")
	chooser := p.systemDialog(saveDialog, "chooser")
	p.answerDialog(chooser, saveDialog, "chooser-cancel", "Escape")
	if !stillOpen(printDialog) {
		t.Fatal("Save to Text File withdrew the print request: its dialog closed")
	}
	// The print dialog that came "late" still prints.
	since := time.Now()
	p.answerDialog(win, printDialog, "late-print", pickPrintToFile...)
	p.waitMessage("Saved the backup codes as a PDF: output.pdf in", "printed-late")
	pdf := checkPrinted(t, docs, since, codes, nil)
	checkMode(t, pdf, 0o600)
	p.key("Escape")
	p.quit()
}

// stillOpen reports whether a window named name is seen in the next two
// seconds: one xdotool search that times out on a loaded machine must not
// count as the window having closed (a closed one is never seen again).
func stillOpen(name string) bool {
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		if desktoptest.Visible(name) {
			return true
		}
	}
	return false
}
