package printing

import (
	"errors"
	"strings"
	"testing"
)

// TestDialogResult: PrintDlgEx's answers, as Windows and Wine give them.
func TestDialogResult(t *testing.T) {
	const sOK, eFail = 0, -0x7fffbffb // S_OK, E_FAIL (0x80004005)
	for _, c := range []struct {
		name        string
		hr          int32
		action, ext uint32
		printers    int
		want        error
	}{
		{"printed", sOK, pdResultPrint, 0, 1, nil},
		{"cancelled by the person", sOK, pdResultCancel, 0, 2, ErrCancelled},
		{"cancelled, printers unknown", sOK, pdResultCancel, 0, -1, ErrCancelled},
		{"applied, then cancelled", sOK, 2, 0, 1, ErrCancelled},
		{"Wine: 'install a printer', then S_OK and cancel", sOK, pdResultCancel, 0, 0, ErrNoPrinter},
		{"cancel with PDERR_NODEFAULTPRN", sOK, pdResultCancel, pdErrNoDefaultPrn, -1, ErrNoPrinter},
		{"failed: no default printer", eFail, 0, pdErrNoDefaultPrn, -1, ErrNoPrinter},
		{"failed: no printer drivers", eFail, 0, pdErrNoDevices, 1, ErrNoPrinter},
		{"failed, no printer at all", eFail, 0, 0, 0, ErrNoPrinter},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := dialogResult(c.hr, c.action, c.ext, c.printers)
			if !errors.Is(got, c.want) || (c.want == nil) != (got == nil) {
				t.Fatalf("dialogResult(%#x, %d, %#x, %d) = %v, want %v", uint32(c.hr), c.action, c.ext, c.printers, got, c.want)
			}
		})
	}
	// Any other failure is neither a cancel nor "no printer", and names
	// its codes.
	err := dialogResult(eFail, 0, 0x1009, 1) // PDERR_PRINTERNOTFOUND
	if err == nil || errors.Is(err, ErrCancelled) || errors.Is(err, ErrNoPrinter) || !strings.Contains(err.Error(), "0x1009") {
		t.Fatalf("an unknown failure gives %v", err)
	}
	if errors.Is(ErrNoPrinter, ErrNoDialog) {
		t.Fatal("ErrNoPrinter must not be ErrNoDialog: opening the PDF instead needs a printer too")
	}
}
