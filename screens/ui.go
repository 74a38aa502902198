// Package screens is Sparekey's user interface: one file per screen, each
// a struct whose fields are its widgets, with its handlers as methods.
//
// The screens hold no state of their own about who is signed in: they ask
// the app layer (package app) which step of the flow comes next and show
// the screen for it. Every app method that may block (the vault, the OS
// keyring, the disk) runs in a goroutine started by UI.async and comes
// back to the window through fyne.Do; meanwhile the screen shows progress.
// The screens never open a file or the keyring themselves, and reach the
// vault's types and errors only through package app.
//
// Besides one file per screen: ui.go holds the UI and its life (New,
// Close, quit), navigate.go the screen interfaces and routing, start.go
// the first screen, async.go work off the UI goroutine, ticker.go the
// once-a-second duties, dialogs.go dialogs and their keys, shortcuts.go
// Ctrl+P and Ctrl+S, printsave.go and printwait.go printing and saving,
// clipboard.go what is copied, layout.go the page every screen is laid
// out on, task.go the busy-button pattern, entry.go the keyboard-aware
// field and dialog button, and messages.go the one table of sentences.
package screens

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/sparekey/sparekey/app"
)

// AppName starts every window title.
const AppName = "Sparekey"

// UI is the whole user interface in one window.
type UI struct {
	win fyne.Window
	cfg app.Config
	app *app.App

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
	LoadTranslations()
	if cfg.SheetWords == nil {
		cfg.SheetWords = sheetWords
	}
	u := &UI{win: win, cfg: cfg, queue: queue, printHint: PrintHintAfter}
	u.clip.now = cfg.Now
	if u.clip.now == nil {
		u.clip.now = time.Now
	}
	u.quit, u.quitNow = context.WithCancel(context.Background())
	u.print = &fyne.MenuItem{Label: lang.L("Print…"), Disabled: true, Action: u.onPrintShortcut,
		Shortcut: &printShortcut}
	u.save = &fyne.MenuItem{Label: lang.L("Save to Text File…"), Disabled: true, Action: u.onSaveShortcut,
		Shortcut: &saveShortcut}
	// Sparekey's own Quit, which Fyne keeps in place of the one it adds
	// (that one, on macOS, would quit without asking the window).
	quit := &fyne.MenuItem{Label: lang.L("Quit"), IsQuit: true, Action: u.onQuit}
	u.menu = fyne.NewMainMenu(fyne.NewMenu(lang.L("File"), u.print, u.save, fyne.NewMenuItemSeparator(), quit))
	win.SetMainMenu(u.menu)
	win.SetCloseIntercept(u.onQuit)
	win.Canvas().SetOnTypedKey(u.onCanvasKey)
	u.show(newStartScreen())
	u.open()
	return u
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
