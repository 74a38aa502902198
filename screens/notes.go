package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// notesScreen is the private notes pad: what the two factors guard. The
// text is held by the app layer as it is typed (EditNotes, memory only)
// and written to the encrypted vault a moment after the last change, on
// leaving, and when the session ends. It is behind the complete sign-in,
// not sudo mode: asking for the password every few minutes would make a
// notepad unusable, and the idle lock ends the session.
type notesScreen struct {
	ui *UI

	heading  *widget.Label
	subtitle *widget.Label
	text     *entry
	status   *widget.Label
	back     *widget.Button

	delay   time.Duration // app.NotesSaveDelay; tests shorten it
	pending *time.Timer   // the save waiting for typing to pause
	edits   int           // counts changes, so an older save's outcome is not shown as the newest's
}

// statusSaved is the status line once the newest text is on disk.
const statusSaved = "Saved"

func newNotesScreen(u *UI) *notesScreen {
	s := &notesScreen{
		ui:      u,
		heading: &widget.Label{Text: lang.L("Private Notes"), TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText},
		subtitle: &widget.Label{Wrapping: fyne.TextWrapWord,
			Text: lang.L("Only you see these notes, after your password and your second factor. They are stored encrypted in this account's vault and saved as you type.")},
		text:   newNotesEntry(u),
		status: &widget.Label{Wrapping: fyne.TextWrapWord},
		delay:  app.NotesSaveDelay,
	}
	notes, err := u.app.Notes() // in memory: no blocking call
	if err != nil {
		s.showError(err)
		s.text.Disable()
	}
	s.text.SetText(notes)
	s.text.OnChanged = s.onChanged
	s.back = &widget.Button{Text: lang.L("Back"), Icon: theme.NavigateBackIcon(), OnTapped: s.onBack}
	return s
}

func (s *notesScreen) name() string { return lang.L("Private Notes") }

func (s *notesScreen) focus() fyne.Focusable { return s.text }

func (s *notesScreen) content() fyne.CanvasObject {
	// The pad fills the height of the window, in the column every screen
	// has.
	top := container.NewVBox(s.heading, s.subtitle, widget.NewSeparator())
	bottom := container.NewVBox(s.status, container.NewHBox(s.back))
	return container.New(fullColumn{}, container.NewBorder(top, bottom, nil, nil, s.text))
}

// onChanged hands the text to the app and saves it once typing pauses.
func (s *notesScreen) onChanged(text string) {
	s.ui.touch()
	s.edits++
	s.stopPending()
	if err := s.ui.app.EditNotes(text); err != nil {
		// Over the limit: the text stays in the field to be shortened;
		// the last accepted edit is what gets saved.
		s.showError(err)
		return
	}
	s.status.Importance = widget.MediumImportance
	s.status.SetText(lang.L("Saving…"))
	s.pending = s.ui.after(s.delay, s.save)
}

// save writes the newest edit off the UI goroutine and shows the outcome.
func (s *notesScreen) save() {
	s.pending = nil
	edit := s.edits
	var err error
	s.ui.async(func() { err = s.ui.app.SaveNotes() }, func() {
		switch {
		case err != nil:
			s.showError(err) // the text stays; the next change tries again
		case edit == s.edits:
			s.status.Importance = widget.SuccessImportance
			s.status.SetText(lang.L(statusSaved))
		}
	})
}

// onBack saves what is not saved yet, then goes home; if that fails, Home
// says so, and the text stays in memory for the sign-out to write.
func (s *notesScreen) onBack() {
	s.ui.touch()
	s.stopPending()
	s.back.Disable()
	var err error
	s.ui.async(func() { err = s.ui.app.SaveNotes() }, func() {
		notice := ""
		if err != nil {
			notice = lang.L(NotesNotSaved) + " " + Message(err)
		}
		s.ui.route(notice)
	})
}

func (s *notesScreen) stopPending() {
	if s.pending != nil {
		s.pending.Stop()
		s.pending = nil
	}
}

func (s *notesScreen) showError(err error) {
	s.status.Importance = widget.DangerImportance
	s.status.SetText(Message(err))
}

// newNotesEntry makes the notes' multi-line field; Tab moves the focus on
// from it like from every entry (entry.AcceptsTab).
func newNotesEntry(u *UI) *entry {
	e := u.newEntry(lang.L("Recovery steps, PINs, anything you would rather nobody else read"), false, nil)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}
