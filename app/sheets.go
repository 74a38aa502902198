package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/app/savefile"
	"github.com/sparekey/sparekey/app/sheet"
	"github.com/sparekey/sparekey/vault"
)

// The details the log records with a print or a save (Event.Detail).
const (
	DetailPrintedToFile  = "to a PDF file"
	DetailOpenedAsPDF    = "opened as PDF"
	DetailWrittenInPlace = "written in place"
)

// ErrNothingToPrint: the set has no unused code left.
var ErrNothingToPrint = errors.New("no unused backup codes")

// CodeSheet is the sheet of the codes the person may see now: the set
// waiting to be acknowledged, or, in sudo mode, the current set. Only
// unused codes are on it.
func (a *App) CodeSheet() (sheet.Sheet, error) {
	s, set, err := a.visibleCodes()
	if err != nil {
		return sheet.Sheet{}, err
	}
	inf := s.acct.Info()
	sh := sheet.Sheet{Site: inf.Site, Username: inf.Username, Generated: set.Created,
		Codes: set.Active(), Location: time.Local, Words: a.sheetWords()}
	if len(sh.Codes) == 0 {
		return sheet.Sheet{}, ErrNothingToPrint
	}
	return sh, nil
}

// sheetWords is the wording of the sheets made now.
func (a *App) sheetWords() *sheet.Words {
	if a.cfg.SheetWords == nil {
		return nil
	}
	w := a.cfg.SheetWords()
	return &w
}

// visibleCodes returns the set the session may show without asking for
// the password: the unacknowledged one right after it was made, or any
// set in sudo mode.
func (a *App) visibleCodes() (*session, vault.CodeSet, error) {
	if a.Step() == StepSaveCodes {
		s, err := a.signedIn()
		if err != nil {
			return nil, vault.CodeSet{}, err
		}
		return s, s.acct.Codes(), nil
	}
	s, err := a.sudo()
	if err != nil {
		return nil, vault.CodeSet{}, err
	}
	return s, s.acct.Codes(), nil
}

// PrintCodes prints the sheet through the system's print dialog and logs
// it. file is the PDF the person printed to when they chose the dialog's
// "Print to File" (made private, 0600), or "" when the job went to a
// printer. It returns printing.ErrCancelled when the person cancels, and
// printing.ErrNoDialog when there is no dialog (then offer OpenCodesPDF).
func (a *App) PrintCodes(ctx context.Context) (file string, err error) {
	a.blocking("PrintCodes")
	sh, pdf, err := a.sheetPDF()
	if err != nil {
		return "", err
	}
	printOut := a.cfg.Print
	if printOut == nil {
		printOut = printing.PrintOutcome
	}
	job := printing.Job{Title: sh.Title(), PDF: pdf, Lines: sh.Lines(), OpenDir: a.cfg.OpenDir}
	out, err := printOut(ctx, job)
	if err != nil {
		return "", err
	}
	detail := ""
	if out.File != "" {
		detail = DetailPrintedToFile
	}
	return out.File, a.record(vault.EventCodesPrinted, detail)
}

// sheetPDF is the sheet of the codes showing and its PDF rendering.
func (a *App) sheetPDF() (sheet.Sheet, []byte, error) {
	sh, err := a.CodeSheet()
	if err != nil {
		return sh, nil, err
	}
	pdf, err := sh.PDF()
	if err != nil {
		return sh, nil, fmt.Errorf("render the sheet: %w", err)
	}
	return sh, pdf, nil
}

// OpenCodesPDF opens the sheet as a PDF in the default viewer, from a
// private folder (Config.OpenDir) emptied at start, at sign-out and at
// Close, and logs it.
func (a *App) OpenCodesPDF() (string, error) {
	a.blocking("OpenCodesPDF")
	sh, pdf, err := a.sheetPDF()
	if err != nil {
		return "", err
	}
	path, err := printing.OpenPDF(a.cfg.OpenDir, pdf, sheet.FileName(sh.Site, sh.Username))
	if err != nil {
		return path, err
	}
	return path, a.record(vault.EventCodesPrinted, DetailOpenedAsPDF)
}

// SaveFileName is the name the save dialog proposes, e.g.
// sparekey_backup_codes_alice.txt.
func (a *App) SaveFileName() (string, error) {
	s, err := a.signedIn()
	if err != nil {
		return "", err
	}
	inf := s.acct.Info()
	return sheet.FileName(inf.Site, inf.Username), nil
}

// ChooseSavePath asks the system's file chooser (XDG portal) where to
// save, starting in the home folder. It returns ErrNoFileChooser when
// there is none, so the caller shows its own dialog, and ErrSaveCancelled
// on cancel; ending ctx withdraws the chooser.
func (a *App) ChooseSavePath(ctx context.Context) (string, error) {
	a.blocking("ChooseSavePath")
	name, err := a.SaveFileName()
	if err != nil {
		return "", err
	}
	// Otherwise the chooser starts wherever the portal was started.
	folder, _ := os.UserHomeDir()
	title := sheet.English.SaveDialog
	if w := a.sheetWords(); w != nil {
		title = w.SaveDialog
	}
	return savefile.ChoosePath(ctx, title, name, folder)
}

// SaveCodes writes the sheet's text to path atomically, mode 0600, and
// logs it. Errors wrap ErrNotWritable, ErrDiskFull or ErrFolderMissing.
func (a *App) SaveCodes(path string) error {
	a.blocking("SaveCodes")
	sh, err := a.CodeSheet()
	if err != nil {
		return err
	}
	if err := savefile.WriteAtomic(path, sh.Text()); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %w", ErrFolderMissing, err)
		}
		return err
	}
	return a.record(vault.EventCodesSaved, "")
}

// SaveCodesOver is SaveCodes for a file that a toolkit's save dialog has
// already emptied and opened as w (Fyne's does, before its callback runs).
// The atomic write comes first; if it fails, the sheet is written through
// w instead, so a file the person chose to overwrite is not left empty;
// the file is made 0600 first, and nothing is written when that fails.
// The atomic write's error is returned when the fallback fails too.
func (a *App) SaveCodesOver(path string, w io.Writer) error {
	err := a.SaveCodes(path)
	if err == nil || w == nil {
		return err
	}
	sh, serr := a.CodeSheet()
	if serr != nil {
		return err
	}
	// Fyne created the file with os.Create: 0666 less the umask, which
	// others can usually read. It becomes private before a code goes in,
	// or nothing goes in.
	if perr := makePrivate(path, w); perr != nil {
		return err
	}
	if _, werr := w.Write(sh.Text()); werr != nil {
		return err
	}
	return a.record(vault.EventCodesSaved, DetailWrittenInPlace)
}

// makePrivate gives the file w writes to mode 0600: through w itself
// where it can (Fyne's writer is an *os.File underneath), so the mode
// lands on the very file the codes go into, else by path.
func makePrivate(path string, w io.Writer) error {
	if f, ok := w.(interface{ Chmod(fs.FileMode) error }); ok {
		return f.Chmod(0o600)
	}
	return os.Chmod(path, 0o600)
}

func (a *App) record(kind vault.EventKind, detail string) error {
	s, err := a.signedIn()
	if err != nil {
		return err
	}
	return s.acct.Record(kind, detail)
}
