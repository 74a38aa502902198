// Package printing prints a document through the operating system's own
// print dialog, and opens it in the default viewer where there is none.
//
// One Job carries the document in both forms the platforms need: a PDF
// for Linux and FreeBSD (the XDG desktop portal prints PDFs) and macOS
// (the PDF opens in Preview, where ⌘P prints), and plain text lines for
// Windows, which draws them itself with GDI after PrintDlgEx. Callers
// fill both from one model (see app/sheet), so every platform prints the
// same content.
//
// Print and PrintOutcome block until the person has printed or
// cancelled; run them off the UI thread. PrintOutcome also tells where
// the job went when the dialog printed to a file (GTK's "Print to File",
// the only choice on a desktop without printers), and makes that file
// private, since it holds whatever was printed.
package printing

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sparekey/sparekey/internal/filename"
)

var (
	// ErrCancelled means the person dismissed the print dialog; nothing
	// was printed.
	ErrCancelled = errors.New("printing cancelled")
	// ErrNoDialog means there is no print dialog to show (no portal, no
	// print service, or an unsupported system); the caller then offers
	// to open the PDF with OpenPDF.
	ErrNoDialog = errors.New("no print dialog available")
	// ErrNoPrinter means the system's print dialog could not offer a
	// printer because none is installed (Windows; GTK's dialog always
	// offers Print to File). Nothing was printed.
	ErrNoPrinter = errors.New("no printer installed")
)

// Job is what to print.
type Job struct {
	// Title names the dialog's window and the print job.
	Title string
	// PDF is the document; Linux, FreeBSD and macOS print it.
	PDF []byte
	// Lines is the same content as text, one element a line; Windows
	// draws these in a monospaced font.
	Lines []string
	// OpenDir is the private folder (see OpenPDF) where macOS writes the
	// PDF it opens in Preview; other systems do not use it.
	OpenDir string
}

// Outcome is where a printed job went, as far as the system says.
type Outcome struct {
	// File is the PDF the dialog printed to when the person chose to
	// print to a file; "" when the job went to a printer, or the system
	// does not say. It is only set for a regular file of this user that
	// has been made private (mode 0600).
	File string
}

// Print prints job through the system's print dialog (see PrintOutcome)
// for callers that need not know where the job went.
func Print(ctx context.Context, job Job) error {
	_, err := PrintOutcome(ctx, job)
	return err
}

// DefaultOpenDir is the folder for PDFs opened in a viewer when the
// caller names none: os.UserCacheDir()/sparekey/print. The app resolves
// it once and passes it on; tests pass a temp dir, so that they never
// touch the user's cache.
func DefaultOpenDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the folder for PDFs to open: %w", err)
	}
	return filepath.Join(cache, "sparekey", "print"), nil
}

// writeToOpenDir writes pdf as name into the open folder dir, creating
// the folder private (0700) and the file 0600, and returns its path.
func writeToOpenDir(dir string, pdf []byte, name string) (string, error) {
	if dir == "" {
		return "", errors.New("no folder for PDFs to open")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	// MkdirAll leaves an existing folder as it is; the sheet holds
	// secrets, so make sure no one else can look in.
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("make %s private: %w", dir, err)
	}
	path := filepath.Join(dir, pdfName(name))
	if err := os.WriteFile(path+".tmp", pdf, 0o600); err != nil {
		os.Remove(path + ".tmp")
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		os.Remove(path + ".tmp")
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return path, nil
}

// pdfName makes name a safe base name ending in .pdf; a .txt or .pdf
// ending already there is replaced, so a sheet's text-file name serves.
func pdfName(name string) string {
	if ext := strings.ToLower(filepath.Ext(name)); ext == ".pdf" || ext == ".txt" {
		name = name[:len(name)-len(ext)]
	}
	name = filename.Safe(name)
	name = strings.Trim(name, ". ")
	if name == "" {
		name = "document"
	}
	return name + ".pdf"
}

// OpenPDF writes pdf as name (with its .txt or .pdf ending, if any,
// replaced by .pdf) into the open folder dir, which it makes private
// (0700) and CleanOpenDir empties, opens it in the default PDF viewer and
// returns its path. It returns once the viewer has been started.
func OpenPDF(dir string, pdf []byte, name string) (string, error) {
	path, err := writeToOpenDir(dir, pdf, name)
	if err != nil {
		return "", err
	}
	if err := openFile(path); err != nil {
		return path, fmt.Errorf("open %s in the default viewer: %w", path, err)
	}
	return path, nil
}

// CleanOpenDir removes everything in the open folder dir (not the folder
// itself). The app calls it at start, at sign-out and at quit, so sheets
// opened for printing do not stay on disk. A missing folder, or "", is
// not an error.
func CleanOpenDir(dir string) error {
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("empty %s: %w", dir, err)
	}
	var errs []error
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("empty %s: %w", dir, err)
	}
	return nil
}
