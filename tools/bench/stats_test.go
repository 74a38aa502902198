package main

// Tests of the benchmark's arithmetic and of its XWD reader.

import (
	"bytes"
	"encoding/binary"
	"testing"
)

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		in             []float64
		med, min, maxV float64
	}{
		{[]float64{3, 1, 2}, 2, 1, 3},
		{[]float64{4, 1, 3, 2}, 2.5, 1, 4},
		{[]float64{7}, 7, 7, 7},
	} {
		s := summarize(tc.in)
		if s.median != tc.med || s.min != tc.min || s.max != tc.maxV || s.n != len(tc.in) {
			t.Errorf("summarize(%v) = %+v, want median %v range %v–%v", tc.in, s, tc.med, tc.min, tc.maxV)
		}
	}
	if got := ratio(summarize([]float64{3}), summarize([]float64{0})); got != "—" {
		t.Errorf("ratio to zero = %q, want —", got)
	}
}

// xwdImage builds an XWD file of a w×h 32-bit image from pixel values,
// with a name and 2 colour map entries, rows padded by 4 bytes.
func xwdImage(t *testing.T, w, h int, px func(x, y int) uint32) []byte {
	t.Helper()
	name := []byte("win\x00")
	hdr := xwdHeader{FileVersion: 7, PixmapFormat: 2, PixmapDepth: 24, PixmapWidth: uint32(w),
		PixmapHeight: uint32(h), BitsPerPixel: 32, BytesPerLine: uint32(4*w + 4), NColors: 2}
	hdr.HeaderSize = uint32(binary.Size(hdr) + len(name))
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, hdr)
	b.Write(name)
	b.Write(make([]byte, 24))
	for y := range h {
		for x := range w {
			binary.Write(&b, binary.LittleEndian, px(x, y))
		}
		b.Write([]byte{9, 9, 9, 9}) // padding that must be ignored
	}
	return b.Bytes()
}

func TestParseXWD(t *testing.T) {
	flat, err := parseXWD(xwdImage(t, 5, 3, func(int, int) uint32 { return 0x202020 }))
	if err != nil {
		t.Fatal(err)
	}
	if !flat.uniform() || flat.w != 5 || flat.h != 3 {
		t.Fatalf("flat image: uniform %v, %d×%d; want uniform 5×3", flat.uniform(), flat.w, flat.h)
	}
	dot, err := parseXWD(xwdImage(t, 5, 3, func(x, y int) uint32 {
		if x == 4 && y == 2 {
			return 0xffffff
		}
		return 0x202020
	}))
	if err != nil {
		t.Fatal(err)
	}
	if dot.uniform() || differing(flat, dot) != 1 {
		t.Fatalf("one changed pixel: uniform %v, %d differing; want false, 1", dot.uniform(), differing(flat, dot))
	}
	if _, err := parseXWD([]byte("short")); err == nil {
		t.Fatal("a truncated file parsed")
	}
}
