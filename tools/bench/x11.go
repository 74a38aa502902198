package main

// The X side of the benchmark: finding windows, reading their titles,
// pressing keys and capturing their pixels, all through the X tools a
// person's session has (xdotool, xwd, xclip), so nothing inside the
// measured process is touched.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// run runs an X tool with a deadline and returns its standard output.
func run(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return out, fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return out, nil
}

// visibleWindow returns the first visible window of process pid, or "".
func visibleWindow(pid int) string {
	out, _ := run("xdotool", "search", "--all", "--onlyvisible", "--pid", strconv.Itoa(pid), "--name", ".")
	if ids := strings.Fields(string(out)); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// title is the window's name ("" when it cannot be read).
func title(win string) string {
	out, err := run("xdotool", "getwindowname", win)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// keys focuses win and presses keys (xdotool names), one after another.
func keys(win string, names ...string) error {
	if _, err := run("xdotool", "windowfocus", "--sync", win); err != nil {
		return err
	}
	_, err := run("xdotool", append([]string{"key", "--clearmodifiers"}, names...)...)
	return err
}

// typeText focuses win and types text as a person would.
func typeText(win, text string) error {
	if _, err := run("xdotool", "windowfocus", "--sync", win); err != nil {
		return err
	}
	_, err := run("xdotool", "type", "--clearmodifiers", "--delay", "30", text)
	return err
}

// clipboardText is what the X clipboard holds now.
func clipboardText() string {
	out, _ := run("xclip", "-o", "-selection", "clipboard")
	return strings.TrimSpace(string(out))
}

// frame is one capture of a window's pixels: its size and, per pixel,
// the pixel's bytes as the X server gave them.
type frame struct {
	w, h, bpp int
	pix       []byte // rows of w*bpp bytes, padding removed
}

// capture grabs window win's pixels with xwd.
func capture(win string) (*frame, error) {
	out, err := run("xwd", "-id", win, "-silent")
	if err != nil {
		return nil, err
	}
	return parseXWD(out)
}

// The fields of an XWD header, in order, each a 32-bit word.
type xwdHeader struct {
	HeaderSize, FileVersion, PixmapFormat, PixmapDepth, PixmapWidth, PixmapHeight uint32
	XOffset, ByteOrder, BitmapUnit, BitmapBitOrder, BitmapPad, BitsPerPixel       uint32
	BytesPerLine, VisualClass, RedMask, GreenMask, BlueMask, BitsPerRGB           uint32
	ColormapEntries, NColors, WindowWidth, WindowHeight, WindowX, WindowY, Border uint32
}

// parseXWD reads a ZPixmap XWD file (what xwd writes for a TrueColor
// window): a big-endian header, the window name, a colour map of
// NColors 12-byte entries, then the rows.
func parseXWD(data []byte) (*frame, error) {
	var h xwdHeader
	if err := binary.Read(bytes.NewReader(data), binary.BigEndian, &h); err != nil {
		return nil, fmt.Errorf("xwd header: %w", err)
	}
	if h.FileVersion != 7 || h.PixmapFormat != 2 || h.BitsPerPixel%8 != 0 || h.BitsPerPixel == 0 {
		return nil, fmt.Errorf("xwd: unsupported image (version %d, format %d, %d bits a pixel)",
			h.FileVersion, h.PixmapFormat, h.BitsPerPixel)
	}
	f := &frame{w: int(h.PixmapWidth), h: int(h.PixmapHeight), bpp: int(h.BitsPerPixel / 8)}
	start := int(h.HeaderSize) + 12*int(h.NColors)
	row, stride := f.w*f.bpp, int(h.BytesPerLine)
	if stride < row || start+stride*(f.h-1)+row > len(data) {
		return nil, errors.New("xwd: image shorter than its header says")
	}
	f.pix = make([]byte, 0, row*f.h)
	for y := range f.h {
		f.pix = append(f.pix, data[start+y*stride:start+y*stride+row]...)
	}
	return f, nil
}

// uniform reports whether every pixel of the frame is the same colour:
// a window that the app has not painted yet (or painted only with its
// background) is uniform.
func (f *frame) uniform() bool {
	if len(f.pix) < f.bpp {
		return true
	}
	first := f.pix[:f.bpp]
	for i := f.bpp; i+f.bpp <= len(f.pix); i += f.bpp {
		if !bytes.Equal(f.pix[i:i+f.bpp], first) {
			return false
		}
	}
	return true
}

// differing counts the pixels that differ between two frames of one
// window; frames of different sizes differ everywhere.
func differing(a, b *frame) int {
	if a.w != b.w || a.h != b.h || a.bpp != b.bpp {
		return max(a.w*a.h, b.w*b.h)
	}
	n := 0
	for i := 0; i+a.bpp <= len(a.pix); i += a.bpp {
		if !bytes.Equal(a.pix[i:i+a.bpp], b.pix[i:i+a.bpp]) {
			n++
		}
	}
	return n
}
