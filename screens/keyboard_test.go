package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// press sends a key the way Fyne's GLFW driver does
// (window.processKeyPressed, then processCharInput): the key goes to the
// focused control, or to the canvas when nothing has the focus; then the
// character it types, if any, goes to whatever has the focus by then.
func (h *harness) press(name fyne.KeyName, char rune) {
	h.t.Helper()
	c := h.w.Canvas()
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if k := c.OnTypedKey(); k != nil {
		k(ev)
	}
	if char != 0 {
		if f := c.Focused(); f != nil {
			f.TypedRune(char)
		} else if r := c.OnTypedRune(); r != nil {
			r(char)
		}
	}
	h.ui.Wait()
}

// space presses b from the keyboard: focus it, then Space.
func (h *harness) space(b fyne.Focusable) {
	h.t.Helper()
	h.w.Canvas().Focus(b)
	h.press(fyne.KeySpace, ' ')
}

// lapseSudo lets sudo mode run out without reaching the idle lock.
func (h *harness) lapseSudo() { h.clk.Advance(app.SudoWindow + time.Second) }

// TestSpaceOpensDialogWithoutTyping: the Space that presses a button must
// not land in the field the button's dialog or screen focuses.
func TestSpaceOpensDialogWithoutTyping(t *testing.T) {
	for _, c := range []struct {
		name string
		// button brings the window to where the button shows and returns
		// it; field is the entry that must then have the focus, empty.
		button func(h *harness) *widget.Button
		field  func(h *harness) *entry
	}{
		{"Two-Factor Authentication", func(h *harness) *widget.Button {
			h.tap(screenAs[*homeScreen](h).settings)
			h.lapseSudo()
			return screenAs[*settingsScreen](h).twoFactor
		}, sudoField},
		{"Change Password", func(h *harness) *widget.Button {
			h.tap(screenAs[*homeScreen](h).settings)
			return screenAs[*settingsScreen](h).password
		}, func(h *harness) *entry { return screenAs[*settingsScreen](h).current }},
		{"Reset Authenticator", func(h *harness) *widget.Button {
			tf := toTwoFactor(h)
			h.lapseSudo()
			return tf.reset
		}, sudoField},
		{"Show Backup Codes", func(h *harness) *widget.Button {
			tf := toTwoFactor(h)
			h.lapseSudo()
			return tf.codes
		}, sudoField},
		{"Make New Backup Codes", func(h *harness) *widget.Button {
			s := newHomeScreen(h.ui, "", true)
			h.ui.show(s)
			h.ui.Wait()
			h.lapseSudo()
			return s.newCodes
		}, sudoField},
		{"Can't sign in", func(h *harness) *widget.Button {
			h.signOut()
			return screenAs[*signInScreen](h).cantSign
		}, func(h *harness) *entry { return screenAs[*signInScreen](h).removeFor }},
		{"Add Account", func(h *harness) *widget.Button {
			h.signOut()
			return screenAs[*signInScreen](h).add
		}, func(h *harness) *entry { return screenAs[*createScreen](h).username }},
		{"Back from the code", func(h *harness) *widget.Button {
			h.signOut()
			h.signIn(testPassword)
			return screenAs[*secondFactorScreen](h).back
		}, func(h *harness) *entry { return screenAs[*signInScreen](h).password }},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, "", nil)
			h.setUp(testUser)
			h.space(c.button(h))
			f := c.field(h)
			if h.w.Canvas().Focused() != f {
				t.Fatalf("focus on %T, want the %q field", h.w.Canvas().Focused(), f.PlaceHolder)
			}
			if f.Text != "" {
				t.Fatalf("the field holds %q after Space on the button", f.Text)
			}
		})
	}
}

func sudoField(h *harness) *entry {
	h.t.Helper()
	if h.ui.sudo == nil || h.ui.Dialog() == nil {
		h.t.Fatal("no password dialog")
	}
	return h.ui.sudo.password
}

// TestSudoFirstTry: the password typed right after Space opened the
// dialog works the first time.
func TestSudoFirstTry(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	h.tap(screenAs[*homeScreen](h).settings)
	h.lapseSudo()
	h.space(screenAs[*settingsScreen](h).twoFactor)
	for _, r := range testPassword {
		h.press(fyne.KeyName(string(r)), r)
	}
	h.press(fyne.KeyReturn, 0)
	h.wantTitle("Two-Factor Authentication")
}

// TestFocusAfterCopy: Copy and Copy Key leave the focus on the next
// sensible control instead of nowhere.
func TestFocusAfterCopy(t *testing.T) {
	h := newHarness(t, "", nil)
	h.create(testUser)
	en := screenAs[*enrolScreen](h)
	h.space(en.copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != en.enrolment.Secret {
		t.Fatalf("clipboard %q", got)
	}
	if h.w.Canvas().Focused() != en.code || en.code.Text != "" {
		t.Fatalf("after Copy Key: focus on %T, code %q", h.w.Canvas().Focused(), en.code.Text)
	}
	h.enrol()

	// Save codes: Copy, then OK from the keyboard (Tab to it, Space): the
	// focus goes to the check, which that Space must not tick.
	sc := screenAs[*saveCodesScreen](h)
	h.space(sc.copy)
	if h.ui.Dialog() == nil {
		t.Fatal("no Copied message")
	}
	h.w.Canvas().FocusNext()
	if _, ok := h.w.Canvas().Focused().(*dialogButton); !ok {
		t.Fatalf("Tab in the message focused %T", h.w.Canvas().Focused())
	}
	h.press(fyne.KeySpace, ' ')
	if h.ui.Dialog() != nil {
		t.Fatal("Space on OK left the message open")
	}
	if h.w.Canvas().Focused() != sc.stored || sc.stored.Checked {
		t.Fatalf("after the message: focus on %T, checked %v", h.w.Canvas().Focused(), sc.stored.Checked)
	}
	h.storeCodes()

	// Backup codes: Copy, Escape: back on Copy.
	bc := toBackupCodes(h)
	h.space(bc.copy)
	if h.ui.Dialog() == nil {
		t.Fatal("no Copied message")
	}
	h.press(fyne.KeyEscape, 0)
	if h.ui.Dialog() != nil || h.w.Canvas().Focused() != bc.copy {
		t.Fatalf("after Escape: dialog %v, focus on %T", h.ui.Dialog() != nil, h.w.Canvas().Focused())
	}
}

// TestDialogKeys: a message closes with Enter or Escape, also when its OK
// button has the focus; Generate New Codes is never confirmed by Enter.
func TestDialogKeys(t *testing.T) {
	h := newHarness(t, "", nil)
	h.setUp(testUser)
	msg := func() {
		h.t.Helper()
		h.ui.message("Print", "The backup codes were sent to the printer.")
		if h.ui.Dialog() == nil {
			t.Fatal("no message")
		}
	}
	msg()
	h.press(fyne.KeyReturn, 0)
	if h.ui.Dialog() != nil {
		t.Fatal("Enter left the message open")
	}
	msg()
	h.w.Canvas().FocusNext() // Tab to OK
	if _, ok := h.w.Canvas().Focused().(*dialogButton); !ok {
		t.Fatalf("Tab focused %T", h.w.Canvas().Focused())
	}
	h.press(fyne.KeyReturn, 0)
	if h.ui.Dialog() != nil {
		t.Fatal("Enter on OK left the message open")
	}
	msg()
	h.w.Canvas().FocusNext()
	h.press(fyne.KeyEscape, 0)
	if h.ui.Dialog() != nil {
		t.Fatal("Escape on OK left the message open")
	}

	bc := toBackupCodes(h)
	h.space(bc.generate)
	if h.ui.Dialog() == nil {
		t.Fatal("no confirmation")
	}
	h.press(fyne.KeyReturn, 0)
	h.press(fyne.KeyEnter, 0)
	if h.ui.Dialog() == nil {
		t.Fatal("Enter closed the Generate New Codes confirmation")
	}
	h.press(fyne.KeyEscape, 0)
	if h.ui.Dialog() != nil {
		t.Fatal("Escape left the confirmation open")
	}
	h.wantTitle("Backup Codes")
	h.tap(bc.back)
	h.tap(screenAs[*twoFactorScreen](h).codes)
	if now := screenAs[*backupCodesScreen](h).set; now.Codes[0] != bc.set.Codes[0] {
		t.Fatal("the set changed after Enter and Escape")
	}
}
