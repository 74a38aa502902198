#!/usr/bin/env bash
# Runs every Go fuzz target of the module for a fixed budget each (issue
# 10's fuzzing budget) and prints one line per target: its package, the
# inputs it tried, the new interesting inputs it found, and the result.
#
#   scripts/fuzz.sh [-t BUDGET] [-p WORKERS] [NAME-REGEXP]
#
#   -t BUDGET     -fuzztime of each target (default 30s; e.g. 5m, or 10000x)
#   -p WORKERS    fuzzing workers per target (default 2)
#   NAME-REGEXP   only the targets whose name matches (default: all)
#
# go test -fuzz runs one target per invocation, so the targets are found
# (every "func FuzzX(f *testing.F)" in a _test.go file) and run one after
# another. A failing input is written by go test to the package's
# testdata/fuzz/FuzzX/, which every later go test run replays; it should
# then become a table case next to the target (see docs/SECURITY.md).
# Exits non-zero if any target failed. Needs no desktop or keyring.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3} CGO_ENABLED=${CGO_ENABLED:-1} LANG=${LANG:-C.UTF-8}

budget=30s workers=2 only=.
while (($#)); do
	case $1 in
	-t) budget=$2; shift 2 ;;
	-p) workers=$2; shift 2 ;;
	-h | --help) sed -n '2,17p' "$0"; exit 0 ;;
	-*) echo "unknown option $1" >&2; exit 2 ;;
	*) only=$1; shift ;;
	esac
done

mapfile -t found < <(grep -rlE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . |
	grep -v '^\./\.' | sort | while read -r file; do
		grep -oE '^func Fuzz[A-Za-z0-9_]*' "$file" | sed "s|^func |$(dirname "$file") |"
	done)
((${#found[@]})) || { echo "no fuzz targets found" >&2; exit 1; }

log=$(mktemp "${TMPDIR:-/tmp}/sparekey-fuzz.XXXXXX")
trap 'rm -f "$log"' EXIT
failed=0 started=$SECONDS load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
printf '%-22s %-20s %14s %12s  %s\n' package target inputs "new corpus" result
for entry in "${found[@]}"; do
	pkg=${entry% *} name=${entry#* }
	[[ $name =~ $only ]] || continue
	result=ok
	go test -run '^$' -fuzz "^$name\$" -fuzztime "$budget" -parallel "$workers" "$pkg/" >"$log" 2>&1 || result=FAILED
	# The last progress line: "fuzz: elapsed: 30s, execs: 123456 (4115/sec), new interesting: 7 (total: 19)".
	last=$(grep -E '^fuzz: elapsed: .*execs: ' "$log" | tail -n 1 || true)
	execs=$(sed -nE 's/.*execs: ([0-9]+).*/\1/p' <<<"$last")
	interesting=$(sed -nE 's/.*new interesting: ([0-9]+).*/\1/p' <<<"$last")
	printf '%-22s %-20s %14s %12s  %s\n' "${pkg#./}" "$name" "${execs:-?}" "${interesting:-?}" "$result"
	if [[ $result != ok ]]; then
		failed=1
		sed 's/^/    /' "$log"
	fi
done
# Inputs per second depend on the machine's load: say what it was.
printf 'budget %s per target, %d workers; %ds in all; load average at the start %s, at the end %s\n' \
	"$budget" "$workers" "$((SECONDS - started))" "$load" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
exit "$failed"
