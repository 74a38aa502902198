package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/sparekey/sparekey/app"
)

// ClipboardClear is how long what Sparekey copies (the authenticator key,
// backup codes) may stay on the clipboard.
const ClipboardClear = 30 * time.Second

// clipGuard puts secrets on the clipboard and takes them off again: once
// ClipboardClear has passed (expire, called every second by Tick) and at
// quit (clear). Either way only while the clipboard still holds what was
// put there: text the person copied since is theirs. Only the latest
// secret is tracked, since a copy replaces the clipboard's content.
type clipGuard struct {
	now func() time.Time // the app's clock, which tests move
	// text is what Sparekey last put on the clipboard, "" when nothing
	// is to be cleared; at is when, on the clock above.
	text string
	at   time.Time
}

// put copies text to the clipboard and starts its ClipboardClear.
func (g *clipGuard) put(text string) {
	clipboard().SetContent(text)
	g.text, g.at = text, g.now()
}

// expire clears the clipboard once ClipboardClear has passed.
func (g *clipGuard) expire() {
	if g.text != "" && g.now().Sub(g.at) >= ClipboardClear {
		g.clear()
	}
}

// clear takes the secret off the clipboard now, if it is still there.
// It must run while the driver is up: at quit, before the window closes
// (GLFW's clipboard is gone once the event loop has stopped).
func (g *clipGuard) clear() {
	if g.text == "" {
		return
	}
	if cb := clipboard(); cb.Content() == g.text {
		cb.SetContent("")
	}
	g.text = ""
}

func clipboard() fyne.Clipboard { return fyne.CurrentApp().Clipboard() }

// copyCodes puts the unused codes on the clipboard, logs it and clears
// them again after ClipboardClear. Once the person closes the "Copied"
// message, next takes the focus.
func (u *UI) copyCodes(set app.CodeSet, next fyne.Focusable) {
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
		u.messageThen(lang.L("Copied"), lang.L("The unused codes are on the clipboard. It will be cleared in 30 seconds."), next)
	})
}
