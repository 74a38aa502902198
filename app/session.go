package app

import (
	"sync"
	"time"

	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/vault"
)

// Session timing (DESIGN §1.5 and the idle lock).
const (
	// SudoWindow is how long a password confirmation lasts, counted from
	// the last activity.
	SudoWindow = 5 * time.Minute
	// SudoMax caps a confirmation, however active the person is.
	SudoMax = 15 * time.Minute
	// IdleTimeout ends a session without input.
	IdleTimeout = 10 * time.Minute
	// LowCodes is the number of backup codes left at which the person is
	// urged to make a new set.
	LowCodes = 3
)

// Step is where the person is in the flow; the screens show the screen for
// it.
type Step int

// The steps.
const (
	StepSignIn       Step = iota // no session
	StepSecondFactor             // password accepted, second factor awaited
	StepEnrol                    // setup: add an authenticator
	StepSaveCodes                // setup or regeneration: store the new backup codes
	StepHome                     // signed in
)

var stepNames = [...]string{"sign-in", "second-factor", "enrol", "save-codes", "home"}

func (s Step) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "unknown"
}

type session struct {
	acct         *vault.Account
	verified     bool // every factor the account has was given
	sudoChecked  time.Time
	lastActivity time.Time
	// The private notes as last edited, and whether that edit is not yet
	// saved (notes.go); saving serialises the writes of this session's.
	notes      string
	notesDirty bool
	saving     sync.Mutex
}

// SignInResult tells how a second factor was given and where to go next.
type SignInResult struct {
	Factor    vault.Factor
	CodesLeft int
	// LowOnCodes is set after a backup-code sign-in that left LowCodes or
	// fewer: the person should make a new set.
	LowOnCodes bool
	// FailedTries counts the tries that failed since the sign-in before
	// this one, the last of them at LastFailed (DESIGN §4: Home says so).
	FailedTries int
	LastFailed  time.Time
	Next        Step
}

// Step is the current step of the flow.
func (a *App) Step() Step {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stepLocked()
}

func (a *App) stepLocked() Step {
	s := a.sess
	switch {
	case s == nil:
		return StepSignIn
	case !s.verified:
		return StepSecondFactor
	}
	switch s.acct.Stage() {
	case vault.StageEnrol:
		return StepEnrol
	case vault.StageCodes:
		return StepSaveCodes
	}
	return StepHome
}

// Account describes the signed-in (or half signed-in) account.
func (a *App) Account() (vault.Info, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil {
		return vault.Info{}, false
	}
	return a.sess.acct.Info(), true
}

// CreateAccount makes a new account and starts its setup session. The
// password was just typed, so the session starts in sudo mode. Nothing is
// saved until ConfirmEnrolment: quitting before that leaves nothing.
func (a *App) CreateAccount(site, username, password, repeat string) (Step, error) {
	a.blocking("CreateAccount")
	a.closing.Wait()
	if err := CheckRepeat(password, repeat); err != nil {
		return StepSignIn, err
	}
	acct, err := a.store.Create(site, username, password)
	if err != nil {
		return StepSignIn, err
	}
	return a.begin(acct, true), nil
}

// begin starts the session of acct, whose password was just typed (and,
// when created, holds no second factor yet: verified), ending any other.
func (a *App) begin(acct *vault.Account, created bool) Step {
	now := a.now()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.endLocked()
	a.sess = &session{acct: acct, lastActivity: now}
	if created {
		a.sess.verified, a.sess.sudoChecked = true, now
	}
	return a.stepLocked()
}

// SignIn checks the password of account id. Next is StepSecondFactor:
// the password alone never signs in (an account written half-made by an
// older version is refused with vault.ErrNotEnrolled).
func (a *App) SignIn(id, password string) (Step, error) {
	a.blocking("SignIn")
	a.mu.Lock()
	a.endLocked()
	a.mu.Unlock()
	// The session just ended may be writing its notes on the account's
	// handle, which Unlock would hand out again: let it finish and close.
	a.closing.Wait()
	acct, err := a.store.Unlock(id, password)
	if err != nil {
		return StepSignIn, err
	}
	return a.begin(acct, false), nil
}

// VerifySecondFactor completes a sign-in with an authenticator code or a
// backup code.
func (a *App) VerifySecondFactor(code string) (SignInResult, error) {
	a.blocking("VerifySecondFactor")
	a.mu.Lock()
	s := a.sess
	a.mu.Unlock()
	if s == nil || s.verified {
		return SignInResult{}, ErrWrongStep
	}
	sf, err := s.acct.VerifySecondFactor(code)
	if err != nil {
		return SignInResult{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess != s { // signed out meanwhile
		return SignInResult{}, ErrNotSignedIn
	}
	s.verified = true
	s.lastActivity = a.now()
	res := SignInResult{Factor: sf.Factor, CodesLeft: sf.CodesLeft, Next: a.stepLocked()}
	res.LowOnCodes = sf.Factor == vault.FactorBackupCode && sf.CodesLeft <= LowCodes
	res.FailedTries, res.LastFailed = failedSincePrevious(s.acct.Events())
	return res, nil
}

// failedSincePrevious counts the failed tries between the newest sign-in
// in events (newest first) and the one before it, and returns when the
// last of them was. The sign-in folded them into the log.
func failedSincePrevious(events []vault.Event) (n int, last time.Time) {
	signIns := 0
	for _, e := range events {
		switch e.Kind {
		case vault.EventSignIn:
			if signIns++; signIns == 2 {
				return n, last
			}
		case vault.EventSignInFailed:
			if signIns == 1 {
				if n == 0 {
					last = e.Time
				}
				n++
			}
		}
	}
	return n, last
}

// SignOut ends the session and forgets the vault key.
func (a *App) SignOut() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.endLocked()
}

func (a *App) endLocked() {
	if a.sess != nil {
		a.closeSession(a.sess)
		a.sess = nil
	}
	// Sheets opened as PDFs for printing must not outlive the session;
	// emptying the folder is disk work, kept off the caller's (UI) thread.
	go printing.CleanOpenDir(a.cfg.OpenDir)
}

// Touch records activity: it keeps the session from the idle lock and
// extends sudo mode (never beyond SudoMax from the password check).
func (a *App) Touch() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil {
		return
	}
	now := a.now()
	if a.sudoLocked(now) == 0 {
		a.sess.sudoChecked = time.Time{} // lapsed: activity must not revive it
	}
	a.sess.lastActivity = now
}

// IdleFor is the time since the last activity, or 0 with no session.
func (a *App) IdleFor() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil {
		return 0
	}
	return a.now().Sub(a.sess.lastActivity)
}

// Reauthenticate confirms the password again and starts sudo mode.
func (a *App) Reauthenticate(password string) error {
	a.blocking("Reauthenticate")
	s, err := a.signedIn()
	if err != nil {
		return err
	}
	if err := s.acct.CheckPassword(password); err != nil {
		return err
	}
	a.mu.Lock()
	now := a.now()
	s.sudoChecked, s.lastActivity = now, now
	a.mu.Unlock()
	return s.acct.Record(vault.EventPasswordConfirmed, "")
}

// SudoRemaining is how long sudo mode still lasts without activity; 0
// when it is off.
func (a *App) SudoRemaining() time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sudoLocked(a.now())
}

func (a *App) sudoLocked(now time.Time) time.Duration {
	s := a.sess
	if s == nil || !s.verified || s.sudoChecked.IsZero() {
		return 0
	}
	end := min(s.lastActivity.Add(SudoWindow).UnixNano(), s.sudoChecked.Add(SudoMax).UnixNano())
	if d := time.Duration(end - now.UnixNano()); d > 0 {
		return d
	}
	return 0
}

// signedIn returns the session if both factors were given.
func (a *App) signedIn() (*session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil || !a.sess.verified {
		return nil, ErrNotSignedIn
	}
	return a.sess, nil
}

// sudo returns the session if it is in sudo mode, and counts the call as
// activity.
func (a *App) sudo() (*session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sess == nil || !a.sess.verified {
		return nil, ErrNotSignedIn
	}
	now := a.now()
	if a.sudoLocked(now) == 0 {
		return nil, ErrSudoRequired
	}
	a.sess.lastActivity = now
	return a.sess, nil
}
