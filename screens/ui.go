// Package screens is Sparekey's user interface: one file per screen, each
// a struct whose fields are its widgets, with its handlers as methods.
//
// The screens hold no state of their own about who is signed in: they ask
// the app layer (package app) which step of the flow comes next and show
// the screen for it. Every app method that may block (the vault, the OS
// keyring, the disk) runs in a goroutine started by UI.async and comes
// back to the window through fyne.Do; meanwhile the screen shows progress.
// The screens never open a file or the keyring themselves.
package screens

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// AppName starts every window title.
const AppName = "Sparekey"

// screen is what the UI shows in the window.
type screen interface {
	// name is the screen's name in the window title.
	name() string
	// content is the screen's widget tree, built once.
	content() fyne.CanvasObject
}

// Optional screen behaviour.
type (
	// ticker screens update something every second (countdowns).
	ticker interface{ tick() }
	// focuser screens name the control that takes the focus when shown.
	focuser interface{ focus() fyne.Focusable }
	// sheeter screens show a code set that Ctrl+P and Ctrl+S print and save.
	sheeter interface{ sheet() (vault.CodeSet, bool) }
	// sudoer screens need sudo mode and are left when it lapses.
	sudoer interface{ needsSudo() bool }
)

// UI is the whole user interface in one window.
type UI struct {
	win     fyne.Window
	cfg     app.Config
	app     *app.App
	actions Actions

	cur    screen
	dlg    dialog.Dialog
	enter  func()      // what Enter does in dlg when no control takes it
	view   int         // counts changes of screen or dialog, for focusSoon
	sudo   *sudoDialog // the password dialog while it is open
	menu   *fyne.MainMenu
	print  *fyne.MenuItem
	save   *fyne.MenuItem
	typing *entry // the entry that believes it has the focus
	clip   clipGuard

	wg   sync.WaitGroup
	stop chan struct{}
	// quit ends when the UI closes; requests that wait on another
	// program's dialog (printing) derive from it, so Close can end them.
	quit    context.Context
	quitNow context.CancelFunc
	// printHint is how long the print dialog may take to answer before
	// the wait dialog offers another way (PrintHintAfter).
	printHint time.Duration

	// Tests set queue: background work then hands its screen update to
	// Wait, which runs it on the test goroutine. Fyne's test driver runs
	// fyne.Do callbacks at once on the calling goroutine, which would let a
	// screen update race with the code that started the work; the real
	// driver runs them one at a time on the main goroutine, as the queue
	// does. inflight counts the updates still to come (UI goroutine only).
	queue    chan func()
	inflight int
	closed   bool
}

// New builds the user interface in win and starts opening the data
// directory of cfg; the first screen appears when that is done.
func New(win fyne.Window, cfg app.Config) *UI { return newUI(win, cfg, nil) }

func newUI(win fyne.Window, cfg app.Config, queue chan func()) *UI {
	u := &UI{win: win, cfg: cfg, actions: SystemActions, queue: queue, printHint: PrintHintAfter}
	u.clip.now = cfg.Now
	if u.clip.now == nil {
		u.clip.now = time.Now
	}
	u.quit, u.quitNow = context.WithCancel(context.Background())
	u.print = &fyne.MenuItem{Label: "Print…", Disabled: true, Action: u.onPrintShortcut,
		Shortcut: &printShortcut}
	u.save = &fyne.MenuItem{Label: "Save to Text File…", Disabled: true, Action: u.onSaveShortcut,
		Shortcut: &saveShortcut}
	// Sparekey's own Quit, which Fyne keeps in place of the one it adds
	// (that one, on macOS, would quit without asking the window).
	quit := &fyne.MenuItem{Label: "Quit", IsQuit: true, Action: u.onQuit}
	u.menu = fyne.NewMainMenu(fyne.NewMenu("File", u.print, u.save, fyne.NewMenuItemSeparator(), quit))
	win.SetMainMenu(u.menu)
	win.SetCloseIntercept(u.onQuit)
	win.Canvas().SetOnTypedKey(u.onCanvasKey)
	u.show(newStartScreen())
	u.open()
	return u
}

// open opens the data directory and checks the keyring, then shows the
// first screen: the keyring problem, another instance, create or sign in.
func (u *UI) open() {
	var (
		a      *app.App
		err    error
		accErr error
		accs   []vault.Info
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
		case errors.Is(err, vault.ErrAnotherInstance):
			u.show(newInstanceScreen(u))
		case errors.Is(err, vault.ErrNoKeyring), errors.Is(err, vault.ErrKeyringLocked):
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

// Wait blocks until every piece of background work started so far, and
// the screen updates it reports, are done. Tests call it after each tap.
func (u *UI) Wait() {
	for u.queue != nil && u.inflight > 0 {
		(<-u.queue)()
	}
	u.wg.Wait()
}

// App is the app layer the UI drives; nil until the data directory is open.
func (u *UI) App() *app.App { return u.app }

// onQuit is what closing the window and Quit do: what Sparekey put on the
// clipboard comes off while the driver can still reach it, then the app
// quits (and main calls Close).
func (u *UI) onQuit() {
	u.clip.clear()
	fyne.CurrentApp().Quit()
}

// Close stops the ticker, ends requests still waiting on another
// program's dialog, and releases the data directory.
func (u *UI) Close() {
	u.quitNow()
	u.wg.Wait()
	if u.closed {
		return
	}
	u.closed = true
	if u.stop != nil {
		close(u.stop)
	}
	if u.app != nil {
		_ = u.app.Close()
	}
}

// StartTicker drives countdowns, the idle lock and clipboard clearing once
// a second. Tests call Tick themselves after moving their clock.
func (u *UI) StartTicker() {
	u.stop = make(chan struct{})
	go func(stop <-chan struct{}) {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(u.Tick)
			}
		}
	}(u.stop)
}

// Tick runs the once-a-second duties on the UI goroutine: the idle lock,
// sudo expiry, clearing what was copied and the current screen's countdown.
func (u *UI) Tick() {
	if u.app == nil {
		return
	}
	u.clip.expire()
	if step := u.app.Step(); step != app.StepSignIn && u.app.IdleFor() >= app.IdleTimeout {
		u.app.SignOut()
		u.signInScreen("You were signed out after 10 minutes without activity. Sign in again to continue.")
		return
	}
	if s, ok := u.cur.(sudoer); ok && s.needsSudo() && u.app.SudoRemaining() == 0 {
		u.closeDialog()
		s := newSettingsScreen(u)
		u.show(s)
		s.note.SetText("Your password confirmation expired. Open Two-Factor Authentication again to continue.")
		s.note.Show()
		return
	}
	if t, ok := u.cur.(ticker); ok {
		t.tick()
	}
}

// show puts s in the window and sets the title, the menu and the focus.
func (u *UI) show(s screen) {
	u.closeDialog()
	u.cur = s
	u.win.SetTitle(AppName + " — " + s.name())
	u.win.SetContent(s.content())
	u.dropStaleFocus()
	_, sheets := s.(sheeter)
	if u.print.Disabled == sheets || u.save.Disabled == sheets {
		u.print.Disabled, u.save.Disabled = !sheets, !sheets
		u.menu.Refresh()
	}
	u.view++
	if f, ok := s.(focuser); ok {
		if obj := f.focus(); obj != nil {
			u.focusSoon(obj)
		}
	}
}

// focusSoon gives obj the keyboard focus once the key or tap being handled
// is over, unless the screen or dialog has changed by then. Every screen
// and dialog takes its focus this way: a Space that presses a button
// reaches the window twice, first as the key, which taps the button, then
// as the character, which goes to whatever has the focus by then. A field
// focused during the tap would get the space typed into it (and a check
// box would toggle).
func (u *UI) focusSoon(obj fyne.Focusable) {
	view := u.view
	u.spawn(func() {}, func() {
		if u.view == view {
			u.win.Canvas().Focus(obj)
		}
	})
}

// route shows the screen for the app's current step. notice is shown on
// the screen it leads to, where that screen has room for one.
func (u *UI) route(notice string) {
	switch u.app.Step() {
	case app.StepSignIn:
		u.signInScreen(notice)
	case app.StepSecondFactor:
		u.show(newSecondFactorScreen(u))
	case app.StepEnrol:
		u.show(newEnrolScreen(u, false))
	case app.StepSaveCodes:
		u.show(newSaveCodesScreen(u))
	default:
		u.show(newHomeScreen(u, notice, false))
	}
}

// signInScreen lists the accounts again and shows the sign-in screen (or
// the create-account screen when none is left).
func (u *UI) signInScreen(notice string) {
	var (
		accs []vault.Info
		err  error
	)
	u.async(func() { accs, err = u.app.Accounts() }, func() {
		switch {
		case err != nil:
			u.show(newFailScreen(u, err))
		case len(accs) == 0:
			u.show(newCreateScreen(u, false))
		default:
			u.show(newSignInScreen(u, accs, notice))
		}
	})
}

// async runs work on a new goroutine and then done on the UI goroutine.
// It counts as activity.
//
// How the test proves that no blocking call runs on the UI goroutine: the
// app's BlockingCall hook inspects the calling goroutine's own stack
// (runtime.Stack with all=false, so no goroutine IDs are involved). A
// legitimate call has asyncWorker at the root of its goroutine and no
// onUI frame (the wrapper every screen update runs in) above it. Taps and
// key handlers (the test goroutine, or the real driver's main goroutine)
// have no asyncWorker frame; a screen update has an onUI frame even where
// it runs on a worker goroutine, as fyne.Do does under Fyne's test driver.
func (u *UI) async(work, done func()) {
	if u.app != nil {
		u.app.Touch()
	}
	u.spawn(work, done)
}

// spawn is async without counting as activity.
func (u *UI) spawn(work, done func()) {
	u.wg.Add(1)
	if u.queue != nil {
		u.inflight++
		finish := done
		done = func() { u.inflight--; finish() }
	}
	go asyncWorker(&u.wg, u.queue, work, done)
}

//go:noinline
func asyncWorker(wg *sync.WaitGroup, queue chan<- func(), work, done func()) {
	defer wg.Done()
	work()
	if queue != nil {
		queue <- func() { onUI(done) }
		return
	}
	fyne.Do(func() { onUI(done) })
}

// after runs f on the UI goroutine once d has passed, unless the timer
// it returns is stopped first. A single timer, not a ticker: nothing
// wakes the app while it waits.
func (u *UI) after(d time.Duration, f func()) *time.Timer {
	return time.AfterFunc(d, func() {
		if u.queue != nil {
			u.queue <- func() { onUI(f) }
			return
		}
		fyne.Do(func() { onUI(f) })
	})
}

// onUI runs f; it only exists to mark UI callbacks on the stack.
//
//go:noinline
func onUI(f func()) { f() }

// touch records user activity for the idle lock and sudo mode.
func (u *UI) touch() {
	if u.app != nil {
		u.app.Touch()
	}
}

// showDialog shows d, remembering it so Escape can close it. enter is
// what Enter does while no control in d takes the key; nil where Enter
// must not act, so that a dialog that destroys something is never
// confirmed by a stray Enter.
func (u *UI) showDialog(d dialog.Dialog, enter func()) {
	u.closeDialog()
	u.dlg, u.enter = d, enter
	d.SetOnClosed(func() { u.dialogClosed(d) })
	d.Show()
	u.view++
}

// dialogClosed forgets d when it was the dialog showing.
func (u *UI) dialogClosed(d dialog.Dialog) {
	u.dropStaleFocus()
	if u.dlg == d {
		u.dlg, u.enter = nil, nil
		u.view++
	}
}

// dropStaleFocus tells the entry that believes it has the focus that it
// has lost it, when the window no longer focuses it. Fyne forgets the
// focus of a screen it replaces (SetContent) and of a dialog it closes
// without telling the focused widget, and an Entry that believes it has
// the focus blinks its cursor for ever, off-screen: each blink redraws
// the window, and with a dialog open that redraw blurs the screen behind
// it (Fyne v2.8.1), a fifth of a core in software rendering.
func (u *UI) dropStaleFocus() {
	if e := u.typing; e != nil && u.win.Canvas().Focused() != e {
		e.FocusLost()
	}
}

func (u *UI) closeDialog() {
	if d := u.dlg; d != nil {
		u.dlg, u.enter = nil, nil
		u.view++
		d.Dismiss()
	}
}

// Dialog is the dialog showing now, or nil.
func (u *UI) Dialog() dialog.Dialog { return u.dlg }

// message shows a short dialog with one sentence.
func (u *UI) message(title, text string) { u.messageThen(title, text, nil) }

// messageThen is message; once the person closes it, next (when not nil)
// takes the focus, which Fyne drops when a button is tapped. Enter and
// Escape both close it.
func (u *UI) messageThen(title, text string, next fyne.Focusable) {
	l := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	d := dialog.NewCustomWithoutButtons(title, sized(380, l), u.win)
	d.SetButtons([]fyne.CanvasObject{u.newDialogButton("OK", true, d.Hide)})
	u.showDialog(d, d.Hide)
	if next != nil {
		d.SetOnClosed(func() {
			u.dialogClosed(d)
			u.focusSoon(next) // dropped when a screen or dialog replaced it
		})
	}
}

// failed shows err as a sentence in a dialog.
func (u *UI) failed(err error) { u.message("Something went wrong", Message(err)) }

// onCanvasKey handles keys no focused widget took: Escape closes a
// dialog, Enter does the dialog's Enter action where it has one.
func (u *UI) onCanvasKey(ev *fyne.KeyEvent) {
	u.touch()
	switch ev.Name {
	case fyne.KeyEscape:
		u.closeDialog()
	case fyne.KeyReturn, fyne.KeyEnter:
		if u.dlg != nil && u.enter != nil {
			u.enter()
		}
	}
}

func (u *UI) onPrintShortcut() {
	if s, ok := u.cur.(sheeter); ok && u.dlg == nil {
		if set, ok := s.sheet(); ok {
			u.actions.OnPrint(u, set)
		}
	}
}

func (u *UI) onSaveShortcut() {
	if s, ok := u.cur.(sheeter); ok && u.dlg == nil {
		if set, ok := s.sheet(); ok {
			u.actions.OnSave(u, set)
		}
	}
}

// copyCodes puts the unused codes on the clipboard, logs it and clears
// them again after ClipboardClear. Once the person closes the "Copied"
// message, next takes the focus.
func (u *UI) copyCodes(set vault.CodeSet, next fyne.Focusable) {
	text := ""
	for _, c := range set.Active() {
		text += c + "\n"
	}
	u.clip.put(text)
	var err error
	u.async(func() { err = u.app.RecordCodesCopied() }, func() {
		if err != nil {
			u.failed(err)
			return
		}
		u.messageThen("Copied", "The unused codes are on the clipboard. It will be cleared in 30 seconds.", next)
	})
}

// startScreen shows while the data directory opens. It says so in words
// and nothing moves: the screen that replaces it must leave nothing
// running behind (see newBusy).
type startScreen struct{}

func newStartScreen() *startScreen { return &startScreen{} }

func (s *startScreen) name() string { return "Starting" }

func (s *startScreen) content() fyne.CanvasObject {
	return container.NewCenter(&widget.Label{Text: "Opening your accounts…", TextStyle: fyne.TextStyle{Italic: true}})
}

// widthLayout gives its objects a fixed width and the height they need at
// that width, so word-wrapped labels in dialogs neither collapse nor
// stretch the dialog across the window.
type widthLayout float32

func (w widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Size().Width != float32(w) {
			o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// sized wraps obj at the given width.
func sized(width float32, obj fyne.CanvasObject) *fyne.Container {
	return container.New(widthLayout(width), obj)
}
