#!/usr/bin/env bash
# Headless screen tests of the terminal UI (tig's method): the real binary
# on a virtual screen of fixed size ($CUPEL_HEADLESS), keys from a script
# ($CUPEL_KEYS), the screen printed at <Dump> and at the end, compared with
# tests/tui/NAME.expected. Each case is NAME.keys (first line "# args: ..."
# and "# project: ..." name the command line and the project directory).
# <Idle> in a key script is the user waiting: the lint walk the UI does
# between keys runs to its end there (headless, it runs nowhere else).
#   tests/tui/run.sh CUPEL_BIN [--update]
set -uo pipefail
BIN=$(realpath "$1")
UPDATE=${2:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR
export CUPEL_CONFIG=/dev/null HOME=$tmp CUPEL_THEME_DIR=$top/themes
# the hostile project of tests/hostile, built fresh
bash "$top/tests/hostile/make_corpus.sh" "$tmp/hostile" >/dev/null 2>&1
for keys in "$top"/tests/tui/*.keys; do
	name=$(basename "$keys" .keys)
	[ "$name" = hostile_all ] && continue
	args=$(sed -n 's/^# args: //p' "$keys")
	proj=$(sed -n 's/^# project: //p' "$keys")
	size=$(sed -n 's/^# size: //p' "$keys")
	proj=${proj:-examples/shop}
	case $proj in hostile*) dir=$tmp/$proj ;; *) dir=$top/$proj ;; esac
	# shellcheck disable=SC2086
	(cd "$dir" && CUPEL_HEADLESS=${size:-80x24} CUPEL_KEYS=$keys "$BIN" $args) >"$tmp/$name.raw" 2>"$tmp/$name.err"
	rc=$?
	# paths of this checkout are not part of what is compared
	sed -e "s|$top|<top>|g" -e "s|$tmp|<tmp>|g" "$tmp/$name.raw" >"$tmp/$name.out"
	if [ "$UPDATE" = --update ]; then
		cp "$tmp/$name.out" "$top/tests/tui/$name.expected"
	fi
	ok $rc "$name: exits 0" || sed 's/^/# /' "$tmp/$name.err"
	same_output "$name: screen equals $name.expected" "$tmp/$name.out" "$top/tests/tui/$name.expected"
done

# the badges of the graph rows are cupel lint's counts per revision (the
# last screen of badges.keys, after the walk)
(cd "$top/examples/shop" && "$BIN" lint --format json) >"$tmp/lint.json" 2>/dev/null
sed -n '/^----$/,$p' "$top/tests/tui/badges.expected" >"$tmp/badges.screen"
/usr/bin/python3 - "$tmp/lint.json" "$tmp/badges.screen" <<'PYEOF'
import collections, json, re, sys
want = collections.defaultdict(dict)
for f in json.load(open(sys.argv[1]))["findings"]:
    k = {"error": "E", "warning": "W", "info": "I"}[f["level"]]
    want[f["revision"]][k] = want[f["revision"]].get(k, 0) + 1
rows = 0
bad = []
for line in open(sys.argv[2]):
    m = re.search(r"\b([0-9a-f]{12})\b(?: \([^)]*\))?((?: \[[^]]*\])*)(?: \{[A-Z ]+\})?((?: [EWI][0-9]+)*) ", line)
    if not m:
        continue
    rows += 1
    got = {b[0]: int(b[1:]) for b in m.group(3).split()}
    if got != want[m.group(1)]:
        bad.append("%s: %s, lint %s" % (m.group(1), got, want[m.group(1)]))
for b in bad:
    print("# " + b)
print("# %d rows read" % rows)
sys.exit(0 if rows == 27 and not bad else 1)
PYEOF
ok $? "badges of the 27 graph rows equal cupel lint's counts per revision"
# every hostile project: the UI opens, walks and closes without a crash
for dir in "$tmp"/hostile/*/; do
	name=$(basename "$dir")
	(cd "$dir" && CUPEL_HEADLESS=100x30 CUPEL_KEYS=$top/tests/tui/hostile_all.keys "$BIN") >"$tmp/h.out" 2>"$tmp/h.err"
	rc=$?
	ok $rc "hostile project $name: the UI opens and closes (exit $rc)" || sed 's/^/# /' "$tmp/h.err"
	# nothing of the files' control characters reaches the terminal
	if grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$tmp/h.out"; then
		ok 1 "hostile project $name: no control characters on the screen"
	else
		ok 0 "hostile project $name: no control characters on the screen"
	fi
done

# every action is documented in the man page (the help view is generated)
while read -r name; do
	grep -q "^$(echo "$name" | sed 's/-/\\\\-/g') \\\\(em" "$top/doc/cupel.1"
	ok $? "cupel.1 documents the action $name"
done < <(sed -n 's/^ACTION([A-Z_]*, "\([^"]*\)".*/\1/p' "$top/src/tui/actions.def")
# a configuration file: keys rebound, bad lines reported, the rest applied
printf 'bind x view-sql\nbind <C-q> nosuchaction\nfrobnicate\nset theme light\n' >"$tmp/config"
printf '<Dump>G<Enter>x' >"$tmp/cfg.keys"
(cd "$top/examples/shop" && CUPEL_CONFIG=$tmp/config CUPEL_HEADLESS=80x12 CUPEL_KEYS=$tmp/cfg.keys "$BIN") >"$tmp/cfg.out" 2>&1
grep -q "upgrade SQL 4f1d2c3b5a69" "$tmp/cfg.out"
ok $? "config: bind x view-sql works"
grep -q "config:2: unknown action 'nosuchaction'" "$tmp/cfg.out"
ok $? "config: a bad line is reported with file:line" || sed 's/^/# /' "$tmp/cfg.out"
printf '?' >"$tmp/th.keys"
(cd "$top/examples/shop" && CUPEL_CONFIG=$tmp/config CUPEL_HEADLESS=80x6 CUPEL_KEYS=$tmp/th.keys "$BIN") >"$tmp/th.out" 2>&1
grep -q "theme light" "$tmp/th.out"
ok $? "config: set theme light applies"
(cd "$top/examples/shop" && CUPEL_HEADLESS=80x6 CUPEL_KEYS=$tmp/th.keys "$BIN" --theme nosuch) >"$tmp/nt.out" 2>&1
[ $? = 2 ] && grep -q "no theme 'nosuch'" "$tmp/nt.out"
ok $? "--theme with an unknown name: a clear error, exit 2"
for t in "$top"/themes/*.theme; do
	(cd "$top/examples/shop" && NO_COLOR= CUPEL_HEADLESS=80x6 CUPEL_KEYS=$tmp/th.keys "$BIN" --theme "$t") >"$tmp/t.out" 2>&1
	ok $? "theme $(basename "$t") loads" 
	grep -q "not a theme line" "$tmp/t.out" && ok 1 "theme $(basename "$t") has no bad line" || ok 0 "theme $(basename "$t") has no bad line"
done
(cd "$top/examples/shop" && NO_COLOR=1 CUPEL_HEADLESS=80x6 CUPEL_KEYS=$tmp/th.keys "$BIN") >/dev/null 2>&1
ok $? "NO_COLOR: the UI runs in monochrome"
# the Conflict view's rebase, headless, on a copy of the example: R asks
# which branch moves, shows the edit, and only y writes it
PY=/usr/bin/python3
cp -r "$top/examples/shop" "$tmp/rb"
f=$tmp/rb/migrations/versions/7d4c1a0e6f35_index_orders_status.py
cp "$f" "$tmp/rb.orig"
printf 'xR1<Dump>n' >"$tmp/rb1.keys"
(cd "$tmp/rb" && CUPEL_HEADLESS=100x24 CUPEL_KEYS=$tmp/rb1.keys "$BIN") >"$tmp/rb1.out" 2>&1
grep -q "^-Revises: 8f2b6d4e0c37" "$tmp/rb1.out" && grep -q "^+Revises: 2a7e9c1d4b80" "$tmp/rb1.out" &&
	grep -q "write 7d4c1a0e6f35_index_orders_status.py? y writes, any other key cancels" "$tmp/rb1.out"
ok $? "conflict view: R 1 shows the edit of 7d4c1a0e6f35 and asks before writing" || sed 's/^/# /' "$tmp/rb1.out"
cmp -s "$f" "$tmp/rb.orig" && grep -q "rebase cancelled: nothing written" "$tmp/rb1.out"
ok $? "conflict view: n leaves the script byte for byte as it was"
printf 'xRq' >"$tmp/rb2.keys"
(cd "$tmp/rb" && CUPEL_HEADLESS=100x24 CUPEL_KEYS=$tmp/rb2.keys "$BIN") >"$tmp/rb2.out" 2>&1
cmp -s "$f" "$tmp/rb.orig" && grep -q "rebase cancelled" "$tmp/rb2.out"
ok $? "conflict view: any key but 1 or 2 cancels the rebase"
printf 'xR1y<Dump>' >"$tmp/rb3.keys"
(cd "$tmp/rb" && CUPEL_HEADLESS=100x24 CUPEL_KEYS=$tmp/rb3.keys "$BIN") >"$tmp/rb3.out" 2>&1
grep -q "rebased 7d4c1a0e6f35 onto 2a7e9c1d4b80" "$tmp/rb3.out"
ok $? "conflict view: y rebases and says so" || sed 's/^/# /' "$tmp/rb3.out"
diff "$tmp/rb.orig" "$f" >"$tmp/rb.diff"
changed=$(grep -c '^[<>]' "$tmp/rb.diff")
ok $([ "$changed" = 4 ] && grep -q "^> down_revision: Union\[str, None\] = '2a7e9c1d4b80'$" "$tmp/rb.diff" &&
	grep -q "^> Revises: 2a7e9c1d4b80$" "$tmp/rb.diff" && echo 0 || echo 1) \
	"conflict view: the rebase changed only the Revises and down_revision lines ($changed lines differ)"
heads=$(cd "$tmp/rb" && "$PY" -m alembic heads 2>&1)
ok $([ "$(echo "$heads" | wc -l)" = 2 ] && echo "$heads" | grep -q "^7d4c1a0e6f35 (head)" && echo 0 || echo 1) \
	"conflict view: after the rebase the real alembic sees 7d4c1a0e6f35 as the one head beside reporting" ||
	echo "$heads" | sed 's/^/# /'
tap_end
