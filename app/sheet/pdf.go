package sheet

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Page geometry in PDF points. The page is A4; everything is drawn inside
// a box that also fits US Letter (612 x 792) with the same margins, so
// the sheet prints whole on either paper, scaled or not.
const (
	pageW, pageH = 595.28, 841.89
	margin       = 72.0
	contentW     = pageW - 2*margin
	top          = pageH - margin

	titleSize = 16.0
	textSize  = 11.0
	codeSize  = 14.0
)

// monoFont is Go Mono parsed once: the glyph lookups the PDF needs and
// the metrics its font descriptor declares.
type monoFont struct {
	f         *sfnt.Font
	upem      float64
	advance   float64 // of one glyph, in 1/1000 em (Go Mono is monospaced)
	bbox      [4]float64
	ascent    float64
	descent   float64
	capHeight float64
}

var loadFont = sync.OnceValues(func() (*monoFont, error) {
	f, err := sfnt.Parse(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("parse go mono: %w", err)
	}
	var b sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm()) << 6 // sizes in font units
	m, err := f.Metrics(&b, upem, font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("go mono metrics: %w", err)
	}
	bounds, err := f.Bounds(&b, upem, font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("go mono bounds: %w", err)
	}
	q, err := f.GlyphIndex(&b, '?')
	if err != nil {
		return nil, fmt.Errorf("go mono glyph: %w", err)
	}
	adv, err := f.GlyphAdvance(&b, q, upem, font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("go mono advance: %w", err)
	}
	mf := &monoFont{f: f, upem: float64(f.UnitsPerEm())}
	scale := func(v fixed.Int26_6) float64 { return float64(v) / 64 * 1000 / mf.upem }
	mf.advance = scale(adv)
	// sfnt measures y downwards; PDF upwards.
	mf.bbox = [4]float64{scale(bounds.Min.X), -scale(bounds.Max.Y), scale(bounds.Max.X), -scale(bounds.Min.Y)}
	mf.ascent, mf.descent, mf.capHeight = scale(m.Ascent), -scale(m.Descent), scale(m.CapHeight)
	return mf, nil
})

// encoding gives each character a sheet uses a one-byte code of a simple
// TrueType font: printable ASCII keeps its own code (WinAnsiEncoding),
// other characters get codes from 128 on in order of first use, named
// uniXXXX in the font's /Differences. A simple font, unlike a CID font,
// keeps its glyph names through the print path (PDF to PostScript to
// PDF in CUPS), so text extraction still works on the printed copy.
type encoding struct {
	mf    *monoFont
	buf   sfnt.Buffer
	codes map[rune]byte
	extra []rune // the characters given codes 128, 129, ...
	ascii [128]bool
}

// code returns the code for r, or that of '?' when Go Mono has no glyph
// for r or the 128 extra codes are taken.
func (e *encoding) code(r rune) byte {
	if r >= ' ' && r <= '~' {
		e.ascii[r] = true
		return byte(r)
	}
	if c, ok := e.codes[r]; ok {
		return c
	}
	if g, err := e.mf.f.GlyphIndex(&e.buf, r); err != nil || g == 0 || len(e.extra) == 128 {
		return e.code('?')
	}
	c := byte(128 + len(e.extra))
	e.extra = append(e.extra, r)
	e.codes[r] = c
	return c
}

// hex encodes line as a PDF hex string of codes.
func (e *encoding) hex(line string) string {
	var h strings.Builder
	h.WriteByte('<')
	for _, r := range line {
		fmt.Fprintf(&h, "%02X", e.code(r))
	}
	h.WriteByte('>')
	return h.String()
}

// char returns the character behind code c and whether c is used.
func (e *encoding) char(c int) (rune, bool) {
	if c < 128 {
		return rune(c), e.ascii[c]
	}
	if i := c - 128; i < len(e.extra) {
		return e.extra[i], true
	}
	return 0, false
}

const firstChar = 32 // the space

func (e *encoding) lastChar() int { return 127 + len(e.extra) }

// widths is the /Widths array from FirstChar to LastChar, from the
// font's own advances (0 for codes not used).
func (e *encoding) widths() string {
	var out strings.Builder
	out.WriteByte('[')
	for c := firstChar; c <= e.lastChar(); c++ {
		if c > firstChar {
			out.WriteByte(' ')
		}
		w := 0.0
		if r, ok := e.char(c); ok {
			g, err := e.mf.f.GlyphIndex(&e.buf, r)
			if err == nil {
				var adv fixed.Int26_6
				adv, err = e.mf.f.GlyphAdvance(&e.buf, g, fixed.Int26_6(e.mf.upem)<<6, font.HintingNone)
				w = float64(adv) / 64 * 1000 / e.mf.upem
			}
			if err != nil {
				w = e.mf.advance
			}
		}
		out.WriteString(num(w))
	}
	out.WriteByte(']')
	return out.String()
}

// dict is the font's /Encoding entry.
func (e *encoding) dict() string {
	if len(e.extra) == 0 {
		return "/WinAnsiEncoding"
	}
	var d strings.Builder
	d.WriteString("<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128")
	for _, r := range e.extra {
		d.WriteString(" /" + glyphName(r))
	}
	d.WriteString("] >>")
	return d.String()
}

// glyphName is r's name by the Adobe Glyph List's uniXXXX convention,
// which PDF readers and PostScript converters map back to r.
func glyphName(r rune) string {
	if r > 0xFFFF {
		return fmt.Sprintf("u%05X", r)
	}
	return fmt.Sprintf("uni%04X", r)
}

// toUnicode is the CMap that maps each code used back to its character.
func (e *encoding) toUnicode() []byte {
	var used []int
	for c := firstChar; c <= e.lastChar(); c++ {
		if _, ok := e.char(c); ok {
			used = append(used, c)
		}
	}
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	for len(used) > 0 {
		n := min(len(used), 100) // a bfchar block holds at most 100 entries
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, c := range used[:n] {
			r, _ := e.char(c)
			fmt.Fprintf(&b, "<%02X> <", c)
			for _, u := range utf16Units(r) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		used = used[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// PDF renders the sheet as a one-page PDF: the same lines as Text, in Go
// Mono (embedded in full as a TrueType font, so the sheet looks the same
// on every printer), with an empty tick box beside each code.
//
// The file is written by hand rather than through a PDF library: it is a
// single page of text and a few rectangles, and doing it here keeps every
// byte under our control, which is what makes the output deterministic.
// The font is a simple TrueType font with a ToUnicode map and standard
// glyph names, so text extraction (and screen readers) give back the
// exact characters, also from a copy that went through a print system.
func (s Sheet) PDF() ([]byte, error) {
	mf, err := loadFont()
	if err != nil {
		return nil, err
	}
	lines := s.Lines()
	enc := &encoding{mf: mf, codes: map[rune]byte{}}

	var c bytes.Buffer
	y := top
	// fit returns the size at which n glyphs fill at most the content width.
	fit := func(size float64, n int, avail float64) float64 {
		if w := float64(n) * mf.advance / 1000 * size; w > avail {
			return size * avail / w
		}
		return size
	}
	text := func(x, y, size float64, line string) {
		fmt.Fprintf(&c, "BT /F1 %s Tf 1 0 0 1 %s %s Tm %s Tj ET\n", num(size), num(x), num(y), enc.hex(line))
	}
	// Codes are indented past their tick boxes, numbers right-aligned.
	numWidth := len(strconv.Itoa(len(s.Codes))) + 2 // "10. "
	for i, line := range lines {
		switch {
		case i == 0:
			size := fit(titleSize, utf8.RuneCountInString(line), contentW)
			y -= size
			text(margin, y, size, line)
			y -= size * 0.75
		case i >= headerLines && i < headerLines+len(s.Codes):
			k := i - headerLines
			pad := numWidth - len(strconv.Itoa(k+1)) - 2
			box := codeSize * 0.8
			indent := 2.4 * box
			y -= codeSize * 1.6
			fmt.Fprintf(&c, "0.8 w %s %s %s %s re S\n", num(margin), num(y-1), num(box), num(box))
			size := fit(codeSize, utf8.RuneCountInString(line)+pad, contentW-indent)
			text(margin+indent+float64(pad)*mf.advance/1000*size, y, size, line)
		case line == "":
			y -= textSize * 0.8
		default:
			size := fit(textSize, utf8.RuneCountInString(line), contentW)
			y -= size * 1.45
			text(margin, y, size, line)
		}
	}

	title := clean(s.Site) + " backup codes for " + clean(s.Username)
	w := &pdfWriter{}
	w.header()
	w.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
	w.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	w.object(3, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] "+
		"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", num(pageW), num(pageH)))
	w.stream(4, "", c.Bytes())
	w.object(5, "<< /Type /Font /Subtype /TrueType /BaseFont /GoMono "+
		fmt.Sprintf("/FirstChar %d /LastChar %d /Widths %s ", firstChar, enc.lastChar(), enc.widths())+
		"/Encoding "+enc.dict()+" /FontDescriptor 6 0 R /ToUnicode 8 0 R >>")
	w.object(6, fmt.Sprintf("<< /Type /FontDescriptor /FontName /GoMono /Flags 33 "+
		"/FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 7 0 R >>",
		num(mf.bbox[0]), num(mf.bbox[1]), num(mf.bbox[2]), num(mf.bbox[3]),
		num(mf.ascent), num(mf.descent), num(mf.capHeight)))
	w.stream(7, fmt.Sprintf("/Length1 %d", len(gomono.TTF)), gomono.TTF)
	w.stream(8, "", enc.toUnicode())
	w.object(9, "<< /Title "+pdfString(title)+" /Producer (Sparekey) >>")
	return w.finish(9)
}

func utf16Units(r rune) []uint16 {
	if r < 0x10000 {
		return []uint16{uint16(r)}
	}
	r -= 0x10000
	return []uint16{uint16(0xD800 + r>>10), uint16(0xDC00 + r&0x3FF)}
}

// num formats a number the way PDF wants it: plain decimal, at most two
// places, no exponent.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// pdfString encodes s as a PDF text string (UTF-16BE with a byte-order
// mark, written in hex so no escaping is needed).
func pdfString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, r := range s {
		for _, u := range utf16Units(r) {
			fmt.Fprintf(&b, "%04X", u)
		}
	}
	b.WriteByte('>')
	return b.String()
}

// pdfWriter writes numbered objects and keeps their offsets for the
// cross-reference table.
type pdfWriter struct {
	b       bytes.Buffer
	offsets map[int]int
}

func (w *pdfWriter) header() {
	w.offsets = map[int]int{}
	// The binary comment tells transfer tools the file is not text.
	w.b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
}

func (w *pdfWriter) object(n int, body string) {
	w.offsets[n] = w.b.Len()
	fmt.Fprintf(&w.b, "%d 0 obj\n%s\nendobj\n", n, body)
}

func (w *pdfWriter) stream(n int, extra string, data []byte) {
	w.offsets[n] = w.b.Len()
	if extra != "" {
		extra = " " + extra
	}
	fmt.Fprintf(&w.b, "%d 0 obj\n<< /Length %d%s >>\nstream\n", n, len(data), extra)
	w.b.Write(data)
	w.b.WriteString("\nendstream\nendobj\n")
}

func (w *pdfWriter) finish(last int) ([]byte, error) {
	xref := w.b.Len()
	fmt.Fprintf(&w.b, "xref\n0 %d\n0000000000 65535 f \n", last+1)
	for n := 1; n <= last; n++ {
		off, ok := w.offsets[n]
		if !ok {
			return nil, fmt.Errorf("pdf object %d was not written", n)
		}
		fmt.Fprintf(&w.b, "%010d 00000 n \n", off)
	}
	// The file ID is derived from the content, never from the clock.
	id := sha256.Sum256(w.b.Bytes())
	fmt.Fprintf(&w.b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%X> <%X>] >>\nstartxref\n%d\n%%%%EOF\n",
		last+1, last, id[:16], id[:16], xref)
	return w.b.Bytes(), nil
}
