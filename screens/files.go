package screens

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2/lang"
)

// hairSpace follows each separator in a folder shown in a sentence.
const hairSpace = "\u200a"

// fileText names a file in a sentence: "name in folder". Fyne wraps text
// only at spaces (Fyne v2.8.1, widget/richtext.go: wrapWordLines breaks
// at findSpaceIndex, which takes unicode.IsSpace), so the file name, which
// holds none, stays whole on one line; a hair space (a space, to Fyne,
// though barely visible) after each separator of the folder lets a long
// folder wrap there rather than inside one of its names.
func fileText(path string) string {
	dir, name := filepath.Split(path)
	sep := string(filepath.Separator)
	return fmt.Sprintf(lang.L("%s in %s"), name, strings.ReplaceAll(filepath.Clean(dir), sep, sep+hairSpace))
}
