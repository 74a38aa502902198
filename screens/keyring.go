package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyringScreen explains a missing or locked keyring at start and offers
// Retry.
type keyringScreen struct {
	ui      *UI
	title   *widget.Label
	explain *widget.Label
	retry   *widget.Button
	busy    *widget.Label
}

func newKeyringScreen(u *UI, err error) *keyringScreen {
	s := &keyringScreen{
		ui:      u,
		title:   &widget.Label{Text: lang.L("Sparekey needs the keyring"), TextStyle: fyne.TextStyle{Bold: true}},
		explain: &widget.Label{Text: Message(err), Wrapping: fyne.TextWrapWord},
		busy:    newBusy(lang.L("Checking the keyring…")),
	}
	s.retry = &widget.Button{Text: lang.L("Retry"), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: s.onRetry}
	return s
}

func (s *keyringScreen) name() string { return lang.L("Keyring") }

func (s *keyringScreen) content() fyne.CanvasObject {
	return page(s.title.Text, "", container.NewVBox(s.explain, s.busy), nil, s.retry)
}

func (s *keyringScreen) focus() fyne.Focusable { return s.retry }

func (s *keyringScreen) onRetry() {
	s.retry.Disable()
	s.busy.Show()
	s.ui.open()
}
