package report

import (
	"errors"

	"github.com/sparekey/sparekey/vault"
)

// Failure is what the inspector prints, with -expect-error, when the
// vault refuses to open: the error's text and the vault sentinel it
// matches (errors.Is), so a test can name the error value exactly.
type Failure struct {
	Sentinel string `json:"sentinel"` // e.g. "ErrNoKeyring"; "" when none matches
	Error    string `json:"error"`
}

// Sentinels are the vault errors a Failure may name, the most specific
// first.
var Sentinels = []struct {
	Name string
	Err  error
}{
	{"ErrNoKeyring", vault.ErrNoKeyring},
	{"ErrKeyringNoAnswer", vault.ErrKeyringNoAnswer}, // also matches ErrKeyringLocked
	{"ErrKeyringLocked", vault.ErrKeyringLocked},
	{"ErrKeyringItemMissing", vault.ErrKeyringItemMissing},
	{"ErrKeyringMismatch", vault.ErrKeyringMismatch},
	{"ErrAnotherInstance", vault.ErrAnotherInstance},
	{"ErrNoAccount", vault.ErrNoAccount},
	{"ErrDamaged", vault.ErrDamaged},
	{"ErrWrongPassword", vault.ErrWrongPassword},
}

// SentinelOf names the first of Sentinels that err matches.
func SentinelOf(err error) string {
	for _, s := range Sentinels {
		if errors.Is(err, s.Err) {
			return s.Name
		}
	}
	return ""
}

// SentinelErr is the sentinel a Failure names (nil for an unknown name).
func SentinelErr(name string) error {
	for _, s := range Sentinels {
		if s.Name == name {
			return s.Err
		}
	}
	return nil
}
