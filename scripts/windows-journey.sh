#!/usr/bin/env bash
# Runs Sparekey's Windows build for real, under Wine, and drives its
# journey like the Linux end-to-end tier (e2e/wine_test.go):
#
#   sudo scripts/windows-journey.sh        # root: apt-get, cupsd
#
# 1. Installs what it needs (scripts/setup.sh test, then mingw-w64 and
#    Wine 8 from Debian: gcc-mingw-w64-x86-64 wine64 wine).
# 2. Cross-builds sparekey.exe as a GUI program (cgo with mingw-w64,
#    -H=windowsgui, the app's build tags), inspect.exe (the e2e
#    inspector, no cgo) and the test rig's bcryptprimitives.dll
#    (tools/wine-prng: Wine 8.0 lacks ProcessPrng, without which no Go
#    1.22+ program starts; never shipped).
# 3. Makes a throwaway 64-bit Wine prefix and an X server (Xvfb) of its
#    own, and copies the DLL into the prefix's system32.
# 4. The journey with no print system (CUPS_SERVER names a socket where
#    nothing listens): create an account, enrol with oathtool, store the
#    codes, quit, start again, sign in with a backup code, see it refused
#    the second time, sign in with TOTP, press Print and get "No printer
#    is installed". Outside checks: window titles, the data folder in the
#    prefix, Wine's credential store, inspect.exe.
# 5. Restarts Wine's server, starts a private CUPS scheduler with the
#    cups-pdf queue PDF (scripts/print-chain.sh), prints through
#    PrintDlgEx and reads the PDF back.
#
# Everything it starts it stops; its folder is removed on success and
# kept (with logs and screenshots) on failure. Stage times close the run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

[[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null ||
	die "run as root (or with passwordless sudo): it installs packages and starts cupsd"

run_root=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-wine.XXXXXX")
export SPAREKEY_TEST_ROOT=$run_root SPAREKEY_TEST_RUN=${run_root##*/}
export SPAREKEY_TIMES=$run_root/times
: >"$SPAREKEY_TIMES"
logs=$run_root/logs
mkdir -p "$logs" "$run_root/bin"
started=$SECONDS
xvfb_pid=

as_root() {
	if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}
# shellcheck source=scripts/print-chain.sh
source scripts/print-chain.sh

on_exit() {
	local rc=$?
	if ((rc != 0)); then stage_failed; else stage_done; fi
	if [[ -n ${WINEPREFIX:-} && -d ${WINEPREFIX:-} ]]; then
		wineserver -k 2>/dev/null || true
	fi
	cups_stop
	[[ -z $xvfb_pid ]] || kill "$xvfb_pid" 2>/dev/null || true
	printf '\n==> timings (total %ds)\n' "$((SECONDS - started))"
	cat "$SPAREKEY_TIMES"
	if ((rc != 0)); then
		printf '\nscripts/windows-journey.sh FAILED (exit %d); logs, screenshots and the Wine prefix are in %s\n' "$rc" "$run_root"
	else
		rm -rf "$run_root"
	fi
	exit "$rc"
}
trap on_exit EXIT

stage "setup (packages, go toolchain, mingw-w64, Wine)"
# shellcheck source=scripts/setup.sh
source scripts/setup.sh test
sparekey_install_packages gcc-mingw-w64-x86-64 wine64 wine
wine --version 2>/dev/null # (its wrapper's note that wine32 is missing does not matter: 64-bit only)
x86_64-w64-mingw32-gcc --version | head -n1
# HOME changes below (for cups-pdf): pin Go's caches and settings first.
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH) GOENV=$(go env GOENV)
export GOCACHE GOMODCACHE GOPATH GOENV

stage "cross-build sparekey.exe (GOOS=windows, cgo with mingw-w64, -H=windowsgui)"
GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
	go build -tags "$SPAREKEY_BUILD_TAGS" -ldflags "-H=windowsgui" -o "$run_root/bin/sparekey.exe" .
headers=$(x86_64-w64-mingw32-objdump -p "$run_root/bin/sparekey.exe")
grep -q 'Subsystem.*(Windows GUI)' <<<"$headers" ||
	die "sparekey.exe is not a GUI program (no -H=windowsgui?)"
echo "sparekey.exe: $(du -h "$run_root/bin/sparekey.exe" | cut -f1), subsystem Windows GUI"

stage "cross-build inspect.exe and the test rig's bcryptprimitives.dll"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -tags e2e -o "$run_root/bin/inspect.exe" ./e2e/inspect
x86_64-w64-mingw32-gcc -shared -O2 -Wall -Wextra -o "$run_root/bin/bcryptprimitives.dll" \
	tools/wine-prng/bcryptprimitives.c -ladvapi32
headers=$(x86_64-w64-mingw32-objdump -p "$run_root/bin/bcryptprimitives.dll")
grep -qw ProcessPrng <<<"$headers" ||
	die "the stand-in bcryptprimitives.dll does not export ProcessPrng"

stage "X server (Xvfb) and a fresh Wine prefix"
Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp -noreset \
	9>"$run_root/display" </dev/null >"$logs/xvfb.log" 2>&1 &
xvfb_pid=$!
wait_for 30 "Xvfb did not report a display (see $logs/xvfb.log)" grep -qE '^[0-9]+$' "$run_root/display"
DISPLAY=:$(head -n1 "$run_root/display")
export DISPLAY
wait_for 10 "the X server on $DISPLAY does not answer" xdotool getdisplaygeometry
# No Mono or Gecko installers (they would ask in a window), no debug
# chatter; a 64-bit prefix of the run's own.
export WINEPREFIX=$run_root/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='
# No print system yet: CUPS clients (Wine's winspool too) find none here.
export CUPS_SERVER=$run_root/no-cups.sock
wineboot --init >"$logs/wineboot.log" 2>&1
wineserver -w
cp "$run_root/bin/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
echo "DISPLAY=$DISPLAY WINEPREFIX=$WINEPREFIX ($(wine cmd /c ver 2>/dev/null | tr -d '\r' | grep -v '^$'))"

export SPAREKEY_WINE_EXE=$run_root/bin/sparekey.exe SPAREKEY_WINE_INSPECT=$run_root/bin/inspect.exe
export SPAREKEY_E2E_SHOTS=$run_root/shots

stage "Windows journey under Wine (no printer installed)"
SPAREKEY_WINE_NO_PRINTER=1 go test -count=1 -tags e2e,wine -run 'TestWineJourney$' -v -timeout 20m ./e2e/ 2>&1 |
	tee "$logs/journey.log" | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|STEP|outside:|window .* after wine started|_test.go'

# wine_print_test NAME: TestWinePrint, its log in $logs/NAME.log.
wine_print_test() {
	go test -count=1 -tags e2e,wine -run 'TestWinePrint$' -v -timeout 20m ./e2e/ 2>&1 |
		tee "$logs/$1.log" | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|STEP|outside:|window .* after wine started|_test.go'
}

# older_cupsd: replaces the session's scheduler with the cupsd of another
# cups-daemon version from this machine's apt sources (with its own
# libcups2), on the same private socket and configuration. For this test
# rig only, and only after the system's cupsd died on Wine's job: Debian
# 12's cups-daemon 2.4.2-3+deb12u10 (the CVE-2025-58436 update, "better
# handle slow clients") segfaults on the job Wine's spooler sends
# (cupsCreateJob, then the document in 4 KiB writes); 2.4.2-3+deb12u9
# prints it. The machine's own cupsd and every other client are left
# alone, and the older scheduler listens only on the run's socket.
older_cupsd() {
	local installed ver dir tmp deb libs
	installed=$(dpkg-query -W -f='${Version}' cups-daemon)
	ver=$(apt-cache madison cups-daemon | awk -F'|' '{gsub(/ /, "", $2); print $2}' |
		awk -v skip="$installed" '$0 != skip' | head -n1)
	[[ -n $ver ]] || die "no other cups-daemon version in the apt sources to try"
	dir=$SPAREKEY_CACHE/cups-daemon_${ver}_$(dpkg --print-architecture)
	if [[ ! -x $dir/usr/sbin/cupsd ]]; then
		tmp=$(mktemp -d "$SPAREKEY_CACHE/.cups-daemon.XXXXXX")
		(cd "$tmp" && apt-get download -q "cups-daemon=$ver") >>"$logs/older-cupsd.log" 2>&1 ||
			die "could not download cups-daemon $ver (see $logs/older-cupsd.log)"
		deb=$(compgen -G "$tmp/cups-daemon_*.deb" | head -n1)
		dpkg-deb -x "$deb" "$tmp/root" && rm -rf "$dir" && mv "$tmp/root" "$dir"
		rm -rf "$tmp"
	fi
	libs=$(libcups_unpacked "$ver") || die "could not unpack libcups2 $ver"
	cups_stop
	local conf=$run_root/cups/etc
	# PeerCred came with the deb12u10 update; the older scheduler refuses it.
	sed -i '/^PeerCred[[:space:]]/d' "$conf/cups-files.conf"
	LD_LIBRARY_PATH=$libs setsid "$dir/usr/sbin/cupsd" -f -c "$conf/cupsd.conf" -s "$conf/cups-files.conf" \
		</dev/null >"$logs/cupsd-older.log" 2>&1 &
	cupsd_pid=$!
	wait_for 30 "the cupsd of cups-daemon $ver did not start (see $logs/cupsd-older.log)" cups_running
	rm -rf "$SPAREKEY_TEST_PDF_DIR"
	cups_add_pdf_queue
	echo "WORKAROUND: the run's private scheduler is cupsd $ver (libcups2 $ver from $libs)"
	printf '  %-58s %s\n' "cupsd workaround (Wine's job crashes $installed)" "private scheduler is $ver" >>"$SPAREKEY_TIMES"
}

stage "print through PrintDlgEx to CUPS under Wine (the system's cupsd)"
# Wine reads the printer list from CUPS when its server starts.
wineserver -k || true
wineserver -w
export HOME=$run_root/home
mkdir -p "$HOME"
cups_start_private
cups_add_pdf_queue
if ! wine_print_test print; then
	cups_running && die "printing under Wine failed with the scheduler still running (see $logs/print.log)"
	echo "The system's cupsd ($(dpkg-query -W -f='${Version}' cups-daemon)) died on the job Wine sent:"
	dmesg 2>/dev/null | grep -E 'cupsd.*segfault' | tail -n1 || true
	_stage_end "no PDF: the scheduler died"
	stage "print through PrintDlgEx to CUPS under Wine (older cupsd, test rig only)"
	older_cupsd
	wineserver -k || true
	wineserver -w
	wine_print_test print-older-cupsd
fi
