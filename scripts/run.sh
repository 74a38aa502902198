#!/usr/bin/env bash
# Builds Sparekey and runs it, installing what is missing first:
#
#   scripts/run.sh [--data-dir DIR] [--site NAME] [--version]
#
# Flags pass through to the app; relative paths are taken from where you run it.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/setup.sh
source "$root/scripts/setup.sh" build
go -C "$root" build -tags "$SPAREKEY_BUILD_TAGS" -o bin/sparekey .
exec "$root/bin/sparekey" "$@"
