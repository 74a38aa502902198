package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// task is what every form does with the work its button starts: the
// button is disabled while the work runs, a line says what is going on
// (see newBusy), and when the work fails its sentence shows in why.
type task struct {
	ui     *UI
	button *widget.Button
	busy   *widget.Label
	why    *widget.Label
}

// newTask makes the task that button starts; doing is the busy line's
// text ("Signing in…"). Its busy and why labels start hidden.
func (u *UI) newTask(button *widget.Button, doing string) *task {
	return &task{ui: u, button: button, busy: newBusy(doing), why: newProblem()}
}

// run starts work off the UI goroutine unless the button is disabled (the
// work is already running, or a lockout holds it), then calls done with
// work's error on the UI goroutine once the button and the busy line are
// back as they were.
func (t *task) run(work func() error, done func(err error)) {
	if t.button.Disabled() {
		return
	}
	t.button.Disable()
	t.why.Hide()
	t.busy.Show()
	var err error
	t.ui.async(func() { err = work() }, func() {
		t.busy.Hide()
		t.button.Enable()
		done(err)
	})
}

// fail shows err's sentence (messages.go) under the form.
func (t *task) fail(err error) { t.say(Message(err)) }

// say shows text in place of an error.
func (t *task) say(text string) {
	t.why.SetText(text)
	t.why.Show()
}

// newProblem is the label where a form says what went wrong, hidden
// until it has something to say.
func newProblem() *widget.Label {
	l := &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	l.Hide()
	return l
}
