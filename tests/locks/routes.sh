#!/usr/bin/env bash
# The two routes to a statement's lock facts agree: for the statements
# cupel renders itself the facts come from how it rendered them (the
# operation model), for the rest from libpg_query's parse tree, and the
# parse tree's facts are the ones tests/locks/observe.sh checks against
# PostgreSQL's pg_locks. Here every statement of generated projects that
# use every operation (tests/sqlparity/gen_ops.py, several seeds) and of
# the example is judged both ways (CUPEL_LOCK_ROUTE=parse parses them
# all): the reports must be byte-identical, and the forms must cover
# most statements (CUPEL_LOCK_ROUTE=form parses none).
#   tests/locks/routes.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# every migration's locks, both routes, same bytes
both() { # name dir
	local name=$1 dir=$2
	(cd "$dir" && "$BIN" locks base:heads --format json >"$tmp/$name.form.json" 2>"$tmp/$name.form.err")
	(cd "$dir" && CUPEL_LOCK_ROUTE=parse "$BIN" locks base:heads --format json >"$tmp/$name.parse.json" 2>"$tmp/$name.parse.err")
	if [ ! -s "$tmp/$name.form.json" ]; then
		ok 1 "$name: cupel locks printed a report" || cat "$tmp/$name.form.err"
		return
	fi
	if cmp -s "$tmp/$name.form.json" "$tmp/$name.parse.json"; then
		ok 0 "$name: facts from the rendered forms equal the parser's ($(grep -c '"kind"' "$tmp/$name.form.json") facts)"
	else
		ok 1 "$name: facts from the rendered forms equal the parser's"
		diff <("$PY" -m json.tool "$tmp/$name.form.json") <("$PY" -m json.tool "$tmp/$name.parse.json") | head -40
	fi
	# the forms alone: how much of the statements they settle
	(cd "$dir" && CUPEL_LOCK_ROUTE=form "$BIN" locks base:heads --format json >"$tmp/$name.only.json" 2>/dev/null)
	"$PY" - "$tmp/$name.only.json" "$name" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
migs = doc if isinstance(doc, list) else doc.get("migrations", doc)
total = judged = 0
for m in migs:
    for st in m.get("statements", []):
        total += 1
        judged += bool(st.get("facts"))
print("# %s: %d of %d statements judged from their forms alone" % (sys.argv[2], judged, total))
PY
}

for seed in 1 7 23 99; do
	p=$tmp/ops$seed
	"$PY" "$top/tests/sqlparity/gen_ops.py" "$p" --seed "$seed" --revisions 120 >/dev/null
	both "gen_ops seed $seed" "$p"
done
both "example" "$top/examples/shop"

# each kind of statement cupel renders is judged from its form (those
# left to the parser: op.execute, the move-and-copy of a batch recreate,
# free SQL text such as sa.text() defaults)
p=$tmp/forms
"$PY" "$top/tests/sqlparity/gen_ops.py" "$p" --seed 5 --revisions 60 >/dev/null
(cd "$p" && CUPEL_LOCK_ROUTE=form "$BIN" locks base:heads --format json >"$tmp/forms.json" 2>/dev/null)
"$PY" - "$tmp/forms.json" "$p" <<'PY' >"$tmp/forms.txt"
import json, sys, re
doc = json.load(open(sys.argv[1]))
migs = doc if isinstance(doc, list) else doc.get("migrations", doc)
first = {}
for m in migs:
    for st in m.get("statements", []):
        word = " ".join(st["sql"].split()[:2])
        first.setdefault(word, [0, 0])
        first[word][0] += 1
        first[word][1] += bool(st.get("facts"))
for w, (n, j) in sorted(first.items()):
    print("%s|%d|%d" % (w, n, j))
PY
for form in "CREATE TABLE" "ALTER TABLE" "CREATE INDEX" "CREATE UNIQUE" "DROP TABLE" "DROP INDEX" "COMMENT ON" "CREATE TYPE" "INSERT INTO"; do
	line=$(grep "^$form|" "$tmp/forms.txt")
	n=$(echo "$line" | cut -d'|' -f2)
	j=$(echo "$line" | cut -d'|' -f3)
	ok "$([ -n "$n" ] && [ "${j:-0}" -gt 0 ] && echo 0 || echo 1)" "the forms judge $form statements (${j:-0} of ${n:-0})"
done
tap_end
