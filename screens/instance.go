package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// instanceScreen says that another Sparekey has the data directory. It
// touches nothing.
type instanceScreen struct {
	title   *widget.Label
	explain *widget.Label
}

func newInstanceScreen(*UI) *instanceScreen {
	return &instanceScreen{
		title:   &widget.Label{Text: lang.L("Sparekey is already running"), TextStyle: fyne.TextStyle{Bold: true}},
		explain: &widget.Label{Text: Message(app.ErrAnotherInstance), Wrapping: fyne.TextWrapWord},
	}
}

func (s *instanceScreen) name() string { return lang.L("Already running") }

func (s *instanceScreen) content() fyne.CanvasObject {
	return page(s.title.Text, "", s.explain, nil)
}

// failScreen shows a problem that stops Sparekey at start (the data
// directory cannot be used), with Retry.
type failScreen struct {
	ui      *UI
	explain *widget.Label
	retry   *widget.Button
}

func newFailScreen(u *UI, err error) *failScreen {
	s := &failScreen{ui: u, explain: &widget.Label{Text: Message(err), Wrapping: fyne.TextWrapWord}}
	s.retry = &widget.Button{Text: lang.L("Retry"), Importance: widget.HighImportance, OnTapped: s.onRetry}
	return s
}

func (s *failScreen) name() string { return lang.L("Problem") }

func (s *failScreen) content() fyne.CanvasObject {
	return page(lang.L("Sparekey cannot start"), "", s.explain, nil, s.retry)
}

func (s *failScreen) focus() fyne.Focusable { return s.retry }

func (s *failScreen) onRetry() {
	s.retry.Disable()
	if s.ui.app == nil {
		s.ui.open()
		return
	}
	s.ui.signInScreen("")
}
