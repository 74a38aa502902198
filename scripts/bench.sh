#!/usr/bin/env bash
# Issue 11's benchmark (not part of the tests): builds the Fyne floor
# (tools/floor) and Sparekey, both stripped, then under one Xvfb and a
# real gnome-keyring in a private D-Bus session runs Sparekey, the floor
# and KeePassXC alternately, each in a fresh HOME, and prints Markdown
# tables: start → mapped, start → first painted frame, RSS after 3 s and
# idle CPU (medians, ranges, ratios); Sparekey's idle CPU per screen,
# sign-in latency, RSS after a sign-in, key → repaint during a sign-in;
# and the stripped binary sizes. The measuring is done by tools/bench.
#
#   scripts/bench.sh [-n RUNS] [--journeys J] [--rev COMMIT] [--wait-load MINUTES]
#
#   -n RUNS          start-up runs of each app (default 7)
#   --journeys J     Sparekey journeys: set-up, 3 sign-ins, a probed
#                    sign-in, the screens (default 3)
#   --rev COMMIT     build Sparekey from COMMIT (git archive) instead of
#                    the working tree
#   --wait-load MIN  wait up to MIN minutes for the 1-minute load average
#                    to fall below 1 before measuring (default 20; 0: don't)
#
# Needs root or sudo the first time (apt-get: keepassxc, xwd, the test
# packages of scripts/setup.sh).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

# session DIR ARGS...: runs inside dbus-run-session: the keyring, the X
# server, then tools/bench with ARGS; stops what it started.
session() {
	local dir=$1
	shift
	# Global, so the EXIT trap still sees it after this function returns.
	bench_pids=()
	# shellcheck disable=SC2317 # called by the trap
	stop_all() {
		local p
		stop_bus_services
		for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
		for p in "${bench_pids[@]}"; do wait "$p" 2>/dev/null || true; done
	}
	trap stop_all EXIT
	printf %s pw | gnome-keyring-daemon --foreground --unlock --components=secrets \
		>"$dir/gnome-keyring.log" 2>&1 &
	bench_pids+=($!)
	wait_for 20 "gnome-keyring did not take org.freedesktop.secrets" has_secret_service
	Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp -noreset \
		9>"$dir/display" </dev/null >"$dir/xvfb.log" 2>&1 &
	bench_pids+=($!)
	wait_for 30 "Xvfb did not report a display (see $dir/xvfb.log)" grep -qE '^[0-9]+$' "$dir/display"
	DISPLAY=:$(head -n1 "$dir/display")
	export DISPLAY
	wait_for 10 "the X server on $DISPLAY does not answer" xdotool getdisplaygeometry
	"$dir/bench" -dir "$dir/runs" -sparekey "$dir/sparekey" -floor "$dir/floor" "$@"
}

# stop_bus_services: ends the services the session bus started on demand
# (the portals a Fyne app wakes); they would outlive dbus-run-session.
stop_bus_services() {
	local name pid
	for name in org.freedesktop.portal.Desktop org.freedesktop.portal.Documents \
		org.freedesktop.impl.portal.PermissionStore; do
		pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus.GetConnectionUnixProcessID "string:$name" 2>/dev/null |
			awk '/uint32/ { print $2 }') || pid=
		[[ -z $pid ]] || kill "$pid" 2>/dev/null || true
	done
}

has_secret_service() {
	dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q 'boolean true'
}

# build DIR REV: builds the stripped floor and Sparekey (from REV, or the
# working tree when REV is empty) and the unstripped driver into DIR.
build() {
	local dir=$1 rev=$2 src=$root
	if [[ -n $rev ]]; then
		src=$dir/src
		mkdir -p "$src"
		git -C "$root" archive "$rev" | tar -x -C "$src"
	fi
	go -C "$src" build -trimpath -tags "$SPAREKEY_BUILD_TAGS" -ldflags='-s -w' -o "$dir/sparekey" .
	go -C "$root" build -trimpath -ldflags='-s -w' -o "$dir/floor" ./tools/floor
	go -C "$root" build -o "$dir/bench" ./tools/bench
}

# describe REV: which Sparekey is measured, for the report.
describe() {
	if [[ -n $1 ]]; then
		git -C "$root" log -1 --format='commit %h (%cd) %s' --date=iso "$1"
	else
		local dirty=
		[[ -z $(git -C "$root" status --porcelain -- . ':!docs' 2>/dev/null) ]] || dirty=' + uncommitted changes'
		git -C "$root" log -1 --format="working tree at %h (%cd)$dirty" --date=iso
	fi
}

# wait_for_quiet MINUTES: waits (up to MINUTES) for a 1-minute load
# average below 1, printing it each minute.
wait_for_quiet() {
	local end=$((SECONDS + $1 * 60)) load
	while :; do
		read -r load _ </proc/loadavg
		if awk -v l="$load" 'BEGIN { exit !(l < 1) }'; then
			echo "load average $load: below 1, measuring"
			return
		fi
		if ((SECONDS >= end)); then
			echo "load average $load after waiting $1 min: measuring anyway (see the per-run loads)"
			return
		fi
		echo "load average $load: waiting for it to fall below 1 ($(((end - SECONDS) / 60)) min left)"
		sleep 60
	done
}

main() {
	local runs=7 journeys=3 rev='' wait_min=20
	while (($#)); do
		case $1 in
		-n)
			runs=$2
			shift 2
			;;
		--journeys)
			journeys=$2
			shift 2
			;;
		--rev)
			rev=$(git -C "$root" rev-parse --verify "$2^{commit}")
			shift 2
			;;
		--wait-load)
			wait_min=$2
			shift 2
			;;
		*) die "usage: scripts/bench.sh [-n RUNS] [--journeys J] [--rev COMMIT] [--wait-load MINUTES]" ;;
		esac
	done
	# shellcheck source=scripts/setup.sh
	source "$root/scripts/setup.sh" test
	sparekey_install_packages keepassxc x11-apps
	local dir
	dir=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-bench.XXXXXX")
	mkdir -m 0700 "$dir/runs" "$dir/xdg"
	stage "build (floor, Sparekey, tools/bench)"
	build "$dir" "$rev"
	stage_done
	wait_for_quiet "$wait_min"
	echo
	echo "Sparekey: $(describe "$rev")"
	echo "Machine: $(nproc) cores, $(uname -sr), KeePassXC $(dpkg-query -W -f='${Version}' keepassxc)"
	echo "uptime: $(uptime)"
	echo
	XDG_RUNTIME_DIR=$dir/xdg dbus-run-session -- "$0" --session "$dir" -n "$runs" -journeys "$journeys"
	echo "uptime: $(uptime)"
	# The document portal, started on demand by the session bus, mounts
	# a FUSE folder in XDG_RUNTIME_DIR.
	fusermount -u "$dir/xdg/doc" 2>/dev/null || true
	rm -rf "$dir" || echo "bench: could not remove $dir" >&2
}

if [[ ${1:-} == --session ]]; then
	shift
	session "$@"
else
	main "$@"
fi
