// Package e2e is Sparekey's end-to-end tier: the real binary in a real
// window under Xvfb, with a real Secret Service (gnome-keyring) on a
// private D-Bus session, driven like a person with xdotool — mainly the
// keyboard — and judged only from outside the process: the window title
// (xdotool getwindowname), the vault (the inspect helper, which reads the
// data directory with the password through vault.Inspect, writing nothing,
// while the app is stopped), the keyring (secret-tool) and screenshots.
//
// The tests carry the build tag e2e and expect the session that
// scripts/test-session.sh prepares (DISPLAY, DBUS_SESSION_BUS_ADDRESS with
// an unlocked keyring, SPAREKEY_TEST_STRICT=1):
//
//	go test -count=1 -tags e2e -timeout 30m ./e2e/...
//
// Screenshots of every step go to $SPAREKEY_E2E_SHOTS (or a directory
// the test log names). With SPAREKEY_E2E_DOCS set, the journey also copies
// a screenshot of each screen it passes into that directory, named for the
// theme in FYNE_THEME (scripts/screenshots.sh runs it light and dark).
//
// A new test builds on the same pieces: newEnv (temporary HOME and data
// directory, the session checks), env.readyAccount or env.start (the app
// and its window, found by process ID), proc.key/typeText/typeLine (xdotool
// with the window focused), proc.waitTitle (polls the title with a
// deadline, screenshots each step, and fails with the last title and a
// screenshot), proc.quit then env.inspect (the vault) and env.keyringIDs
// (the keyring). Tests of the print and save chains start the portals
// first (desktoptest.StartPortals) and drive their GTK dialogs with
// desktoptest.PressKey on the dialog's window.
//
// Keyring failures (keyring_test.go) run the app against a D-Bus of the
// test's own (newTestBus: no service files, so nothing starts on demand)
// holding a locked gnome-keyring (startLockedKeyring), nothing, or a
// service that never answers (silentSecrets); their table in
// docs/SECURITY.md is written and checked by TestKeyringFailures. With
// env.offline the app runs in a network namespace of its own (unshare),
// and env.started sees each app process as it starts (the socket watch of
// offline_test.go). TestHygiene then scans the disk for the journey's
// secrets (scan_test.go); Password is new in every run, so it is found
// only where this run put it.
//
// Keyboard facts the flows rely on (Fyne v2.8.1): each screen focuses its
// main control when shown; pressing a Button (Space) drops the focus, after
// which Tab starts from the first control and Shift+Tab from the last;
// Escape with nothing focused closes a dialog.
package e2e
