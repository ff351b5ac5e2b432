#!/usr/bin/env bash
# cupel upgrade heads against alembic upgrade heads on a generated project
# (tests/run/gen_live.py, 500 revisions by default) on SQLite and on a
# throwaway PostgreSQL 15 cluster, same run, fresh database each time.
# Prints a markdown table (best of 3 for cupel, one alembic run each).
#   bench/upgrade.sh CUPEL_BIN [REVISIONS]
set -euo pipefail
CUPEL=$(realpath "$1")
N=${2:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
. "$ROOT/tests/lib/pgcluster.sh"
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
pgcluster_start "$tmp/pg" >/dev/null
p=$tmp/proj
"$PY" "$ROOT/tests/run/gen_live.py" "$p" --revisions "$N" --seed 3 >/dev/null
now() { date +%s.%N; }
fresh() { # backend run -> URL of an empty database
	if [ "$1" = sqlite ]; then
		rm -f "$tmp/$2.db"
		echo "sqlite:///$tmp/$2.db"
	else
		psql -qc "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null 2>&1
		echo "postgresql://postgres@/$2?host=$PGHOST&port=$PGPORT"
	fi
}
echo "### cupel upgrade heads vs alembic upgrade heads ($N revisions, tests/run/gen_live.py seed 3)"
echo
echo "| database | alembic (s) | cupel (s) | ratio |"
echo "|---|---:|---:|---:|"
for backend in sqlite postgresql; do
	url=$(fresh $backend a)
	t0=$(now)
	(cd "$p" && CUPEL_TEST_URL="$url" "$PY" -m alembic upgrade heads >/dev/null 2>&1)
	t1=$(now)
	alem=$("$PY" -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$t0" "$t1")
	best=
	for i in 1 2 3; do
		url=$(fresh $backend c$i)
		a=$(now)
		(cd "$p" && "$CUPEL" upgrade heads -q --db "$url" >/dev/null 2>&1)
		b=$(now)
		s=$("$PY" -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$a" "$b")
		best=$("$PY" -c 'import sys; print(min(float(x) for x in sys.argv[1:] if x))' $s $best)
	done
	echo "| $backend | $alem | $best | $("$PY" -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$alem" "$best") |"
done
