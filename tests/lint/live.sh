#!/usr/bin/env bash
# Lint rules against real databases.
# downgrade-not-inverse: for each case of inverse_cases.py
# the rule reports exactly the "# fires" lines (none for a near miss); the
# real Alembic, upgrading, downgrading and upgrading again on a real
# database (a throwaway PostgreSQL 15 cluster, and a SQLite file for the
# cases SQLite can run), finds a difference in the schema SQLAlchemy's
# inspector reads back exactly where the rule does; and so does
# `cupel verify` wherever it can run the case (it cannot run SQLite batch
# operations without copy_from, nor code on the connection).
# It is silent on a generated project whose downgrades are exact inverses,
# and reports each revision whose downgrade is made a no-op exactly when
# its upgrade changes the schema.
# require-lock-timeout: each env.py of envpy_cases.py runs the real Alembic
# on PostgreSQL, a migration records the lock_timeout it runs with, and the
# rule is silent exactly where that is not 0 (and each case means what it
# says it does).
# drop-unknown-constraint: the names PostgreSQL gives unnamed constraints
# are the ones the rule accepts, and dropping by them works.
# unnamed-constraint: for each naming_convention of naming_cases.py the real
# Alembic's offline SQL names a constraint exactly where the rule is silent.
#   tests/lint/live.sh CUPEL_BIN
. "$(dirname "$0")/../lib/livetest.sh"

"$PY" "$top/tests/lint/inverse_cases.py" "$tmp/cases" || { echo "not ok - could not write the cases"; exit 1; }
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }
admin="postgresql://postgres@/postgres?host=$PGHOST&port=$PGPORT"

# verify's verdict on a1: "ok" (round trip equal), "bad" (DIFF / FAIL)
# or "n/a" (a step cupel cannot run)
verdict() { # dir [--db URL]
	local d=$1
	shift
	(cd "$d" && "$BIN" verify "$@") >"$tmp/v.out" 2>&1
	if grep -qE "cannot run without Python|: [a-z_]+ is refused: " "$tmp/v.out"; then
		echo n/a
	elif grep -qE "^(DIFF|FAIL) a1 " "$tmp/v.out"; then
		echo bad
	elif grep -qE "^ok +a1 " "$tmp/v.out"; then
		echo ok
	else
		echo "unknown"
	fi
}

"$PY" -c 'import json, sys
for c in json.load(open(sys.argv[1])):
    print(c["name"], "yes" if c["sqlite"] else "no", ",".join(map(str, c["lines"])) or "-")' "$tmp/cases/cases.json" >"$tmp/list"
n=0 nv=0
while read -r name sqlite lines; do
	d=$tmp/cases/$name
	(cd "$d" && "$BIN" lint --rule downgrade-not-inverse --format json) >"$tmp/l.json" 2>"$tmp/l.err"
	got=$("$PY" -c 'import json, sys
print(",".join(str(l) for l in sorted({f["line"] for f in json.load(open(sys.argv[1]))["findings"] if f["revision"] == "a1"})) or "-")' "$tmp/l.json")
	ok $([ "$got" = "$lines" ] && echo 0 || echo 1) "$name: the rule reports line(s) $lines (got $got)" ||
		sed 's/^/# /' "$tmp/l.err"
	want=ok
	[ "$lines" != - ] && want=bad
	n=$((n + 1))
	psql -qc "CREATE DATABASE inv_$n" >/dev/null
	a=$("$PY" "$top/tests/lint/inverse_roundtrip.py" "$d" "postgresql://postgres@/inv_$n?host=$PGHOST&port=$PGPORT" 2>"$tmp/a.err" | tail -1)
	ok $([ "$a" = "$want" ] && echo 0 || echo 1) "$name: Alembic's round trip on PostgreSQL agrees ($a)" ||
		tail -5 "$tmp/a.err" | sed 's/^/# /'
	v=$(verdict "$d" --db "$admin")
	if [ "$v" = n/a ]; then
		nv=$((nv + 1))
	else
		ok $([ "$v" = "$want" ] && echo 0 || echo 1) "$name: cupel verify on PostgreSQL agrees ($v)" ||
			sed 's/^/# /' "$tmp/v.out"
	fi
	if [ "$sqlite" = yes ]; then
		a=$("$PY" "$top/tests/lint/inverse_roundtrip.py" "$d" "sqlite:///$tmp/inv_$n.db" 2>"$tmp/a.err" | tail -1)
		ok $([ "$a" = "$want" ] && echo 0 || echo 1) "$name: Alembic's round trip on SQLite agrees ($a)" ||
			tail -5 "$tmp/a.err" | sed 's/^/# /'
		v=$(verdict "$d")
		if [ "$v" = n/a ]; then
			nv=$((nv + 1))
		else
			ok $([ "$v" = "$want" ] && echo 0 || echo 1) "$name: cupel verify on SQLite agrees ($v)" ||
				sed 's/^/# /' "$tmp/v.out"
		fi
	fi
done <"$tmp/list"
echo "# cupel verify could not run $nv case(s) (Alembic's round trip checked them)"

# ---- downgrade-not-inverse on gen_live.py's exact inverses, then each
# downgrade broken in turn (tests/run/interop.sh has cupel verify and
# Alembic agree on the same generator's round trips)
"$PY" "$top/tests/run/gen_live.py" "$tmp/gl" --revisions 120 --seed 1 >/dev/null
"$PY" "$top/tests/lint/mutate_downgrades.py" "$BIN" "$tmp/gl" 1000 >"$tmp/mut.out" 2>&1
while read -r st rest; do
	case "$st" in
	ok) ok 0 "gen_live: ${rest#- }" ;;
	not) ok 1 "gen_live: ${rest#ok - }" ;;
	*) ok 1 "gen_live: $st $rest" ;;
	esac
done <"$tmp/mut.out"
ok $([ "$(grep -cE '^(ok|not ok) ' "$tmp/mut.out")" = 2 ] && echo 0 || echo 1) "gen_live: both checks ran"

# ---- require-lock-timeout: env.py's lock_timeout as PostgreSQL sees it
"$PY" "$top/tests/lint/envpy_cases.py" "$tmp/envpy" >/dev/null
n_set=0 n_unset=0
while read -r name want; do
	d=$tmp/envpy/$name
	n=$((n + 1))
	psql -qc "CREATE DATABASE env_$n" >/dev/null
	(cd "$d" && CUPEL_TEST_URL="postgresql://postgres@/env_$n?host=$PGHOST&port=$PGPORT" "$PY" -m alembic upgrade head) \
		>"$tmp/env.log" 2>&1
	v=$(psql -d "env_$n" -tAc "SELECT v FROM seen" 2>/dev/null)
	(cd "$d" && "$BIN" lint --rule require-lock-timeout --format json) >"$tmp/env.json" 2>/dev/null
	f=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/env.json")
	real=unset
	[ -n "$v" ] && [ "$v" != 0 ] && real=set
	[ "$real" = set ] && n_set=$((n_set + 1)) || n_unset=$((n_unset + 1))
	[ "$real" = set ] && exp=0 || exp=1
	ok $([ -n "$v" ] && [ "$real" = "$want" ] && [ "$f" = "$exp" ] && echo 0 || echo 1) "env.py '$name': PostgreSQL runs the migration with lock_timeout '$v', the rule has $f finding(s)" ||
		tail -3 "$tmp/env.log" | sed 's/^/# /'
done <"$tmp/envpy/cases.txt"
ok $([ "$n_set" -ge 5 ] && [ "$n_unset" -ge 5 ] && echo 0 || echo 1) "env.py cases both ways ($n_set set, $n_unset not)"

# ---- drop-unknown-constraint: the names PostgreSQL gives unnamed
# constraints (conname_cases.py): a0 upgraded, the names read back are the
# ones the rule knows; a1 dropping each by them runs, and the rule is silent
d=$tmp/conname
"$PY" "$top/tests/lint/conname_cases.py" "$d"
psql -qc "CREATE DATABASE conname" >/dev/null
url="postgresql://postgres@/conname?host=$PGHOST&port=$PGPORT"
(cd "$d" && CUPEL_TEST_URL=$url "$PY" -m alembic upgrade a0) >"$tmp/cn.log" 2>&1
psql -d conname -tA -F'|' -c "SELECT c.conrelid::regclass::text, c.conname, c.contype FROM pg_constraint c
	JOIN pg_class r ON r.oid = c.conrelid WHERE c.connamespace = 'public'::regnamespace
	AND r.relname <> 'alembic_version'" | sed 's/^"\(.*\)"|/\1|/' >"$d/pg.txt"
"$PY" -c 'import sys
want = {tuple(l.split()) for l in open(sys.argv[1], encoding="utf-8")}
got = {tuple(l.split("|")[:2]) for l in open(sys.argv[2], encoding="utf-8").read().splitlines() if l}
for x in sorted(want ^ got):
    print("# %s %s: %s" % (x[0], x[1], "PostgreSQL only" if x in got else "expected only"))
sys.exit(0 if want == got and len(got) >= 15 else 1)' "$d/expected.txt" "$d/pg.txt"
ok $? "PostgreSQL names the unnamed constraints of conname_cases.py as the rule expects ($(wc -l <"$d/pg.txt") names)" ||
	tail -3 "$tmp/cn.log" | sed 's/^/# /'
"$PY" "$top/tests/lint/conname_cases.py" "$d" --live
(cd "$d" && CUPEL_TEST_URL=$url "$PY" -m alembic upgrade head) >"$tmp/cn.log" 2>&1
rc=$?
left=$(psql -d conname -tAc "SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace")
(cd "$d" && "$BIN" lint --rule drop-unknown-constraint --format json) >"$tmp/cn.json" 2>/dev/null
f=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/cn.json")
ok $([ $rc = 0 ] && [ "$left" = 1 ] && [ "$f" = 0 ] && echo 0 || echo 1) \
	"a migration dropping each by PostgreSQL's name runs (exit $rc, $left constraint left: alembic_version's) and the rule is silent ($f finding(s))" ||
	tail -3 "$tmp/cn.log" | sed 's/^/# /'

# ---- unnamed-constraint: env.py's naming_convention as Alembic applies it
mkdir -p "$tmp/naming"
"$PY" "$top/tests/lint/naming_cases.py" "$BIN" "$tmp/naming" >"$tmp/naming.out" 2>&1
while read -r st rest; do
	case "$st" in
	ok) ok 0 "unnamed-constraint: $rest" ;;
	not) ok 1 "unnamed-constraint: ${rest#ok }" ;;
	*) ok 1 "unnamed-constraint: $st $rest" ;;
	esac
done <"$tmp/naming.out"
ok $([ "$(grep -c '^ok ' "$tmp/naming.out")" = 45 ] && echo 0 || echo 1) "unnamed-constraint: all 45 naming cases ran and agree"
tap_end
