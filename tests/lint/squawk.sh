#!/usr/bin/env bash
# Squawk side by side (issue 5): Squawk (npm squawk-cli, installed here
# into tests/out/) and cupel lint --sql on the same PostgreSQL SQL: cupel
# sql of generated projects (tests/sqlparity/gen_ops.py, several seeds;
# tests/run/gen_live.py) and of the example, and the SQL fixtures of
# tests/lint/sql/. For every statement Squawk flags with a rule that has a
# cupel counterpart (doc/rules/README.md), cupel must flag it too, unless
# the miss is a difference README.md documents (squawk_compare.py).
#   tests/lint/squawk.sh CUPEL_BIN [--quick]
set -uo pipefail
BIN=$(realpath "$1")
quick=${2:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
PY=/usr/bin/python3
SQUAWK_VERSION=2.66.0
out=$top/tests/out/squawk
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Squawk: installed by this test, a failure is a failure (not a skip)
sq=$out/node_modules/.bin/squawk
if [ ! -x "$sq" ] || ! "$sq" --version 2>/dev/null | grep -q "$SQUAWK_VERSION"; then
	npm install --prefix "$out" --no-audit --no-fund "squawk-cli@$SQUAWK_VERSION" >"$tmp/npm.log" 2>&1
fi
"$sq" --version 2>/dev/null | grep -q "$SQUAWK_VERSION"
ok $? "squawk-cli $SQUAWK_VERSION installed with npm" || { sed 's/^/# /' "$tmp/npm.log" 2>/dev/null; tap_end; exit 1; }

# every cupel rule is in the README's list, every mapped cupel rule exists
"$BIN" lint --list-rules >"$tmp/rules"
miss=""
while read -r id _; do
	case $id in *.*) continue ;; esac # a threshold's line, not a rule
	grep -q "^| \[$id\]($id.md) |" "$top/doc/rules/README.md" || miss="$miss $id"
done <"$tmp/rules"
ok $([ -z "$miss" ] && echo 0 || echo 1) "doc/rules/README.md lists every rule${miss:+ (missing:$miss)}"
"$PY" -B -c '
import sys
sys.path.insert(0, sys.argv[1])
import squawk_compare as s
m, _ = s.mapping(sys.argv[2])
known = {l.split()[0] for l in open(sys.argv[3])}
bad = sorted({r for rules, _ in m.values() for r in rules} - known)
print(" ".join(bad))
sys.exit(1 if bad or len(m) < 30 else 0)' "$top/tests/lint" "$top/doc/rules/README.md" "$tmp/rules" >"$tmp/bad"
rc=$?
bad=$(cat "$tmp/bad")
ok $rc "the README's mapping names cupel rules that exist${bad:+ (not: $bad)}"

# the corpus: name and SQL file
corpus=()
render() { # name project-dir
	(cd "$2" && CUPEL_TEST_URL=postgresql://u@localhost/db "$BIN" sql base:heads --dialect postgresql) \
		>"$tmp/$1.sql" 2>"$tmp/$1.err"
	# exit 1 is "a step not rendered statically" (a comment in the SQL)
	[ -s "$tmp/$1.sql" ] && corpus+=("$1")
}
render shop "$top/examples/shop"
seeds="1 2 3 4 5"
revs=300
[ "$quick" = --quick ] && seeds="1 2" && revs=120
for s in $seeds; do
	"$PY" "$top/tests/sqlparity/gen_ops.py" "$tmp/ops$s" --seed "$s" --revisions "$revs" >/dev/null 2>&1 &&
		render "ops$s" "$tmp/ops$s"
done
# the same SQL with every CREATE TABLE committed on its own: later
# statements then work on tables that existed before their transaction
# (in cupel sql of gen_ops projects they are mostly created in the same one)
split_creates() { # in out
	"$PY" -B - "$top/tests/lint" "$1" "$2" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[1])
import squawk_compare as s
sql = open(sys.argv[2]).read()
out, intx = [], False
for a, b in s.split(sql):
    t = sql[a:b]
    w = t.split(None, 1)[0].rstrip(";").lower()
    out.append(t)
    if w in ("begin", "start"):
        intx = True
    elif w in ("commit", "end", "rollback", "abort"):
        intx = False
    elif intx and t[:12].upper() == "CREATE TABLE":
        out.append("COMMIT;\n\nBEGIN;")
open(sys.argv[3], "w").write("\n\n".join(out) + "\n")
PYEOF
}
for s in ${seeds%% *}; do
	[ -s "$tmp/ops$s.sql" ] && split_creates "$tmp/ops$s.sql" "$tmp/ops$s-committed.sql" && corpus+=("ops$s-committed")
done
"$PY" "$top/tests/run/gen_live.py" "$tmp/live1" --revisions 60 --seed 1 >/dev/null 2>&1 && render live1 "$tmp/live1"
for f in "$top"/tests/lint/sql/*.sql; do
	n=fixture-$(basename "$f" .sql)
	cp "$f" "$tmp/$n.sql"
	corpus+=("$n")
done
ok $([ ${#corpus[@]} -ge 5 ] && echo 0 || echo 1) "corpus rendered: ${corpus[*]}"

for n in "${corpus[@]}"; do
	f=$tmp/$n.sql
	"$sq" --reporter json "$f" >"$tmp/$n.squawk.json" 2>"$tmp/$n.squawk.err"
	rc=$?
	# squawk exits 1 when it has findings
	"$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/$n.squawk.json" 2>/dev/null
	ok $? "squawk read $n.sql (exit $rc)" || { sed 's/^/# /' "$tmp/$n.squawk.err" | head -5; continue; }
	"$BIN" lint --sql "$f" --format json >"$tmp/$n.cupel.json" 2>"$tmp/$n.cupel.err"
	rc=$?
	ok $([ $rc -le 1 ] && echo 0 || echo 1) "cupel lint --sql read $n.sql (exit $rc)" ||
		{ sed 's/^/# /' "$tmp/$n.cupel.err" | head -5; continue; }
	markers=
	case "$n" in fixture-*) markers=--markers ;; esac
	"$PY" "$top/tests/lint/squawk_compare.py" "$top/doc/rules/README.md" "$f" "$tmp/$n.squawk.json" \
		"$tmp/$n.cupel.json" $markers >"$tmp/$n.cmp"
	rc=$?
	summary=$(grep '^SUMMARY' "$tmp/$n.cmp" | sed "s|$tmp/||")
	ok $rc "cupel flags every statement Squawk flags in $n.sql: ${summary#SUMMARY }" ||
		grep '^MISS' "$tmp/$n.cmp" | sed "s|$tmp/||; s/^/# /" | head -40
	# the documented differences met, for the log
	grep '^DOC' "$tmp/$n.cmp" | awk '{print $2}' | sort | uniq -c | sed 's/^/# documented: /'
done
tap_end
