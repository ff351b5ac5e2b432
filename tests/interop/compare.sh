#!/bin/bash
# Byte-for-byte comparison of cupel against the real Alembic 1.8.1 (through
# alembic_canon.py, the canonical-order oracle).
#
#   tests/interop/compare.sh CUPEL_BIN [--quick]
#
# For every case (size, seed, generator options) a project is generated with
# gen_project.py into a temporary directory; each command below is run with
# the oracle and with CUPEL_BIN (same argv, cwd = project directory), and
# stdout must be identical and both exit statuses 0.  One TAP-ish line per
# comparison, then "N passed, N failed"; exit status 1 if anything failed.
#
# Environment:
#   COMPARE_WORKDIR=dir  use (and keep) this directory; generated projects and
#                        oracle outputs found there are reused (cache), which
#                        makes re-runs against a new cupel build fast.
#   KEEP=1               keep the temporary directory.
set -euo pipefail

usage() { echo "usage: $0 CUPEL_BIN [--quick]" >&2; exit 2; }
[ $# -ge 1 ] || usage
CUPEL=$1; shift
QUICK=0
for a in "$@"; do
    case $a in
        --quick) QUICK=1 ;;
        *) usage ;;
    esac
done
case $CUPEL in /*) ;; */*) CUPEL=$PWD/$CUPEL ;; esac
if [ ! -x "$CUPEL" ] && ! command -v "$CUPEL" >/dev/null 2>&1; then
    echo "compare.sh: $CUPEL is not executable" >&2; exit 2
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
GEN=$HERE/gen_project.py
ORACLE=$HERE/alembic_canon.py

if [ -n "${COMPARE_WORKDIR:-}" ]; then
    WORK=$COMPARE_WORKDIR; mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/cupel-interop.XXXXXX")
    if [ -z "${KEEP:-}" ]; then
        trap 'rm -rf "$WORK"' EXIT
    else
        echo "# workdir: $WORK"
    fi
fi

# size seed generator-options (word-split on purpose)
if [ $QUICK = 1 ]; then
    CASES=(
        "20 1 "
        "20 2 --id-style mixed --file-template mixed --version-locations 2 --path-separator ;"
        "20 3 --version-locations 3 --depends-density 0.3 --label-density 0.3 --merge-density 0.3 --path-separator legacy"
        "200 4 --id-style mixed --file-template mixed --version-locations 2 --depends-density 0.1"
    )
else
    CASES=(
        "20 1 "
        "20 2 --id-style mixed --file-template mixed --version-locations 2"
        "20 3 --version-locations 3 --depends-density 0.3 --label-density 0.3 --merge-density 0.3"
        "20 5 --id-style mixed --branch-density 0.4 --label-density 0.2"
        "200 1 "
        "200 2 --id-style mixed --file-template mixed --version-locations 2 --depends-density 0.1"
        "200 3 --version-locations 3 --depends-density 0.2 --label-density 0.1 --merge-density 0.15 --branch-density 0.15"
        "200 4 --id-style mixed --file-template plain --version-locations 1 --label-density 0.15"
        "200 6 --file-template mixed --version-locations 2 --depends-density 0.25 --merge-density 0.2 --path-separator ;"
        "200 7 --id-style mixed --version-locations 3 --path-separator legacy --label-density 0.1"
        "2000 1 --id-style mixed --file-template mixed --version-locations 3 --depends-density 0.08 --branch-density 0.12"
        "2000 2 "
        "2000 3 --version-locations 2 --label-density 0.08 --depends-density 0.1"
    )
fi

N=0; PASS=0; FAIL=0
# cached projects/oracle outputs are only valid for this generator+oracle
TOOLSUM=$(cat "$GEN" "$ORACLE" | md5sum | cut -c1-8)

# pick_ranges HISTORY_FILE SEED -> one history range per line
pick_ranges() {
    "$PY" - "$1" "$2" <<'EOF'
import random, re, sys
path, seed = sys.argv[1], int(sys.argv[2])
ent = re.compile(r"^(<base>|[^ ,()]+(?:, [^ ,()]+)*)(?: \([^)]*\))? -> "
                 r"([^ ,()]+)((?: \([^)]*\))*),")
rows = []
for line in open(path, encoding="utf-8"):
    m = ent.match(line)
    if m:
        rows.append((m.group(1), m.group(2), m.group(3)))
rng = random.Random(seed)
out = []
if rows:
    mid = rows[len(rows) // 2][1]
    out += ["base:%s" % mid, "%s:heads" % mid, "%s:" % mid, ":%s" % mid]
    singles = [r for r in rows if r[0] != "<base>" and ", " not in r[0]]
    if singles:
        p, b, _ = singles[rng.randrange(len(singles))]
        out.append("%s:%s" % (p, b))
    labelled = [r for r in rows if r[2].startswith(" (") and
                not r[2].startswith(" (head)") and
                not r[2].startswith(" (effective head)") and
                not r[2].startswith(" (branchpoint)") and
                not r[2].startswith(" (mergepoint)")]
    if labelled:
        labels = labelled[rng.randrange(len(labelled))][2][2:].split(")")[0]
        out.append("%s:heads" % rng.choice(labels.split(", ")))
print("\n".join(out))
EOF
}

# run_one DESC PROJECT OUTDIR NAME ARGS...
run_one() {
    local desc=$1 proj=$2 odir=$3 name=$4; shift 4
    local ofile=$odir/$name.oracle cfile=$odir/$name.cupel
    local ors=0 crs=0
    N=$((N + 1))
    if [ ! -f "$ofile.rc" ]; then
        ors=0
        (cd "$proj" && "$PY" "$ORACLE" "$@") >"$ofile" 2>"$ofile.err" || ors=$?
        echo "$ors" >"$ofile.rc"
    fi
    ors=$(cat "$ofile.rc")
    (cd "$proj" && "$CUPEL" "$@") >"$cfile" 2>"$cfile.err" || crs=$?
    if [ "$ors" = 0 ] && [ "$crs" = 0 ] && cmp -s "$ofile" "$cfile"; then
        PASS=$((PASS + 1))
        echo "ok $N - $* $desc"
    else
        FAIL=$((FAIL + 1))
        echo "not ok $N - $* $desc"
        [ "$ors" = 0 ] || { echo "#   oracle exit status $ors:"; tail -n 5 "$ofile.err" | sed 's/^/#   /'; }
        [ "$crs" = 0 ] || { echo "#   cupel exit status $crs:"; tail -n 5 "$cfile.err" | sed 's/^/#   /'; }
        if ! cmp -s "$ofile" "$cfile"; then
            diff -u --label alembic --label cupel "$ofile" "$cfile" | head -n 20 | sed 's/^/#   /' || true
        fi
    fi
}

for c in "${CASES[@]}"; do
    read -r size seed opts <<<"$c"
    key="${TOOLSUM}_n${size}_s${seed}_$(printf '%s' "$opts" | tr -c 'A-Za-z0-9.\n' '_' | tr -s '_')"
    proj=$WORK/$key/project
    odir=$WORK/$key/out
    mkdir -p "$odir"
    # shellcheck disable=SC2086
    if [ ! -f "$WORK/$key/generated" ]; then
        rm -rf "$proj"
        "$PY" "$GEN" "$proj" --revisions "$size" --seed "$seed" $opts 2>"$WORK/$key/gen.log"
        touch "$WORK/$key/generated"
    fi
    desc="$size/seed$seed"
    echo "# case $desc [${opts:-defaults}]: $(cat "$WORK/$key/gen.log")"
    run_one "$desc" "$proj" "$odir" heads heads
    run_one "$desc" "$proj" "$odir" heads_v heads --verbose
    run_one "$desc" "$proj" "$odir" branches branches
    run_one "$desc" "$proj" "$odir" branches_v branches --verbose
    run_one "$desc" "$proj" "$odir" history history
    run_one "$desc" "$proj" "$odir" history_v history --verbose
    if [ "$(cat "$odir/history.oracle.rc")" = 0 ]; then
        i=0
        while IFS= read -r range; do
            [ -n "$range" ] || continue
            i=$((i + 1))
            run_one "$desc" "$proj" "$odir" "range$i" history -r "$range"
            if [ $QUICK = 0 ] && [ $i = 1 ]; then
                run_one "$desc" "$proj" "$odir" "range${i}_v" history --verbose -r "$range"
            fi
        done < <(pick_ranges "$odir/history.oracle" "$seed")
    fi
done

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
