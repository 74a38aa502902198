#!/usr/bin/env bash
# Proves that the README's two commands work on a truly fresh machine:
# makes a bare Debian 12 root (debootstrap --variant=minbase), puts a clean
# clone of the committed code in it, and runs there, as root, with an empty
# environment,
#
#   scripts/run.sh --version
#   scripts/test.sh </dev/null
#
# Why: anything installed by hand on a dev machine (or on CI's image) hides a
# missing install step. In the fresh root there is nothing but minbase, plus
# the two things every machine of this kind has and a bare root lacks: the
# local CA certificates and the machine's Go (read-only, at /usr/local/go).
# See /work/shared/notes/fresh-root.md for the measured recipe.
#
# Not part of CI. Needs root, network access to the Debian mirror apt
# already uses and to the Go module proxy, and 20-40 minutes on 2 cores.
# Always unmounts what it mounted and deletes the root (unless --keep).
set -euo pipefail

readonly SUITE=bookworm
readonly CHROOT_PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly REPO_IN_ROOT=/root/sparekey

usage() {
	cat <<EOF
usage: scripts/fresh-check.sh [--keep] [REPO] [REF]

Makes a fresh Debian 12 root under \${FRESH_CHECK_DIR:-/var/tmp}/sparekey-fresh.XXXXXX,
clones REPO at REF into it (default: the repository this script lives in, at
HEAD; committed work only, uncommitted changes are not checked) and runs the
README's two commands there, in a chroot with an empty environment:
scripts/run.sh --version, then scripts/test.sh.

  REPO     a git repository (a directory); default: this script's repository
  REF      a commit, branch or tag of REPO; default: HEAD
           (a single argument that is not a directory is taken as REF)
  --keep   keep the root afterwards (its mounts are always removed)
  --help   show this help

Prints each stage's wall time and exit status, and exits non-zero if either
command fails. All output is also written to a log next to the root, which
is kept. Needs root.
EOF
}

say() { printf 'fresh-check: %s\n' "$*"; }
warn() { printf 'fresh-check: WARNING: %s\n' "$*"; }
die() {
	printf 'fresh-check: error: %s\n' "$*" >&2
	exit 1
}

# ---- arguments and source ---------------------------------------------------

keep=
src_repo=
src_ref=HEAD

parse_args() {
	local -a pos=()
	while (($#)); do
		case $1 in
		-h | --help)
			usage
			exit 0
			;;
		--keep) keep=1 ;;
		--) shift && pos+=("$@") && break ;;
		-*) die "unknown option $1 (see --help)" ;;
		*) pos+=("$1") ;;
		esac
		shift
	done
	((${#pos[@]} <= 2)) || die "too many arguments (see --help)"
	if ((${#pos[@]} >= 1)) && [[ -d ${pos[0]} ]]; then
		src_repo=${pos[0]}
		src_ref=${pos[1]:-HEAD}
	elif ((${#pos[@]} == 1)); then
		src_ref=${pos[0]}
	elif ((${#pos[@]} == 2)); then
		die "not a directory: ${pos[0]}"
	fi
	if [[ -z $src_repo ]]; then
		src_repo=$(dirname "${BASH_SOURCE[0]}")
	fi
}

commit=
resolve_source() {
	src_repo=$(git -C "$src_repo" rev-parse --show-toplevel 2>/dev/null) ||
		die "not a git repository: $src_repo"
	commit=$(git -C "$src_repo" rev-parse --verify -q "$src_ref^{commit}") ||
		die "no commit $src_ref in $src_repo"
}

# ---- the fresh root ------------------------------------------------------------

work= # $base/sparekey-fresh.XXXXXX: holds the root and the log
root= # $work/root: the fresh Debian root
log=

make_workdir() {
	local base=${FRESH_CHECK_DIR:-/var/tmp}
	[[ -d $base ]] || die "FRESH_CHECK_DIR $base is not a directory"
	base=$(cd "$base" && pwd -P)
	[[ $base != *[[:space:]]* ]] || die "FRESH_CHECK_DIR must not contain spaces: $base"
	work=$(mktemp -d "$base/sparekey-fresh.XXXXXX")
	root=$work/root
	log=$work/fresh-check.log
}

# debian_mirror: the URI of the Debian archive (suite $SUITE) that apt on this
# machine already uses, read from its sources at run time.
debian_mirror() {
	local f uri
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] || continue
		uri=$(awk -v suite="$SUITE" '
			function flush() {
				if ((" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ") &&
					enabled != "no" && uris != "") {
					split(uris, u, " ")
					print u[1]
					found = 1
					exit
				}
				types = suites = uris = enabled = last = ""
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { if (last == "uris") uris = uris " " $0; if (last == "suites") suites = suites " " $0; next }
			{
				key = tolower($0); sub(/:.*/, "", key)
				val = $0; sub(/^[^:]*:[ \t]*/, "", val)
				if (key == "types") types = val
				else if (key == "suites") suites = val
				else if (key == "uris") uris = val
				else if (key == "enabled") enabled = tolower(val)
				last = key
			}
			END { if (!found) flush() }' "$f")
		[[ -n $uri ]] && echo "$uri" && return
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] || continue
		uri=$(awk -v suite="$SUITE" '
			$1 == "deb" {
				i = 2
				if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
				if ($(i + 1) == suite) { print $i; exit }
			}' "$f")
		[[ -n $uri ]] && echo "$uri" && return
	done
	return 1
}

make_root() {
	local mirror
	command -v debootstrap >/dev/null 2>&1 || {
		say "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get -q -y install debootstrap </dev/null
	}
	mirror=$(debian_mirror) || die "no Debian $SUITE mirror in /etc/apt/sources.list{,.d}"
	say "debootstrap --variant=minbase $SUITE $root $mirror"
	debootstrap --variant=minbase "$SUITE" "$root" "$mirror"
	chmod 0755 "$root"
}

# in_root CMD...: runs CMD in the fresh root as root, with an empty environment.
in_root() {
	chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH="$CHROOT_PATH" "$@"
}

mount_root() {
	mount -t proc proc "$root/proc"
	local d
	for d in sys dev; do
		mount --rbind "/$d" "$root/$d"
		mount --make-rslave "$root/$d" # so that umount -R there never reaches the host's
	done
	mkdir -p "$root/usr/local/go"
	mount --bind /usr/local/go "$root/usr/local/go"
	mount -o remount,bind,ro "$root/usr/local/go"
}

set_up_base() {
	mount_root
	# What a real machine has and debootstrap does not copy: name service
	# basics and the apt sources (the same as this machine's, nothing else).
	cp /etc/resolv.conf /etc/hosts "$root/etc/"
	rm -f "$root/etc/apt/sources.list"
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
		[[ -f $f ]] && cp "$f" "$root/$f"
	done
	# The local CA certificates (the module proxy is reached through them).
	mkdir -p "$root/usr/local/share/ca-certificates"
	for f in /usr/local/share/ca-certificates/*.crt; do
		[[ -f $f ]] && cp "$f" "$root/usr/local/share/ca-certificates/"
	done
	in_root DEBIAN_FRONTEND=noninteractive apt-get -q update </dev/null
	in_root DEBIAN_FRONTEND=noninteractive apt-get -q -y install ca-certificates </dev/null
	in_root update-ca-certificates
	clone_into_root
}

clone_into_root() {
	local dest=$root$REPO_IN_ROOT
	say "cloning $src_repo at $commit into $REPO_IN_ROOT"
	git clone -q --no-hardlinks --no-checkout "$src_repo" "$dest"
	git -C "$dest" -c advice.detachedHead=false checkout -q --detach "$commit"
	git -C "$dest" log -1 --format='fresh-check: checking commit %H%nfresh-check:   %s (%ci)'
}

# warn_host_cups: the chroot shares the host's network namespace, so a cupsd
# on the host's port 631 is what CUPS clients inside may reach instead of the
# chroot's own. Only a warning: host processes are left alone.
warn_host_cups() {
	command -v ss >/dev/null 2>&1 || return 0
	local listeners
	listeners=$(ss -Hltnp 2>/dev/null | awk '$4 ~ /:631$/') || true
	[[ -n $listeners ]] || return 0
	warn "something on this host listens on port 631 (a host cupsd?); the chroot shares"
	warn "the host's network, so CUPS clients in it may reach that one. Not touched:"
	printf '    %s\n' "$listeners"
}

# ---- stages and timings ------------------------------------------------------

started=$SECONDS
stage_name=
stage_start=0
summary=()
failed=0

stage_begin() {
	stage_name=$1
	stage_start=$SECONDS
	printf '\n==> fresh-check: %s\n' "$1"
}

stage_end() { # STATUS
	[[ -n $stage_name ]] || return 0
	local took=$((SECONDS - stage_start)) word=ok
	((${1} == 0)) || {
		word=FAILED
		failed=1
	}
	printf '<== fresh-check: %s: %s, exit %d (%ds)\n' "$stage_name" "$word" "$1" "$took"
	summary+=("$(printf '  %-28s %6ds  %-6s (exit %d)' "$stage_name" "$took" "$word" "$1")")
	stage_name=
}

# run_in_repo NAME COMMAND: a stage that runs COMMAND in the clone; its
# failure is recorded, not fatal. In the background, so that a signal to this
# script is handled at once (the clean-up then ends what runs in the root).
run_in_repo() {
	local rc=0
	stage_begin "$1"
	in_root bash -c "cd $REPO_IN_ROOT && $2" </dev/null &
	wait "$!" || rc=$?
	stage_end "$rc"
}

# ---- clean-up ----------------------------------------------------------------

# pids_in_root: processes whose root directory is the fresh root or inside it.
pids_in_root() {
	local d r
	for d in /proc/[0-9]*; do
		r=$(readlink "$d/root" 2>/dev/null) || continue
		if [[ $r == "$root" || $r == "$root"/* ]]; then echo "${d#/proc/}"; fi
	done
}

kill_root_processes() {
	local sig pids
	for sig in TERM TERM TERM KILL KILL; do
		pids=$(pids_in_root)
		[[ -n $pids ]] || return 0
		# shellcheck disable=SC2086 # one pid per word
		say "sending SIG$sig to processes left in the root: $(ps -o pid=,comm= -p ${pids//$'\n'/,} | xargs)"
		# shellcheck disable=SC2086
		kill -s "$sig" $pids 2>/dev/null || true
		sleep 1
	done
	pids=$(pids_in_root)
	[[ -z $pids ]] || warn "processes still in the root: $pids"
}

# mounts_under: mount points at or below the fresh root, innermost last.
mounts_under() {
	findmnt -rn -o TARGET | awk -v r="$root" '$0 == r || index($0, r "/") == 1'
}

unmount_root() {
	local m
	# Slave first (again), so that no unmount can ever propagate to the host.
	for m in usr/local/go dev sys proc; do
		mountpoint -q "$root/$m" 2>/dev/null || continue
		mount --make-rslave "$root/$m" 2>/dev/null || true
		umount -R "$root/$m" || warn "umount -R $root/$m failed"
	done
	# Anything else (mounted by something inside), innermost first; lazily
	# as a last resort.
	for m in $(mounts_under | tac); do umount -R "$m" 2>/dev/null || true; done
	for m in $(mounts_under | tac); do
		warn "lazy unmount of $m"
		umount -l "$m" || true
	done
	if [[ -n $(mounts_under) ]]; then
		warn "still mounted under $root:"
		mounts_under
		return 1
	fi
}

remove_root() {
	# Only ever the root this run made, and only once nothing is mounted in it.
	[[ $root == "$work/root" && $work == */sparekey-fresh.* ]] || return 1
	[[ -z $(mounts_under) ]] || return 1
	rm -rf --one-file-system -- "$root"
}

tee_pid=
cleanup() {
	local rc=$? clean=1
	set +e
	trap '' INT TERM # finish the clean-up even when interrupted again
	((rc == 0)) || stage_end "$rc"
	if [[ -n $root && -d $root ]]; then
		printf '\n==> fresh-check: clean-up\n'
		kill_root_processes
		if ! unmount_root; then
			clean=0
			warn "NOT deleting $root: something is still mounted in it"
		elif [[ -n $keep ]]; then
			say "kept the root (--keep): $root"
		elif remove_root; then
			say "deleted the root"
		else
			clean=0
			warn "could not delete $root"
		fi
	fi
	printf '\n==> fresh-check summary%s\n' "${commit:+ (commit ${commit:0:12})}"
	printf '%s\n' "${summary[@]}"
	printf '  %-28s %6ds\n' total "$((SECONDS - started))"
	[[ -z $log ]] || printf 'full log: %s\n' "$log"
	((rc != 0 || failed == 0)) || rc=1
	((clean)) || rc=1
	if [[ -n $tee_pid ]]; then
		exec >&- 2>&-
		wait "$tee_pid"
	fi
	exit "$rc"
}

# ---- main --------------------------------------------------------------------

main() {
	parse_args "$@"
	[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, mount, chroot)"
	resolve_source
	make_workdir
	exec > >(tee -a "$log") 2>&1
	tee_pid=$!
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	say "root: $root"
	say "log: $log"
	say "checking $src_repo at $src_ref ($commit)"
	if [[ -n $(git -C "$src_repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
		warn "$src_repo has uncommitted changes; they are NOT checked (committed work only)"
	fi
	warn_host_cups

	stage_begin debootstrap
	make_root
	stage_end 0

	stage_begin "base set-up"
	set_up_base
	stage_end 0

	run_in_repo "scripts/run.sh --version" "scripts/run.sh --version"
	warn_host_cups
	run_in_repo "scripts/test.sh" "scripts/test.sh </dev/null"
	((failed == 0))
}

main "$@"
