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

// dialogResult turns PrintDlgEx's HRESULT, its dwResultAction and
// CommDlgExtendedError's code into nil (print), ErrNoPrinter,
// ErrCancelled or an error that names the codes.
//
// "No printer" comes two ways: the call fails (E_FAIL) with
// PDERR_NODEFAULTPRN or PDERR_NODEVICES, or, as Wine does it, the
// dialog says "you need to install a printer", returns S_OK with
// PD_RESULT_CANCEL and leaves PDERR_NODEFAULTPRN behind. After a cancel
// by the person CommDlgExtendedError is 0, so a cancel that comes with
// one of those two codes was no person's choice.
func dialogResult(hr int32, action uint32, ext uint32) error {
	noPrinter := ext == pdErrNoDefaultPrn || ext == pdErrNoDevices
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
