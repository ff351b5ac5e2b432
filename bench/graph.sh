#!/bin/bash
# Benchmark cupel against the real Alembic 1.8.1 on generated projects.
#
#   bench/graph.sh CUPEL_BIN
#
# Generates (fixed seed) projects of 2,500 / 5,000 / 10,000 revisions under
# bench/out/ (git-ignored; regenerated each run, generation is deterministic),
# then prints markdown tables:
#   * best-of-3 wall time of `alembic heads|history` (plain, unpatched
#     `/usr/bin/python3 -m alembic`, cwd = project) vs `cupel heads|history`,
#     ratio alembic/cupel, and cupel's peak RSS;
#   * cupel `history` best-of-3 at 2,500 / 5,000 / 10,000 revisions
#     (linearity check: the time per 1,000 revisions should stay flat).
# Timing uses hyperfine when installed, else a date +%s.%N loop.  Peak RSS is
# measured with GNU time (/usr/bin/time -f %M) if installed, else with a small
# Python wrapper (getrusage(RUSAGE_CHILDREN).ru_maxrss; higher floor).
# Environment: BENCH_SEED (default 42), BENCH_RUNS (default 3),
# BENCH_NO_HYPERFINE=1 (force the date loop).
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 CUPEL_BIN" >&2; exit 2; }
CUPEL=$1
case $CUPEL in /*) ;; */*) CUPEL=$PWD/$CUPEL ;; *) CUPEL=$(command -v "$CUPEL") ;; esac
[ -x "$CUPEL" ] || { echo "bench: $CUPEL is not executable" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=/usr/bin/python3
GEN=$ROOT/tests/interop/gen_project.py
OUT=$ROOT/bench/out
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-3}
GEN_OPTS=(--version-locations 2 --id-style mixed --file-template mixed
          --depends-density 0.05 --branch-density 0.08 --label-density 0.03
          --merge-density 0.06)
mkdir -p "$OUT"

gen() {  # gen N -> project dir on stdout
    local n=$1 d=$OUT/graph$1
    rm -rf "$d"
    "$PY" "$GEN" "$d" --revisions "$n" --seed "$SEED" "${GEN_OPTS[@]}" 2>"$d.gen.log"
    echo "$d"
}

# best DIR CMD... -> best wall time in seconds (stdout), output discarded
best() {
    local dir=$1; shift
    if [ -z "${BENCH_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
        local json
        json=$(mktemp)
        (cd "$dir" && hyperfine -N --runs "$RUNS" --style none \
            --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null)
        "$PY" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["min"])' "$json"
        rm -f "$json"
    else
        local i t0 t1 b=""
        for ((i = 0; i < RUNS; i++)); do
            t0=$(date +%s.%N)
            (cd "$dir" && "$@" >/dev/null 2>&1)
            t1=$(date +%s.%N)
            b=$("$PY" -c 'import sys; t=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print("%.4f" % (t if not b else min(t, float(b))))' "$t0" "$t1" "$b")
        done
        echo "$b"
    fi
}

# peak_rss_mb DIR CMD... -> peak RSS of the child in MB.  GNU time (small
# launcher, ~1 MB floor) when present, else a Python launcher; its
# getrusage(RUSAGE_CHILDREN).ru_maxrss includes the launcher's own RSS at
# fork time (~10-20 MB floor).  The floor (RSS of /bin/true) is printed.
if /usr/bin/time -f %M true >/dev/null 2>&1; then
    RSS_TOOL="GNU time -f %M"
    peak_rss_mb() {
        local dir=$1 tmp; shift
        tmp=$(mktemp)
        (cd "$dir" && /usr/bin/time -f %M -o "$tmp" "$@" >/dev/null 2>&1) || true
        "$PY" -c 'import sys; print("%.1f" % (int(open(sys.argv[1]).read().split()[-1]) / 1024.0))' "$tmp"
        rm -f "$tmp"
    }
else
    RSS_TOOL="python getrusage(RUSAGE_CHILDREN)"
    peak_rss_mb() {
        local dir=$1; shift
        (cd "$dir" && "$PY" -c '
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if r.returncode:
    sys.exit("command failed: %r" % sys.argv[1:])
print("%.1f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0))
' "$@")
    }
fi

ratio() { "$PY" -c 'import sys; a,c=float(sys.argv[1]),float(sys.argv[2]); print("%.1f" % (a/c) if c > 0 else "inf")' "$1" "$2"; }

# sanity: both must succeed on the 10k project before timing
P10=$(gen 10000)
for cmd in heads history; do
    (cd "$P10" && "$PY" -m alembic $cmd >/dev/null 2>&1) || { echo "bench: alembic $cmd failed on $P10" >&2; exit 1; }
    (cd "$P10" && "$CUPEL" $cmd >/dev/null) || { echo "bench: cupel $cmd failed on $P10" >&2; exit 1; }
done

echo "### cupel vs Alembic 1.8.1, 10,000 revisions (seed $SEED; $(cat "$P10.gen.log" | sed 's/^gen_project: //'))"
echo
echo "Best of $RUNS wall-clock runs, $(nproc) CPUs, $(uname -m); alembic = \`/usr/bin/python3 -m alembic\`; RSS via $RSS_TOOL (floor for /bin/true: $(peak_rss_mb / true) MB)."
echo
echo "| command | alembic (s) | cupel (s) | ratio alembic/cupel | cupel peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|"
for cmd in heads history; do
    a=$(best "$P10" "$PY" -m alembic "$cmd")
    c=$(best "$P10" "$CUPEL" "$cmd")
    m=$(peak_rss_mb "$P10" "$CUPEL" "$cmd")
    echo "| \`$cmd\` | $a | $c | $(ratio "$a" "$c") | $m |"
done
echo
echo "### cupel \`history\` linearity"
echo
echo "| revisions | cupel history (s) | per 1,000 revisions (ms) | peak RSS (MB) |"
echo "|---:|---:|---:|---:|"
for n in 2500 5000 10000; do
    if [ "$n" = 10000 ]; then d=$P10; else d=$(gen "$n"); fi
    c=$(best "$d" "$CUPEL" history)
    m=$(peak_rss_mb "$d" "$CUPEL" history)
    per=$("$PY" -c 'import sys; print("%.2f" % (float(sys.argv[1]) * 1e6 / int(sys.argv[2])))' "$c" "$n")
    echo "| $n | $c | $per | $m |"
done
