#!/usr/bin/env bash
# CLI behaviour: help, usage errors, exit codes, loading forms, output safety,
# and the bundled example compared with the real Alembic.
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ORACLE="/usr/bin/python3 $top/tests/interop/alembic_canon.py"

"$BIN" --version >"$tmp/v" 2>&1
ok $? "--version exits 0"
grep -q '^cupel [0-9]' "$tmp/v"
ok $? "--version prints the version"
"$BIN" --help >"$tmp/h" 2>&1
ok $? "--help exits 0"
for c in heads branches history show graph; do
	grep -q "^  $c " "$tmp/h"
	ok $? "--help lists $c"
	"$BIN" "$c" --help >/dev/null 2>&1
	ok $? "$c --help exits 0"
done
"$BIN" frobnicate >/dev/null 2>"$tmp/e"
ok $([ $? -eq 2 ] && echo 0 || echo 1) "unknown command exits 2"
(cd "$tmp" && "$BIN" heads >/dev/null 2>"$tmp/e")
ok $([ $? -eq 2 ] && echo 0 || echo 1) "no alembic.ini exits 2"
grep -q "no config file 'alembic.ini' found" "$tmp/e"
ok $? "no alembic.ini: clear message"
"$BIN" -c /nonexistent/alembic.ini heads >/dev/null 2>"$tmp/e"
ok $([ $? -eq 2 ] && echo 0 || echo 1) "missing -c file exits 2"

# the bundled example, every way of pointing at it
shop="$top/examples/shop"
(cd "$shop" && $ORACLE heads) >"$tmp/want_heads" 2>/dev/null
(cd "$shop" && "$BIN" heads) >"$tmp/got" 2>"$tmp/err"
same_output "example: heads equals alembic" "$tmp/got" "$tmp/want_heads"
for cmd in "history" "history --verbose" "heads --verbose" "branches" "branches --verbose"; do
	# shellcheck disable=SC2086
	(cd "$shop" && $ORACLE $cmd) >"$tmp/want" 2>/dev/null
	# shellcheck disable=SC2086
	(cd "$shop" && "$BIN" $cmd) >"$tmp/got" 2>/dev/null
	same_output "example: $cmd equals alembic" "$tmp/got" "$tmp/want"
done
"$BIN" -c "$shop/alembic.ini" heads >"$tmp/got" 2>/dev/null
same_output "example: -c alembic.ini" "$tmp/got" "$tmp/want_heads"
"$BIN" --project "$shop" heads >"$tmp/got" 2>/dev/null
same_output "example: --project DIR" "$tmp/got" "$tmp/want_heads"
(cd / && ALEMBIC_CONFIG="$shop/alembic.ini" "$BIN" heads) >"$tmp/got" 2>/dev/null
same_output "example: \$ALEMBIC_CONFIG" "$tmp/got" "$tmp/want_heads"
"$BIN" --project "$shop/migrations/versions" heads >"$tmp/got" 2>/dev/null
same_output "example: --project versions folder" "$tmp/got" "$tmp/want_heads"
"$BIN" heads --project="$shop" >"$tmp/got" 2>/dev/null
same_output "example: global option after the command" "$tmp/got" "$tmp/want_heads"

# graph formats
"$BIN" --project "$shop" graph --format json >"$tmp/j" 2>/dev/null
ok $? "graph --format json exits 0"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["cupel_graph_version"]==1 and d["revisions"]' "$tmp/j"
ok $? "graph json parses and lists revisions"
n_json=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["revisions"]))' "$tmp/j")
n_hist=$(wc -l <"$tmp/want" 2>/dev/null)
n_hist=$( (cd "$shop" && $ORACLE history) 2>/dev/null | wc -l)
ok $([ "$n_json" = "$n_hist" ] && echo 0 || echo 1) "graph json has every revision ($n_json)"
"$BIN" --project "$shop" graph --format dot >"$tmp/d" 2>/dev/null && grep -q '^digraph revisions' "$tmp/d"
ok $? "graph --format dot"
LC_ALL=C.UTF-8 "$BIN" --project "$shop" graph >"$tmp/t" 2>/dev/null
ok $? "graph text exits 0"
n_rows=$(grep -c '●' "$tmp/t")
ok $([ "$n_rows" = "$n_hist" ] && echo 0 || echo 1) "graph text has a node per revision ($n_rows)"
"$BIN" --project "$shop" graph --ascii >"$tmp/t" 2>/dev/null
! LC_ALL=C grep -qP '[^\x00-\x7f]' <(cut -c1-40 "$tmp/t") 
ok $? "graph --ascii lanes are ASCII"
"$BIN" --project "$shop" graph --format xml >/dev/null 2>&1
ok $([ $? -eq 2 ] && echo 0 || echo 1) "graph unknown format exits 2"

# specifiers through show
first=$(head -1 "$tmp/want_heads" | cut -d' ' -f1)
(cd "$shop" && $ORACLE show "${first:0:6}") >"$tmp/want" 2>/dev/null
(cd "$shop" && "$BIN" show "${first:0:6}") >"$tmp/got" 2>/dev/null
same_output "show by prefix equals alembic" "$tmp/got" "$tmp/want"
(cd "$shop" && "$BIN" show zzzzzz) >/dev/null 2>"$tmp/e"
ok $([ $? -eq 1 ] && echo 0 || echo 1) "show of an unknown revision exits 1"
grep -q "Can't locate revision identified by 'zzzzzz'" "$tmp/e"
ok $? "show of an unknown revision: Alembic's message"
(cd "$shop" && "$BIN" history -r nope) >/dev/null 2>"$tmp/e"
grep -q 'History range requires \[start\]:\[end\], \[start\]:, or :\[end\]' "$tmp/e"
ok $? "history range without a colon: Alembic's message"

# terminal safety: control characters from scripts are escaped on a tty only
mkdir -p "$tmp/cc/m/versions"
printf '[alembic]\nscript_location = %%(here)s/m\n' >"$tmp/cc/alembic.ini"
printf '"""evil \x1b]0;pwned\x07 \x1b[2J title\r"""\nrevision = "a1"\ndown_revision = None\n' >"$tmp/cc/m/versions/a1.py"
(cd "$tmp/cc" && "$BIN" history) >"$tmp/got" 2>/dev/null
grep -q $'\x1b\\[2J' "$tmp/got"
ok $? "piped output stays byte-exact"
(cd "$tmp/cc" && script -qec "$BIN history" /dev/null) >"$tmp/tty" 2>/dev/null
! grep -q $'\x1b\\[2J' "$tmp/tty" && grep -qF '\x1b[2J' "$tmp/tty"
ok $? "terminal output shows escape sequences escaped"

# regression (real histories): a latin-1 source with a coding cookie reads
# as Python reads it
mkdir -p "$tmp/l1/m/versions"
printf '[alembic]\nscript_location = %%(here)s/m\n' >"$tmp/l1/alembic.ini"
printf '# -*- coding: latin-1 -*-\n"""caf\xe9 na\xefve"""\nrevision = "d4"\ndown_revision = None\n' >"$tmp/l1/m/versions/d4.py"
(cd "$tmp/l1" && $ORACLE history) >"$tmp/want" 2>/dev/null
(cd "$tmp/l1" && "$BIN" history) >"$tmp/got" 2>/dev/null
same_output "latin-1 coding cookie: history equals alembic" "$tmp/got" "$tmp/want"

# regression (real histories): metadata changed at run time (inside try/if,
# or by a method call) is reported, never read silently
mkdir -p "$tmp/dyn/m/versions"
printf '[alembic]\nscript_location = %%(here)s/m\n' >"$tmp/dyn/alembic.ini"
printf '"""a"""\nrevision = "a1"\ndown_revision = None\n' >"$tmp/dyn/m/versions/a1.py"
printf '"""b"""\nrevision = "b2"\ndown_revision = None\n' >"$tmp/dyn/m/versions/b2.py"
printf '"""c"""\ndeps = []\ntry:\n    deps += ["b2"]\nexcept ImportError:\n    pass\nrevision = "c3"\ndown_revision = "a1"\ndepends_on = deps\n' >"$tmp/dyn/m/versions/c3.py"
(cd "$tmp/dyn" && "$BIN" heads) >/dev/null 2>"$tmp/e"
ok $([ $? -eq 1 ] && echo 0 || echo 1) "metadata changed inside try: exit 1"
grep -q 'c3.py:4:5: error\[script-dynamic-metadata\]' "$tmp/e"
ok $? "metadata changed inside try: reported at file:line:col"

# an empty --db is an error, never the ini's sqlalchemy.url; an empty
# CUPEL_DATABASE_URL counts as unset (the ini's URL is used)
mkdir -p "$tmp/edb/m/versions"
printf '[alembic]\nscript_location = %%(here)s/m\nsqlalchemy.url = sqlite:///%s/edb/ini.db\n' "$tmp" >"$tmp/edb/alembic.ini"
printf '"""a"""\nrevision = "a1"\ndown_revision = None\n\ndef upgrade():\n    pass\n' >"$tmp/edb/m/versions/a1.py"
for cmd in "current" "upgrade head" "stamp a1" "downgrade base" "verify" "history --indicate-current"; do
	# shellcheck disable=SC2086
	(cd "$tmp/edb" && "$BIN" $cmd --db "") >/dev/null 2>"$tmp/e"
	rc=$?
	ok $([ $rc -ne 0 ] && grep -q -- '--db is empty' "$tmp/e" && [ ! -e "$tmp/edb/ini.db" ] && echo 0 || echo 1) \
		"$cmd --db '': refused (exit $rc), the ini's database untouched"
done
(cd "$tmp/edb" && CUPEL_DATABASE_URL= "$BIN" upgrade head -q) >/dev/null 2>"$tmp/e"
ok $([ $? -eq 0 ] && [ "$(sqlite3 "$tmp/edb/ini.db" 'SELECT version_num FROM alembic_version')" = a1 ] && echo 0 || echo 1) \
	"an empty CUPEL_DATABASE_URL counts as unset: the ini's sqlalchemy.url is used"

# timeouts are checked before any connection: a value PostgreSQL would
# refuse (or one that could leave SET LOCAL's quotes) is a usage error
for v in "abc" "5 seconds" "1'; DROP TABLE x; --" "-1" "5S"; do
	(cd "$tmp/edb" && "$BIN" upgrade head --db "sqlite:///$tmp/edb/to.db" --statement-timeout "$v") >/dev/null 2>"$tmp/e"
	rc=$?
	ok $([ $rc -eq 2 ] && grep -q -- "--statement-timeout: invalid value" "$tmp/e" && [ ! -e "$tmp/edb/to.db" ] && echo 0 || echo 1) \
		"--statement-timeout '$v' refused before connecting (exit $rc)"
done
(cd "$tmp/edb" && "$BIN" upgrade head -q --db "sqlite:///$tmp/edb/to.db" --lock-timeout 1.5s --statement-timeout "90 min") >/dev/null 2>"$tmp/e"
ok $? "--lock-timeout 1.5s and --statement-timeout '90 min' accepted"

tap_end
