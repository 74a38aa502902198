#!/usr/bin/env bash
# Builds the Linux archive a person installs (see the README), and with
# --check proves it (scripts/package-check.sh):
#
#   scripts/package.sh [--check] [OUTDIR]    # default OUTDIR: dist/
#
# The archive is what `fyne package` (fyne.io/tools, pinned below) makes
# of FyneApp.toml: the binary, a .desktop entry and the icon, with the
# Makefile that installs them. The binary is built here as scripts/run.sh
# and the end-to-end tests build the one they run (-tags
# "$SPAREKEY_BUILD_TAGS"; stripped with -ldflags "-s -w", which only the
# linker sees), and handed to `fyne package --exe`:
# fyne package can pass tags itself (--tags), but a build of its own
# would also add the tag migrated_fynedo (from FyneApp.toml's
# [Migrations]), its own CGO_CFLAGS and -trimpath, so the shipped binary
# would differ from the tested one and every Fyne and cgo package would
# be compiled again (~7 min cold on 2 cores).
set -euo pipefail

FYNE_TOOLS_VERSION=v1.7.4 # fyne.io/tools (the `fyne` command)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=
if [[ ${1:-} == --check ]]; then
	check=1
	shift
fi
out=${1:-$root/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# shellcheck source=scripts/setup.sh
source "$root/scripts/setup.sh" build

# The fyne command lives in the cache, installed once per version from
# outside the app's module, so it never touches go.mod or go.sum.
fyne_bin=$SPAREKEY_CACHE/fyne-tools-$FYNE_TOOLS_VERSION/fyne
if [[ ! -x $fyne_bin ]]; then
	echo "installing fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION into ${fyne_bin%/*}"
	(cd / && GOBIN=${fyne_bin%/*} go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

go -C "$root" build -tags "$SPAREKEY_BUILD_TAGS" -ldflags "-s -w" -o "$work/sparekey" .

# fyne package --release rewrites FyneApp.toml (it counts Build up):
# give it a copy of the metadata and the icon, never the checkout's (and
# main.go: it wants Go code in the folder, even with --exe).
mkdir -p "$work/src/assets"
cp "$root/FyneApp.toml" "$root/main.go" "$work/src/"
cp "$root/assets/icon.png" "$work/src/assets/"
(cd "$work" && "$fyne_bin" package --target linux --release \
	--src "$work/src" --exe "$work/sparekey")

version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' "$root/FyneApp.toml")
archive=$out/sparekey-$version-linux-$(go env GOARCH).tar.xz
mv "$work/Sparekey.tar.xz" "$archive"
echo "built $archive ($(du -h "$archive" | cut -f1))"

if [[ -n $check ]]; then
	bash "$root/scripts/package-check.sh" "$archive" "$version"
fi
