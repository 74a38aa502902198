// Package assets holds the files Sparekey embeds in its binary: the
// application icon.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Sparekey's application and window icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
