package printing

import "os"

// pdfFile returns an unlinked temp file holding pdf.
func pdfFile(pdf []byte) (*os.File, error) { return unlinkedFile(pdf) }
