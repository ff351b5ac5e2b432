#!/usr/bin/env bash
# cupel sql against Alembic's offline --sql on generated projects using every
# operation (tests/sqlparity/gen_ops.py), same run, ratio; then cupel alone
# on larger projects for linearity. Prints markdown tables.
#   bench/sql.sh CUPEL_BIN [REVISIONS_FOR_ALEMBIC]
# The issue's target is measured on 10,000 revisions (the default); Alembic
# needs about 1.5 minutes there (its cost grows faster than linearly), so
# pass a smaller count for a quick look.
set -euo pipefail
CUPEL=$(realpath "$1")
N=${2:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
OUT=$ROOT/bench/out
mkdir -p "$OUT"
now() { date +%s.%N; }
secs() { "$PY" -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

echo "### cupel sql vs alembic upgrade --sql ($N revisions, gen_ops.py seed 1, PostgreSQL)"
echo
echo "| command | alembic (s) | cupel (s) | ratio | cupel peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|"
p=$OUT/sql$N
rm -rf "$p"
"$PY" "$ROOT/tests/sqlparity/gen_ops.py" "$p" --seed 1 --revisions "$N" >/dev/null
t0=$(now)
(cd "$p" && CUPEL_TEST_URL=postgresql://u@localhost/db "$PY" -m alembic upgrade base:heads --sql >/dev/null 2>&1)
t1=$(now)
best=""
for _ in 1 2 3; do
	a=$(now)
	(cd "$p" && CUPEL_TEST_URL=postgresql://u@localhost/db "$CUPEL" sql base:heads --dialect postgresql >/dev/null 2>&1 || true)
	b=$(now)
	s=$(secs "$a" "$b")
	best=$("$PY" -c 'import sys; print(min(float(x) for x in sys.argv[1:] if x))' $s $best)
done
rss=$( (cd "$p" && /usr/bin/time -f %M "$CUPEL" sql base:heads --dialect postgresql >/dev/null 2>"$OUT/rss" || true); tail -1 "$OUT/rss")
alem=$(secs "$t0" "$t1")
echo "| \`sql base:heads\` | $alem | $best | $("$PY" -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$alem" "$best") | $("$PY" -c 'import sys; print("%.1f" % (int(sys.argv[1]) / 1024))' "$rss") |"
echo
echo "### cupel sql linearity (PostgreSQL, best of 3)"
echo
echo "| revisions | cupel sql (s) | per 1,000 revisions (ms) |"
echo "|---:|---:|---:|"
for n in 2500 5000 10000; do
	p=$OUT/sql$n
	[ -d "$p" ] || "$PY" "$ROOT/tests/sqlparity/gen_ops.py" "$p" --seed 1 --revisions "$n" >/dev/null
	best=""
	for _ in 1 2 3; do
		a=$(now)
		(cd "$p" && "$CUPEL" sql base:heads --dialect postgresql >/dev/null 2>&1 || true)
		b=$(now)
		s=$(secs "$a" "$b")
		best=$("$PY" -c 'import sys; print(min(float(x) for x in sys.argv[1:] if x))' $s $best)
	done
	echo "| $n | $best | $("$PY" -c 'import sys; print("%.1f" % (float(sys.argv[1]) * 1e6 / int(sys.argv[2])))' "$best" "$n") |"
done
