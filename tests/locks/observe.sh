#!/usr/bin/env bash
# The lock model against PostgreSQL 15 itself: for every case of
# tests/locks/cases.txt, the setup is committed on a fresh database of a
# throwaway cluster, the statement runs in a transaction, and the table
# locks it holds (pg_locks of its own backend) must be exactly what
# `cupel locks --statement` says: the same tables, the same modes.
#   tests/locks/observe.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/pgcluster.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }
i=0
while IFS= read -r line; do
	case "$line" in '#'* | '') continue ;; esac
	i=$((i + 1))
	setup=${line%% ;; *}
	stmt=${line#* ;; }
	db=lk$i
	psql -qc "CREATE DATABASE $db" >/dev/null 2>&1
	psql -q -d "$db" -v ON_ERROR_STOP=1 -c "$setup" >/dev/null 2>"$tmp/err" || { ok 1 "setup of: $stmt"; continue; }
	# the statement and, in the same transaction, its table locks
	psql -qAt -d "$db" -v ON_ERROR_STOP=1 >"$tmp/obs" 2>"$tmp/err" <<SQL
BEGIN;
-- the tables as they are named before the statement (it may rename or drop them)
CREATE TEMP TABLE cupel_names AS SELECT oid AS rel, relname FROM pg_class
 WHERE relkind IN ('r', 'p', 'v', 'm') AND relnamespace = 'public'::regnamespace;
$stmt;
SELECT n.relname || '|' || l.mode FROM pg_locks l JOIN cupel_names n ON n.rel = l.relation
 WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation';
ROLLBACK;
SQL
	if [ $? -ne 0 ]; then
		ok 1 "observe: $stmt"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	"$BIN" locks --statement "$stmt" --format json >"$tmp/model.json" 2>"$tmp/err"
	"$PY" - "$tmp/model.json" "$tmp/obs" >"$tmp/cmp" <<'PYEOF'
import json, sys
rank = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
        "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]
name = {"ACCESS SHARE": "AccessShareLock", "ROW SHARE": "RowShareLock", "ROW EXCLUSIVE": "RowExclusiveLock",
        "SHARE UPDATE EXCLUSIVE": "ShareUpdateExclusiveLock", "SHARE": "ShareLock",
        "SHARE ROW EXCLUSIVE": "ShareRowExclusiveLock", "EXCLUSIVE": "ExclusiveLock",
        "ACCESS EXCLUSIVE": "AccessExclusiveLock"}
facts = json.load(open(sys.argv[1]))
model = {}
for f in facts:
    if not f["known"]:
        print("unknown: " + f["unknown"]); sys.exit(1)
    for l in f["locks"]:
        m = name[l["mode"]]
        if rank.index(m) > rank.index(model.get(l["table"], "AccessShareLock")) or l["table"] not in model:
            model[l["table"]] = m
seen = {}
for line in open(sys.argv[2]):
    line = line.strip()
    if not line or "|" not in line:
        continue
    rel, mode = line.split("|")
    if rel not in seen or rank.index(mode) > rank.index(seen[rel]):
        seen[rel] = mode
if model != seen:
    print("model %s, PostgreSQL %s" % (sorted(model.items()), sorted(seen.items()))); sys.exit(1)
print("ok %s" % sorted(model.items()))
PYEOF
	ok $? "locks of: $stmt" || sed 's/^/# /' "$tmp/cmp"
done <"$top/tests/locks/cases.txt"
