//go:build e2e && wine

package e2e

import (
	"os"
	"testing"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// Print under Wine: PrintDlgEx to CUPS, and with no printer at all.

// TestWinePrint prints the codes through Wine's PrintDlgEx to the
// default printer, CUPS's queue PDF (cups-pdf), and reads the PDF back.
// It uses a data folder of its own inside the prefix.
func TestWinePrint(t *testing.T) {
	e, w := newWine(t)
	pdfDir := os.Getenv("SPAREKEY_TEST_PDF_DIR")
	if pdfDir == "" {
		t.Skip("no CUPS queue PDF (SPAREKEY_TEST_PDF_DIR is not set)")
	}
	e.data += "-print"
	// A run that got no PDF may have left its account (the script runs
	// this test again with another scheduler).
	if err := os.RemoveAll(e.data); err != nil {
		t.Fatal(err)
	}
	p := w.start(e, "--data-dir", w.winePath(t, e.data))
	p.createAccount("erin")
	p.enrol()
	codes := p.storeCodes(10)
	p.showBackupCodes("codes")
	since := time.Now()
	p.key("ctrl+p")
	dlg := desktoptest.WaitWindow(t, "^Print$")
	time.Sleep(1500 * time.Millisecond)
	p.shotWindow(dlg, "wine-print-dialog")
	desktoptest.PressKey(t, dlg, "Return")
	pdf := checkPrinted(t, pdfDir, since, codes, nil)
	t.Logf("STEP print through PrintDlgEx to the CUPS queue PDF: %s holds the 10 codes", pdf)
	p.waitMessage("The backup codes were sent to the printer.", "wine-printed")
	w.quit(p)
	wantEvents(t, w.inspectVault(e), "codes-generated", "codes-copied", "codes-printed")
}

// printWithoutPrinter presses Print (Ctrl+P on Backup Codes) with no
// CUPS scheduler to be found: Wine's dialog says a printer must be
// installed; once that is dismissed, the app must say so in its own
// sentence, not "Printing cancelled".
func (w *wine) printWithoutPrinter(p *proc) {
	t := p.e.t
	t.Helper()
	p.showBackupCodes("no-printer")
	p.key("ctrl+p")
	box := desktoptest.WaitWindow(t, "^Print")
	time.Sleep(1000 * time.Millisecond)
	p.shotWindow(box, "wine-no-printer-box")
	desktoptest.PressKey(t, box, "Return")
	p.waitMessage("No printer is installed, so nothing was printed.", "wine-no-printer")
	t.Logf("STEP Print with no printer: Wine's box (screenshot), then the app's own sentence \"No printer is installed, so nothing was printed. …\"")
	p.key("Escape")
}
