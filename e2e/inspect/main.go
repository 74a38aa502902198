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
	"encoding/base64"
	"encoding/hex"
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
	expectError := flag.Bool("expect-error", false,
		"the vault is expected to refuse: print the error and the vault sentinel it matches as JSON")
	flag.Parse()
	password, err := readPassword()
	if err == nil {
		var r Report
		r, err = inspect(*dir, *service, *user, password)
		if *expectError {
			expected(err)
			return
		}
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

// expected prints the error the vault gave (report.Failure), or fails
// when it gave none.
func expected(err error) {
	if err == nil {
		fmt.Fprintln(os.Stderr, "inspect: the vault opened, but an error was expected")
		os.Exit(1)
	}
	f := report.Failure{Sentinel: report.SentinelOf(err), Error: err.Error()}
	if err := json.NewEncoder(os.Stdout).Encode(f); err != nil {
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
	r.KeyInFiles, err = keyInFiles(dir, service, snap.Info.ID)
	return r, err
}

// keyInFiles names the files of dir that hold the account's keyring item
// as text, or the device key it carries in raw bytes, base64 or hex. The
// item is base64 of: version, flags, then the 32-byte device key
// (vault/keyring.go, item.encode).
func keyInFiles(dir, service, id string) ([]string, error) {
	item, err := vault.SystemKeyring{}.Get(service, id)
	if err != nil {
		return nil, fmt.Errorf("read the keyring item: %w", err)
	}
	raw, err := base64.StdEncoding.DecodeString(item)
	if err != nil || len(raw) < 34 {
		return nil, fmt.Errorf("the keyring item is not a vault item")
	}
	key := raw[2:34]
	needles := [][]byte{[]byte(item), key,
		[]byte(base64.StdEncoding.EncodeToString(key)), []byte(base64.RawStdEncoding.EncodeToString(key)),
		[]byte(base64.URLEncoding.EncodeToString(key)), []byte(base64.RawURLEncoding.EncodeToString(key)),
		[]byte(hex.EncodeToString(key)), []byte(strings.ToUpper(hex.EncodeToString(key)))}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	found := []string{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		for _, n := range needles {
			if bytes.Contains(data, n) {
				found = append(found, e.Name())
				break
			}
		}
	}
	return found, nil
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
