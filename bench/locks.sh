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
best3() { # command...: "wall cpu" of the run with the best wall time of 3
	local best="" cpu="" w c
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %U %S" -o "$OUT/time.$$" "$@" >/dev/null 2>&1 || true
		read -r w u s <"$OUT/time.$$"
		c=$("$PY" -c 'import sys; print("%.2f" % (float(sys.argv[1]) + float(sys.argv[2])))' "$u" "$s")
		if [ -z "$best" ] || "$PY" -c 'import sys; sys.exit(not float(sys.argv[1]) < float(sys.argv[2]))' "$w" "$best"; then
			best=$w
			cpu=$c
		fi
	done
	rm -f "$OUT/time.$$"
	echo "$best $cpu"
}
p=$OUT/sql$N
[ -d "$p" ] || "$PY" "$ROOT/tests/sqlparity/gen_ops.py" "$p" --seed 1 --revisions "$N" >/dev/null
cd "$p"
nst=$("$CUPEL" sql base:heads --dialect postgresql 2>/dev/null | grep -c ';$' || true)
nexec=$(grep -rho 'op\.execute(' --include='*.py' . | wc -l)
read -r sql sqlc < <(best3 "$CUPEL" sql base:heads --dialect postgresql)
read -r locks locksc < <(best3 "$CUPEL" locks base:heads)
read -r locksj locksjc < <(best3 "$CUPEL" locks base:heads --format json)
read -r parse parsec < <(CUPEL_LOCK_ROUTE=parse best3 "$CUPEL" locks base:heads)
echo "### cupel locks vs cupel sql ($N revisions, $nst statements, $nexec op.execute calls, gen_ops.py seed 1)"
echo
echo "| command | wall (s) | vs cupel sql | CPU (s) | vs cupel sql |"
echo "|---|---:|---:|---:|---:|"
ratio() { "$PY" -c 'import sys; print("%.2f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }
echo "| \`sql base:heads\` | $sql | 1.00 | $sqlc | 1.00 |"
for x in "locks base:heads|$locks|$locksc" "locks base:heads --format json|$locksj|$locksjc" \
	"locks base:heads, every statement parsed (CUPEL_LOCK_ROUTE=parse)|$parse|$parsec"; do
	IFS='|' read -r what w c <<<"$x"
	echo "| \`$what\` | $w | $(ratio "$w" "$sql") | $c | $(ratio "$c" "$sqlc") |"
done
