//go:build linux

package printing_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/app/sheet"
	"github.com/sparekey/sparekey/internal/desktoptest"
)

var testSheet = sheet.Sheet{
	Site:      "Sparekey",
	Username:  "alice",
	Generated: time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC),
	// Codes 2, 5 and 9 of the set were used, so they are left out.
	Codes: []string{
		"7K3M-Q9TX-2WAB-CDE4", "M5QX-7B3K-9D2T-WRA8", "Z0C4-E6GH-8JKM-NPQ2",
		"ABCD-EFGH-JKMN-PQR8", "S9T8-V7W6-X5Y4-Z3A1", "2B4D-6F8H-0K2M-4P6Q",
		"WXYZ-ABCD-EFGH-JKM0",
	},
}

var codeRE = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// startPrint runs Print in the background with a title of its own and
// returns the GTK print dialog's window, its title and the channel
// Print's error arrives on.
func startPrint(t *testing.T) (win, title string, done <-chan error) {
	t.Helper()
	pdf, err := testSheet.PDF()
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	title = "Sparekey print test " + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	errc := make(chan error, 1)
	go func() {
		errc <- printing.Print(ctx, printing.Job{Title: title, PDF: pdf, Lines: testSheet.Lines()})
	}()
	return desktoptest.WaitWindow(t, "^"+regexp.QuoteMeta(title)+"$"), title, errc
}

// printAnswering needs a printer and the portals, starts a print job,
// answers its dialog with key and returns the printer's output folder,
// when the job started, and what Print returned.
func printAnswering(t *testing.T, key string) (string, time.Time, error) {
	t.Helper()
	out := desktoptest.RequirePrinter(t)
	desktoptest.StartPortals(t)
	since := time.Now()
	win, title, done := startPrint(t)
	desktoptest.Answer(t, win, title, key)
	return out, since, desktoptest.Receive(t, done, 90*time.Second, "Print")
}

// TestPrintToCUPS prints through the real chain: portal, GTK print
// dialog (Return presses Print; the cups-pdf queue is the default), CUPS
// and cups-pdf. It is judged by the PDF cups-pdf writes, never by the
// portal's answer, which can say 0 for a dropped job. A dialog that does
// not close on Return fails it at once, with a screenshot and a sentence
// saying whether the environment is to blame (desktoptest.Answer).
func TestPrintToCUPS(t *testing.T) {
	out, since, err := printAnswering(t, "Return")
	if err != nil {
		t.Errorf("Print: %v", err)
	}
	text := desktoptest.PDFText(t, desktoptest.NewestPDF(t, out, since))
	if got := codeRE.FindAllString(text, -1); !slices.Equal(got, testSheet.Codes) {
		t.Errorf("printed codes = %q, want exactly %q\n%s", got, testSheet.Codes, text)
	}
}

// TestPrintCancel presses Escape in the print dialog: Print reports
// ErrCancelled and CUPS writes nothing.
func TestPrintCancel(t *testing.T) {
	out, since, err := printAnswering(t, "Escape")
	if !errors.Is(err, printing.ErrCancelled) {
		t.Errorf("Print = %v, want ErrCancelled", err)
	}
	// Give a job that should not exist the time a real one takes.
	time.Sleep(5 * time.Second)
	if pdfs := desktoptest.PDFsSince(t, out, since); len(pdfs) > 0 {
		t.Errorf("a cancelled print wrote %q", pdfs)
	}
}

func TestPrintNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sparekey-test-bus")
	pdf, err := testSheet.PDF()
	if err != nil {
		t.Fatal(err)
	}
	err = printing.Print(context.Background(), printing.Job{Title: "x", PDF: pdf})
	if !errors.Is(err, printing.ErrNoDialog) {
		t.Fatalf("Print = %v, want ErrNoDialog", err)
	}
}
