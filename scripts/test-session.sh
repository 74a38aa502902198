#!/usr/bin/env bash
# The test environment, run by scripts/test.sh inside its own
# `dbus-run-session` with a temporary HOME and XDG_RUNTIME_DIR. Starts the
# real desktop parts the tests use, runs the Go tests, and stops everything
# it started:
#   - gnome-keyring's Secret Service, unlocked, on this session bus;
#   - Xvfb on a free display (DISPLAY);
#   - a private CUPS scheduler (CUPS_SERVER) with a cups-pdf queue "PDF"
#     (the default) that writes into $SPAREKEY_TEST_PDF_DIR, checked to
#     print from GTK as the print dialog does (scripts/print-chain.sh).
# The XDG desktop portal is not started here: tests start it, fresh per test.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
: "${SPAREKEY_TEST_ROOT:?run scripts/test.sh, not this file}"
# shellcheck source=scripts/print-chain.sh
source scripts/print-chain.sh

logs=$SPAREKEY_TEST_ROOT/logs
mkdir -p "$logs"
pids=()

as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	else
		sudo -n "$@"
	fi
}

cleanup() {
	local rc=$? pid
	if ((rc != 0)); then stage_failed; else stage_done; fi
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	cups_stop
	if ((rc != 0)) && [[ -d $logs ]]; then
		echo "service logs: $logs ${cups_logs:+and $cups_logs}"
	fi
	exit "$rc"
}
trap cleanup EXIT

stage "Secret Service (gnome-keyring)"
printf %s pw | gnome-keyring-daemon --foreground --unlock --components=secrets \
	>"$logs/gnome-keyring.log" 2>&1 &
pids+=($!)
has_secret_service() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'
}
wait_for 20 "gnome-keyring did not take org.freedesktop.secrets" has_secret_service
printf probe | timeout 20 secret-tool store --label='sparekey test probe' sparekey-test-probe 1 ||
	die "the Secret Service did not store a probe item (see $logs/gnome-keyring.log)"
[[ $(timeout 20 secret-tool lookup sparekey-test-probe 1) == probe ]] ||
	die "the Secret Service did not give back the probe item"
timeout 20 secret-tool clear sparekey-test-probe 1
echo "keyring unlocked; secret-tool store/lookup/clear work"

stage "X server (Xvfb)"
Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp -noreset \
	9>"$SPAREKEY_TEST_ROOT/display" </dev/null >"$logs/xvfb.log" 2>&1 &
pids+=($!)
wait_for 30 "Xvfb did not report a display (see $logs/xvfb.log)" \
	grep -qE '^[0-9]+$' "$SPAREKEY_TEST_ROOT/display"
DISPLAY=:$(head -n1 "$SPAREKEY_TEST_ROOT/display")
export DISPLAY
wait_for 10 "the X server on $DISPLAY does not answer" xdotool getdisplaygeometry
echo "DISPLAY=$DISPLAY ($(xdotool getdisplaygeometry))"

stage "CUPS print queue (cups-pdf, a private scheduler)"
if [[ $(id -u) -ne 0 ]] && ! sudo -n true 2>/dev/null; then
	die "The print tests need root to start cupsd and add the PDF queue: run scripts/test.sh as root or with passwordless sudo."
fi
cups_start_private
cups_add_pdf_queue

stage "GTK prints through CUPS (the print dialog's chain)"
gtk_print_chain

# What the tests are told about their environment.
export SPAREKEY_TEST_PRINTER=PDF
export XDG_CURRENT_DESKTOP=GNOME GDK_BACKEND=x11 NO_AT_BRIDGE=1
export SPAREKEY_TEST_STRICT=1 SPAREKEY_TEST_SECRET_SERVICE=1
# Services that D-Bus starts on demand (a Fyne app activates the portal by
# itself) need the display too, or the GTK backend dies at once.
dbus-update-activation-environment DISPLAY XDG_CURRENT_DESKTOP GDK_BACKEND NO_AT_BRIDGE CUPS_SERVER

if (($#)); then
	# scripts/test.sh --session CMD...: a developer's one command in the
	# same desktop, instead of the suite.
	stage "$*"
	"$@" 2>&1 | tee -a "$SPAREKEY_TEST_LOG"
	exit "${PIPESTATUS[0]}"
fi

stage "go test -race ./..."
echo "test env: HOME=$HOME XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR DISPLAY=$DISPLAY"
echo "          SPAREKEY_TEST_PDF_DIR=$SPAREKEY_TEST_PDF_DIR SPAREKEY_TEST_STRICT=1 SPAREKEY_TEST_SECRET_SERVICE=1"
echo "          CUPS_SERVER=$CUPS_SERVER SPAREKEY_TEST_GTK_PORTAL_LIBS=${SPAREKEY_TEST_GTK_PORTAL_LIBS:-}"
go test -race -count=1 ./... 2>&1 | tee -a "$SPAREKEY_TEST_LOG"

if [[ -d e2e ]]; then
	stage "go test -tags e2e ./e2e/..."
	# -v: the closing summary then names every end-to-end test that passed.
	go test -v -count=1 -tags e2e -timeout 30m ./e2e/... 2>&1 | tee -a "$SPAREKEY_TEST_LOG"
fi
