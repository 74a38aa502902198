#!/usr/bin/env bash
# Runs every Sparekey check and test, installing what is missing first:
#
#   scripts/test.sh
#   scripts/test.sh --session CMD...   # no static checks; CMD runs in the
#                                      # test desktop instead of the suite,
#   e.g. scripts/test.sh --session go test -v -tags e2e -run TestJourney ./e2e/
#
# Stages, fail-fast: setup, static checks (gofmt, go vet for linux, windows
# and darwin, staticcheck, govulncheck with an offline database), then the Go
# tests inside a private D-Bus session with a real keyring, X server and CUPS
# print queue (scripts/test-session.sh), then the Linux archive is built and
# checked (scripts/package.sh --check). Needs root or sudo (apt-get, cupsd).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018 # golang.org/x/vulndb
GOVULNCHECK_VERSION=v1.9.0                        # golang.org/x/vuln
STATICCHECK_VERSION=v0.8.2                        # honnef.co/go/tools

test_root=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-test.XXXXXX")
export SPAREKEY_TIMES=$test_root/times
export SPAREKEY_TEST_LOG=$test_root/go-test.log
: >"$SPAREKEY_TIMES"
: >"$SPAREKEY_TEST_LOG"
run_id=$(basename "$test_root")
started=$SECONDS

# Ends whatever this run left behind: every process that carries this run's
# marker in its environment (the session and all it started, including
# services D-Bus activated for it), then the temporary home.
sweep() {
	local pass dir pid found
	for pass in TERM TERM TERM KILL; do
		found=
		for dir in /proc/[0-9]*; do
			pid=${dir#/proc/}
			[[ $pid == "$$" ]] && continue
			if grep -qzx "SPAREKEY_TEST_RUN=$run_id" "$dir/environ" 2>/dev/null; then
				kill "-$pass" "$pid" 2>/dev/null && found=1
			fi
		done
		[[ -n $found ]] || break
		sleep 1
	done
}

on_exit() {
	local rc=$?
	if ((rc != 0)); then stage_failed; else stage_done; fi
	sweep
	printf '\n==> timings (total %ds)\n' "$((SECONDS - started))"
	cat "$SPAREKEY_TIMES"
	if ((rc != 0)); then
		printf '\nscripts/test.sh FAILED (exit %d); logs kept in %s\n' "$rc" "$test_root"
	fi
	# go test's own result lines close the output.
	if [[ -s $SPAREKEY_TEST_LOG ]]; then
		printf '\n==> go test results\n'
		grep -E '^(ok|FAIL|---|\?|panic:)' "$SPAREKEY_TEST_LOG" || true
	fi
	((rc != 0)) || rm -rf "$test_root"
	exit "$rc"
}
trap on_exit EXIT

stage "setup (packages, go toolchain)"
# shellcheck source=scripts/setup.sh
source scripts/setup.sh test
go version

# The test session gets its own HOME: pin Go's caches and settings to the
# real ones first so that builds stay warm.
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH) GOENV=$(go env GOENV)
export GOCACHE GOMODCACHE GOPATH GOENV

session_cmd=()
if [[ ${1:-} == --session ]]; then
	shift
	(($#)) || die "--session needs a command"
	session_cmd=("$@")
fi

if ((${#session_cmd[@]} == 0)); then
stage "gofmt"
gofmt_bin=$(go env GOROOT)/bin/gofmt
mapfile -d '' go_files < <(find . -name '*.go' -not -path '*/testdata/*' \
	-not -path './.*' -not -path './bin/*' -print0)
if ((${#go_files[@]})); then
	unformatted=$("$gofmt_bin" -l "${go_files[@]}")
	[[ -z $unformatted ]] || die "gofmt would change these files (run gofmt -w):
$unformatted"
fi

stage "go vet (linux)"
go vet ./...
go vet -tags e2e ./e2e/...
go vet -tags e2e,wine ./e2e/ # e2e/wine_test.go (scripts/windows-journey.sh)

# Windows and macOS: every package whose build for that system involves
# no cgo, vetted with CGO_ENABLED=0 (cgo for them needs their C compilers
# and SDKs: mingw-w64 for windows, Apple's clang and headers for darwin,
# which no Linux machine has). The packages left out are named; they are
# those that import Fyne's GL driver (and, on darwin, Fyne's widgets, whose
# scroller asks macOS for its scroll bar style through cgo). tools/ are
# Linux measuring tools (procfs) and are not vetted for other systems.
for goos in windows darwin; do
	cgo=$(GOOS=$goos CGO_ENABLED=1 go list -deps -f '{{if .CgoFiles}}{{.ImportPath}}{{end}}' ./... | paste -sd'|')
	pkgs=() left=()
	while read -r verdict pkg; do
		case $verdict:$pkg in
		*/tools/*) ;;
		ok:*) pkgs+=("$pkg") ;;
		*) left+=(".${pkg#github.com/sparekey/sparekey}") ;;
		esac
	done < <(GOOS=$goos CGO_ENABLED=1 go list -f '{{.ImportPath}} {{join .Deps " "}}' ./... |
		awk -v re="^(${cgo:-^$})\$" '{c = "ok"; for (i = 2; i <= NF; i++) if ($i ~ re) { c = "cgo"; break }; print c, $1}')
	stage "go vet ($goos, CGO_ENABLED=0: ${#pkgs[@]} packages)"
	echo "not vetted for $goos (they need cgo): ${left[*]:-none}"
	GOOS=$goos CGO_ENABLED=0 go vet "${pkgs[@]}"
done

stage "staticcheck $STATICCHECK_VERSION"
go run "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" -tags e2e ./...

stage "govulncheck $GOVULNCHECK_VERSION (offline database)"
# vuln.go.dev is out of reach; the same database ships as a Go module. Its
# index is built once per database version and kept in the cache.
vulndb=$SPAREKEY_CACHE/vulndb-$VULNDB_VERSION
if [[ ! -s $vulndb/index/db.json ]]; then
	echo "building the vulnerability index (first run only)"
	mkdir -p "$SPAREKEY_CACHE"
	tmp=$(mktemp -d "$SPAREKEY_CACHE/.vulndb.XXXXXX")
	# From outside the module so nothing touches go.mod or go.sum.
	(cd "$tmp" && go mod download "golang.org/x/vulndb@$VULNDB_VERSION" &&
		go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" \
			-vulns "$GOMODCACHE/golang.org/x/vulndb@$VULNDB_VERSION/data/osv" -out "$tmp/db")
	rm -rf "$vulndb"
	mv "$tmp/db" "$vulndb"
	rm -rf "$tmp"
fi
go run "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION" -db "file://$vulndb" ./...
fi # static checks

stage_done

# A private home and runtime dir for the tests: keyrings, cups-pdf output and
# config land there, never in the real user's.
mkdir -m 0700 "$test_root/home" "$test_root/run"

# The session bus may start on demand every service it usually can, except
# the desktop portal and its backends: tests start those themselves, fresh
# for each test, and one that D-Bus started for some earlier client would
# hold the bus name (and its stale state) in their way.
services=$test_root/dbus/services
mkdir -p "$services"
for f in /usr/local/share/dbus-1/services/*.service /usr/share/dbus-1/services/*.service; do
	[[ -e $f ]] || continue
	case ${f##*/} in
	org.freedesktop.portal.Desktop.service | org.freedesktop.impl.portal.desktop.*) ;;
	*) ln -sf "$f" "$services/" ;;
	esac
done
# It listens on a socket file, not an abstract socket (Debian's unix:tmpdir),
# so that the app run in a network namespace of its own (TestOfflineJourney)
# still reaches it: abstract sockets belong to a network namespace.
sed -e "s|<standard_session_servicedirs */>|<servicedir>$services</servicedir>|" \
	-e "s|<listen>unix:tmpdir=[^<]*</listen>|<listen>unix:dir=$test_root/dbus</listen>|" \
	-e 's|<includedir>session.d</includedir>|<includedir>/usr/share/dbus-1/session.d</includedir>|' \
	/usr/share/dbus-1/session.conf >"$test_root/dbus/session.conf"
grep -q "<listen>unix:dir=" "$test_root/dbus/session.conf" ||
	die "the session bus config has no unix:tmpdir listen line to replace (see $test_root/dbus/session.conf)"

env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY -u WAYLAND_DISPLAY -u GNOME_KEYRING_CONTROL \
	-u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_CACHE_HOME -u XDG_STATE_HOME \
	HOME="$test_root/home" XDG_RUNTIME_DIR="$test_root/run" \
	SPAREKEY_TEST_ROOT="$test_root" SPAREKEY_TEST_RUN="$run_id" \
	dbus-run-session --config-file="$test_root/dbus/session.conf" -- bash scripts/test-session.sh "${session_cmd[@]}"

if ((${#session_cmd[@]} == 0)); then
	stage "Linux archive (fyne package, desktop-file-validate, --version)"
	bash scripts/package.sh --check "$test_root/dist"
fi
