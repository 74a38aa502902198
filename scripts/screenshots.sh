#!/usr/bin/env bash
# Regenerates the screenshots of every screen of the journey in the light
# and the dark theme (docs/screens/<screen>-light.png and -dark.png; the
# README shows four of them) by running the end-to-end journey (e2e/,
# TestJourney) twice, with FYNE_THEME=light and FYNE_THEME=dark, in a
# private session: its own D-Bus session bus with an unlocked
# gnome-keyring, Xvfb on a free display and a temporary HOME. The journey
# copies its screenshots of those steps into docs/screens/ when
# SPAREKEY_E2E_DOCS is set. The screens the journey does not pass through
# (keyring missing or locked, already running, a data folder that cannot
# be used, starting, Private Notes, Change Password, Reset Authenticator,
# Can't sign in?)
# and the German Sign In (de-sign-in.png) are drawn by Fyne's test driver
# (screens/screenshots_test.go, TestScreenshots) in both themes, at the
# journey's window size but without its menu bar.
#
#   scripts/screenshots.sh
#
# Needs what scripts/test.sh installs (run that once on a fresh machine).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export GOTOOLCHAIN=go1.27.3 LANG=C.UTF-8

if [[ ${1:-} != --in-session ]]; then
	GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH) GOENV=$(go env GOENV)
	export GOCACHE GOMODCACHE GOPATH GOENV
	work=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-shots.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	mkdir -m 0700 "$work/home" "$work/run"
	env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
		-u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME \
		HOME="$work/home" XDG_RUNTIME_DIR="$work/run" SPAREKEY_SHOTS_WORK="$work" \
		dbus-run-session -- bash "$0" --in-session
	exit
fi

work=${SPAREKEY_SHOTS_WORK:?}
pids=()
cleanup() {
	local pid
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

printf %s pw | gnome-keyring-daemon --foreground --unlock --components=secrets >"$work/gnome-keyring.log" 2>&1 &
pids+=($!)
has_secret_service() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'
}
wait_for 20 "gnome-keyring did not take org.freedesktop.secrets" has_secret_service

Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp -noreset 9>"$work/display" </dev/null >"$work/xvfb.log" 2>&1 &
pids+=($!)
wait_for 30 "Xvfb did not report a display" grep -qE '^[0-9]+$' "$work/display"
DISPLAY=:$(head -n1 "$work/display")
export DISPLAY SPAREKEY_TEST_STRICT=1 SPAREKEY_TEST_SECRET_SERVICE=1
export SPAREKEY_E2E_DOCS=$root/docs/screens
mkdir -p "$SPAREKEY_E2E_DOCS"

for theme in light dark; do
	echo "== $theme"
	SPAREKEY_E2E_SHOTS=$work/shots-$theme FYNE_THEME=$theme \
		go test -count=1 -tags e2e -run '^TestJourney$' -v ./e2e/ 2>&1 | grep -E -e '->|^(---|ok|FAIL|panic)|_test.go'
done
echo "== screens the journey does not reach (Fyne test driver)"
go test -count=1 -tags "${SPAREKEY_BUILD_TAGS:-no_animations}" -run '^(TestScreenshots|TestGermanScreens)$' ./screens/ \
	-screenshots "$SPAREKEY_E2E_DOCS" -screenshot-de "$SPAREKEY_E2E_DOCS/de-sign-in.png"
ls -l docs/screens/*.png
