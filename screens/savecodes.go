package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// Warning is the rule every person must read before the codes are stored.
// It is English, the key of its translation: show lang.L(Warning).
const Warning = "Backup codes replace your phone, not your password. Lose both the phone and the codes, " +
	"or the password, and this account cannot be opened."

// saveCodesScreen shows a new set of backup codes (the end of setup, or
// after Generate new codes) and lets the person continue only once they
// say the codes are stored.
type saveCodesScreen struct {
	ui *UI

	intro   *widget.Label
	grid    *fyne.Container
	warning *widget.Label
	print   *widget.Button
	save    *widget.Button
	copy    *widget.Button
	stored  *widget.Check
	done    *widget.Button
	why     *widget.Label
	task    *task

	set    app.CodeSet
	loaded bool
}

func newSaveCodesScreen(u *UI) *saveCodesScreen {
	s := &saveCodesScreen{
		ui: u,
		intro: &widget.Label{Wrapping: fyne.TextWrapWord, Text: lang.L("Here are your backup codes. Each one signs " +
			"you in once when your phone is not at hand. Store them somewhere safe: print them, save them " +
			"to a file, or write them down.")},
		grid:    codeGrid(10),
		warning: &widget.Label{Text: lang.L(Warning), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}},
	}
	s.print = &widget.Button{Text: lang.L("Print…"), Icon: theme.DocumentPrintIcon(), OnTapped: s.onPrint}
	s.save = &widget.Button{Text: lang.L("Save to Text File…"), Icon: theme.DocumentSaveIcon(), OnTapped: s.onSave}
	s.copy = &widget.Button{Text: lang.L("Copy"), Icon: theme.ContentCopyIcon(), OnTapped: s.onCopy}
	s.stored = &widget.Check{Text: lang.L("I have stored these codes"), OnChanged: s.onStored}
	s.done = &widget.Button{Text: lang.L("Done"), Importance: widget.HighImportance, OnTapped: s.onDone}
	s.done.Disable()
	s.task = u.newTask(s.done, lang.L("Saving…"))
	s.why = s.task.why

	set, err := u.app.NewCodes() // in memory: no blocking call
	if err != nil {
		s.task.fail(err)
		s.stored.Disable()
		return s
	}
	s.set, s.loaded = set, true
	for i, c := range set.Codes {
		s.grid.Add(codeCell(i, c))
	}
	return s
}

func (s *saveCodesScreen) name() string { return lang.L("Save Your Backup Codes") }

func (s *saveCodesScreen) focus() fyne.Focusable { return s.stored }

func (s *saveCodesScreen) hasSheet() bool { return s.loaded }

func (s *saveCodesScreen) content() fyne.CanvasObject {
	return page(lang.L("Save Your Backup Codes"), lang.L("Ten codes, each good for one sign-in without your phone."),
		container.NewVBox(s.intro, container.NewCenter(s.grid), s.warning,
			container.NewHBox(s.print, s.save, s.copy), widget.NewSeparator(), s.stored, s.why, s.task.busy),
		nil, s.done)
}

func (s *saveCodesScreen) onPrint() {
	s.ui.touch()
	s.ui.printSheet()
}

func (s *saveCodesScreen) onSave() {
	s.ui.touch()
	s.ui.saveSheet()
}

// onCopy copies the codes; the next step is to tick "I have stored these
// codes".
func (s *saveCodesScreen) onCopy() { s.ui.copyCodes(s.set, s.stored) }

func (s *saveCodesScreen) onStored(on bool) {
	s.ui.touch()
	if on && s.loaded {
		s.done.Enable()
	} else {
		s.done.Disable()
	}
}

func (s *saveCodesScreen) onDone() {
	if !s.stored.Checked {
		return
	}
	s.task.run(func() error { _, err := s.ui.app.AcknowledgeCodes(); return err }, func(err error) {
		if err != nil {
			s.task.fail(err)
			return
		}
		s.ui.route("")
	})
}
