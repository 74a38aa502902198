package screens

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/sparekey/sparekey/app/sheet"
	"github.com/sparekey/sparekey/assets"
)

// Every sentence and label the window shows goes through Fyne's lang
// package: lang.L("English text") returns it in the language the system
// asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG on Linux; the user's
// preferred languages on Windows and macOS) when assets/translations has
// that language, and in English otherwise. The English text is the key.

var loadOnce sync.Once

// LoadTranslations registers Sparekey's translations with Fyne; lang
// then picks the language from the system's locale. New calls it, so
// only code that shows text before New needs to.
func LoadTranslations() {
	loadOnce.Do(func() {
		if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
			fyne.LogError("Sparekey's translations could not be loaded; the window shows English", err)
		}
	})
}

// sheetWords is the sheet's and the saved file's wording in the language
// in use.
func sheetWords() sheet.Words {
	return sheet.Words{
		Title:     lang.L("backup codes"),
		Site:      lang.L("Site"),
		Account:   lang.L("Account"),
		Generated: lang.L("Generated"),
		Rule:      lang.L("Each code works once. Generating a new set cancels these codes."),
		NoCodes:   lang.L("(No unused codes are left. Generate a new set.)"),
		Advice: []string{
			lang.L("Keep this sheet somewhere safe."),
			lang.L("The codes replace your phone, not your password."),
		},
		SaveDialog: lang.L("Save backup codes"),
	}
}
