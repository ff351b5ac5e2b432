#!/usr/bin/env bash
# cupel conflicts on divergent projects (tests/conflicts/fixtures.py): each
# case names exactly the conflict kinds expected, and every verdict is
# checked against the real Alembic on a throwaway PostgreSQL 15: a case
# with an error-level conflict fails in at least one upgrade order (a
# then b, b then a), a case without one upgrades in both, and where both
# orders upgrade, cupel's order verdict agrees with the two schemas the
# server holds (exact, and with columns in any order).
#   tests/conflicts/run.sh CUPEL_BIN [--quick]
. "$(dirname "$0")/../lib/livetest.sh"
QUICK=${2:-}

"$PY" "$top/tests/conflicts/fixtures.py" "$tmp/cases" >"$tmp/cases.list" || { echo "not ok - fixtures"; exit 1; }
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }

# the schema a database holds: exact (columns in their order) or sorted
pg_schema() { # db exact|sorted
	local pos="ordinal_position"
	[ "$2" = sorted ] && pos="0"
	psql -X -At -d "$1" -c "
	select 'column', table_name, $pos, column_name, data_type, coalesce(character_maximum_length, 0), is_nullable,
	       coalesce(column_default, '') from information_schema.columns where table_schema = 'public'
	       and table_name <> 'alembic_version'
	union all select 'index', tablename, 0, indexname, indexdef, 0, '', '' from pg_indexes where schemaname = 'public'
	union all select 'constraint', conrelid::regclass::text, 0, conname, pg_get_constraintdef(oid), 0, '', ''
	       from pg_constraint where connamespace = 'public'::regnamespace
	union all select 'enum', t.typname, 0, string_agg(e.enumlabel, ',' order by e.enumsortorder), '', 0, '', ''
	       from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname
	order by 1, 2, 3, 4" 2>&1
}

# upgrade the fresh database db to $1 then $2 with the real Alembic
alembic_order() { # case db first second
	local proj=$tmp/cases/$1 db=$2
	createdb "$db" || return 2
	export TEST_DB_URL="postgresql+psycopg2://postgres@/$db?host=$PGHOST&port=$PGPORT"
	(cd "$proj" && "$PY" -m alembic upgrade "$3" && "$PY" -m alembic upgrade "$4") >"$tmp/$db.log" 2>&1
}

n=0
while read -r case expect; do
	n=$((n + 1))
	proj=$tmp/cases/$case
	(cd "$proj" && "$BIN" conflicts --format json) >"$tmp/$case.json" 2>"$tmp/$case.err"
	rc=$?
	ok $([ $rc = 1 ] && echo 0 || echo 1) "$case: cupel conflicts exits 1 (divergent heads)" ||
		sed 's/^/# /' "$tmp/$case.err"
	got=$("$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))["divergent"]
print(len(d), ",".join(sorted({c["kind"] for p in d for c in p["conflicts"]})) or "-",
      "error" if any(c["level"] == "error" for p in d for c in p["conflicts"]) else "none",
      d[0]["order"] if d else "?")' "$tmp/$case.json")
	read -r npairs kinds level order <<<"$got"
	ok $([ "$npairs" = 1 ] && echo 0 || echo 1) "$case: one divergent pair ($npairs)"
	ok $([ "$kinds" = "$expect" ] && echo 0 || echo 1) "$case: conflicts named: $kinds (expected $expect)"
	(cd "$proj" && "$BIN" conflicts) >"$tmp/$case.txt" 2>&1
	grep -q "^Divergent heads a1 and b1, parted at base0" "$tmp/$case.txt" &&
		grep -q "cupel merge -m" "$tmp/$case.txt"
	ok $? "$case: the text report names the heads, the fork and the resolutions"

	# the real reference: both orders on PostgreSQL
	db=$(echo "$case" | tr -c 'a-z0-9\n' '_')
	alembic_order "$case" "${db}_ab" a1 b1
	ab=$?
	alembic_order "$case" "${db}_ba" b1 a1
	ba=$?
	real=
	if [ $ab = 0 ] && [ $ba = 0 ]; then
		pg_schema "${db}_ab" exact >"$tmp/ab.exact"
		pg_schema "${db}_ba" exact >"$tmp/ba.exact"
		pg_schema "${db}_ab" sorted >"$tmp/ab.sorted"
		pg_schema "${db}_ba" sorted >"$tmp/ba.sorted"
		if cmp -s "$tmp/ab.exact" "$tmp/ba.exact"; then real=same
		elif cmp -s "$tmp/ab.sorted" "$tmp/ba.sorted"; then real=column-order-only
		else real=different; fi
		ok $([ "$order" = "$real" ] && echo 0 || echo 1) \
			"$case: order verdict '$order' agrees with PostgreSQL's two schemas ('$real')" ||
			diff "$tmp/ab.exact" "$tmp/ba.exact" | head -6 | sed 's/^/# /'
	fi
	# cupel's own check on scratch databases of the same server agrees
	# with what Alembic did, order by order
	(cd "$proj" && "$BIN" conflicts --format json --db "postgresql://postgres@/postgres?host=$PGHOST&port=$PGPORT") \
		>"$tmp/$case.db.json" 2>"$tmp/$case.db.err"
	dbv=$("$PY" -c '
import json, sys
c = json.load(open(sys.argv[1]))["divergent"][0]["database"]
o = c["orders"]
print(0 if o[0]["upgraded"] else 1, 0 if o[1]["upgraded"] else 1, {True: "equal", False: "differ", None: "-"}[c["same"]])' \
		"$tmp/$case.db.json" 2>&1)
	want="$([ $ab = 0 ] && echo 0 || echo 1) $([ $ba = 0 ] && echo 0 || echo 1) "
	case $real in same | column-order-only) want="${want}equal" ;; different) want="${want}differ" ;; *) want="${want}-" ;; esac
	# a step only Python can run: cupel's runner refuses it (both orders
	# hold it), and says so
	if [ "$case" = unseen-step ]; then
		want="1 1 -"
		grep -q "cannot run without Python" "$tmp/$case.db.json"
		ok $? "$case: --db: the runner refuses the Python-only step and says why"
	fi
	ok $([ "$dbv" = "$want" ] && echo 0 || echo 1) \
		"$case: --db: cupel's runs of both orders on scratch databases agree with Alembic's ($dbv; alembic: $want)" ||
		sed 's/^/# /' "$tmp/$case.db.err"
	if [ "$level" = error ]; then
		ok $([ $ab != 0 ] || [ $ba != 0 ] || [ "$real" = different ] && echo 0 || echo 1) \
			"$case: an error-level conflict: PostgreSQL fails in an order or ends with two schemas (a,b: $ab; b,a: $ba; $real)"
	else
		ok $([ $ab = 0 ] && [ $ba = 0 ] && echo 0 || echo 1) \
			"$case: no error-level conflict: both orders upgrade on PostgreSQL (a,b: $ab; b,a: $ba)" ||
			{ tail -3 "$tmp/${db}_ab.log" "$tmp/${db}_ba.log" | sed 's/^/# /'; }
	fi
done <"$tmp/cases.list"
ok $([ $n -ge 19 ] && echo 0 || echo 1) "every case ran ($n)"

# resolving: on cases with real operations, cupel merge and cupel rebase
# leave a project the real Alembic loads with one head, whose offline SQL
# per migration is what it was before
unset TEST_DB_URL
for case in independent columns-both-sides data-vs-schema-change; do
	(cd "$tmp/cases/$case" && "$PY" -m alembic upgrade heads --sql) >"$tmp/before.sql" 2>&1
	for how in merge rebase; do
		d=$tmp/$how-$case
		cp -r "$tmp/cases/$case" "$d"
		if [ $how = merge ]; then
			(cd "$d" && "$BIN" merge -m "merge a1 and b1" -y) >"$tmp/res.out" 2>&1
		else
			(cd "$d" && "$BIN" rebase b1 --onto a1 -y) >"$tmp/res.out" 2>&1
		fi
		ok $? "$case: cupel $how -y" || sed 's/^/# /' "$tmp/res.out"
		heads=$(cd "$d" && "$PY" -m alembic heads 2>&1)
		ok $([ "$(echo "$heads" | grep -c '(head)')" = 1 ] && echo 0 || echo 1) \
			"$case: after cupel $how the real alembic sees one head" || echo "$heads" | sed 's/^/# /'
		(cd "$d" && "$PY" -m alembic upgrade head --sql) >"$tmp/after.sql" 2>&1
		ok $? "$case: after cupel $how, alembic upgrade head --sql works" || tail -3 "$tmp/after.sql" | sed 's/^/# /'
		"$PY" "$top/tests/conflicts/sql_blocks.py" "$tmp/before.sql" "$tmp/after.sql" >"$tmp/blocks.out"
		ok $? "$case: after cupel $how every migration's SQL is what it was" || sed 's/^/# /' "$tmp/blocks.out"
		(cd "$d" && "$BIN" conflicts) >/dev/null 2>&1
		ok $? "$case: after cupel $how, cupel conflicts finds no divergent heads (exit 0)"
	done
done
left=$(psql -X -At -d postgres -c "select count(*) from pg_database where datname like 'cupel_conflicts%'")
ok $([ "$left" = 0 ] && echo 0 || echo 1) "--db drops every scratch database ($left left)"

# the bundled example: its two divergent heads touch different objects
(cd "$top/examples/shop" && "$BIN" conflicts) >"$tmp/shop.txt" 2>&1
ok $([ $? = 1 ] && echo 0 || echo 1) "example: exits 1 (divergent heads)"
grep -q "No conflict: the branches touch different objects" "$tmp/shop.txt"
ok $? "example: the branches do not conflict" || sed 's/^/# /' "$tmp/shop.txt"

# a project without divergent heads
mkdir -p "$tmp/linear"
cp -r "$tmp/cases/independent/." "$tmp/linear/"
sed -i "s/^down_revision = 'base0'/down_revision = 'a1'/" "$tmp/linear/migrations/versions/b1.py"
(cd "$tmp/linear" && "$BIN" conflicts) >"$tmp/linear.txt" 2>&1
rc=$?
ok $([ $rc = 0 ] && grep -q "^No divergent heads" "$tmp/linear.txt" && echo 0 || echo 1) \
	"a linear history: no divergent heads, exit 0" || sed 's/^/# /' "$tmp/linear.txt"
tap_end
