#!/usr/bin/env bash
# Regenerates the generated tables of docs/SECURITY.md from the tests:
#
#   scripts/security-tables.sh
#
# The bad-input matrix (issue 10): TestBadInputMatrix of vault, app and
# screens records its rows into internal/matrix/testdata/*.json
# (SPAREKEY_UPDATE_MATRIX=1), then tools/matrix renders them between the
# bad-input-matrix markers. A plain `go test` fails when either differs
# from what the tests find, so commit what this writes. Needs root for the
# read-only mount and the tmpfs rows to use real file systems (elsewhere
# a seam stands in; the rows are the same).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3} CGO_ENABLED=1 LANG=C.UTF-8
tags=${SPAREKEY_BUILD_TAGS:-no_animations}
SPAREKEY_UPDATE_MATRIX=1 go test -tags "$tags" -count=1 ./vault/ ./app/ ./screens/ -run '^TestBadInputMatrix$'
go run -tags "$tags" ./tools/matrix
go test -tags "$tags" -count=1 ./tools/matrix/
