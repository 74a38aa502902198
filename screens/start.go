package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// open opens the data directory and checks the keyring, then shows the
// first screen: the keyring problem, another instance, create or sign in.
func (u *UI) open() {
	var (
		a      *app.App
		err    error
		accErr error
		accs   []app.Info
	)
	u.async(func() {
		if u.app == nil {
			a, err = app.Open(u.cfg)
			if err != nil {
				return
			}
		} else {
			a = u.app
		}
		if err = a.CheckKeyring(); err != nil {
			return
		}
		accs, accErr = a.Accounts()
	}, func() {
		if a != nil {
			u.app = a
		}
		switch {
		case errors.Is(err, app.ErrAnotherInstance):
			u.show(newInstanceScreen(u))
		case errors.Is(err, app.ErrNoKeyring), errors.Is(err, app.ErrKeyringLocked):
			u.show(newKeyringScreen(u, err))
		case err != nil:
			u.show(newFailScreen(u, err))
		case accErr != nil:
			u.show(newFailScreen(u, accErr))
		case len(accs) == 0:
			u.show(newCreateScreen(u, false))
		default:
			u.show(newSignInScreen(u, accs, ""))
		}
	})
}

// startScreen shows while the data directory opens. It says so in words
// and nothing moves: the screen that replaces it must leave nothing
// running behind (see newBusy).
type startScreen struct{}

func newStartScreen() *startScreen { return &startScreen{} }

func (s *startScreen) name() string { return lang.L("Starting") }

func (s *startScreen) content() fyne.CanvasObject {
	return page(lang.L("Starting"), "", &widget.Label{Text: lang.L("Opening your accounts…"), TextStyle: fyne.TextStyle{Italic: true}}, nil)
}
