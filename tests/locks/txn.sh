#!/usr/bin/env bash
# The locks a migration's transaction holds, statement after statement,
# against PostgreSQL 15 (tests/locks/txn.py says what is compared): the
# along projects (tests/locks/along_project.py, along/proj*.py) and
# txn_project.py (deferred foreign keys and SET CONSTRAINTS, a weaker lock
# after a stronger, triggers).
#   tests/locks/txn.sh CUPEL_BIN
. "$(dirname "$0")/../lib/livetest.sh"
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }
psql -qc "CREATE DATABASE txn" >/dev/null
dsn="host=$PGHOST port=$PGPORT user=postgres dbname=txn"
for g in "$top/tests/locks/txn_project.py" "$top/tests/locks/along_project.py" "$top"/tests/locks/along/proj*.py; do
	name=$(basename "$g" .py)
	rm -rf "$tmp/p"
	(cd "$(dirname "$g")" && "$PY" "$g" "$tmp/p") >/dev/null
	if ! (cd "$tmp/p" && "$BIN" locks base:heads --format json) >"$tmp/locks.json" 2>"$tmp/err"; then
		echo "not ok - $name: cupel locks base:heads"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	"$PY" "$top/tests/locks/txn.py" "$tmp/locks.json" "$dsn" "$name" "$top/tests/locks/along/known.txt"
done | tee "$tmp/out"
n=$(grep -cE '^(ok|not ok)' "$tmp/out")
[ "$n" -ge 200 ]
ok $? "$n statements checked in their migration's transaction (at least 200)"
echo "1..$((n + 1))"
