package screens

import "fyne.io/fyne/v2/widget"

// shown is the sentence the window shows now: the message of the
// current screen, or the window's title when it moved on.
func (m *smx) shown() string {
	labels := []*widget.Label{}
	switch s := m.h.ui.cur.(type) {
	case *signInScreen:
		labels = append(labels, s.status, s.problem)
	case *secondFactorScreen:
		labels = append(labels, s.status)
	case *keyringScreen:
		labels = append(labels, s.explain)
	case *instanceScreen:
		labels = append(labels, s.explain)
	case *failScreen:
		labels = append(labels, s.explain)
	case *createScreen:
		labels = append(labels, s.siteWhy, s.usernameWhy, s.passwordWhy, s.repeatWhy, s.status)
	}
	for _, l := range labels {
		if l.Visible() && l.Text != "" {
			return l.Text
		}
	}
	return "window: " + m.h.title()
}

// put types s into e; long inputs are pasted.
func (m *smx) put(e *entry, s string) {
	if len(s) > 100 {
		m.h.w.Canvas().Focus(e)
		e.SetText(s)
		return
	}
	m.h.typeIn(e, s)
}

// signIn types password on the sign-in screen and taps Sign In, where
// the button can be tapped.
func (m *smx) signIn(password string) string {
	s := screenAs[*signInScreen](m.h)
	if s.signIn.Disabled() {
		return m.shown()
	}
	m.put(s.password, password)
	m.h.tap(s.signIn)
	return m.shown()
}

// second signs in with the password and types input as the second factor.
func (m *smx) second(input string) string {
	m.signIn(m.pw)
	s, ok := m.h.ui.cur.(*secondFactorScreen)
	if !ok {
		return m.shown()
	}
	m.put(s.code, input)
	m.h.enter(s.code)
	return m.shown()
}

// create fills in the create-account screen and submits it where Create
// can be tapped.
func (m *smx) create(site, user, password, repeat string) string {
	m.h.tap(screenAs[*signInScreen](m.h).add)
	s := screenAs[*createScreen](m.h)
	m.put(s.site, site)
	m.put(s.username, user)
	m.put(s.password, password)
	m.put(s.repeat, repeat)
	if !s.create.Disabled() {
		m.h.tap(s.create)
	} else {
		m.h.enter(s.repeat) // as a person tries, with Enter
		m.Proved = append(m.Proved, "Create Account stays disabled; the reason shows under its field")
	}
	return m.shown()
}
