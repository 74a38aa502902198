// Package desktoptest holds test helpers that drive the real Linux
// desktop chain: the D-Bus session, the XDG desktop portals with their
// GTK backend, X windows through xdotool, and the PDFs cups-pdf writes.
//
// The helpers expect to run inside a prepared session (dbus-run-session,
// Xvfb with DISPLAY exported, CUPS with a cups-pdf default queue; see
// RequireSession). Without one they skip the test, unless the
// environment sets SPAREKEY_TEST_STRICT=1, where a missing piece fails
// it: CI must never pass by skipping.
//
// The helpers exist on Linux and FreeBSD only.
package desktoptest
