#!/usr/bin/env bash
# What lock analysis adds to cupel sql: `cupel sql base:heads` against
# `cupel locks base:heads` (the same statements, each analysed with the
# lock model) on the generated project using every operation
# (tests/sqlparity/gen_ops.py), same run, best of 3.
#   bench/locks.sh CUPEL_BIN [REVISIONS]
set -euo pipefail
CUPEL=$(realpath "$1")
N=${2:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
OUT=$ROOT/bench/out
mkdir -p "$OUT"
now() { date +%s.%N; }
best3() { # command...: the best wall time of 3 runs
	local best="" a b s
	for _ in 1 2 3; do
		a=$(now)
		"$@" >/dev/null 2>&1 || true
		b=$(now)
		s=$("$PY" -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$a" "$b")
		best=$("$PY" -c 'import sys; print(min(float(x) for x in sys.argv[1:] if x))' $s $best)
	done
	echo "$best"
}
p=$OUT/sql$N
[ -d "$p" ] || "$PY" "$ROOT/tests/sqlparity/gen_ops.py" "$p" --seed 1 --revisions "$N" >/dev/null
cd "$p"
nst=$("$CUPEL" sql base:heads --dialect postgresql 2>/dev/null | grep -c ';$' || true)
sql=$(best3 "$CUPEL" sql base:heads --dialect postgresql)
locks=$(best3 "$CUPEL" locks base:heads)
locksj=$(best3 "$CUPEL" locks base:heads --format json)
echo "### cupel locks vs cupel sql ($N revisions, $nst statements, gen_ops.py seed 1)"
echo
echo "| command | wall (s) | vs cupel sql |"
echo "|---|---:|---:|"
echo "| \`sql base:heads\` | $sql | 1.00 |"
for x in "locks base:heads:$locks" "locks base:heads --format json:$locksj"; do
	echo "| \`${x%:*}\` | ${x##*:} | $("$PY" -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "${x##*:}" "$sql") |"
done
