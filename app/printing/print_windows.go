package printing

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	comdlg32 = windows.NewLazySystemDLL("comdlg32.dll")
	gdi32    = windows.NewLazySystemDLL("gdi32.dll")
	user32   = windows.NewLazySystemDLL("user32.dll")
	ole32    = windows.NewLazySystemDLL("ole32.dll")
	kernel32 = windows.NewLazySystemDLL("kernel32.dll")
	winspool = windows.NewLazySystemDLL("winspool.drv")

	procPrintDlgExW          = comdlg32.NewProc("PrintDlgExW")
	procCommDlgExtendedError = comdlg32.NewProc("CommDlgExtendedError")
	procStartDocW            = gdi32.NewProc("StartDocW")
	procStartPage            = gdi32.NewProc("StartPage")
	procEndPage              = gdi32.NewProc("EndPage")
	procEndDoc               = gdi32.NewProc("EndDoc")
	procAbortDoc             = gdi32.NewProc("AbortDoc")
	procDeleteDC             = gdi32.NewProc("DeleteDC")
	procGetDeviceCaps        = gdi32.NewProc("GetDeviceCaps")
	procCreateFontW          = gdi32.NewProc("CreateFontW")
	procSelectObject         = gdi32.NewProc("SelectObject")
	procDeleteObject         = gdi32.NewProc("DeleteObject")
	procTextOutW             = gdi32.NewProc("TextOutW")
	procGetForegroundWindow  = user32.NewProc("GetForegroundWindow")
	procGetDesktopWindow     = user32.NewProc("GetDesktopWindow")
	procCoInitializeEx       = ole32.NewProc("CoInitializeEx")
	procCoUninitialize       = ole32.NewProc("CoUninitialize")
	procGlobalFree           = kernel32.NewProc("GlobalFree")
	procEnumPrintersW        = winspool.NewProc("EnumPrintersW")
)

// printDlgEx is PRINTDLGEXW. On 64-bit Windows commdlg.h uses natural
// alignment, which Go's layout matches; on 32-bit every field is 4 bytes,
// so packing does not change it either.
type printDlgEx struct {
	structSize        uint32
	owner             windows.HWND
	devMode           windows.Handle
	devNames          windows.Handle
	dc                windows.Handle
	flags             uint32
	flags2            uint32
	exclusionFlags    uint32
	pageRanges        uint32
	maxPageRanges     uint32
	pageRangesPtr     uintptr
	minPage           uint32
	maxPage           uint32
	copies            uint32
	instance          windows.Handle
	printTemplateName *uint16
	callback          uintptr
	propertyPages     uint32
	propertyPagesPtr  uintptr
	startPage         uint32
	resultAction      uint32
}

// docInfo is DOCINFOW.
type docInfo struct {
	size     int32
	docName  *uint16
	output   *uint16
	datatype *uint16
	fwType   uint32
}

const (
	pdReturnDC                = 0x00000100
	pdNoPageNums              = 0x00000008
	pdNoSelection             = 0x00000004
	pdNoCurrentPage           = 0x00800000
	pdUseDevModeCopiesAndColl = 0x00040000
	startPageGeneral          = 0xFFFFFFFF
	coinitApartmentThreaded   = 0x2
	logPixelsX, logPixelsY    = 88, 90
	horzRes, vertRes          = 8, 10
	fwNormal, fwBold          = 400, 700
	fixedPitchModern          = 0x01 | 0x30 // FIXED_PITCH | FF_MODERN
	defaultCharset            = 1
	cleartypeQuality          = 5
)

// PrintOutcome shows the Windows print dialog (PrintDlgEx) and draws
// job.Lines on the chosen printer with GDI, in Consolas, one line after
// another, on as many pages as they need. job.PDF is not used: Windows
// has no system PDF printing a program can rely on. It returns
// ErrCancelled when the person cancels, ErrNoPrinter when no printer is
// installed (see dialogResult). The dialog is modal and cannot
// be closed from ctx; ctx is checked before it opens and before drawing.
// The Outcome is always empty: a printer driver that writes a file
// (Microsoft Print to PDF) asks for its name itself and does not say.
func PrintOutcome(ctx context.Context, job Job) (Outcome, error) {
	if err := ctx.Err(); err != nil {
		return Outcome{}, err
	}
	if len(job.Lines) == 0 {
		return Outcome{}, errors.New("print: no lines to print")
	}
	if err := procPrintDlgExW.Find(); err != nil {
		return Outcome{}, fmt.Errorf("%w: %w", ErrNoDialog, err)
	}
	errc := make(chan error, 1)
	go func() {
		// The dialog needs a COM apartment on a thread of its own.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		errc <- printOnThread(ctx, job)
	}()
	return Outcome{}, <-errc
}

func printOnThread(ctx context.Context, job Job) error {
	if hr, _, _ := procCoInitializeEx.Call(0, coinitApartmentThreaded); int32(hr) >= 0 {
		defer procCoUninitialize.Call()
	}
	owner, _, _ := procGetForegroundWindow.Call()
	if owner == 0 {
		owner, _, _ = procGetDesktopWindow.Call()
	}
	pd := printDlgEx{
		owner:     windows.HWND(owner),
		flags:     pdReturnDC | pdNoPageNums | pdNoSelection | pdNoCurrentPage | pdUseDevModeCopiesAndColl,
		copies:    1,
		startPage: startPageGeneral,
	}
	pd.structSize = uint32(unsafe.Sizeof(pd))
	hr, _, _ := procPrintDlgExW.Call(uintptr(unsafe.Pointer(&pd)))
	defer func() {
		for _, h := range []windows.Handle{pd.devMode, pd.devNames} {
			if h != 0 {
				procGlobalFree.Call(uintptr(h))
			}
		}
		if pd.dc != 0 {
			procDeleteDC.Call(uintptr(pd.dc))
		}
	}()
	var ext uintptr
	printers := 1
	if int32(hr) < 0 || pd.resultAction != pdResultPrint {
		ext, _, _ = procCommDlgExtendedError.Call()
		printers = printerCount()
	}
	if err := dialogResult(int32(hr), pd.resultAction, uint32(ext), printers); err != nil {
		return err
	}
	if pd.dc == 0 {
		return errors.New("print dialog returned no printer")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return draw(pd.dc, job)
}

// printerCount tells whether this user has any printer, local or a
// connection: 0 none, 1 at least one, -1 when Windows does not say.
// EnumPrinters with no buffer succeeds only when there is nothing to
// list, and otherwise asks for room.
func printerCount() int {
	const flags = 0x2 | 0x4 // PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS
	var needed, returned uint32
	r, _, err := procEnumPrintersW.Call(flags, 0, 4, 0, 0,
		uintptr(unsafe.Pointer(&needed)), uintptr(unsafe.Pointer(&returned)))
	switch {
	case r != 0:
		return int(returned)
	case errors.Is(err, windows.ERROR_INSUFFICIENT_BUFFER) && needed > 0:
		return 1
	default:
		return -1
	}
}

// draw prints lines in 11-point Consolas with one-inch margins.
func draw(dc windows.Handle, job Job) error {
	caps := func(i int) int32 {
		v, _, _ := procGetDeviceCaps.Call(uintptr(dc), uintptr(i))
		return int32(v)
	}
	dpiX, dpiY := caps(logPixelsX), caps(logPixelsY)
	width, height := caps(horzRes), caps(vertRes)
	if dpiX <= 0 || dpiY <= 0 || height <= 0 || width <= 0 {
		return errors.New("print: the printer reported no page size")
	}
	face, err := windows.UTF16PtrFromString("Consolas")
	if err != nil {
		return err
	}
	lineHeight := 11 * dpiY / 72
	font, _, _ := procCreateFontW.Call(uintptr(-lineHeight), 0, 0, 0, fwNormal, 0, 0, 0,
		defaultCharset, 0, 0, cleartypeQuality, fixedPitchModern, uintptr(unsafe.Pointer(face)))
	if font == 0 {
		return errors.New("print: cannot create the font")
	}
	defer procDeleteObject.Call(font)

	name, err := windows.UTF16PtrFromString(job.Title)
	if err != nil {
		return fmt.Errorf("print: title: %w", err)
	}
	di := docInfo{docName: name}
	di.size = int32(unsafe.Sizeof(di))
	if r, _, e := procStartDocW.Call(uintptr(dc), uintptr(unsafe.Pointer(&di))); int32(r) <= 0 {
		return fmt.Errorf("print: start document: %w", e)
	}
	ok := false
	defer func() {
		if !ok {
			procAbortDoc.Call(uintptr(dc))
		}
	}()
	marginX, marginY := dpiX, dpiY // one inch, less the unprintable edge
	step := lineHeight * 14 / 10
	y := height // forces a first page
	pageOpen := false
	for _, line := range job.Lines {
		if y+step > height-marginY {
			if pageOpen {
				if r, _, e := procEndPage.Call(uintptr(dc)); int32(r) <= 0 {
					return fmt.Errorf("print: end page: %w", e)
				}
			}
			if r, _, e := procStartPage.Call(uintptr(dc)); int32(r) <= 0 {
				return fmt.Errorf("print: start page: %w", e)
			}
			// StartPage resets the device context: select the font again.
			procSelectObject.Call(uintptr(dc), font)
			pageOpen, y = true, marginY
		}
		if line != "" {
			u, err := windows.UTF16FromString(line)
			if err != nil {
				return fmt.Errorf("print: line: %w", err)
			}
			u = u[:len(u)-1] // TextOutW takes a length, not a terminator
			if r, _, e := procTextOutW.Call(uintptr(dc), uintptr(marginX), uintptr(y),
				uintptr(unsafe.Pointer(&u[0])), uintptr(len(u))); r == 0 {
				return fmt.Errorf("print: draw text: %w", e)
			}
		}
		y += step
	}
	if pageOpen {
		if r, _, e := procEndPage.Call(uintptr(dc)); int32(r) <= 0 {
			return fmt.Errorf("print: end page: %w", e)
		}
	}
	if r, _, e := procEndDoc.Call(uintptr(dc)); int32(r) <= 0 {
		return fmt.Errorf("print: end document: %w", e)
	}
	ok = true
	return nil
}
