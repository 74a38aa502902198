//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"time"

	"github.com/sparekey/sparekey/internal/desktoptest"
)

// How long a screen may take to follow an action. Argon2id (64 MiB, t=3)
// runs on every password check; on a loaded 2-core machine that is a few
// seconds.
const (
	screenWait = 30 * time.Second
	startWait  = 30 * time.Second
)

// focusBack is how long a flow waits for a closed dialog or a pressed
// button to hand the keyboard focus back before it types on. The Wine
// tier (wine_test.go) makes it longer: under Wine on a loaded machine the
// hand-back can take more than the 200 ms that suffice on Linux.
var focusBack = 200 * time.Millisecond

var (
	secretRE = regexp.MustCompile(`^[A-Z2-7]{32}$`)
	codeRE   = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$`)
)

// createAccount fills the create-account screen (the username field has
// the focus; Tab walks username → password → its reveal button → repeat)
// and submits it.
func (p *proc) createAccount(username string) {
	p.e.t.Helper()
	p.waitTitle("Create Account", "create-account", startWait)
	p.typeText(username)
	p.key("Tab")
	p.typeText(Password)
	p.key("Tab", "Tab")
	p.typeText(Password)
	p.shot("create-account-filled")
	p.key("Return")
	p.waitTitle("Turn On Two-Factor Authentication", "enrol", screenWait)
}

// enrol takes the secret with the Copy Key button (Shift+Tab from the
// focused code field), reads it from the X clipboard, and confirms the
// phone's current code. It returns the phone.
func (p *proc) enrol() *phone {
	t := p.e.t
	t.Helper()
	// The secret arrives from a goroutine; Copy Key is enabled with it.
	var secret string
	for attempt := 0; ; attempt++ {
		time.Sleep(500 * time.Millisecond)
		p.key("shift+Tab", "space")
		s, ok := clipboard(t, 3*time.Second, func(s string) bool { return secretRE.MatchString(strings.TrimSpace(s)) })
		if ok {
			secret = strings.TrimSpace(s)
			break
		}
		if attempt == 2 {
			t.Fatalf("Copy Key put no TOTP secret on the clipboard (got %q); screenshot %s", s, p.shot("FAILED-copy-key"))
		}
		p.key("shift+Tab", "shift+Tab") // back to the code field, try again
	}
	// Copy Key hands the focus back to the code field (screens a0fc66e).
	time.Sleep(focusBack)
	ph := &phone{secret: secret}
	p.typeLine(ph.code(t))
	p.waitTitle("Save Your Backup Codes", "save-codes", screenWait)
	return ph
}

// copyCodes presses Copy on a screen showing a code set (Shift+Tab from
// the focused control reaches it), reads the codes from the X clipboard,
// closes the "Copied" message with Escape and returns the codes. Copy
// gives the unused codes: want of them.
func (p *proc) copyCodes(want int, keys ...string) []string {
	t := p.e.t
	t.Helper()
	p.key(append(keys, "space")...)
	s, ok := clipboard(t, 5*time.Second, func(s string) bool { return len(parseCodes(s)) == want })
	if !ok {
		t.Fatalf("Copy put no %d backup codes on the clipboard (got %d lines); screenshot %s",
			want, len(strings.Fields(s)), p.shot("FAILED-copy-codes"))
	}
	// The "Copied" message comes once the copy is recorded in the vault,
	// a write that takes a while on a loaded machine: Escape must wait
	// for it, and the next key for it to close (which gives the focus
	// back).
	p.waitMessage(copiedText, "codes-copied")
	p.key("Escape")
	p.waitNoMessage(copiedText, "codes-copied-closed")
	return parseCodes(s)
}

// copiedText is the start of the "Copied" message (screens' copyCodes).
const copiedText = "The unused codes are on the clipboard"

func parseCodes(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if codeRE.MatchString(f) {
			out = append(out, f)
		}
	}
	return out
}

// storeCodes copies the new set on the save-codes screen, ticks "I have
// stored these codes" and presses Done. want is how many are unused.
func (p *proc) storeCodes(want int) []string {
	p.e.t.Helper()
	got := p.copyCodes(want, "shift+Tab") // the check box has the focus; Copy is before it
	// Closing the "Copied" message gave the focus back to the check box
	// (screens a0fc66e). Tick it, then Tab to Done.
	time.Sleep(focusBack)
	p.key("space")
	p.shot("codes-stored-ticked")
	p.key("Tab", "space")
	p.waitTitle("Home", "home", screenWait)
	return got
}

// signIn types the password on the sign-in screen (its field has the
// focus) and waits for the second step.
func (p *proc) signIn(step string) {
	p.e.t.Helper()
	p.waitTitle("Sign In", step+"-sign-in", startWait)
	p.typeLine(Password)
	p.waitTitle("Two-Step Verification", step+"-second-factor", screenWait)
}

// secondFactor types a code into the focused code field and submits it.
func (p *proc) secondFactor(code string) {
	p.e.t.Helper()
	p.typeLine(code)
}

// spendCode signs out from Home and signs in again with backup code
// code, back to Home: the set then has a used code that a printed or
// saved sheet must leave out.
func (p *proc) spendCode(code string) {
	p.e.t.Helper()
	p.signOut("signed-out")
	p.signIn("backup")
	p.secondFactor(code)
	p.waitTitle("Home", "backup-home", screenWait)
}

// signOut goes from Home (Account Settings has the focus; Tab walks
// Security Activity, Sign Out) to the sign-in screen.
func (p *proc) signOut(step string) {
	p.e.t.Helper()
	p.key("Tab", "Tab", "space")
	p.waitTitle("Sign In", step, screenWait)
}

// openBackupCodes goes from Home to the backup codes screen: Account
// Settings, Two-Factor Authentication (with the password again when sudo
// mode is off), Show Backup Codes.
func (p *proc) openBackupCodes(step string, askPassword bool) {
	p.e.t.Helper()
	p.key("space") // Account Settings has the focus on Home
	p.waitTitle("Account Settings", step+"-settings", screenWait)
	p.key("space") // Two-Factor Authentication has the focus
	if askPassword {
		time.Sleep(300 * time.Millisecond)
		p.shot(step + "-confirm-password")
		// The dialog's field has the focus, and it is empty: the Space that
		// pressed the button typed nothing into it (UI.focusSoon). A space
		// there would make the password wrong, and a refused correct
		// password counts as a failed try, which the journey checks.
		p.typeLine(Password)
	}
	p.waitTitle("Two-Factor Authentication", step+"-two-factor", screenWait)
	p.key("space") // Show Backup Codes has the focus
	p.waitTitle("Backup Codes", step+"-backup-codes", screenWait)
}

// generate presses Generate New Codes… on the backup codes screen (Shift+Tab
// from the focused Print wraps round to it) and confirms the dialog.
func (p *proc) generate(step string) {
	p.e.t.Helper()
	p.key("shift+Tab", "space")
	time.Sleep(300 * time.Millisecond)
	p.shot(step + "-confirm-generate")
	p.key("Tab", "Tab") // Cancel, Generate New Codes
	// No pause after this key: the kill test times from here.
	desktoptest.PressKey(p.e.t, p.win, "space")
}

// readyAccount starts the app on an empty data directory and sets up an
// account as a person would: create, enrol with the phone, copy and store
// the codes. It returns the app on Home, the phone and the codes.
func (e *env) readyAccount(username string) (*proc, *phone, []string) {
	e.t.Helper()
	p := e.start()
	p.createAccount(username)
	ph := p.enrol()
	return p, ph, p.storeCodes(10)
}
