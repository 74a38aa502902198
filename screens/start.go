package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
		case errors.Is(err, app.ErrNoKeyring), errors.Is(err, app.ErrKeyringLocked): // ErrKeyringNoAnswer is locked too
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

// startScreen shows while the data directory opens: the app's icon and
// one line that says so. Nothing on it moves: the screen that replaces it
// must leave nothing running behind (see newBusy).
//
// It is the first frame a person sees, so it holds only what that frame
// needs: its text is in the regular face, the one every Fyne window loads
// anyway. A bold heading or an italic line would each make Fyne load and
// parse another font (and look for the language's fallback font on disk)
// before the first frame, about 10 ms apiece on this project's machine
// (docs/PERFORMANCE.md); the next screen loads them after the window is up.
type startScreen struct{}

func newStartScreen() *startScreen { return &startScreen{} }

func (s *startScreen) name() string { return lang.L("Starting") }

func (s *startScreen) content() fyne.CanvasObject {
	return container.NewCenter(container.NewVBox(appIcon(),
		&widget.Label{Text: lang.L("Opening your accounts…"), Alignment: fyne.TextAlignCenter}))
}
