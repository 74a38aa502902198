// Package report is the shape of what the e2e inspector (e2e/inspect)
// prints about a vault and the e2e tests read back: one definition for
// both sides.
package report

import "time"

// Report describes one account as the inspector found it.
type Report struct {
	ID           string    `json:"id"`
	Username     string    `json:"username"`
	Site         string    `json:"site"`
	Accounts     int       `json:"accounts"`
	Stage        string    `json:"stage"`
	CodesLeft    int       `json:"codes_left"`
	CodesTotal   int       `json:"codes_total"`
	CodesValid   bool      `json:"codes_valid"`
	Acknowledged bool      `json:"acknowledged"`
	SetCreated   time.Time `json:"set_created"`
	Codes        []Code    `json:"codes"`
	Events       []Event   `json:"events"`  // oldest first
	Pending      []Event   `json:"pending"` // failed tries not yet folded into the log
	// Notes are the private notes. The tests that set them compare, never
	// log them: the hygiene check looks for them in every file.
	Notes string `json:"notes"`
	// KeyInFiles names the files of the data directory that hold the
	// account's keyring item or its device key in any common encoding;
	// it must be empty (the key lives in the keyring only).
	KeyInFiles []string `json:"key_in_files"`
}

// Code is one backup code of the current set.
type Code struct {
	Text string `json:"text"`
	Used bool   `json:"used"`
}

// Event is one entry of the security log.
type Event struct {
	Kind   string `json:"kind"`
	Factor string `json:"factor,omitempty"`
	Detail string `json:"detail,omitempty"`
}

func (ev Event) String() string {
	if ev.Factor == "" {
		return ev.Kind
	}
	return ev.Kind + "/" + ev.Factor
}

// Unused lists the texts of the set's unused codes.
func (r Report) Unused() []string {
	var out []string
	for _, c := range r.Codes {
		if !c.Used {
			out = append(out, c.Text)
		}
	}
	return out
}

// Texts lists every code of the set.
func (r Report) Texts() []string {
	var out []string
	for _, c := range r.Codes {
		out = append(out, c.Text)
	}
	return out
}
