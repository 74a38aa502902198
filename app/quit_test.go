package app_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/vault"
)

// TestOpenedSheetRemovedAtClose: a sheet opened as a PDF (where there is
// no print dialog) is gone when Close returns, signed in or not. A
// background removal would die with the process at quit.
func TestOpenedSheetRemovedAtClose(t *testing.T) {
	for _, signedIn := range []bool{true, false} {
		c := newClock()
		openDir := filepath.Join(t.TempDir(), "print")
		a, err := app.Open(app.Config{
			DataDir: t.TempDir(), Now: c.now, Keyring: vault.SystemKeyring{}, KeyringService: "sparekey-test",
			KDF: vault.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}, OpenDir: openDir,
		})
		noErr(t, err)
		if signedIn {
			setUp(t, a, c)
		}
		// What OpenCodesPDF leaves for the viewer (without starting one).
		noErr(t, os.MkdirAll(openDir, 0o700))
		sheet := filepath.Join(openDir, "sparekey_backup_codes_alice.pdf")
		noErr(t, os.WriteFile(sheet, []byte("%PDF-1.4\n"), 0o600))
		noErr(t, a.Close())
		if _, err := os.Stat(sheet); !os.IsNotExist(err) {
			t.Fatalf("signed in %v: the sheet outlived Close (%v)", signedIn, err)
		}
	}
}
