package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sparekey/sparekey/app/printing"
	"github.com/sparekey/sparekey/app/sheet"
	"github.com/sparekey/sparekey/vault"
)

// DefaultSite names the sheet and the saved file when no --site is given.
const DefaultSite = "Sparekey"

// Config sets up an App. The zero value (plus DataDir) is the real
// system.
type Config struct {
	// DataDir holds the vault files; DefaultDataDir() when empty.
	DataDir string
	// Site is the default site name offered for new accounts.
	Site string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Keyring, KeyringService, KeyringTimeout and KDF are passed to the
	// vault; their zero values are the real system's.
	Keyring        vault.Keyring
	KeyringService string
	KeyringTimeout time.Duration
	KDF            vault.KDFParams
	// OpenDir is the private folder for PDFs opened in a viewer when there
	// is no print dialog; printing.DefaultOpenDir() when empty. It is
	// emptied at start, at sign-out and at Close. Tests give a temp dir,
	// so that they never touch the user's cache.
	OpenDir string
	// Print shows the system's print dialog and prints;
	// printing.PrintOutcome when nil. Tests put a double here.
	Print func(ctx context.Context, job printing.Job) (printing.Outcome, error)
	// BlockingCall, when set, is called at the start of every method that
	// may block (vault, keyring, disk, printer), with the method's name.
	// Tests use it to prove none runs on the UI goroutine.
	BlockingCall func(op string)
	// SheetWords gives the language of the printed sheet and the saved
	// file (their headers, not the codes); sheet.English when nil. It is
	// asked each time, so a sheet follows the language in use.
	SheetWords func() sheet.Words
}

// App is one running Sparekey: a data directory and at most one session.
// Its methods are safe for concurrent use.
type App struct {
	cfg   Config
	store *vault.Store
	now   func() time.Time

	mu   sync.Mutex
	sess *session
	// closing counts the sessions still writing their notes before they
	// close (closeSession).
	closing sync.WaitGroup
}

// DefaultDataDir is os.UserConfigDir()/sparekey.
func DefaultDataDir() (string, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find configuration directory: %w", err)
	}
	return filepath.Join(d, "sparekey"), nil
}

// Open takes the data directory. It fails with vault.ErrAnotherInstance
// when another process has it, and with vault.ErrStorage when it cannot
// be created or written.
func Open(cfg Config) (*App, error) {
	if cfg.DataDir == "" {
		d, err := DefaultDataDir()
		if err != nil {
			return nil, err
		}
		cfg.DataDir = d
	}
	if cfg.Site == "" {
		cfg.Site = DefaultSite
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OpenDir == "" {
		// Without a cache folder only opening a PDF fails, and says so.
		cfg.OpenDir, _ = printing.DefaultOpenDir()
	}
	s, err := vault.Open(cfg.DataDir, vault.Options{
		Keyring: cfg.Keyring, Service: cfg.KeyringService, KeyringTimeout: cfg.KeyringTimeout,
		Now: cfg.Now, KDF: cfg.KDF,
	})
	if err != nil {
		return nil, err
	}
	printing.CleanOpenDir(cfg.OpenDir) // left over from a crash: sheets hold secrets
	return &App{cfg: cfg, store: s, now: cfg.Now}, nil
}

// Close ends any session (writing its unsaved notes first), removes the
// sheets opened as PDFs and releases the data directory. The removal is done before Close returns:
// at quit, work left to a goroutine dies with the process.
func (a *App) Close() error {
	a.SignOut()
	a.closing.Wait()
	err := printing.CleanOpenDir(a.cfg.OpenDir)
	return errors.Join(err, a.store.Close())
}

// Site is the default site name for new accounts.
func (a *App) Site() string { return a.cfg.Site }

// DataDir is the data directory in use.
func (a *App) DataDir() string { return a.store.Dir() }

// Now is the App's clock.
func (a *App) Now() time.Time { return a.now() }

func (a *App) blocking(op string) {
	if a.cfg.BlockingCall != nil {
		a.cfg.BlockingCall(op)
	}
}

// CheckKeyring tells whether a keyring service answers and is unlocked:
// nil, vault.ErrNoKeyring or vault.ErrKeyringLocked.
func (a *App) CheckKeyring() error {
	a.blocking("CheckKeyring")
	return a.store.CheckKeyring()
}

// Accounts lists the local accounts for the picker.
func (a *App) Accounts() ([]vault.Info, error) {
	a.blocking("Accounts")
	return a.store.Accounts()
}

// ValidateName, ValidatePassword are the input rules, for the entry
// widgets' validators.
func ValidateName(s string) error { return vault.ValidateName(s) }

// ValidatePassword checks a new password for the given username.
func ValidatePassword(password, username string) error {
	return vault.ValidatePassword(password, username)
}
