#!/bin/sh
# Issue 5 item 7: importing a file with one bad row in the middle of a million declarations
# commits nothing (declaration count, batches and rollups unchanged) and reports the row by
# line and column. The file is generated here, in the build folder, and removed afterwards.
#   big_import_test.sh AIDLEDGER_BINARY WORK_DIR
set -eu
bin=$1
work=$2
rows=${AIDLEDGER_BIG_ROWS:-1000000}
rm -rf "$work"
mkdir -p "$work"
cd "$work"
trap 'rm -f "$work"/*.csv' EXIT
export AIDLEDGER_NOW=2026-01-01T00:00:00Z USER=tester LC_ALL=C

fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" init >/dev/null
"$bin" generate --scenario customs --declarations "$rows" --seed 5 --declarations-csv decl.csv >/dev/null
# A first good batch, so that "unchanged" is checked against rollups that exist.
head -n 1001 decl.csv > first.csv
"$bin" import-declarations --synthetic first.csv >/dev/null

state() {
    sqlite3 ledger.db "SELECT (SELECT count(*) FROM customs_declarations),
        (SELECT count(*) FROM customs_batches),
        (SELECT count(*) || '/' || sum(declarations) || '/' || sum(quantity) || '/' || sum(value)
           FROM customs_rollup_fine),
        (SELECT count(*) || '/' || sum(declarations) FROM customs_rollup_hs),
        (SELECT count(*) || '/' || sum(declarations) FROM customs_rollup_destination),
        (SELECT count(*) || '/' || sum(declarations) FROM customs_rollup_kind)"
}
before=$(state)
[ "$(echo "$before" | cut -d'|' -f1)" = 1000 ] || fail "first batch not written: $before"

# Line N (the header is line 1) gets an unknown currency, in the middle of the file.
bad_line=$((rows / 2 + 1))
awk -F, -v OFS=, -v n="$bad_line" 'NR == n { $8 = "XYZ" } { print }' decl.csv > bad.csv
column=$(awk -F, -v n="$bad_line" 'NR == n { print length($1 $2 $3 $4 $5 $6 $7) + 8 }' bad.csv)

set +e
"$bin" import-declarations --synthetic bad.csv > out.txt 2> err.txt
code=$?
set -e
[ "$code" = 3 ] || fail "exit code $code, expected 3; stderr: $(cat err.txt)"
grep -q "^bad.csv:$bad_line:$column: value.currency: unknown currency \"XYZ\"" out.txt ||
    fail "the bad row is not reported as bad.csv:$bad_line:$column; got: $(head -5 out.txt)"
grep -q "bad.csv: $rows rows (CSV), 1 bad" out.txt || fail "counts: $(tail -2 out.txt)"
grep -q "1 row rejected; nothing written" err.txt || fail "stderr: $(cat err.txt)"
after=$(state)
[ "$before" = "$after" ] || fail "the ledger changed: before $before, after $after"

# The same file without the bad row imports whole.
"$bin" import-declarations --synthetic decl.csv > out.txt
grep -q "batch 2: $rows declarations written" out.txt || fail "good import: $(tail -3 out.txt)"
rm -f ledger.db ledger.db-wal ledger.db-shm
echo "ok: one bad row of $rows at line $bad_line, column $column: nothing written"
