#!/usr/bin/env bash
# bulk_insert values through their column types' processors, against the
# real Alembic 1.8.1: offline on both dialects, online on a SQLite file and
# a throwaway PostgreSQL 15 cluster (tests/run/typedvalues.py).
#   tests/run/typedvalues.sh CUPEL_BIN    TAP lines, then "N passed, N failed"
. "$(dirname "$0")/../lib/livetest.sh"
pg=
if pgcluster_start "$tmp/pg"; then
	psql -qc "CREATE DATABASE tv_a" -c "CREATE DATABASE tv_c" >/dev/null
	pg="postgresql://postgres@/DB?host=$PGHOST&port=$PGPORT"
else
	echo "not ok - could not start PostgreSQL"
fi
"$PY" "$top/tests/run/typedvalues.py" "$BIN" "$tmp" $pg | tee "$tmp/out"
passed=$(grep -c '^ok' "$tmp/out")
failed=$(grep -c '^not ok' "$tmp/out")
[ -z "$pg" ] && failed=$((failed + 1))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
