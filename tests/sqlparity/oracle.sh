#!/bin/bash
# oracle.sh PROJECT DIALECT OUTDIR
#
# Runs the real Alembic 1.8.1 (Debian's /usr/bin/python3) in offline mode on
# PROJECT (made by gen_ops.py) for DIALECT (postgresql | sqlite) and stores
# the stdout of every run in OUTDIR/DIALECT/<name>.sql, Alembic's final error
# line (if any) in OUTDIR/DIALECT/<name>.err, and one line per run in
# OUTDIR/DIALECT/cmds.txt, tab separated:
#
#   <name>.sql  <exit code>  <alembic argv>  <cupel argv>
#
# e.g. upgrade_full.sql  0  alembic upgrade base:heads --sql
#      cupel sql base:heads --dialect postgresql
# Both commands are meant to be run from PROJECT with
# CUPEL_TEST_URL=<url of DIALECT> (alembic reads it through env.py).
#
# Runs: upgrade base:heads; downgrade <head>:base per head (the CLI cannot do
# an offline downgrade from several heads); upgrade A:B, B:heads, base:A,
# downgrade B:A, heads:B (A, B at 1/3 and 2/3 of the history); and around the
# first branch point X / merge point M / branch child C:
# upgrade X:M, C:heads, downgrade M:X.
# If PROJECT/errors.txt exists (gen_ops.py --errors), runs instead
# `upgrade PREV:REV --sql` for each listed case of DIALECT, named err_<slug>
# (cases marked ok must succeed, the others must fail).  For a CommandError
# the CLI prints "FAILED: <message>" on stdout (so it is in the .sql) and
# exits 255; the .err file holds the last stderr line that is not an INFO log
# line (the exception line, or "ERROR [alembic.util.messaging] <message>").
#
# PYTHONHASHSEED defaults to 0 (set it to vary Python's string hashing).
set -u
if [ $# -ne 3 ]; then
    echo "usage: oracle.sh PROJECT DIALECT OUTDIR" >&2
    exit 2
fi
PROJECT=$(cd "$1" && pwd) || exit 2
DIALECT=$2
OUT=$3
case "$DIALECT" in
    postgresql) URL=postgresql://u@localhost/db ;;
    sqlite) URL=sqlite:///x.db ;;
    *) echo "oracle.sh: dialect must be postgresql or sqlite" >&2; exit 2 ;;
esac
mkdir -p "$OUT/$DIALECT" || exit 2
OUT=$(cd "$OUT/$DIALECT" && pwd)
: > "$OUT/cmds.txt"
export PYTHONHASHSEED=${PYTHONHASHSEED:-0}
export CUPEL_TEST_URL=$URL
PY=/usr/bin/python3
fail=0

# run NAME alembic-args... (args without --sql; "downgrade" as first arg)
run() {
    local name=$1; shift
    local cmd=$1 range=$2
    local rc
    (cd "$PROJECT" && "$PY" -m alembic "$cmd" "$range" --sql) \
        > "$OUT/$name.sql" 2> "$OUT/$name.stderr"
    rc=$?
    if [ $rc -ne 0 ]; then
        # the exception line: last line of the traceback (or the CLI's
        # "FAILED: ..." message)
        grep -v '^INFO  \[' "$OUT/$name.stderr" | tail -n 1 > "$OUT/$name.err"
    else
        rm -f "$OUT/$name.err"
    fi
    rm -f "$OUT/$name.stderr"
    local down=""
    [ "$cmd" = downgrade ] && down=" --downgrade"
    printf '%s.sql\t%d\talembic %s %s --sql\tcupel sql %s --dialect %s%s\n' \
        "$name" "$rc" "$cmd" "$range" "$range" "$DIALECT" "$down" >> "$OUT/cmds.txt"
    return $rc
}

if [ -f "$PROJECT/errors.txt" ]; then
    while read -r rev prev dialect expect slug; do
        [ "$dialect" = "$DIALECT" ] || continue
        run "err_$slug" upgrade "$prev:$rev"
        if [ "$expect" = fail ] && [ ! -s "$OUT/err_$slug.err" ]; then
            echo "oracle.sh: expected a failure for $slug on $DIALECT" >&2
            fail=1
        elif [ "$expect" = ok ] && [ -s "$OUT/err_$slug.err" ]; then
            echo "oracle.sh: unexpected failure for $slug on $DIALECT" >&2
            fail=1
        fi
    done < "$PROJECT/errors.txt"
    exit $fail
fi

# history in upgrade order (alembic history prints newest first), heads,
# first branch point / merge point
hist=$(cd "$PROJECT" && "$PY" -m alembic history 2>/dev/null) || {
    echo "oracle.sh: alembic history failed" >&2; exit 1; }
mapfile -t revs < <(printf '%s\n' "$hist" |
    sed -n 's/^.* -> \([0-9a-zA-Z_]*\)[ ,].*$/\1/p' | tac)
mapfile -t heads < <(cd "$PROJECT" && "$PY" -m alembic heads 2>/dev/null |
    awk '{print $1}')
n=${#revs[@]}
if [ "$n" -lt 1 ] || [ ${#heads[@]} -lt 1 ]; then
    echo "oracle.sh: no revisions" >&2; exit 1
fi

run upgrade_full upgrade base:heads || fail=1
if [ ${#heads[@]} -eq 1 ]; then
    run downgrade_full downgrade "${heads[0]}:base" || fail=1
else
    for h in "${heads[@]}"; do
        run "downgrade_full_$h" downgrade "$h:base" || fail=1
    done
fi
# A, B: merge points (every later revision descends from them) at about 1/3
# and 2/3 of the history; without merge points, revisions at 1/3 and 2/3
mapfile -t mps < <(printf '%s\n' "$hist" | grep '(mergepoint)' |
    sed -n 's/^.* -> \([0-9a-zA-Z_]*\)[ ,].*$/\1/p' | tac)
A= B=
if [ ${#mps[@]} -ge 3 ]; then
    A=${mps[$((${#mps[@]} / 3))]}
    B=${mps[$((2 * ${#mps[@]} / 3))]}
elif [ ${#mps[@]} -eq 0 ] && [ "$n" -ge 3 ]; then
    A=${revs[$((n / 3))]}
    B=${revs[$((2 * n / 3))]}
fi
if [ -n "$A" ] && [ "$A" != "$B" ]; then
    run upgrade_A_B upgrade "$A:$B" || fail=1
    run upgrade_B_heads upgrade "$B:heads" || fail=1
    run upgrade_base_A upgrade "base:$A" || fail=1
    run downgrade_B_A downgrade "$B:$A" || fail=1
    if [ ${#heads[@]} -eq 1 ]; then
        run downgrade_heads_B downgrade "heads:$B" || fail=1
    fi
fi
# first mergepoint M, its branch point X (= parent of M's first parent's
# line), and a child C of X that is not on M's line
M=$(printf '%s\n' "$hist" | grep '(mergepoint)' | tail -n 1 |
    sed -n 's/^.* -> \([0-9a-zA-Z_]*\)[ ,].*$/\1/p')
X=$(printf '%s\n' "$hist" | grep '(branchpoint)' | tail -n 1 |
    sed -n 's/^.* -> \([0-9a-zA-Z_]*\)[ ,].*$/\1/p')
if [ -n "$M" ] && [ -n "$X" ]; then
    run upgrade_X_M upgrade "$X:$M" || fail=1
    run downgrade_M_X downgrade "$M:$X" || fail=1
    C=$(printf '%s\n' "$hist" | grep "^$X -> " | tail -n 1 |
        sed -n 's/^.* -> \([0-9a-zA-Z_]*\)[ ,].*$/\1/p')
    if [ -n "$C" ]; then
        run upgrade_C_heads upgrade "$C:heads" || fail=1
    fi
fi
exit $fail
