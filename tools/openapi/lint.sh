#!/usr/bin/env bash
# Lints the OpenAPI document of `aidledger serve` with Redocly's linter (issue 3), installed
# from npm at the version package-lock.json pins.
#
#   tools/openapi/lint.sh PATH_TO_AIDLEDGER
#
# Exit 0: the document passes; 1: it does not; 77: node or npm is missing (CTest: skipped).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
aidledger=${1:?usage: lint.sh PATH_TO_AIDLEDGER}

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    echo "lint.sh: node and npm are needed to lint the OpenAPI document; skipped" >&2
    exit 77
fi
# npm ci only when what is installed is not what the lock file pins (a copy of the lock file
# is kept as the stamp of the last install).
stamp="$here/node_modules/.aidledger-installed-lock.json"
if ! cmp -s "$here/package-lock.json" "$stamp" 2>/dev/null; then
    (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    cp "$here/package-lock.json" "$stamp"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$aidledger" serve --print-openapi > "$work/openapi.json"
cd "$here"
# Loopback-only machines: no usage telemetry, no update check.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
node_modules/.bin/redocly lint --config redocly.yaml "$work/openapi.json"
