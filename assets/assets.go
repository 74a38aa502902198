// Package assets holds the files Sparekey embeds in its binary: the
// application icon and the translations of its text.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Sparekey's application and window icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// Translations holds translations/<language>.json, one file per language,
// in the format of Fyne's lang package (key: the English text, value: the
// translation). screens registers them at start.
//
//go:embed translations/*.json
var Translations embed.FS
