package vault

import (
	"slices"
	"time"
)

// EventKind names a security event in an account's activity log.
type EventKind string

// The events the log records.
const (
	EventAccountCreated      EventKind = "account-created"
	EventTwoFactorEnabled    EventKind = "two-factor-enabled"
	EventSignIn              EventKind = "sign-in"
	EventSignInFailed        EventKind = "sign-in-failed"
	EventBackupCodeUsed      EventKind = "backup-code-used"
	EventCodesGenerated      EventKind = "codes-generated"
	EventCodesViewed         EventKind = "codes-viewed"
	EventCodesPrinted        EventKind = "codes-printed"
	EventCodesSaved          EventKind = "codes-saved"
	EventCodesCopied         EventKind = "codes-copied"
	EventPasswordChanged     EventKind = "password-changed"
	EventPasswordConfirmed   EventKind = "password-confirmed"
	EventAuthenticatorReset  EventKind = "authenticator-reset"
	EventLockout             EventKind = "lockout"
	EventThrottleRecordReset EventKind = "throttle-record-invalid"
	// EventStateRestored: the vault file was older than the keyring item
	// (a restored copy, or a crash between the two writes) and the item's
	// state was applied to it.
	EventStateRestored EventKind = "state-restored"
)

// Factor names what a person proved at a sign-in step.
type Factor string

// The factors.
const (
	FactorNone          Factor = ""
	FactorPassword      Factor = "password"
	FactorAuthenticator Factor = "authenticator"
	FactorBackupCode    Factor = "backup-code"
)

// Event is one entry of the security activity log. Detail never holds a
// secret: no password, code or key ever goes into it.
type Event struct {
	Time   time.Time `json:"time"`
	Kind   EventKind `json:"kind"`
	Factor Factor    `json:"factor,omitempty"`
	Detail string    `json:"detail,omitempty"`
}

// MaxEvents is how many events a log keeps; older ones are dropped.
const MaxEvents = 1000

// appendEvents returns a new slice, so a caller may keep the old one to
// restore if a write fails.
func appendEvents(log []Event, ev ...Event) []Event {
	out := make([]Event, 0, len(log)+len(ev))
	out = append(append(out, log...), ev...)
	if over := len(out) - MaxEvents; over > 0 {
		out = out[over:]
	}
	return out
}

// newestFirst returns a reversed copy of the log.
func newestFirst(log []Event) []Event {
	out := slices.Clone(log)
	slices.Reverse(out)
	return out
}
