//go:build e2e

// Command inspect is the end-to-end tests' view into a data directory: it
// opens it the way the app does (vault.Open with the system keyring and the
// given service name), unlocks one account with its password and prints
// what the tests check as JSON on standard output.
//
// It runs only while the app is not running, since the app holds the data
// directory's lock. Unlocking with the right password changes nothing a
// test looks at: it rewrites the throttle record with the same content
// (read beforehand, so its pending failed tries are reported as they were).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sparekey/sparekey/e2e/report"
	"github.com/sparekey/sparekey/vault"
	"github.com/sparekey/sparekey/vault/codes"
)

// The output's shape, shared with the tests that read it.
type (
	Report = report.Report
	Code   = report.Code
	Event  = report.Event
)

func main() {
	dir := flag.String("data-dir", "", "the app's data directory")
	service := flag.String("service", "", "keyring service name")
	user := flag.String("username", "", "account to open (default: the only one)")
	flag.Parse()
	password, err := readPassword()
	if err == nil {
		var r Report
		r, err = inspect(*dir, *service, *user, password)
		if err == nil {
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			err = enc.Encode(r)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "inspect:", err)
		os.Exit(1)
	}
}

// readPassword takes the password from standard input, so it never shows
// in a process list.
func readPassword() (string, error) {
	var b bytes.Buffer
	if _, err := b.ReadFrom(os.Stdin); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func inspect(dir, service, user, password string) (Report, error) {
	if dir == "" || service == "" {
		return Report{}, fmt.Errorf("-data-dir and -service are required")
	}
	s, err := vault.Open(dir, vault.Options{Keyring: vault.SystemKeyring{}, Service: service})
	if err != nil {
		return Report{}, err
	}
	defer s.Close()
	accs, err := s.Accounts()
	if err != nil {
		return Report{}, err
	}
	var info *vault.Info
	for i := range accs {
		if user == "" && len(accs) == 1 || user != "" && strings.EqualFold(accs[i].Username, user) {
			info = &accs[i]
		}
	}
	if info == nil {
		return Report{}, fmt.Errorf("no account %q among %d", user, len(accs))
	}
	r := Report{ID: info.ID, Username: info.Username, Site: info.Site, Accounts: len(accs), Pending: []Event{}}
	if r.Pending, err = pending(dir, info.ID); err != nil {
		return Report{}, err
	}
	a, err := s.Unlock(info.ID, password)
	if err != nil {
		return Report{}, fmt.Errorf("unlock %s: %w", info.Username, err)
	}
	defer a.Close()
	r.Stage = map[vault.Stage]string{vault.StageEnrol: "enrol", vault.StageCodes: "codes", vault.StageReady: "ready"}[a.Stage()]
	set := a.Codes()
	r.CodesLeft, r.CodesTotal, r.Acknowledged, r.SetCreated = set.Left(), len(set.Codes), set.Acknowledged, set.Created
	r.CodesValid = len(set.Codes) > 0
	r.Codes = []Code{}
	for _, c := range set.Codes {
		if canon, err := codes.Parse(c.Text); err != nil || codes.Format(canon) != c.Text {
			r.CodesValid = false
		}
		r.Codes = append(r.Codes, Code{Text: c.Text, Used: !c.Used.IsZero()})
	}
	evs := a.Events() // newest first
	r.Events = []Event{}
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		r.Events = append(r.Events, Event{Kind: string(e.Kind), Factor: string(e.Factor), Detail: e.Detail})
	}
	return r, nil
}

// pending reads the failed tries waiting in the account's throttle record
// (JSON, then a line with its MAC; the app checks the MAC, this only reads).
func pending(dir, id string) ([]Event, error) {
	data, err := os.ReadFile(filepath.Join(dir, id+".throttle"))
	if os.IsNotExist(err) {
		return []Event{}, nil
	} else if err != nil {
		return nil, err
	}
	js, _, _ := bytes.Cut(data, []byte("\n"))
	var rec struct {
		Unreported []Event `json:"unreported"`
	}
	if err := json.Unmarshal(js, &rec); err != nil {
		return nil, fmt.Errorf("throttle record: %w", err)
	}
	if rec.Unreported == nil {
		rec.Unreported = []Event{}
	}
	return rec.Unreported, nil
}
