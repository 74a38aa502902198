package screens

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/sparekey/sparekey/app"
)

// activityScreen lists the account's security log, newest first, in local
// time.
type activityScreen struct {
	ui     *UI
	intro  *widget.Label
	list   *widget.List
	back   *widget.Button
	events []app.Event
}

func newActivityScreen(u *UI) *activityScreen {
	s := &activityScreen{ui: u, intro: &widget.Label{Text: lang.L("What happened to this account, newest first.")}}
	evs, err := u.app.Activity() // in memory: no blocking call
	if err != nil {
		s.intro.SetText(Message(err))
	}
	s.events = evs
	s.list = &widget.List{
		Length:     func() int { return len(s.events) },
		CreateItem: func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(EventLine(s.events[i]))
		},
	}
	s.list.ExtendBaseWidget(s.list)
	s.back = &widget.Button{Text: lang.L("Back"), Icon: theme.NavigateBackIcon(), OnTapped: s.onBack}
	return s
}

func (s *activityScreen) name() string { return lang.L("Security Activity") }

func (s *activityScreen) focus() fyne.Focusable { return s.back }

func (s *activityScreen) content() fyne.CanvasObject {
	// The list fills the height of the window: the log may be long.
	top := container.NewVBox(newHeading(lang.L("Security Activity")), s.intro, widget.NewSeparator())
	return container.New(fullColumn{}, container.NewBorder(top, container.NewHBox(s.back), nil, nil, s.list))
}

func (s *activityScreen) onBack() { s.ui.touch(); s.ui.show(newHomeScreen(s.ui, "", false)) }

// eventText says what each kind of event means.
var eventText = map[app.EventKind]string{
	app.EventAccountCreated:      "Account created",
	app.EventTwoFactorEnabled:    "Two-factor authentication turned on",
	app.EventSignIn:              "Signed in",
	app.EventSignInFailed:        "Failed sign-in try",
	app.EventBackupCodeUsed:      "Backup code used",
	app.EventCodesGenerated:      "New backup codes generated",
	app.EventCodesViewed:         "Backup codes viewed",
	app.EventCodesPrinted:        "Backup codes printed",
	app.EventCodesSaved:          "Backup codes saved to a file",
	app.EventCodesCopied:         "Backup codes copied",
	app.EventPasswordChanged:     "Password changed",
	app.EventPasswordConfirmed:   "Password confirmed",
	app.EventAuthenticatorReset:  "Authenticator reset",
	app.EventLockout:             "Locked out after too many wrong tries",
	app.EventThrottleRecordReset: "Record of failed tries was missing or invalid; locked out to be safe",
	app.EventStateRestored:       "An older copy of the account's file was opened; spent codes and replaced sets stay so",
}

var factorText = map[app.Factor]string{
	app.FactorPassword:      "with password",
	app.FactorAuthenticator: "with authenticator app",
	app.FactorBackupCode:    "with backup code",
}

// details are the app's Event.Detail values, English keys of their
// translations; others are shown as they are.
var details = []string{app.DetailPrintedToFile, app.DetailOpenedAsPDF, app.DetailWrittenInPlace}

// EventLine is one line of the activity list.
func EventLine(e app.Event) string {
	what := string(e.Kind)
	if _, ok := eventText[e.Kind]; ok {
		what = lang.L(eventText[e.Kind])
	}
	if _, ok := factorText[e.Factor]; ok {
		what += " " + lang.L(factorText[e.Factor])
	}
	if slices.Contains(details, e.Detail) {
		what += " (" + lang.L(e.Detail) + ")"
	} else if e.Detail != "" {
		what += " (" + e.Detail + ")"
	}
	return formatTime(e.Time) + "   " + what
}

// formatTime is how times read on every screen: local, with the weekday.
func formatTime(t time.Time) string {
	return t.Local().Format(lang.L("Mon 2 Jan 2006, 15:04"))
}
