#!/usr/bin/env bash
# SQL parity of migration bodies: projects made by gen_ops.py (every
# operation and option), rendered offline by the real Alembic (oracle.sh) and
# by cupel, compared with compare.py (Alembic's set-ordered parts as sets).
#   tests/sqlparity/ops.sh CUPEL_BIN [--quick] [--report]
# TAP lines and "N passed, N failed". Ranges whose Alembic output cupel does
# not reproduce yet are listed in tests/sqlparity/known-differences.txt (one
# "dialect name" per line, with the reason): they are reported as "ok # TODO"
# (not counted as failures), and a listed range that starts to match is
# reported so the list can shrink.
set -uo pipefail
BIN=$(realpath "$1")
shift
quick=0
for a in "$@"; do [ "$a" = --quick ] && quick=1; done
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
known="$here/known-differences.txt"
seeds="1 2"
[ $quick = 1 ] && seeds="1"
for seed in $seeds; do
	p="$tmp/p$seed"
	$PY "$here/gen_ops.py" "$p" --seed "$seed" >/dev/null 2>&1
	for d in postgresql sqlite; do
		case $d in postgresql) url=postgresql://u@localhost/db ;; sqlite) url=sqlite:///x.db ;; esac
		bash "$here/oracle.sh" "$p" "$d" "$tmp/exp$seed" >/dev/null 2>&1
		while IFS=$'\t' read -r name rc _alembic cupel_argv; do
			[ -n "$name" ] || continue
			# shellcheck disable=SC2086
			(cd "$p" && CUPEL_TEST_URL=$url "$BIN" ${cupel_argv#cupel }) >"$tmp/got.sql" 2>"$tmp/err"
			got_rc=$?
			label="$d ${name%.sql} seed $seed"
			todo=$(grep -F "$d ${name%.sql}" "$known" 2>/dev/null | head -1)
			if [ "$rc" != 0 ]; then
				# Alembic refused: cupel must refuse too (non-zero)
				result=$([ $got_rc -ne 0 ] && echo 0 || echo 1)
			else
				"$PY" "$here/compare.py" "$tmp/exp$seed/$d/$name" "$tmp/got.sql" >"$tmp/diff" 2>&1
				result=$?
			fi
			if [ $result -ne 0 ] && [ -n "$todo" ]; then
				tap_n=$((tap_n + 1))
				echo "ok $tap_n - $label # TODO ${todo#* * }"
			elif [ $result -ne 0 ]; then
				ok 1 "$label"
				head -30 "$tmp/diff" | sed 's/^/# /'
			else
				ok 0 "$label${todo:+ (listed as a known difference: remove it from the list)}"
			fi
		done <"$tmp/exp$seed/$d/cmds.txt"
	done
done
echo "$((tap_n - tap_failed)) passed, $tap_failed failed"
[ "$tap_failed" -eq 0 ]
