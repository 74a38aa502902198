package printing

import "fmt"

// What the Windows print dialog (PrintDlgEx) gives back, and what it
// means. This file has no build constraint so that its test runs on
// every system; only print_windows.go calls it.
const (
	pdResultCancel    = 0      // PD_RESULT_CANCEL
	pdResultPrint     = 1      // PD_RESULT_PRINT
	pdErrNoDefaultPrn = 0x1008 // PDERR_NODEFAULTPRN (cderr.h)
	pdErrNoDevices    = 0x1007 // PDERR_NODEVICES
)

// dialogResult turns PrintDlgEx's HRESULT, its dwResultAction,
// CommDlgExtendedError's code and the number of installed printers (0
// none, more than 0 some, -1 unknown) into nil (print), ErrNoPrinter,
// ErrCancelled or an error that names the codes.
//
// "No printer" comes two ways. Windows may fail the call (E_FAIL) with
// PDERR_NODEFAULTPRN or PDERR_NODEVICES. Wine 8 shows "you need to
// install a printer", then returns S_OK, PD_RESULT_CANCEL and
// CommDlgExtendedError 0, exactly as for a person's cancel (seen under
// scripts/windows-journey.sh). So a dialog that did not print, on a
// system with no printer at all, is "no printer": the person could not
// have chosen one.
func dialogResult(hr int32, action uint32, ext uint32, printers int) error {
	noPrinter := ext == pdErrNoDefaultPrn || ext == pdErrNoDevices || printers == 0
	switch {
	case hr < 0 && noPrinter:
		return ErrNoPrinter
	case hr < 0:
		return fmt.Errorf("print dialog failed: hresult %#x, error %#x", uint32(hr), ext)
	case action == pdResultPrint:
		return nil
	case noPrinter:
		return ErrNoPrinter
	default: // PD_RESULT_CANCEL, or PD_RESULT_APPLY (Apply, then Cancel)
		return ErrCancelled
	}
}
