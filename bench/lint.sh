#!/usr/bin/env bash
# cupel lint on a generated project (tests/sqlparity/gen_ops.py, as
# bench/sql.sh generates it), then cupel's SQL rules (cupel lint --sql)
# against Squawk (npm squawk-cli, installed into bench/out/) on one large
# SQL file, cupel sql base:heads of that project, in the same run. Both
# write JSON to /dev/null. Prints markdown tables: best wall time of RUNS
# and the CPU time (user+sys) of that run, since the machine may be
# shared.
#   bench/lint.sh CUPEL_BIN [REVISIONS] [RUNS]
set -euo pipefail
CUPEL=$(realpath "$1")
N=${2:-10000}
RUNS=${3:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
OUT=$ROOT/bench/out
SQUAWK_VERSION=2.66.0
mkdir -p "$OUT"

sq=$OUT/squawk/node_modules/.bin/squawk
if [ ! -x "$sq" ] || ! "$sq" --version 2>/dev/null | grep -q "$SQUAWK_VERSION"; then
	npm install --prefix "$OUT/squawk" --no-audit --no-fund "squawk-cli@$SQUAWK_VERSION" >"$OUT/npm.log" 2>&1
fi

# best of RUNS: "wall cpu" of the fastest run, peak RSS (KB) of it
measure() { # command...
	local best="" line
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -o "$OUT/time.txt" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true # exit 1: findings
		line=$(tail -1 "$OUT/time.txt")
		best=$("$PY" -c '
import sys
w, u, s, m = sys.argv[1].split()
cur = (float(w), float(u) + float(s), int(m))
old = tuple(sys.argv[2:]) if len(sys.argv) > 2 else None
if old and float(old[0]) <= cur[0]:
    print(" ".join(old))
else:
    print("%.2f %.2f %d" % cur)' "$line" $best)
	done
	echo "$best"
}
row() { # label a b  (each "wall cpu rss")
	"$PY" -c '
import sys
a, b = sys.argv[2].split(), sys.argv[3].split()
print("| %s | %s | %s | %s | %s | %.2f | %.2f | %.0f |" % (sys.argv[1], a[0], a[1], b[0], b[1],
      float(a[0]) / float(b[0]), float(a[1]) / float(b[1]), int(b[2]) / 1024))' "$@"
}

p=$OUT/lint$N
[ -d "$p" ] || "$PY" "$ROOT/tests/sqlparity/gen_ops.py" "$p" --seed 1 --revisions "$N" >/dev/null
echo "### cupel lint ($N revisions, gen_ops.py seed 1)"
echo
echo "| command | wall (s) | CPU (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|"
# the project's own target (its sqlalchemy.url is SQLite), then PostgreSQL's rules
r=$(cd "$p" && measure "$CUPEL" lint --format json)
"$PY" -c 'import sys; w, c, m = sys.argv[1].split(); print("| `cupel lint --format json` (SQLite, the url) | %s | %s | %.0f |" % (w, c, int(m) / 1024))' "$r"
r=$(cd "$p" && measure "$CUPEL" lint --dialect postgresql --format json)
"$PY" -c 'import sys; w, c, m = sys.argv[1].split(); print("| `cupel lint --dialect postgresql --format json` | %s | %s | %.0f |" % (w, c, int(m) / 1024))' "$r"
echo

big=$OUT/lint$N.sql
(cd "$p" && "$CUPEL" sql base:heads --dialect postgresql >"$big" 2>/dev/null) || true
stmts=$("$PY" -B -c 'import sys; sys.path.insert(0, sys.argv[1]); import squawk_compare as s; print(len(s.split(open(sys.argv[2]).read())))' \
	"$ROOT/tests/lint" "$big")
mb=$("$PY" -c 'import os, sys; print("%.1f" % (os.path.getsize(sys.argv[1]) / 1e6))' "$big")
echo "### cupel lint --sql against squawk $SQUAWK_VERSION (cupel sql base:heads of that project: $stmts statements, $mb MB)"
echo
echo "| command | squawk wall (s) | squawk CPU (s) | cupel wall (s) | cupel CPU (s) | wall ratio | CPU ratio | cupel peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
a=$(measure "$sq" --reporter json "$big")
b=$(measure "$CUPEL" lint --sql "$big" --format json)
row "JSON findings of the whole file" "$a" "$b"
echo
echo "(ratio: Squawk's time over cupel's; above 1, cupel is faster)"
