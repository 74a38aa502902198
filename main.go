// Sparekey gives a local account two-factor sign-in — a password plus a
// code from an authenticator app — and the backup codes that stand in for
// that code. See DESIGN.md.
package main

import (
	"flag"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/sparekey/sparekey/app"
	"github.com/sparekey/sparekey/assets"
	"github.com/sparekey/sparekey/internal/hygiene"
	"github.com/sparekey/sparekey/screens"
)

var version = "0.1.0"

func main() {
	// Before anything holds a secret: no core dumps (Linux).
	if err := hygiene.Harden(); err != nil {
		fmt.Fprintln(os.Stderr, "sparekey: could not forbid core dumps:", err)
	}
	dataDir := flag.String("data-dir", "", "folder for the account files (default: the user config dir/sparekey)")
	site := flag.String("site", app.DefaultSite, "default site name for new accounts")
	service := flag.String("keyring-service", app.DefaultKeyringService,
		"keyring service name (tests use their own so they never touch real items)")
	printHint := flag.Duration("print-hint-after", screens.PrintHintAfter,
		"how long the print dialog may take before Sparekey offers Save to Text File (tests shorten it)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("Sparekey", version)
		return
	}
	a := fyneapp.NewWithID("app.sparekey.Sparekey")
	a.SetIcon(assets.Icon)
	w := a.NewWindow(screens.AppName)
	w.Resize(screens.StartWindow)
	ui := screens.New(w, app.Config{DataDir: *dataDir, Site: *site, KeyringService: *service})
	ui.SetPrintHintAfter(*printHint)
	ui.StartTicker()
	w.ShowAndRun()
	ui.Close()
}
