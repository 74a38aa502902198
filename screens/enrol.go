package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// enrolScreen adds an authenticator app: the QR code, the secret in
// groups of four with Copy, and a field for the current code. During setup
// it turns two-factor authentication on; when signed in it resets the
// authenticator (the old one keeps working until the new one is
// confirmed).
type enrolScreen struct {
	ui    *UI
	reset bool

	intro  *widget.Label
	qr     *canvas.Image
	secret *widget.Label
	copy   *widget.Button
	code   *entry
	why    *widget.Label
	task   *task
	turnOn *widget.Button
	cancel *widget.Button

	enrolment app.Enrolment
}

func newEnrolScreen(u *UI, reset bool) *enrolScreen {
	s := &enrolScreen{
		ui:    u,
		reset: reset,
		intro: &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("Scan this QR code with Google Authenticator, " +
			"Duo Mobile or another authenticator app, or type the key below into it. Then enter the " +
			"6-digit code the app shows.")},
		qr:     &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScalePixels},
		secret: &widget.Label{Text: "…", TextStyle: fyne.TextStyle{Monospace: true}, Selectable: true},
	}
	s.qr.SetMinSize(fyne.NewSize(200, 200))
	s.copy = &widget.Button{Text: lang.L("Copy Key"), Icon: theme.ContentCopyIcon(), OnTapped: s.onCopy}
	s.code = u.newEntry(lang.L("6-digit code"), false, func(string) { s.onConfirm() })
	s.turnOn = &widget.Button{Text: lang.L("Turn On"), Importance: widget.HighImportance, OnTapped: s.onConfirm}
	if reset {
		s.turnOn.Text = lang.L("Use New Authenticator")
	}
	s.task = u.newTask(s.turnOn, lang.L("Working…"))
	s.why = s.task.why
	s.cancel = &widget.Button{Text: lang.L("Cancel"), OnTapped: s.onCancel}
	if !reset {
		s.cancel.Hide()
	}
	s.copy.Disable()
	s.turnOn.Disable()
	s.load()
	return s
}

func (s *enrolScreen) name() string {
	if s.reset {
		return lang.L("Reset Authenticator")
	}
	return lang.L("Turn On Two-Factor Authentication")
}

func (s *enrolScreen) focus() fyne.Focusable { return s.code }

func (s *enrolScreen) content() fyne.CanvasObject {
	key := container.NewHBox(&widget.Label{Text: lang.L("Key:")}, s.secret, s.copy)
	return page(s.name(), lang.L("Your phone becomes the second factor."),
		container.NewVBox(s.intro, container.NewCenter(s.qr), key, widget.NewLabel(lang.L("Code")), s.code, s.why, s.task.busy),
		[]fyne.CanvasObject{s.cancel}, s.turnOn)
}

// load begins (or resumes) the enrolment to show its QR code and secret.
func (s *enrolScreen) load() {
	s.task.busy.Show()
	var (
		en  app.Enrolment
		err error
	)
	s.ui.async(func() { en, err = s.ui.app.BeginEnrolment() }, func() {
		s.task.busy.Hide()
		if err != nil {
			s.task.fail(err)
			return
		}
		s.enrolment = en
		s.qr.Resource = fyne.NewStaticResource("authenticator-qr.png", en.QRPNG)
		s.qr.Refresh()
		s.secret.SetText(GroupSecret(en.Secret))
		s.copy.Enable()
		s.turnOn.Enable()
	})
}

// GroupSecret writes a base32 secret in groups of four for reading aloud
// and typing.
func GroupSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// onCopy copies the key, which comes off the clipboard again like copied
// codes do; the code field is what comes next.
func (s *enrolScreen) onCopy() {
	s.ui.touch()
	s.ui.clip.put(s.enrolment.Secret)
	s.ui.focusSoon(s.code)
}

func (s *enrolScreen) onConfirm() {
	code := s.code.Text
	s.task.run(func() error { _, err := s.ui.app.ConfirmEnrolment(code); return err }, func(err error) {
		if err != nil {
			s.task.fail(err)
			s.code.SetText("")
			return
		}
		if s.reset {
			h := newTwoFactorScreen(s.ui)
			s.ui.show(h)
			h.setNote(lang.L("Your new authenticator app is in use; the old one no longer works."))
			return
		}
		s.ui.route("")
	})
}

func (s *enrolScreen) onCancel() {
	s.cancel.Disable()
	var err error
	s.ui.async(func() { err = s.ui.app.CancelReset() }, func() {
		s.cancel.Enable()
		if err != nil {
			s.ui.failed(err)
			return
		}
		s.ui.show(newTwoFactorScreen(s.ui))
	})
}

func (s *enrolScreen) needsSudo() bool { return s.reset }
