# shellcheck shell=bash
# Installs what building (and, with "test", testing) Sparekey needs and is
# missing, and points the shell at the pinned Go toolchain.
#
#   source scripts/setup.sh [build|test]   # what run.sh and test.sh do
#   bash scripts/setup.sh [build|test]     # install only
#
# Idempotent: on a ready machine it runs no apt-get and downloads nothing.
# Debian/Ubuntu only (apt-get); root, or a user who may use sudo.

SPAREKEY_GO_VERSION=1.27.3

# Build tags of the app, for every script that builds it (and the e2e
# tier, which reads this variable). no_animations: Fyne then draws a
# steady text cursor instead of fading it for ever, and skips the button
# ripple; a focused field would otherwise repaint the window at frame
# rate while the app sits idle (docs/PERFORMANCE.md). no_emoji: Fyne
# then leaves out its 4 MB colour emoji font, which it would otherwise
# parse once per text style in use (regular, bold, monospace...) at about
# 7 MiB of heap each; Sparekey shows no emoji (a test keeps it so), and
# its resting memory falls by some 19 MiB to within 3 MiB of a Fyne hello
# window's (docs/PERFORMANCE.md).
export SPAREKEY_BUILD_TAGS=no_animations,no_emoji

# h1: hashes of the toolchain module zips (what go.sum would hold), so a
# toolchain fetched by hand is checked the same way the go command checks it.
declare -A SPAREKEY_GO_ZIP_HASH=(
	[linux-amd64]='h1:r0ub+FnqzZxoWm/dSUOI9DcIqYWn/mNYGFJcv7PyBzs='
	[linux-arm64]='h1:VY4gDzfxOrsM17J2qtgZgiAIsWhp7XWK1jMfE3kXV0s='
)

# cgo and the GLFW driver's X11/GL/Wayland headers; the rest fetches and unpacks.
SPAREKEY_BUILD_PKGS=(
	gcc libc6-dev pkg-config
	libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev
	libxi-dev libxxf86vm-dev libxkbcommon-dev libwayland-dev
	git ca-certificates curl unzip
)
# The real desktop parts the tests use: X server, keyring, print chain, portal.
SPAREKEY_TEST_PKGS=(
	xvfb xdotool xclip imagemagick poppler-utils tesseract-ocr
	dbus dbus-x11 gnome-keyring libsecret-tools oathtool
	cups cups-bsd cups-client printer-driver-cups-pdf
	xdg-desktop-portal xdg-desktop-portal-gtk
	# scripts/gtk-print-probe.py drives GTK's print system from Python.
	python3-gi gir1.2-gtk-3.0
	# scripts/package-check.sh unpacks, validates and installs the archive.
	desktop-file-utils make file xz-utils
)

sparekey_log() { printf 'setup: %s\n' "$*" >&2; }
sparekey_fail() {
	printf 'setup: error: %s\n' "$*" >&2
	return 1
}

# sparekey_as_root CMD...: runs CMD as root, through sudo when not root.
sparekey_as_root() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		sparekey_fail "this step needs root: run as root or install sudo ($*)"
	fi
}

sparekey_install_packages() {
	local -a wanted=("$@") missing=()
	local p status
	command -v dpkg-query >/dev/null 2>&1 ||
		sparekey_fail "no dpkg/apt-get here; install these packages by hand: ${wanted[*]}" || return
	for p in "${wanted[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || status=
		[[ $status == installed ]] || missing+=("$p")
	done
	((${#missing[@]} == 0)) && return 0
	sparekey_log "installing ${missing[*]}"
	local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
	sparekey_as_root "${apt[@]}" update || return
	sparekey_as_root "${apt[@]}" -y install "${missing[@]}" </dev/null || return
}

# sparekey_go_minor: the minor version of the go on PATH (26 for go1.26.8),
# 0 when there is none, 999 for a development build.
sparekey_go_minor() {
	local v
	command -v go >/dev/null 2>&1 || {
		echo 0
		return
	}
	# From / so that go.mod's go line cannot make it refuse to run.
	v=$(cd / && GOTOOLCHAIN=local go version 2>/dev/null | awk '{print $3}') || v=
	case $v in
	devel) echo 999 ;;
	go1.*)
		v=${v#go1.}
		v=${v%%[!0-9]*}
		echo "${v:-0}"
		;;
	*) echo 0 ;;
	esac
}

# sparekey_proxy: the first URL in GOPROXY (the module proxy the go command uses).
sparekey_proxy() {
	local list=${GOPROXY:-} entry
	local -a entries
	if [[ -z $list ]] && command -v go >/dev/null 2>&1; then
		list=$(cd / && GOTOOLCHAIN=local go env GOPROXY 2>/dev/null) || list=
	fi
	IFS=',|' read -r -a entries <<<"${list:-https://proxy.golang.org}"
	for entry in "${entries[@]}"; do
		case $entry in http://* | https://*)
			echo "${entry%/}"
			return
			;;
		esac
	done
	echo https://proxy.golang.org
}

# sparekey_h1 DIR ZIP: the go.sum-style h1: hash of a module zip unpacked in DIR.
sparekey_h1() {
	local hex
	hex=$(cd "$1" && unzip -Z1 "$2" | grep -v '/$' | LC_ALL=C sort | tr '\n' '\0' |
		xargs -0 sha256sum | sha256sum | cut -c1-64) || return
	# shellcheck disable=SC2001,SC2059 # the format is built from hex digits only
	printf 'h1:%s\n' "$(printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64)"
}

# sparekey_fetch_go: puts go$SPAREKEY_GO_VERSION on PATH, fetched once from
# the module proxy into the cache, for machines whose go is missing or too
# old (< 1.21) to fetch a toolchain itself.
sparekey_fetch_go() {
	local arch os=linux
	case $(uname -m) in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) sparekey_fail "no Go toolchain for $(uname -m); install go$SPAREKEY_GO_VERSION by hand" || return ;;
	esac
	local plat=$os-$arch
	local ver=v0.0.1-go$SPAREKEY_GO_VERSION.$plat
	local dest=$SPAREKEY_CACHE/go$SPAREKEY_GO_VERSION.$plat
	if [[ ! -x $dest/bin/go ]]; then
		local proxy tmp want got
		proxy=$(sparekey_proxy)
		want=${SPAREKEY_GO_ZIP_HASH[$plat]}
		mkdir -p "$SPAREKEY_CACHE" || return
		tmp=$(mktemp -d "$SPAREKEY_CACHE/.go-fetch.XXXXXX") || return
		sparekey_log "fetching go$SPAREKEY_GO_VERSION ($plat) from the Go module proxy"
		if ! curl -fsSL --retry 3 -o "$tmp/go.zip" "$proxy/golang.org/toolchain/@v/$ver.zip" ||
			! unzip -q "$tmp/go.zip" -d "$tmp/x"; then
			rm -rf "$tmp"
			sparekey_fail "could not fetch the Go toolchain from $proxy"
			return
		fi
		got=$(sparekey_h1 "$tmp/x" "$tmp/go.zip") || got=
		if [[ $got != "$want" ]]; then
			rm -rf "$tmp"
			sparekey_fail "the Go toolchain zip does not match its pinned hash (got ${got:-nothing}, want $want)"
			return
		fi
		local src=$tmp/x/golang.org/toolchain@$ver
		# Module zips keep no file modes: mark the commands executable.
		chmod -R u+rwX,go+rX "$src" && chmod +x "$src"/bin/* "$src"/pkg/tool/*/* || return
		rm -rf "$dest" && mv "$src" "$dest" || return
		rm -rf "$tmp"
	fi
	unset GOROOT
	export PATH="$dest/bin:$PATH"
	export GOTOOLCHAIN=local
}

sparekey_setup() {
	local mode=${1:-build}
	case $mode in build | test) ;; *) sparekey_fail "usage: setup.sh [build|test]" || return ;; esac

	if [[ -z ${HOME:-} ]]; then
		HOME=$(getent passwd "$(id -u)" | cut -d: -f6)
		export HOME
	fi
	SPAREKEY_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/sparekey
	export SPAREKEY_CACHE

	local -a pkgs=("${SPAREKEY_BUILD_PKGS[@]}")
	[[ $mode == test ]] && pkgs+=("${SPAREKEY_TEST_PKGS[@]}")
	sparekey_install_packages "${pkgs[@]}" || return

	# A go from 1.21 on fetches and runs the pinned toolchain by itself (these
	# machines set GOTOOLCHAIN=local, so go.mod's own line is not enough).
	if (($(sparekey_go_minor) >= 21)); then
		export GOTOOLCHAIN=go$SPAREKEY_GO_VERSION
	else
		sparekey_fetch_go || return
	fi
	local have
	have=$(go env GOVERSION) || sparekey_fail "could not run go$SPAREKEY_GO_VERSION" || return
	[[ $have == "go$SPAREKEY_GO_VERSION" ]] ||
		sparekey_fail "expected go$SPAREKEY_GO_VERSION, got $have" || return

	export CGO_ENABLED=1
	case ${LANG:-C} in C | POSIX) export LANG=C.UTF-8 ;; esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	sparekey_setup "$@"
	sparekey_log "ready: $(go version)"
else
	sparekey_setup "$@"
fi
