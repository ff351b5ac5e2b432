#!/bin/bash
# Offline framing parity: cupel's `upgrade|downgrade|stamp RANGE --sql`
# against the real Alembic 1.8.1 (tests/interop/alembic_canon.py, the
# canonical-order oracle) on projects from tests/interop/gen_project.py.
# Their migration bodies are `pass` (--bodies pass), so the whole output is framing and
# version table: it must be byte-identical.
#
#   tests/sqlparity/framing.sh CUPEL_BIN [--quick]
#
# Per project (size, seed, generator options, env.py variant) the commands
# of framing_cases.py run on both dialects (the oracle through env.py's
# ALEMBIC_URL, cupel with --dialect). Pass: same stdout and both succeed,
# or both fail (and when Alembic says "FAILED: msg", cupel's stderr has
# "cupel: error: msg"). env.py variants: plain, tpm (transaction_per_migration
# = True), vt (version_table/version_table_schema), nopk (all of these and
# version_table_pk=False). TAP lines, then "N passed, N failed".
# KEEP=1 keeps the work directory.
set -uo pipefail

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
[ -x "$CUPEL" ] || { echo "framing.sh: $CUPEL is not executable" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3
GEN=$HERE/../interop/gen_project.py
ORACLE=$HERE/../interop/alembic_canon.py
CASESPY=$HERE/framing_cases.py

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cupel-framing.XXXXXX")
if [ -z "${KEEP:-}" ]; then
    trap 'rm -rf "$WORK"' EXIT
else
    echo "# workdir: $WORK"
fi

# size seed max-heads env-variant generator-options
if [ $QUICK = 1 ]; then
    CASES=(
        "20 1 2 plain"
        "20 2 2 tpm --merge-density 0.3 --depends-density 0.2"
        "20 3 1 vt --label-density 0.3"
        "200 4 1 nopk --depends-density 0.1"
    )
else
    CASES=(
        "20 1 4 plain"
        "20 2 4 tpm --merge-density 0.3 --depends-density 0.2"
        "20 3 4 vt --label-density 0.3"
        "20 5 4 plain --branch-density 0.3 --merge-density 0.3"
        "20 6 4 nopk --depends-density 0.3"
        "200 4 3 plain --depends-density 0.1"
        "200 7 3 tpm --merge-density 0.2"
        "200 8 3 vt --version-locations 2"
        "200 9 3 plain --depends-density 0.2 --merge-density 0.2"
    )
fi

# env.py variants: extra context.configure() keywords
variant_kwargs() {
    case $1 in
        plain) echo "" ;;
        tpm) echo "transaction_per_migration=True," ;;
        vt) echo "version_table=\"ver_tab\", version_table_schema=\"audit\"," ;;
        nopk) echo "version_table=\"Ver\", version_table_schema=\"Audit\", version_table_pk=False, transaction_per_migration=True," ;;
    esac
}

n=0 failed=0
report() { # report OK DESC
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

for c in "${CASES[@]}"; do
    read -r size seed maxheads variant opts <<<"$c"
    P=$WORK/p-$size-$seed-$variant
    # shellcheck disable=SC2086
    if ! $PY "$GEN" "$P" --revisions "$size" --seed "$seed" --bodies pass $opts 2>/dev/null; then
        report 1 "generate $size/$seed"; continue
    fi
    kw=$(variant_kwargs "$variant")
    if [ -n "$kw" ]; then
        sed -i "s/^        literal_binds=True,/        literal_binds=True, $kw/" "$P/migrations/env.py"
        grep -q "$kw" "$P/migrations/env.py" || { report 1 "env.py variant $variant"; continue; }
    fi
    $PY "$CASESPY" "$P" "$seed" "$maxheads" > "$P.cases" 2>"$P.cases.err" || { report 1 "cases $size/$seed"; continue; }
    while read -r cmd range; do
        for dialect in postgresql sqlite; do
            name="$size/$seed/$variant $dialect: $cmd $range --sql"
            (cd "$P" && ALEMBIC_URL="$dialect://" $PY "$ORACLE" "$cmd" "$range" --sql >"$WORK/exp" 2>"$WORK/exp.err")
            erc=$?
            (cd "$P" && "$CUPEL" "$cmd" "$range" --sql --dialect "$dialect" >"$WORK/got" 2>"$WORK/got.err")
            grc=$?
            if [ $erc = 0 ] && [ $grc = 0 ]; then
                if cmp -s "$WORK/exp" "$WORK/got"; then
                    report 0 "$name"
                else
                    report 1 "$name"
                    diff -u "$WORK/exp" "$WORK/got" | head -20 | sed 's/^/# /'
                fi
            elif [ $erc != 0 ] && [ $grc != 0 ]; then
                msg=$(sed -n 's/^FAILED: //p' "$WORK/exp" | head -1)
                if [ -z "$msg" ] || grep -qxF "cupel: error: $msg" "$WORK/got.err"; then
                    report 0 "$name (both fail${msg:+: $msg})"
                else
                    report 1 "$name: error differs"
                    echo "# alembic: $msg"
                    sed 's/^/# cupel: /' "$WORK/got.err" | head -3
                fi
            else
                report 1 "$name: alembic rc $erc, cupel rc $grc"
                { tail -2 "$WORK/exp.err"; sed -n 's/^FAILED/&/p' "$WORK/exp"; head -3 "$WORK/got.err"; } | sed 's/^/# /'
            fi
        done
    done < "$P.cases"
done
echo "1..$n"
echo "$((n - failed)) passed, $failed failed"
[ $failed = 0 ]
