//go:build e2e

// Command inspect is the end-to-end tests' view into a data directory: it
// reads one account with vault.Inspect (the system keyring under the given
// service name, and the password) and prints what the tests check as JSON
// on standard output.
//
// vault.Inspect is the offline reading that anyone holding the keyring item
// and the password can do: it starts no session, so it needs no second
// factor, and it writes nothing (no throttle record, no log entry, no
// migration), so inspecting never changes what a test looks at. It takes
// the data directory's lock, so it runs only while the app is stopped.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
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
	opts := vault.Options{Keyring: vault.SystemKeyring{}, Service: service}
	ids, err := accountIDs(dir)
	if err != nil {
		return Report{}, err
	}
	var snap *vault.Snapshot
	for _, id := range ids {
		if user == "" && len(ids) != 1 {
			break
		}
		s, err := vault.Inspect(dir, id, password, opts)
		if err != nil {
			return Report{}, fmt.Errorf("inspect %s: %w", id, err)
		}
		if user == "" || strings.EqualFold(s.Info.Username, user) {
			snap = &s
			break
		}
	}
	if snap == nil {
		return Report{}, fmt.Errorf("no account %q among %d", user, len(ids))
	}
	r := Report{ID: snap.Info.ID, Username: snap.Info.Username, Site: snap.Info.Site, Accounts: len(ids)}
	r.Stage = map[vault.Stage]string{vault.StageEnrol: "enrol", vault.StageCodes: "codes", vault.StageReady: "ready"}[snap.Stage]
	set := snap.Codes
	r.CodesLeft, r.CodesTotal, r.Acknowledged, r.SetCreated = set.Left(), len(set.Codes), set.Acknowledged, set.Created
	r.CodesValid = len(set.Codes) > 0
	r.Notes = snap.Notes
	r.Codes = []Code{}
	for _, c := range set.Codes {
		if canon, err := codes.Parse(c.Text); err != nil || codes.Format(canon) != c.Text {
			r.CodesValid = false
		}
		r.Codes = append(r.Codes, Code{Text: c.Text, Used: !c.Used.IsZero()})
	}
	r.Events = []Event{}
	for i := len(snap.Events) - 1; i >= 0; i-- { // newest first
		r.Events = append(r.Events, event(snap.Events[i]))
	}
	r.Pending = []Event{}
	for _, e := range snap.FailedTries {
		r.Pending = append(r.Pending, event(e))
	}
	return r, nil
}

func event(e vault.Event) Event {
	return Event{Kind: string(e.Kind), Factor: string(e.Factor), Detail: e.Detail}
}

// accountIDs lists the accounts of dir: the IDs that name its vault files.
func accountIDs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".vault"); ok && e.Type().IsRegular() {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
