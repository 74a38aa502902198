# shellcheck shell=bash
# Stage headers and timings shared by scripts/test.sh and scripts/test-session.sh.
# Each stage prints "==> NAME" when it starts and "<== NAME: ok (Ns)" when it
# ends; the times also go to $SPAREKEY_TIMES for the closing table.

_stage_name=
_stage_start=0

# stage NAME: ends the current stage (if any) and starts NAME.
stage() {
	stage_done
	_stage_name=$1
	_stage_start=$SECONDS
	printf '\n==> %s\n' "$1"
}

# stage_done: ends the current stage as passed.
stage_done() {
	_stage_end ok
}

# stage_failed: ends the current stage as failed (for EXIT traps).
stage_failed() {
	_stage_end FAILED
}

_stage_end() {
	[[ -n $_stage_name ]] || return 0
	local took=$((SECONDS - _stage_start))
	printf '<== %s: %s (%ds)\n' "$_stage_name" "$1" "$took"
	if [[ -n ${SPAREKEY_TIMES:-} ]]; then
		printf '  %-58s %5ds  %s\n' "$_stage_name" "$took" "$1" >>"$SPAREKEY_TIMES"
	fi
	_stage_name=
}

die() {
	printf '\nerror: %s\n' "$*" >&2
	exit 1
}

# wait_for SECONDS WHAT CMD...: polls CMD every 0.1 s until it succeeds;
# dies saying WHAT did not happen if it has not within SECONDS.
wait_for() {
	local limit=$1 what=$2 i
	shift 2
	for ((i = 0; i < limit * 10; i++)); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	die "$what within ${limit}s"
}
