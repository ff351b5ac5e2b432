#!/usr/bin/env bash
# The terminal UI on a 10,000-revision project (tests/interop/gen_project.py,
# the graph bench's options): time to the first screen, and per keystroke
# (1,000 moves and 100 page moves, redrawn each time), and until every
# revision is linted (the graph's badges; the UI does it while it waits
# for keys), and the peak memory after long scrolls, headless, against
# `alembic history` on the same project (what a user would otherwise run).
#   bench/tui.sh CUPEL_BIN [REVISIONS]
set -euo pipefail
CUPEL=$(realpath "$1")
N=${2:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
OUT=$ROOT/bench/out
mkdir -p "$OUT"
p=$OUT/tui$N
[ -d "$p" ] || "$PY" "$ROOT/tests/interop/gen_project.py" "$p" --revisions "$N" --seed 42 \
	--version-locations 2 --id-style mixed --file-template mixed --depends-density 0.05 \
	--branch-density 0.08 --label-density 0.03 --merge-density 0.06 >/dev/null 2>&1
keys=$(mktemp)
trap 'rm -f "$keys"' EXIT
now() { date +%s.%N; }
run() { # key script -> seconds (best of 3)
	printf '%s' "$1" >"$keys"
	local best=
	for _ in 1 2 3; do
		local a b
		a=$(now)
		(cd "$p" && CUPEL_CONFIG=/dev/null CUPEL_HEADLESS=120x40 CUPEL_KEYS=$keys "$CUPEL" >/dev/null 2>&1)
		b=$(now)
		best=$("$PY" -c 'import sys; t=float(sys.argv[2])-float(sys.argv[1]); print("%.4f" % (min(t, float(sys.argv[3])) if sys.argv[3] else t))' "$a" "$b" "$best")
	done
	echo "$best"
}
# the script cache (scriptcache.h) off, then warm (the first run fills it)
export CUPEL_CACHE_DIR=$OUT/cache
export CUPEL_CACHE=off
cold=$(run "")
unset CUPEL_CACHE
first=$(run "")
moves=$(run "$(printf 'j%.0s' $(seq 1000))")
pages=$(run "$(printf '<PgDn>%.0s' $(seq 100))")
# the lint walk to its end (what the UI does while it waits for keys)
walk=$(run "<Idle>")
a=$(now)
(cd "$p" && "$PY" -m alembic history >/dev/null 2>&1)
b=$(now)
alem=$("$PY" -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$a" "$b")
echo "### cupel (terminal UI, headless 120x40) on $N revisions"
echo
echo "| what | cupel | alembic history |"
echo "|---|---:|---:|"
echo "| first screen, no script cache (load, lanes, draw, quit) | $cold s | $alem s |"
echo "| first screen, script cache warm | $first s | |"
echo "| every revision linted, badges drawn (<Idle>) | $walk s | |"
"$PY" -c 'import sys; f,m,p=map(float,sys.argv[1:]); print("| per keystroke, j (1,000 moves) | %.2f ms | |" % ((m-f)*1000/1000)); print("| per keystroke, PgDn (100 pages) | %.2f ms | |" % ((p-f)*1000/100))' "$first" "$moves" "$pages"
# The first screen alone, RUNS times each way (default 15), timed from
# Python around the process (no shell or date(1) in the interval): on a
# shared machine single runs vary by tens of ms, so best, median and
# worst are shown.
echo
echo "| first screen, $N revisions, ${RUNS:-15} runs | best | median | worst |"
echo "|---|---:|---:|---:|"
"$PY" - "$CUPEL" "$p" "${RUNS:-15}" <<'PYEOF'
import os, statistics, subprocess, sys, time
cupel, proj, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = dict(os.environ, CUPEL_CONFIG="/dev/null", CUPEL_HEADLESS="120x40", CUPEL_KEYS="/dev/null")
for name, extra in (("no script cache", {"CUPEL_CACHE": "off"}), ("script cache warm", {})):
    env = dict(base, **extra)
    if not extra:
        env.pop("CUPEL_CACHE", None)
    t = []
    for _ in range(runs):
        a = time.perf_counter()
        subprocess.run([cupel], cwd=proj, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t.append((time.perf_counter() - a) * 1000)
    t.sort()
    print("| %s | %.1f ms | %.1f ms | %.1f ms |" % (name, t[0], statistics.median(t), t[-1]))
PYEOF
# Memory while scrolling (point 6: it must stay flat): the peak RSS of one
# run per key script, from wait4's rusage of that process alone.
echo
echo "| keys after the first screen (script cache warm) | peak RSS |"
echo "|---|---:|"
"$PY" - "$CUPEL" "$p" <<'PYEOF'
import os, subprocess, sys, tempfile
cupel, proj = sys.argv[1], sys.argv[2]
scripts = (("none", ""), ("1,000 j", "j" * 1000), ("10,000 j", "j" * 10000),
           ("1,000 PgDn then G, g", "<PgDn>" * 1000 + "Gg"),
           ("5 x (G, 1,000 k, g)", ("G" + "k" * 1000 + "g") * 5))
for name, keys in scripts:
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write(keys)
    env = dict(os.environ, CUPEL_CONFIG="/dev/null", CUPEL_HEADLESS="120x40", CUPEL_KEYS=f.name)
    pr = subprocess.Popen([cupel], cwd=proj, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(pr.pid, 0)
    os.unlink(f.name)
    print("| %s | %.1f MB |" % (name, ru.ru_maxrss / 1024.0))
PYEOF
