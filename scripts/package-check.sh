#!/usr/bin/env bash
# Checks a Linux archive from scripts/package.sh as a person would meet it:
#
#   scripts/package-check.sh ARCHIVE VERSION
#
# Unpacks it, checks that it holds the binary, the .desktop entry and the
# icon the entry names, validates the entry with desktop-file-validate
# (desktop-file-utils; errors and warnings fail, hints are shown), installs
# it with its own Makefile into a scratch DESTDIR as `sudo make install`
# would, and starts the installed binary with --version. Writes nothing
# outside a temporary folder.
set -euo pipefail

archive=${1:?usage: package-check.sh ARCHIVE VERSION}
version=${2:?usage: package-check.sh ARCHIVE VERSION}
fail() {
	printf 'package check: %s\n' "$*" >&2
	exit 1
}
for tool in desktop-file-validate make file; do
	command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup.sh test installs it)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-package-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$archive" -C "$tmp"
pkg=$tmp/sparekey
[[ -d $pkg ]] || fail "the archive has no top folder sparekey/: $(tar -tJf "$archive" | head -n 5)"

bin=$pkg/usr/local/bin/sparekey
[[ -x $bin ]] || fail "no executable usr/local/bin/sparekey in the archive"
file -b "$bin" | grep -q '^ELF' || fail "usr/local/bin/sparekey is not an ELF program: $(file -b "$bin")"
echo "binary:  usr/local/bin/sparekey ($(du -h "$bin" | cut -f1), $(file -b "$bin" | cut -d, -f1-2))"

mapfile -t desktops < <(find "$pkg/usr/local/share/applications" -name '*.desktop' 2>/dev/null)
((${#desktops[@]} == 1)) || fail "want one .desktop file in usr/local/share/applications, found ${#desktops[@]}"
desktop=${desktops[0]}
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate rejects ${desktop#"$pkg"/}:
$out"
if grep -qiE '(^|: )(error|warning):' <<<"$out"; then
	fail "desktop-file-validate warns about ${desktop#"$pkg"/}:
$out"
fi
[[ -z $out ]] || printf '%s\n' "$out"
entry() { sed -n "s/^$1=//p" "$desktop"; }
[[ $(entry Exec) == sparekey ]] || fail "the entry runs '$(entry Exec)', not sparekey"
for key in Name Comment Categories Keywords Icon; do
	[[ -n $(entry "$key") ]] || fail "the entry has no $key"
done
echo "entry:   ${desktop#"$pkg"/} passes desktop-file-validate (Categories=$(entry Categories) Keywords=$(entry Keywords))"

icon=$pkg/usr/local/share/pixmaps/$(entry Icon).png
[[ -s $icon ]] || fail "no icon ${icon#"$pkg"/} for Icon=$(entry Icon)"
file -b "$icon" | grep -q '^PNG image' || fail "${icon#"$pkg"/} is not a PNG: $(file -b "$icon")"
echo "icon:    ${icon#"$pkg"/} ($(file -b "$icon" | cut -d, -f2))"

# Installed as the README says (sudo make install), into a scratch root.
make -s -C "$pkg" install DESTDIR="$tmp/root" PREFIX=/usr/local >/dev/null
installed=$tmp/root/usr/local/bin/sparekey
for f in "$installed" "$tmp/root/usr/local/share/applications/${desktop##*/}" "$tmp/root/usr/local/share/pixmaps/${icon##*/}"; do
	[[ -e $f ]] || fail "make install did not install ${f#"$tmp"/root}"
done
got=$(timeout 20 "$installed" --version) || fail "the installed binary did not start with --version"
[[ $got == "Sparekey $version" ]] || fail "the installed binary says '$got', want 'Sparekey $version'"
echo "install: make install put the three files under /usr/local; the binary says '$got'"
