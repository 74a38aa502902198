package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
)

// TestFlow clicks through DESIGN §1 from the first start to a new set of
// backup codes and the activity log.
func TestFlow(t *testing.T) {
	h := newHarness(t, "", nil)
	h.wantTitle("Create Account")

	h.create(testUser)
	h.wantTitle("Turn On Two-Factor Authentication")
	en := screenAs[*enrolScreen](h)
	if en.qr.Resource == nil || len(en.qr.Resource.Content()) == 0 {
		t.Fatal("no QR code shown")
	}
	if got := en.secret.Text; got != GroupSecret(en.enrolment.Secret) || !strings.Contains(got, " ") {
		t.Fatalf("secret shown as %q", got)
	}
	test.Tap(en.copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != en.enrolment.Secret {
		t.Fatalf("clipboard %q after Copy Key", got)
	}
	secret := h.enrol()

	h.wantTitle("Save Your Backup Codes")
	sc := screenAs[*saveCodesScreen](h)
	if len(sc.grid.Objects) != 10 {
		t.Fatalf("%d codes in the grid", len(sc.grid.Objects))
	}
	if sc.warning.Text != Warning {
		t.Fatal("warning missing")
	}
	if !sc.done.Disabled() {
		t.Fatal("Done enabled before the box is ticked")
	}
	test.Tap(sc.stored)
	if sc.done.Disabled() {
		t.Fatal("Done disabled after the box is ticked")
	}
	test.Tap(sc.stored)
	if !sc.done.Disabled() {
		t.Fatal("Done enabled after the box is unticked")
	}
	set := h.storeCodes()
	h.wantTitle("Home")
	h.signOut()

	// Sign in with the authenticator.
	h.signInBoth(secret)
	h.wantTitle("Home")
	if shown(screenAs[*homeScreen](h).notice) {
		t.Fatal("backup-code notice after an authenticator sign-in")
	}
	h.signOut()

	// Sign in with a backup code, typed sloppily.
	h.signIn(testPassword)
	h.secondFactor(strings.ToLower(strings.ReplaceAll(set.Codes[0].Text, "-", " ")))
	home := screenAs[*homeScreen](h)
	if got := home.notice.Text; got != "You used a backup code — 9 left." {
		t.Fatalf("notice %q", got)
	}
	if shown(home.low) {
		t.Fatal("low-codes warning with 9 left")
	}

	// Settings → Two-Factor asks for the password: sign-in does not start
	// sudo mode.
	h.tap(home.settings)
	h.wantTitle("Account Settings")
	h.tap(screenAs[*settingsScreen](h).twoFactor)
	h.wantTitle("Account Settings")
	h.confirmSudo(testPassword)
	h.wantTitle("Two-Factor Authentication")

	h.tap(screenAs[*twoFactorScreen](h).codes)
	h.wantTitle("Backup Codes")
	bc := screenAs[*backupCodesScreen](h)
	if got := bc.left.Text; got != "9 of 10 codes left" {
		t.Fatalf("left %q", got)
	}
	if !strings.Contains(bc.used.Text, "Used: 1 on Sat 14 Mar 2026") {
		t.Fatalf("used line %q", bc.used.Text)
	}
	if !strings.Contains(bc.created.Text, "Sat 14 Mar 2026, 09:26") {
		t.Fatalf("created %q", bc.created.Text)
	}

	// Generate new codes: confirm, then the save gate again.
	test.Tap(bc.generate)
	d, ok := h.ui.Dialog().(*dialog.ConfirmDialog)
	if !ok {
		t.Fatalf("dialog %T", h.ui.Dialog())
	}
	d.Confirm()
	h.ui.Wait()
	h.wantTitle("Save Your Backup Codes")
	fresh := h.storeCodes()
	if fresh.Codes[1].Text == set.Codes[1].Text {
		t.Fatal("same codes after Generate new codes")
	}
	h.wantTitle("Home")

	h.tap(screenAs[*homeScreen](h).activity)
	h.wantTitle("Security Activity")
	act := screenAs[*activityScreen](h)
	if len(act.events) < 5 {
		t.Fatalf("%d events", len(act.events))
	}
	if got := EventLine(act.events[0]); !strings.Contains(got, "Backup codes viewed") && !strings.Contains(got, "New backup codes generated") {
		t.Fatalf("newest event %q", got)
	}
	var all []string
	for _, e := range act.events {
		all = append(all, EventLine(e))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"Signed in with backup code", "Signed in with authenticator app", "Two-factor authentication turned on", "Account created"} {
		if !strings.Contains(text, want) {
			t.Errorf("activity lacks %q:\n%s", want, text)
		}
	}
	h.tap(act.back)
	h.wantTitle("Home")
}
