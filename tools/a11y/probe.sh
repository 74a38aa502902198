#!/usr/bin/env bash
# Checks what a screen reader on Linux can read of Sparekey: builds the app
# with Fyne's `accessibility` build tag, starts it on the sign-in screen in
# a private session (D-Bus, Xvfb, the AT-SPI bus, gnome-keyring) beside a
# small GTK window as a control, and reads both trees from outside with
# tools/a11y/probe.py (python3-pyatspi).
#
#   tools/a11y/probe.sh
#
# Exit status 1 when Sparekey is not on the AT-SPI registry. With Fyne
# v2.8.1 it is not: see docs/ACCESSIBILITY.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export GOTOOLCHAIN=go1.27.3 LANG=C.UTF-8

if [[ ${1:-} != --in-session ]]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-a11y.XXXXXX")
	trap 'rm -rf "$work" 2>/dev/null || true' EXIT
	go build -tags "no_animations accessibility" -o "$work/sparekey" .
	mkdir -m 0700 "$work/home" "$work/run"
	env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY -u NO_AT_BRIDGE \
		HOME="$work/home" XDG_RUNTIME_DIR="$work/run" SPAREKEY_A11Y_WORK="$work" \
		dbus-run-session -- bash "$0" --in-session
	exit
fi

work=${SPAREKEY_A11Y_WORK:?}
pids=()
cleanup() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

printf %s pw | gnome-keyring-daemon --foreground --unlock --components=secrets >"$work/keyring.log" 2>&1 &
pids+=($!)
Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp -noreset 9>"$work/display" </dev/null >"$work/xvfb.log" 2>&1 &
pids+=($!)
wait_for 30 "Xvfb did not report a display" grep -qE '^[0-9]+$' "$work/display"
DISPLAY=:$(head -n1 "$work/display")
export DISPLAY GTK_A11Y=atspi
/usr/libexec/at-spi-bus-launcher --launch-immediately >"$work/atspi.log" 2>&1 &
pids+=($!)
sleep 1

# The control: a GTK window with a labelled button, which GTK puts on the
# AT-SPI bus by itself.
/usr/bin/python3 -c '
import gi; gi.require_version("Gtk", "3.0"); from gi.repository import Gtk, GLib
w = Gtk.Window(title="control"); w.add(Gtk.Button(label="Press me")); w.show_all()
GLib.set_prgname("gtk-control"); Gtk.main()' >"$work/control.log" 2>&1 &
pids+=($!)

"$work/sparekey" --data-dir "$work/data" --keyring-service sparekey-a11y >"$work/sparekey.log" 2>&1 &
pids+=($!)
wait_for 30 "no Sparekey window" xdotool search --onlyvisible --name Sparekey
status=0
/usr/bin/python3 tools/a11y/probe.py gtk-control sparekey || status=$?
exit "$status"
