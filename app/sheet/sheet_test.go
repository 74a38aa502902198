package sheet_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sparekey/sparekey/app/sheet"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var codes = []string{
	"7K3M-Q9TX-2WAB-CDE4", "HJ8P-4RNV-6Y2Z-0S1F", "M5QX-7B3K-9D2T-WRA8",
	"Z0C4-E6GH-8JKM-NPQ2", "1RST-VWXY-Z234-5670", "ABCD-EFGH-JKMN-PQR8",
	"S9T8-V7W6-X5Y4-Z3A1", "2B4D-6F8H-0K2M-4P6Q", "QRST-0123-4567-89AB",
	"WXYZ-ABCD-EFGH-JKM0",
}

func fixture() sheet.Sheet {
	return sheet.Sheet{
		Site:      "Sparekey",
		Username:  "alice",
		Generated: time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC),
		Codes:     codes,
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./app/sheet -update rewrites it)", name)
		if strings.HasSuffix(name, ".txt") {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	}
}

// TestGolden compares the text and the PDF of the English and the German
// sheet with testdata/<name>.txt and .pdf.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		sheet sheet.Sheet
	}{{"alice", fixture()}, {"alice.de", germanFixture()}} {
		golden(t, c.name+".txt", c.sheet.Text())
		pdf, err := c.sheet.PDF()
		if err != nil {
			t.Fatal(err)
		}
		golden(t, c.name+".pdf", pdf)
	}
}

func TestTextContent(t *testing.T) {
	s := fixture()
	s.Location = time.FixedZone("CET", 3600)
	text := string(s.Text())
	for _, want := range []string{
		"Site: Sparekey\n", "Account: alice\n", "Generated: 2026-03-14 10:26 CET\n",
		sheet.Rule + "\n", "1. 7K3M-Q9TX-2WAB-CDE4\n", "10. WXYZ-ABCD-EFGH-JKM0\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if got := codesIn(text); !slices.Equal(got, codes) {
		t.Errorf("codes in text = %q, want %q", got, codes)
	}
}

func TestDeterministic(t *testing.T) {
	a, err := fixture().PDF()
	if err != nil {
		t.Fatal(err)
	}
	b, err := fixture().PDF()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two PDFs of the same sheet differ")
	}
	if !bytes.Equal(fixture().Text(), fixture().Text()) {
		t.Error("two texts of the same sheet differ")
	}
	for _, clock := range []string{"CreationDate", "ModDate"} {
		if bytes.Contains(a, []byte(clock)) {
			t.Errorf("PDF carries a %s", clock)
		}
	}
}

var codeRE = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

func codesIn(text string) []string { return codeRE.FindAllString(text, -1) }

// poppler runs one of poppler-utils' tools over pdf and returns its output.
func poppler(t *testing.T, tool string, pdf []byte, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("SPAREKEY_TEST_STRICT") == "1" {
			t.Fatalf("%s not found (install poppler-utils)", tool)
		}
		t.Skipf("%s not found (install poppler-utils)", tool)
	}
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	// pdftotext takes its output ("-") after the input; the others take
	// options, then the file.
	if n := len(args); n > 0 && args[n-1] == "-" {
		args = append(args[:n-1:n-1], path, "-")
	} else {
		args = append(args, path)
	}
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

func TestPDFText(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sheet sheet.Sheet
	}{
		{"full set", fixture()},
		{"some used", func() sheet.Sheet { s := fixture(); s.Codes = []string{codes[1], codes[4], codes[9]}; return s }()},
		{"none left", func() sheet.Sheet { s := fixture(); s.Codes = nil; return s }()},
		{"unicode names", func() sheet.Sheet {
			s := fixture()
			s.Site, s.Username = "Flow Production Tracking", "Jörg Ñandú Жанна €uro"
			return s
		}()},
		{"long names", func() sheet.Sheet {
			s := fixture()
			s.Site, s.Username = strings.Repeat("Site", 20), strings.Repeat("u", 64)
			return s
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, err := tc.sheet.PDF()
			if err != nil {
				t.Fatal(err)
			}
			text := pdfToText(t, pdf)
			if got := codesIn(text); !slices.Equal(got, tc.sheet.Codes) && len(got)+len(tc.sheet.Codes) > 0 {
				t.Errorf("codes in PDF = %q, want %q\n%s", got, tc.sheet.Codes, text)
			}
			for _, line := range tc.sheet.Lines() {
				if line != "" && !strings.Contains(text, line) {
					t.Errorf("PDF text lacks line %q:\n%s", line, text)
				}
			}
			info := poppler(t, "pdfinfo", pdf)
			if !regexp.MustCompile(`(?m)^Pages:\s+1$`).MatchString(info) {
				t.Errorf("pdfinfo does not show one page:\n%s", info)
			}
		})
	}
}

// pdfToText extracts the PDF's text with pdftotext, to standard output.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	return poppler(t, "pdftotext", pdf, "-enc", "UTF-8", "-")
}

func TestPDFFontEmbedded(t *testing.T) {
	pdf, err := fixture().PDF()
	if err != nil {
		t.Fatal(err)
	}
	out := poppler(t, "pdffonts", pdf)
	// name type encoding emb sub uni object ID
	re := regexp.MustCompile(`(?m)^GoMono\s+TrueType\s+(WinAnsi|Custom)\s+yes\s+no\s+yes\s`)
	if !re.MatchString(out) {
		t.Errorf("pdffonts does not show Go Mono embedded with a ToUnicode map:\n%s", out)
	}
	if n := strings.Count(out, "\n"); n != 3 {
		t.Errorf("pdffonts lists %d fonts, want 1:\n%s", n-2, out)
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct{ site, user, want string }{
		{"Sparekey", "alice", "sparekey_backup_codes_alice.txt"},
		{"Flow Production Tracking", "Flow Production Tracking123",
			"flow production tracking_backup_codes_Flow Production Tracking123.txt"},
		{"ÉCOLE", "Jörg", "école_backup_codes_Jörg.txt"},
		{`a/b\c:d`, `*?"<>|`, "a_b_c_d_backup_codes_______.txt"},
		{"tab\there", "new\nline\x7f", "tab_here_backup_codes_new_line_.txt"},
		{"", "", "_backup_codes_.txt"},
	} {
		if got := sheet.FileName(tc.site, tc.user); got != tc.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tc.site, tc.user, got, tc.want)
		}
	}
}

func ExampleFileName() {
	fmt.Println(sheet.FileName("Sparekey", "alice"))
	// Output: sparekey_backup_codes_alice.txt
}
