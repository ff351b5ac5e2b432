#!/usr/bin/env bash
# cupel and the real Alembic take turns on live databases (SQLite file and a
# throwaway PostgreSQL 15 cluster): each upgrades to the next target, the
# other's `current` must agree, and the schema at the end must equal the
# one Alembic alone builds. Then faults: a failing statement, a wrong
# password, an unreachable host, two runners at once.
#   tests/run/interop.sh CUPEL_BIN [--quick]
. "$(dirname "$0")/../lib/livetest.sh"
QUICK=${2:-}
N=40
[ "$QUICK" = --quick ] && N=16

alembic() { (cd "$proj" && CUPEL_TEST_URL="$url" "$PY" -m alembic "$@"); }
cupel() { (cd "$proj" && "$BIN" "$@" --db "$url" -q); }
ids() { awk '{print $1}' | sort | tr '\n' ' '; }

dump() { # the schema and the version rows of $url
	case "$url" in
	sqlite*)
		local f=${url#sqlite:///}
		sqlite3 "$f" .schema
		echo "-- versions"
		sqlite3 "$f" "SELECT version_num FROM alembic_version ORDER BY 1" 2>/dev/null
		;;
	postgresql*)
		pg_dump -h "$PGHOST" -p "$PGPORT" -U postgres --schema-only --no-owner "$db" |
			grep -vE '^(--|SET |SELECT pg_catalog.set_config|\\(un)?restrict )' | sed '/^$/d'
		echo "-- versions"
		psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$db" -tAc "SELECT version_num FROM alembic_version ORDER BY 1" 2>/dev/null
		;;
	esac
}

newdb() { # backend name -> sets url, db
	db=$2
	if [ "$1" = sqlite ]; then
		url="sqlite:///$tmp/$2.db"
		rm -f "$tmp/$2.db"
	else
		psql -h "$PGHOST" -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
		url="postgresql://postgres@/$2?host=$PGHOST&port=$PGPORT"
	fi
}

pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }

for backend in sqlite postgresql; do
	proj=$tmp/proj-$backend
	"$PY" "$top/tests/run/gen_live.py" "$proj" --revisions "$N" --seed 7 >/dev/null
	# the reference: Alembic alone
	newdb $backend ref_$backend
	alembic upgrade heads >/dev/null 2>&1
	ok $? "$backend: alembic upgrade heads (reference)"
	dump >"$tmp/ref.dump"
	# taking turns, target by target, oldest first
	newdb $backend turns_$backend
	mapfile -t revs < <(cd "$proj" && "$BIN" history | sed -E 's/^.* -> ([0-9a-f]+).*/\1/' | tac)
	turn=0 agree=0 steps=0
	for r in "${revs[@]}"; do
		steps=$((steps + 1))
		if [ $((turn % 2)) = 0 ]; then
			cupel upgrade "$r" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; break; }
			a=$(alembic current 2>/dev/null | ids)
			c=$(cupel current 2>/dev/null | ids)
		else
			alembic upgrade "$r" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; break; }
			c=$(cupel current 2>/dev/null | ids)
			a=$(alembic current 2>/dev/null | ids)
		fi
		[ -n "$a" ] && [ "$a" = "$c" ] && agree=$((agree + 1)) || echo "# $backend at $r: alembic [$a] cupel [$c]"
		turn=$((turn + 1))
	done
	ok $([ "$agree" = "${#revs[@]}" ] && echo 0 || echo 1) "$backend: cupel and alembic take turns over ${#revs[@]} targets, current agrees each time ($agree)"
	cupel upgrade heads >/dev/null 2>&1
	ok $? "$backend: cupel upgrade heads after the turns"
	dump >"$tmp/turns.dump"
	same_output "$backend: schema and version rows equal alembic's own" "$tmp/turns.dump" "$tmp/ref.dump"
	# cupel alone, from nothing, equals the reference too
	newdb $backend solo_$backend
	cupel upgrade heads >/dev/null 2>&1
	ok $? "$backend: cupel upgrade heads from an empty database"
	dump >"$tmp/solo.dump"
	same_output "$backend: cupel's schema equals alembic's" "$tmp/solo.dump" "$tmp/ref.dump"
	# down again: cupel to a third of the way, then alembic to base
	mid=${revs[$(( ${#revs[@]} / 3 ))]}
	solo_url=$url
	cupel downgrade "$mid" >/dev/null 2>"$tmp/err"
	ok $? "$backend: cupel downgrade $mid" || cat "$tmp/err"
	dump >"$tmp/down.dump"
	newdb $backend mid_$backend
	alembic upgrade heads >/dev/null 2>&1 && alembic downgrade "$mid" >/dev/null 2>&1
	dump >"$tmp/mid.dump"
	same_output "$backend: cupel's downgrade to $mid equals alembic's" "$tmp/down.dump" "$tmp/mid.dump"
	url=$solo_url
	# history --indicate-current marks the same revisions (canonical-order
	# Alembic, tests/interop/alembic_canon.py)
	(cd "$proj" && CUPEL_TEST_URL="$url" "$PY" "$top/tests/interop/alembic_canon.py" history --indicate-current) \
		>"$tmp/hi.want" 2>/dev/null
	(cd "$proj" && "$BIN" history --indicate-current --db "$url") >"$tmp/hi.got" 2>&1
	same_output "$backend: history --indicate-current equals alembic's" "$tmp/hi.got" "$tmp/hi.want"
	(cd "$proj" && CUPEL_TEST_URL="$url" "$PY" "$top/tests/interop/alembic_canon.py" history -v -r current:) \
		>"$tmp/hc.want" 2>/dev/null
	(cd "$proj" && "$BIN" history -v -r current: --db "$url") >"$tmp/hc.got" 2>&1
	same_output "$backend: history -v -r current: equals alembic's" "$tmp/hc.got" "$tmp/hc.want"
	alembic downgrade base >/dev/null 2>&1
	ok $? "$backend: alembic downgrade base after cupel"
	c=$(cupel current 2>/dev/null | ids)
	ok $([ -z "$c" ] && echo 0 || echo 1) "$backend: cupel current is empty at base"
done

# ---- faults ----------------------------------------------------------
mkproj() { # dir: a project of three revisions a1 -> a2 -> a3 whose bodies
	# are read from the variables UP1 UP2 UP3 (python lines, 4-space indent)
	local d=$1
	mkdir -p "$d/migrations/versions"
	"$PY" "$top/tests/run/gen_live.py" "$d/tmpl" --revisions 1 >/dev/null
	cp "$d/tmpl/alembic.ini" "$d/alembic.ini"
	cp "$d/tmpl/migrations/env.py" "$d/migrations/env.py"
	rm -rf "$d/tmpl"
	local prev=None i body
	for i in 1 2 3; do
		eval "body=\$UP$i"
		cat >"$d/migrations/versions/a$i.py" <<PYEOF
"""fault $i

Revision ID: a$i
Revises:
Create Date: 2026-11-24 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'a$i'
down_revision = $prev
branch_labels = None
depends_on = None


def upgrade():
$body


def downgrade():
    pass
PYEOF
		prev="'a$i'"
	done
}

for backend in sqlite postgresql; do
	# a failing statement in the middle of a3: a3's first statement must
	# not survive, the version table stays at a2
	proj=$tmp/fail-$backend
	UP1="    op.create_table('f1', sa.Column('id', sa.Integer(), primary_key=True))"
	UP2="    op.execute(\"INSERT INTO f1 (id) VALUES (1)\")"
	UP3="    op.create_table('f3', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute(\"INSERT INTO f1 (id) VALUES (2)\")
    op.execute(\"INSERT INTO f1 (id) VALUES (1)\")
    op.add_column('f1', sa.Column('never', sa.Integer()))"
	mkproj "$proj"
	newdb $backend fail_$backend
	cupel upgrade head >/dev/null 2>"$tmp/err"
	rc=$?
	ok $([ $rc = 1 ] && echo 0 || echo 1) "$backend: a failing statement exits 1 ($rc)"
	grep -q 'upgrade a2 -> a3 failed (.*a3.py:' "$tmp/err" && grep -qi 'unique\|duplicate' "$tmp/err" &&
		grep -q 'statement: INSERT INTO f1 (id) VALUES (1)' "$tmp/err" && grep -q '2 of 3 step(s) committed' "$tmp/err"
	ok $? "$backend: the message names the migration, its line, the statement and the server's error" || cat "$tmp/err"
	c=$(alembic current 2>/dev/null | ids)
	ok $([ "$c" = "a2 " ] && echo 0 || echo 1) "$backend: alembic current is a2 after the failure ($c)"
	dump >"$tmp/fail.dump"
	newdb $backend failref_$backend
	alembic upgrade a2 >/dev/null 2>&1
	dump >"$tmp/failref.dump"
	same_output "$backend: nothing of a3 is left (schema and rows as alembic's upgrade to a2)" "$tmp/fail.dump" "$tmp/failref.dump"
	url=${url/failref_/fail_}
	[ "$backend" = sqlite ] && url="sqlite:///$tmp/fail_$backend.db"
	n=$(case $backend in sqlite) sqlite3 "$tmp/fail_$backend.db" "SELECT count(*) FROM f1" ;;
		*) psql -tAc "SELECT count(*) FROM f1" -d fail_$backend ;; esac)
	ok $([ "$n" = 1 ] && echo 0 || echo 1) "$backend: a3's first insert was rolled back ($n row)"
done

# the first migration fails on an empty PostgreSQL database: Alembic makes
# the version table in its one transaction, so nothing is left, not even an
# empty alembic_version; cupel makes it in the first step's transaction
proj=$tmp/firstfail
UP1="    op.create_table('ff', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute(\"INSERT INTO nosuch (id) VALUES (1)\")"
UP2="    pass"
UP3="    pass"
mkproj "$proj"
newdb postgresql firstfail_ref
alembic upgrade head >/dev/null 2>&1
arc=$?
dump >"$tmp/ffref.dump"
for opt in "" --one-transaction; do
	newdb postgresql firstfail
	# shellcheck disable=SC2086
	cupel upgrade head $opt >/dev/null 2>"$tmp/err"
	rc=$?
	dump >"$tmp/ff.dump"
	ok $([ $rc = 1 ] && [ $arc != 0 ] && echo 0 || echo 1) "postgresql: the first migration fails${opt:+ with $opt}: exits 1 ($rc, alembic $arc)"
	same_output "postgresql: ... and leaves what alembic leaves (no version table)" "$tmp/ff.dump" "$tmp/ffref.dump"
done

# a target that does not resolve: Alembic plans inside run_migrations,
# after it made the version table of a database without a head (and for
# --purge emptied it), in a transaction of its own on SQLite, inside its
# one transaction on PostgreSQL: each database is left as alembic leaves it
proj=$tmp/badtarget
UP1="    op.create_table('bt', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    pass"
UP3="    pass"
mkproj "$proj"
for be in sqlite postgresql; do
	for cmd in "upgrade zzzz" "downgrade -1" "stamp a1" "stamp --purge zzzz"; do
		newdb $be badt_ref_$be
		[ "$cmd" = "stamp a1" ] && cmd="stamp a2:a3"
		[ "$cmd" = "stamp --purge zzzz" ] && alembic stamp a1 >/dev/null 2>&1
		dump | sed "s/badt_ref_/X_/g" >"$tmp/bt.before"
		# shellcheck disable=SC2086
		alembic $cmd >/dev/null 2>&1
		arc=$?
		dump | sed "s/badt_ref_/X_/g" >"$tmp/bt.want"
		# Alembic's --purge empties the rows before it finds the target
		# missing (committed on SQLite); cupel keeps them (doc/roadmap.md)
		[ "$cmd" = "stamp --purge zzzz" ] && cp "$tmp/bt.before" "$tmp/bt.want"
		newdb $be badt_$be
		[ "$cmd" = "stamp --purge zzzz" ] && cupel stamp a1 >/dev/null 2>&1
		# shellcheck disable=SC2086
		cupel $cmd >/dev/null 2>"$tmp/err"
		rc=$?
		dump | sed "s/badt_/X_/g" >"$tmp/bt.got"
		ok $([ $rc = 1 ] && [ $arc != 0 ] && echo 0 || echo 1) "$be: $cmd fails in both ($rc, alembic $arc)" || sed 's/^/# /' "$tmp/err"
		same_output "$be: ... and leaves the version table as alembic leaves it" "$tmp/bt.got" "$tmp/bt.want"
	done
done

# Alembic's message names a relative downgrade as written
newdb sqlite badt_msg # no head: every form fails
for t in -0 +0 -01; do
	a=$(alembic downgrade "$t" 2>&1 | sed -n 's/^FAILED: //p')
	c=$(cupel downgrade "$t" 2>&1 | sed -n 's/^cupel: error: //p')
	ok $([ -n "$a" ] && [ "$a" = "$c" ] && echo 0 || echo 1) "downgrade $t: cupel's message is alembic's ($c)" || echo "# alembic: $a"
done

# a failure after an autocommit block: what the block committed (and what
# ran before it) stays, as with Alembic; the message says so instead of
# "rolled back", and the rows and schema equal alembic's
for backend in sqlite postgresql; do
	proj=$tmp/acfail-$backend
	UP1="    op.create_table('ac0', sa.Column('id', sa.Integer(), primary_key=True))"
	UP2="    op.execute(\"INSERT INTO ac0 (id) VALUES (1)\")"
	UP3="    op.create_table('ac1', sa.Column('id', sa.Integer(), primary_key=True))
    with op.get_context().autocommit_block():
        op.execute(\"INSERT INTO ac1 (id) VALUES (5)\")
    op.execute(\"INSERT INTO ac1 (id) VALUES (6)\")
    op.execute(\"INSERT INTO ac1 (id) VALUES (5)\")"
	mkproj "$proj"
	newdb $backend acref_$backend
	alembic upgrade head >/dev/null 2>&1
	arc=$?
	{ dump; echo "-- rows"; case $backend in sqlite) sqlite3 "$tmp/acref_$backend.db" "SELECT id FROM ac1" ;;
		*) psql -tAc "SELECT id FROM ac1" -d acref_$backend ;; esac; } >"$tmp/acref.dump"
	newdb $backend acfail_$backend
	cupel upgrade head >/dev/null 2>"$tmp/err"
	rc=$?
	{ dump; echo "-- rows"; case $backend in sqlite) sqlite3 "$tmp/acfail_$backend.db" "SELECT id FROM ac1" ;;
		*) psql -tAc "SELECT id FROM ac1" -d acfail_$backend ;; esac; } >"$tmp/acfail.dump"
	sed -i "s/acref_/acfail_/g" "$tmp/acref.dump"
	same_output "$backend: a failure after an autocommit block leaves what alembic leaves (rc $rc, alembic $arc)" "$tmp/acfail.dump" "$tmp/acref.dump"
	grep -q "its autocommit block(s) committed 2 statement(s) that stay (lines [0-9]*-[0-9]*: .*); the rest of the migration was rolled back" "$tmp/err" &&
		! grep -q "^the migration was rolled back" "$tmp/err" && grep -q "2 of 3 step(s) committed" "$tmp/err"
	ok $([ $? = 0 ] && [ $rc = 1 ] && [ $arc != 0 ] && echo 0 || echo 1) "$backend: the message says which statements stay committed" || sed 's/^/# /' "$tmp/err"
done

# the version table's change is kept prepared on the connection (a2's
# UPDATE): a migration that drops every prepared statement before its own
# version update (a3) must still update the version table
proj=$tmp/dealloc
UP1="    op.create_table('da', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.execute(\"INSERT INTO da (id) VALUES (1)\")"
UP3="    op.execute(\"DEALLOCATE ALL\")"
mkproj "$proj"
newdb postgresql dealloc
cupel upgrade head >/dev/null 2>"$tmp/err"
ok $? "postgresql: a migration running DEALLOCATE ALL: upgrade head succeeds" || cat "$tmp/err"
c=$(alembic current 2>/dev/null | ids)
ok $([ "$c" = "a3 " ] && echo 0 || echo 1) "postgresql: alembic current is a3 after DEALLOCATE ALL ($c)"

# a migration that empties the version table before its own update: the
# update matches no row, and the migration is rolled back as Alembic's is
# (the COMMIT is sent only after the row counts are checked), on both
# databases; Alembic on a copy of the same state fails the same way
for be in sqlite postgresql; do
	proj=$tmp/vtgone-$be
	UP1="    op.create_table('vg', sa.Column('id', sa.Integer(), primary_key=True))"
	UP2="    op.execute(\"DELETE FROM alembic_version\")
    op.add_column('vg', sa.Column('x', sa.Integer()))"
	UP3="    op.execute(\"INSERT INTO vg (id) VALUES (1)\")"
	mkproj "$proj"
	newdb $be vtgone$be
	cupel upgrade a1 >/dev/null 2>&1
	cupel upgrade a2 >/dev/null 2>"$tmp/err"
	rc=$?
	grep -q "upgrade a1 -> a2 failed (.*a2.py): .*expected to match one row when updating 'a1' to 'a2' .*; 0 found" "$tmp/err" &&
		grep -q "the migration was rolled back; 0 of 1 step(s) committed" "$tmp/err"
	ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "$be: a migration emptying the version table fails with Alembic's message, rolled back" ||
		sed 's/^/# /' "$tmp/err"
	c=$(cupel current 2>/dev/null | ids)
	ok $([ "$c" = "a1 " ] && echo 0 || echo 1) "$be: the version table is still at a1 ($c)"
	alembic upgrade a2 >"$tmp/aerr" 2>&1 # Alembic says FAILED: on stdout
	arc=$?
	grep -q "expected to match one row when updating 'a1' to 'a2'" "$tmp/aerr"
	ok $([ $? = 0 ] && [ $arc != 0 ] && echo 0 || echo 1) "$be: Alembic fails the same migration the same way" || tail -3 "$tmp/aerr" | sed 's/^/# /'
	c=$(alembic current 2>/dev/null | ids)
	ok $([ "$c" = "a1 " ] && echo 0 || echo 1) "$be: and Alembic leaves the version table at a1 too ($c)"
done

# a batch that recreates its table on PostgreSQL: refused before anything
# of the plan runs (cupel reflects live tables on SQLite only)
proj=$tmp/pgbatch
UP1="    op.create_table('pb', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.execute(\"INSERT INTO pb (id) VALUES (1)\")"
UP3="    op.execute(\"INSERT INTO pb (id) VALUES (2)\")
    with op.batch_alter_table('pb', recreate='always') as b:
        b.add_column(sa.Column('x', sa.Integer()))"
mkproj "$proj"
newdb postgresql pgbatch
cupel upgrade head >/dev/null 2>"$tmp/err"
rc=$?
wline=$(grep -n "batch_alter_table" "$proj/migrations/versions/a3.py" | cut -d: -f1)
grep -q "upgrade a2 -> a3 refused (.*a3.py:$wline): line $wline: batch_alter_table(\"pb\") recreates its table, and cupel reflects live tables on SQLite only; pass copy_from, or --alembic" "$tmp/err" &&
	grep -q "nothing was run: .*'cupel upgrade a2' runs the 2 migration(s) before it" "$tmp/err"
ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "postgresql: a batch recreate without copy_from is refused with the reason" || sed 's/^/# /' "$tmp/err"
c=$(cupel current 2>/dev/null | ids)
n=$(psql -tAc "SELECT count(*) FROM pg_class WHERE relname = 'pb'" -d pgbatch)
ok $([ "$c" = "" ] && [ "$n" = 0 ] && echo 0 || echo 1) "postgresql: nothing of the plan ran (current '$c', $n table)"
cupel upgrade a2 >/dev/null 2>"$tmp/err"
ok $? "postgresql: the target the refusal names runs cleanly" || sed 's/^/# /' "$tmp/err"

# a step cupel cannot run in the middle of a plan (a loop over fetched
# rows): refused before the first migration, on both databases, with the
# migration, its line, the reason and the target that runs cleanly
for be in sqlite postgresql; do
	proj=$tmp/opaque-$be
	UP1="    op.create_table('oq', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Text()))"
	UP2="    conn = op.get_bind()
    for r in conn.execute(sa.text('SELECT id, a FROM oq')).fetchall():
        conn.execute(sa.text('UPDATE oq SET a = :a WHERE id = :i'), {'a': r.a.upper(), 'i': r.id})"
	UP3="    op.add_column('oq', sa.Column('b', sa.Integer()))"
	mkproj "$proj"
	newdb $be opaque_$be
	cupel upgrade head >/dev/null 2>"$tmp/err"
	rc=$?
	grep -q "upgrade a1 -> a2 refused (.*a2.py:[0-9]*): line [0-9]* cannot run without Python: a loop" "$tmp/err" &&
		grep -q "nothing was run: .*'cupel upgrade a1' runs the 1 migration(s) before it; --alembic hands" "$tmp/err"
	ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "$be: an opaque step mid-plan is refused up front, naming it and a clean target" || sed 's/^/# /' "$tmp/err"
	c=$(alembic current 2>/dev/null | ids)
	ok $([ "$c" = "" ] && echo 0 || echo 1) "$be: nothing of the plan was committed (alembic current '$c')"
	cupel upgrade a1 >/dev/null 2>"$tmp/err"
	ok $? "$be: the named target runs" || sed 's/^/# /' "$tmp/err"
	(cd "$proj" && "$BIN" upgrade head -q --alembic --db "$url") >/dev/null 2>"$tmp/err"
	ok $? "$be: with --alembic the opaque step is handed off and the rest runs" || sed 's/^/# /' "$tmp/err"
	c=$(alembic current 2>/dev/null | ids)
	ok $([ "$c" = "a3 " ] && echo 0 || echo 1) "$be: alembic current is a3 after --alembic ($c)"
done

ntables() { # the tables of $url
	case "$url" in
	sqlite*) [ -f "${url#sqlite:///}" ] && sqlite3 "${url#sqlite:///}" "SELECT count(*) FROM sqlite_master" || echo 0 ;;
	*) psql -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'" -d "$db" ;;
	esac
}
# a script that does not parse (in a function body) or a helper module
# without a revision: Alembic imports every script first and fails before
# anything runs; cupel refuses the commands that change the database, the
# --sql forms too, with the file:line:col, and leaves the database alone
for broken in body helper; do
	proj=$tmp/broken-$broken
	UP1="    op.create_table('bk', sa.Column('id', sa.Integer(), primary_key=True))"
	UP2="    op.execute(\"INSERT INTO bk (id) VALUES (1)\")"
	UP3="    op.execute(\"INSERT INTO bk (id) VALUES (2)\")"
	[ $broken = body ] && UP3="    op.execute(\"INSERT INTO bk (id) VALUES (2)\"
    x = 1"
	mkproj "$proj"
	[ $broken = helper ] && printf 'NAME = "bk"\n' >"$proj/migrations/versions/common.py"
	for be in sqlite postgresql; do
		newdb $be broken_${broken}_$be
		alembic upgrade a1 >"$tmp/aerr" 2>&1
		arc=$?
		# Alembic may leave an empty version table (SQLite), never a row
		a=$(dump 2>/dev/null | sed '1,/^-- versions$/d' | wc -l)
		newdb $be broken_${broken}_$be
		for cmd in "upgrade head" "upgrade a1" "stamp a2" "upgrade a1 --sql" "stamp a1 --sql"; do
			dbopt="--db $url -q"
			case $cmd in *--sql) dbopt= ;; esac
			# shellcheck disable=SC2086
			(cd "$proj" && "$BIN" $cmd $dbopt) >"$tmp/out" 2>"$tmp/err"
			rc=$?
			[ $broken = body ] && want="a3.py:[0-9]*:[0-9]*: error\[py-" || want="common.py: error\[script-no-revision\]"
			grep -q "$want" "$tmp/err" && grep -q "refused: 1 script(s) cannot be read or parsed" "$tmp/err" && [ ! -s "$tmp/out" ]
			ok $([ $? = 0 ] && [ $rc = 1 ] && [ $arc != 0 ] && echo 0 || echo 1) \
				"$be, $broken broken: cupel $cmd is refused as alembic upgrade a1 fails ($rc, alembic $arc)" || sed 's/^/# /' "$tmp/err"
		done
		c=$(ntables)
		ok $([ "$c" = 0 ] && [ "$a" = 0 ] && echo 0 || echo 1) "$be, $broken broken: the database is untouched ($c tables), alembic has no version row either ($a)"
	done
	heads=$(cd "$proj" && "$BIN" heads 2>/dev/null)
	ok $([ "$heads" = "a3 (head)" ] || [ "$heads" = "a2 (head)" ] && echo 0 || echo 1) "$broken broken: read-only heads still answers ($heads)"
done

# wrong URLs and passwords: clear messages, never the password
proj=$tmp/fail-postgresql
out=$(cd "$proj" && "$BIN" current --db "postgresql://someone:s3cretPW@127.0.0.1:1/nodb" 2>&1)
rc=$?
ok $([ $rc = 1 ] && echo 0 || echo 1) "unreachable host exits 1"
echo "$out" | grep -q 'could not connect to postgresql://someone:\*\*\*@127.0.0.1:1/nodb'
ok $? "unreachable host: the message names the masked URL" || echo "# $out"
echo "$out" | grep -q s3cretPW
ok $([ $? = 1 ] && echo 0 || echo 1) "unreachable host: the password is not printed"
# postgres:// is refused by SQLAlchemy 1.4 (and so by alembic): cupel too
pgold="postgres://postgres@/fail_postgresql?host=$PGHOST&port=$PGPORT"
(cd "$proj" && CUPEL_TEST_URL="$pgold" "$PY" -m alembic current) >"$tmp/a.out" 2>&1
arc=$?
(cd "$proj" && "$BIN" current --db "$pgold") >"$tmp/c.out" 2>&1
crc=$?
both_fail "Can't load plugin: sqlalchemy.dialects:postgres" "a postgres:// URL is refused as alembic refuses it"
psql -qc "CREATE ROLE pwuser LOGIN PASSWORD 'right-pw'" -c "CREATE DATABASE pwdb OWNER pwuser" >/dev/null
sed -i '1i local all pwuser scram-sha-256' "$PGHOST/data/pg_hba.conf"
pgcluster_as_postgres "$PG_BIN/pg_ctl" -D "$PGHOST/data" reload >/dev/null 2>&1
out=$(cd "$proj" && "$BIN" upgrade head --db "postgresql://pwuser:wr0ngPW@/pwdb?host=$PGHOST&port=$PGPORT" 2>&1)
rc=$?
ok $([ $rc = 1 ] && echo 0 || echo 1) "wrong password exits 1"
echo "$out" | grep -q 'password authentication failed for user "pwuser"' && ! echo "$out" | grep -q wr0ngPW
ok $? "wrong password: the server's reason, password masked" || echo "# $out"
# a one-letter password: the server's words stay whole (no "f***iled")
out=$(cd "$proj" && "$BIN" current --db "postgresql://pwuser:a@/pwdb?host=$PGHOST&port=$PGPORT" 2>&1)
echo "$out" | grep -q 'could not connect to postgresql://pwuser:\*\*\*@/pwdb?.*password authentication failed for user "pwuser"'
ok $? "a one-letter wrong password: the masked URL, the server's reason unmangled" || echo "# $out"
(cd "$proj" && "$BIN" upgrade head -q --db "postgresql://pwuser:right-pw@/pwdb?host=$PGHOST&port=$PGPORT" >/dev/null 2>&1)
ok $([ $? = 1 ] && echo 0 || echo 1) "right password: connects (and a3 fails as designed)"
c=$(cd "$proj" && "$BIN" current --db "postgresql://pwuser:right-pw@/pwdb?host=$PGHOST&port=$PGPORT" 2>/dev/null | ids)
ok $([ "$c" = "a2 " ] && echo 0 || echo 1) "right password: current is a2 ($c)"
url_pw="postgresql://pwuser:right-pw@/pwdb?port=$PGPORT&host=$PGHOST"
a=$(cd "$proj" && CUPEL_TEST_URL="$url_pw" "$PY" -m alembic current -v 2>/dev/null | head -1)
c=$(cd "$proj" && "$BIN" current -v --db "$url_pw" 2>/dev/null | head -1)
ok $([ -n "$a" ] && [ "$a" = "$c" ] && ! echo "$c" | grep -q right-pw && echo 0 || echo 1) \
	"current -v names the database as alembic current -v does, password hidden ($c)"
PGPASSWORD=right-pw c=$(cd "$proj" && PGPASSWORD=right-pw "$BIN" current --db "postgresql://pwuser@/pwdb?host=$PGHOST&port=$PGPORT" 2>/dev/null | ids)
ok $([ "$c" = "a2 " ] && echo 0 || echo 1) "libpq's PGPASSWORD is honoured ($c)"

# a role that may not create tables: the version table cannot be made
psql -qc "CREATE ROLE ro LOGIN" -c "CREATE DATABASE rodb" >/dev/null
out=$(cd "$proj" && "$BIN" upgrade head --db "postgresql://ro@/rodb?host=$PGHOST&port=$PGPORT" 2>&1)
rc=$?
ok $([ $rc = 1 ] && echo 0 || echo 1) "read-only role exits 1"
echo "$out" | grep -q 'permission denied for schema public'
ok $? "read-only role: the server's reason" || echo "# $out"

# two runners at once: the second waits, then gives up with a clear message
proj=$tmp/slow
UP1="    op.create_table('s1', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.execute(\"SELECT pg_sleep(4)\")"
UP3="    op.execute(\"INSERT INTO s1 (id) VALUES (1)\")"
mkproj "$proj"
newdb postgresql slow
(cd "$proj" && "$BIN" upgrade head -q --db "$url" >"$tmp/r1.out" 2>&1; echo $? >"$tmp/r1.rc") &
r1=$!
for _ in $(seq 600); do
	psql -d slow -tAc "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'" 2>/dev/null | grep -q 1 && break
	sleep 0.1
done
out=$(cd "$proj" && "$BIN" upgrade head -q --lock-wait 1 --db "$url" 2>&1)
rc=$?
ok $([ $rc = 1 ] && echo 0 || echo 1) "a second runner exits 1"
echo "$out" | grep -q 'another migration runner holds the lock'
ok $? "a second runner: clear message" || echo "# $out"
wait $r1
ok "$(cat "$tmp/r1.rc")" "the first runner finishes"
c=$(cupel current 2>/dev/null | ids)
ok $([ "$c" = "a3 " ] && echo 0 || echo 1) "after both runners: current is a3 ($c)"

# SQLite: nothing locks before the first BEGIN IMMEDIATE, so a runner that
# read the version table, then waited for another writer's lock, must see
# that the rows moved meanwhile and stop before running its stale plan
proj=$tmp/slow-lite
UP1="    op.create_table('sl', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.execute(\"INSERT INTO sl (id) VALUES (1)\")"
UP3="    op.execute(\"INSERT INTO sl (id) VALUES (2)\")"
mkproj "$proj"
newdb sqlite slowlite
cupel upgrade a1 >/dev/null 2>&1
"$PY" -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("BEGIN IMMEDIATE")
print("held", flush=True); time.sleep(2)
c.execute("INSERT INTO sl (id) VALUES (1)"); c.execute("UPDATE alembic_version SET version_num = %s" % chr(39) + "a2" + chr(39))
c.execute("COMMIT")' "$tmp/slowlite.db" >"$tmp/holder.out" &
holder=$!
for _ in $(seq 50); do grep -q held "$tmp/holder.out" 2>/dev/null && break; sleep 0.1; done
cupel upgrade head >/dev/null 2>"$tmp/err"
rc=$?
wait $holder
grep -q "the version table changed while cupel waited for the database's write lock (another migration runner?): it holds a2, the plan was made from a1; nothing was run" "$tmp/err"
ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "sqlite: a runner whose rows moved while it waited for the write lock stops with a clear message" ||
	sed 's/^/# /' "$tmp/err"
c=$(cupel current 2>/dev/null | ids)
n=$(sqlite3 "$tmp/slowlite.db" "SELECT count(*) FROM sl")
ok $([ "$c" = "a2 " ] && [ "$n" = 1 ] && echo 0 || echo 1) "sqlite: ... and ran nothing (current $c, $n row)"
cupel upgrade head >/dev/null 2>"$tmp/err"
c=$(cupel current 2>/dev/null | ids)
ok $([ "$c" = "a3 " ] && echo 0 || echo 1) "sqlite: run again, it upgrades from the new rows ($c)" || sed 's/^/# /' "$tmp/err"

# SQLite's journal: cupel keeps the database's journal mode (no journal
# file stays after its run, a WAL database stays WAL), and a runner killed
# mid-migration leaves a hot journal that the next opener (Alembic) rolls
# back
ok $([ ! -e "$tmp/slowlite.db-journal" ] && echo 0 || echo 1) "sqlite: no journal file is left after cupel's run"
proj=$tmp/wal-lite
mkproj "$proj"
newdb sqlite wallite
sqlite3 "$tmp/wallite.db" "PRAGMA journal_mode=WAL" >/dev/null
cupel upgrade head >/dev/null 2>"$tmp/err"
ok $? "sqlite: upgrade head of a WAL database" || sed 's/^/# /' "$tmp/err"
m=$(sqlite3 "$tmp/wallite.db" "PRAGMA journal_mode")
ok $([ "$m" = wal ] && echo 0 || echo 1) "sqlite: the WAL database is still in WAL mode ($m)"
proj=$tmp/kill-lite
UP1="    op.create_table('kl', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.execute(\"INSERT INTO kl (id) VALUES (1)\")
    op.execute(\"INSERT INTO kl (id) WITH RECURSIVE c(x) AS (SELECT 2 UNION ALL SELECT x + 1 FROM c WHERE x < 300000000) SELECT x FROM c\")"
UP3="    pass"
mkproj "$proj"
newdb sqlite killlite
cupel upgrade a1 >/dev/null 2>&1
(cd "$proj" && exec "$BIN" upgrade head --db "$url" -q) >/dev/null 2>&1 &
runner=$!
for _ in $(seq 100); do [ -s "$tmp/killlite.db-journal" ] && break; sleep 0.05; done
sleep 0.5
kill -9 $runner 2>/dev/null
wait $runner 2>/dev/null
a=$(alembic current 2>/dev/null | ids)
n=$(sqlite3 "$tmp/killlite.db" "SELECT count(*) FROM kl")
ok $([ "$a" = "a1 " ] && [ "$n" = 0 ] && echo 0 || echo 1) "sqlite: a runner killed mid-migration: alembic current a1 ($a), nothing of a2 ($n rows)"

# the server stops in the middle of a migration: nothing half-applied
proj=$tmp/crash
UP1="    op.create_table('k1', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.create_table('k2', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute(\"SELECT pg_sleep(30)\")"
UP3="    pass"
mkproj "$proj"
newdb postgresql crash
(cd "$proj" && "$BIN" upgrade head -q --db "$url" >"$tmp/c.out" 2>&1; echo $? >"$tmp/c.rc") &
cr=$!
for _ in $(seq 600); do
	psql -d crash -tAc "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'" 2>/dev/null | grep -q 1 && break
	sleep 0.1
done
pgcluster_kill "$PGHOST"
wait $cr
ok $([ "$(cat "$tmp/c.rc")" = 1 ] && echo 0 || echo 1) "server stopped mid-migration: exits 1"
grep -q 'connection was lost\|terminat\|server closed' "$tmp/c.out"
ok $? "server stopped mid-migration: says the connection was lost" || cat "$tmp/c.out"
pgcluster_restart "$PGHOST"
c=$(cupel current 2>"$tmp/err" | ids)
[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"
ok $([ "$c" = "a1 " ] && echo 0 || echo 1) "after the restart: current is a1 ($c)"
n=$(psql -d crash -tAc "SELECT count(*) FROM pg_class WHERE relname = 'k2'")
ok $([ "$n" = 0 ] && echo 0 || echo 1) "after the restart: a2's table is not there"

# the server stops inside an autocommit block: what the block (and the
# migration before it) committed stays, as with Alembic, and the message
# says so rather than "the server rolled the migration back"
proj=$tmp/crash-ac
UP1="    op.create_table('ka', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.create_table('kb', sa.Column('id', sa.Integer(), primary_key=True))
    with op.get_context().autocommit_block():
        op.execute(\"INSERT INTO ka (id) VALUES (1)\")
        op.execute(\"SELECT pg_sleep(30)\")
    op.execute(\"INSERT INTO ka (id) VALUES (2)\")"
UP3="    pass"
mkproj "$proj"
newdb postgresql crashac
(cd "$proj" && "$BIN" upgrade head -q --db "$url" >"$tmp/c.out" 2>&1; echo $? >"$tmp/c.rc") &
cr=$!
for _ in $(seq 600); do
	psql -d crashac -tAc "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'" 2>/dev/null | grep -q 1 && break
	sleep 0.1
done
pgcluster_kill "$PGHOST"
wait $cr
pgcluster_restart "$PGHOST"
grep -q "the connection was lost; its autocommit block(s) committed 2 statement(s) that stay (lines [0-9]*-[0-9]*: .*); the rest of the migration was rolled back" "$tmp/c.out" &&
	! grep -q "the server rolled the migration back" "$tmp/c.out" && grep -q "1 of 3 step(s) committed" "$tmp/c.out"
ok $([ $? = 0 ] && [ "$(cat "$tmp/c.rc")" = 1 ] && echo 0 || echo 1) "server stopped inside an autocommit block: the message says which statements stay" ||
	sed 's/^/# /' "$tmp/c.out"
c=$(cupel current 2>/dev/null | ids)
n=$(psql -d crashac -tAc "SELECT (SELECT count(*) FROM pg_class WHERE relname = 'kb') || ' ' || (SELECT string_agg(id::text, ',') FROM ka)")
ok $([ "$c" = "a1 " ] && [ "$n" = "1 1" ] && echo 0 || echo 1) "after the restart: current a1 ($c), the block's table and row stay as alembic leaves them ($n)"

# ---- cupel verify: round trips on scratch databases ------------------
proj=$tmp/verify
"$PY" "$top/tests/run/gen_live.py" "$proj" --revisions "$N" --seed 11 >/dev/null
n=$(cd "$proj" && "$BIN" history | wc -l)
(cd "$proj" && "$BIN" verify) >"$tmp/v.out" 2>&1
ok $? "verify on a scratch SQLite file exits 0" || tail -5 "$tmp/v.out" | sed 's/^/# /'
grep -q "^$n of $n migration(s) verified on sqlite:///.*: $n round trip(s) equal, 0 differ, 0 failed" "$tmp/v.out"
ok $? "verify: all $n round trips equal on SQLite" || tail -2 "$tmp/v.out" | sed 's/^/# /'
ls /tmp/cupel-verify-* >/dev/null 2>&1
ok $([ $? != 0 ] && echo 0 || echo 1) "verify leaves no scratch file behind"
admin="postgresql://postgres@/postgres?host=$PGHOST&port=$PGPORT"
(cd "$proj" && "$BIN" verify --db "$admin") >"$tmp/v.out" 2>&1
ok $? "verify on a scratch PostgreSQL database exits 0" || tail -5 "$tmp/v.out" | sed 's/^/# /'
grep -q "(scratch database cupel_verify_[0-9]*): $n round trip(s) equal, 0 differ, 0 failed" "$tmp/v.out"
ok $? "verify: all $n round trips equal on PostgreSQL"
left=$(psql -d postgres -tAc "SELECT count(*) FROM pg_database WHERE datname LIKE 'cupel_verify%'")
ok $([ "$left" = 0 ] && echo 0 || echo 1) "verify drops its scratch database ($left left)"
proj=$tmp/verify-bad
UP1="    op.create_table('vt', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer(), nullable=True))"
UP2="    op.alter_column('vt', 'a', nullable=False, existing_type=sa.Integer())"
UP3="    op.add_column('vt', sa.Column('b', sa.Integer(), nullable=True))"
mkproj "$proj"
# a1 undoes itself; a2 and a3 keep mkproj's "pass" downgrades
"$PY" - "$proj/migrations/versions/a1.py" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p).read().replace("def downgrade():\n    pass", "def downgrade():\n    op.drop_table('vt')")
open(p, "w").write(s)
PYEOF
(cd "$proj" && "$BIN" verify --db "$admin") >"$tmp/v.out" 2>&1
rc=$?
ok $([ $rc = 1 ] && echo 0 || echo 1) "verify exits 1 when a downgrade does not restore the schema"
grep -q "^DIFF a2 fault 2 downgrade does not restore the schema" "$tmp/v.out" &&
	grep -q "^- column | public | vt | a | integer | .* | YES |" "$tmp/v.out" &&
	grep -q "^+ column | public | vt | a | integer | .* | NO |" "$tmp/v.out"
ok $? "verify names the migration and shows the difference (a stays NOT NULL)" || sed 's/^/# /' "$tmp/v.out"
grep -q "^FAIL a3 fault 3 upgrade after downgrade failed" "$tmp/v.out"
ok $? "verify reports a downgrade that leaves the column behind (the upgrade fails again)" || sed 's/^/# /' "$tmp/v.out"
# after it the scratch database is emptied and rebuilt, and a4 is verified too
"$PY" - "$proj/migrations/versions" <<'PYEOF'
import os, sys
d = sys.argv[1]
s = open(os.path.join(d, "a3.py")).read()
s = s.replace("fault 3", "fault 4").replace("a3", "a4").replace("down_revision = 'a2'", "down_revision = 'a3'")
s = s.replace("op.add_column('vt', sa.Column('b', sa.Integer(), nullable=True))",
              "op.execute('CREATE TYPE mood AS ENUM (\\'ok\\')')\n    op.create_table('vt4', sa.Column('m', sa.Text()))")
s = s.replace("def downgrade():\n    pass", "def downgrade():\n    op.drop_table('vt4')\n    op.execute('DROP TYPE mood')")
open(os.path.join(d, "a4.py"), "w").write(s)
PYEOF
(cd "$proj" && "$BIN" verify --db "$admin") >"$tmp/v.out" 2>&1
grep -q "(the scratch database was emptied and upgraded to a3 again)" "$tmp/v.out" &&
	grep -q "^ok   a4 fault 4" "$tmp/v.out" &&
	grep -q "^4 of 4 migration(s) verified .*: 2 round trip(s) equal, 1 differ, 1 failed$" "$tmp/v.out"
ok $? "verify on PostgreSQL: after a3's failed re-upgrade the scratch database is rebuilt, and a4 round-trips" ||
	sed 's/^/# /' "$tmp/v.out"

curnorm() { # current's output, its lines sorted, lists in set order sorted, the database named X
	sed -E "s/$1/X_/" | "$PY" -c '
import re, sys
for l in sorted(sys.stdin.read().splitlines()):
    m = re.match(r"(Branch names|Branches into|Merges): (.*)$", l)
    print("%s: %s" % (m.group(1), ", ".join(sorted(m.group(2).split(", ")))) if m else l)'
}
# ---- current with depends_on: the dependencies' heads too ------------
# b2 depends on a2 of another branch; after "alembic stamp b2" the table
# holds b2 alone, and alembic current also shows a2 (get_all_current)
proj=$tmp/deps
mkproj "$proj"
"$PY" - "$proj/migrations/versions" <<'PYEOF'
import os, sys
d = sys.argv[1]
for f in os.listdir(d):
    os.remove(os.path.join(d, f))
def rev(rid, down, labels, deps):
    open(os.path.join(d, rid + ".py"), "w").write(
        '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2026-12-01 00:00:00\n\n"""\n'
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = %r\ndown_revision = %r\n"
        "branch_labels = %r\ndepends_on = %r\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
        % (rid, rid, down or "", rid, down, labels, deps))
rev("a1", None, ("alpha",), None)
rev("a2", "a1", None, None)
rev("a3", "a2", None, None)
rev("b1", None, ("beta",), None)
rev("b2", "b1", None, "a2")
PYEOF
for backend in sqlite postgresql; do
	newdb $backend deps_$backend
	alembic stamp b2 >/dev/null 2>&1
	want=$(alembic current 2>/dev/null | ids)
	got=$(cupel current 2>/dev/null | ids)
	ok $([ "$got" = "$want" ] && [ "$want" = "a2 b2 " ] && echo 0 || echo 1) \
		"$backend: after alembic stamp b2, cupel current shows what alembic current shows ($got; alembic: $want)"
	# stamp with several revisions online, as alembic stamp REV1 REV2:
	# the same rows after each of a sequence (a1 b1 from a2 b1 leaves a1,
	# as Alembic's)
	url_a= url_c=
	newdb $backend stampa_$backend && url_a=$url && db_a=$db
	newdb $backend stampc_$backend && url_c=$url && db_c=$db
	for revs in "a2 b1" "a2 b1" "a1 b1" "a1" "b2" "a3 b2"; do
		url=$url_a db=$db_a
		# shellcheck disable=SC2086
		alembic stamp $revs >/dev/null 2>&1
		want="$? $(dump | sed '1,/^-- versions$/d' | tr '\n' ' ')"
		url=$url_c db=$db_c
		# shellcheck disable=SC2086
		cupel stamp $revs >/dev/null 2>"$tmp/err"
		got="$? $(dump | sed '1,/^-- versions$/d' | tr '\n' ' ')"
		ok $([ "$got" = "$want" ] && echo 0 || echo 1) "$backend: cupel stamp $revs: rc and rows as alembic's ($got; alembic: $want)" ||
			sed 's/^/# /' "$tmp/err"
		# current prints what alembic current prints (no branch labels),
		# -v too; Alembic 1.8 lists a set, so the order is compared aside
		for v in "" -v; do
			url=$url_a db=$db_a
			# shellcheck disable=SC2086
			alembic current $v 2>/dev/null | curnorm stampa_ >"$tmp/cur.want"
			url=$url_c db=$db_c
			# shellcheck disable=SC2086
			cupel current $v 2>/dev/null | curnorm stampc_ >"$tmp/cur.got"
			same_output "$backend: after stamp $revs, cupel current $v prints alembic's lines" "$tmp/cur.got" "$tmp/cur.want"
		done
	done
done

# sqlite:///file:PATH?mode=ro&uri=true: an SQLite URI, as pysqlite opens it
# (uri=true; the other parameters go into the URI): read, never written
newdb sqlite uri_sqlite
alembic stamp a2 b1 >/dev/null 2>&1
rw_url=$url
url="sqlite:///file:$tmp/uri_sqlite.db?mode=ro&uri=true"
a=$(alembic current 2>/dev/null | ids)
c=$(cupel current 2>"$tmp/err" | ids)
ok $([ "$c" = "$a" ] && [ "$a" = "a2 b1 " ] && echo 0 || echo 1) "sqlite URI with uri=true: current as alembic's ($c; alembic: $a)" || sed 's/^/# /' "$tmp/err"
alembic stamp heads >/dev/null 2>&1
arc=$?
cupel stamp heads >/dev/null 2>"$tmp/err"
rc=$?
url=$rw_url
c=$(cupel current 2>/dev/null | ids)
ok $([ $rc = 1 ] && [ $arc != 0 ] && grep -q readonly "$tmp/err" && [ "$c" = "a2 b1 " ] && echo 0 || echo 1) \
	"sqlite URI mode=ro: stamp refused by SQLite as alembic's is ($rc, alembic $arc), rows kept ($c)" || sed 's/^/# /' "$tmp/err"
url="sqlite:///file:uri_plain.db"
cupel stamp a1 >/dev/null 2>"$tmp/err"
ok $([ $? = 0 ] && [ -f "$proj/file:uri_plain.db" ] && echo 0 || echo 1) "sqlite:///file:NAME without uri=true is a file of that name, as pysqlite's" || sed 's/^/# /' "$tmp/err"
# timeout=SECONDS: how long pysqlite waits for another writer's lock, for
# alembic and cupel alike
lockdb=$tmp/uri_sqlite.db
/usr/bin/python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("BEGIN IMMEDIATE")
print("held", flush=True); time.sleep(8)' "$lockdb" >"$tmp/holder.out" &
holder=$!
for _ in $(seq 50); do grep -q held "$tmp/holder.out" 2>/dev/null && break; sleep 0.1; done
url="sqlite:///$lockdb?timeout=0.5"
t0=$(date +%s%N)
cupel stamp a1 >/dev/null 2>"$tmp/err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
t0=$(date +%s%N)
alembic stamp a1 >/dev/null 2>&1
arc=$?
ams=$((($(date +%s%N) - t0) / 1000000))
ok $([ $rc != 0 ] && [ $arc != 0 ] && [ $ms -lt 3000 ] && grep -qi locked "$tmp/err" && echo 0 || echo 1) \
	"sqlite timeout=0.5 with another writer: cupel gives up after ${ms} ms ($rc), alembic after ${ams} ms ($arc)" || sed 's/^/# /' "$tmp/err"
url="sqlite:///$lockdb?timeout=soon"
cupel current >/dev/null 2>"$tmp/err"
ok $([ $? != 0 ] && grep -q "timeout=soon is not a number" "$tmp/err" && echo 0 || echo 1) \
	"sqlite timeout= that is not a number is refused" || sed 's/^/# /' "$tmp/err"
kill $holder 2>/dev/null
wait $holder 2>/dev/null
url=$rw_url

# ---- cupel verify --data: sample rows must survive -------------------
proj=$tmp/verify
for where in sqlite postgresql; do
	dbopt=
	[ $where = postgresql ] && dbopt="--db $admin"
	# shellcheck disable=SC2086
	(cd "$proj" && "$BIN" verify --data $dbopt) >"$tmp/vd.out" 2>&1
	rc=$?
	put=$(sed -n 's/.*; \([0-9]*\) sample row(s) put in, 0 migration(s) lost some$/\1/p' "$tmp/vd.out")
	ok $([ $rc = 0 ] && [ "${put:-0}" -gt "$n" ] && echo 0 || echo 1) \
		"verify --data on $where: every migration keeps the sample rows (${put:-?} rows put in)" ||
		tail -3 "$tmp/vd.out" | sed 's/^/# /'
done
# a migration that rebuilds a table by hand loses its rows; a downgrade
# that does loses them on the round trip
proj=$tmp/verify-lossy
UP1="    op.create_table('lt', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer(), nullable=False))"
UP2="    op.add_column('lt', sa.Column('b', sa.Integer(), nullable=True))"
UP3="    op.drop_table('lt')\n    op.create_table('lt', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer(), nullable=False), sa.Column('b', sa.Integer()))"
mkproj "$proj"
"$PY" - "$proj/migrations/versions" <<'PYEOF'
import sys
d = sys.argv[1]
def edit(name, old, new):
    p = "%s/%s.py" % (d, name)
    s = open(p).read().replace(old, new)
    open(p, "w").write(s)
edit("a1", "def downgrade():\n    pass", "def downgrade():\n    op.drop_table('lt')")
edit("a2", "def downgrade():\n    pass", "def downgrade():\n    op.drop_table('lt')\n    op.create_table('lt', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer(), nullable=False))")
edit("a3", "\\n", "\n")
PYEOF
for where in sqlite postgresql; do
	dbopt=
	[ $where = postgresql ] && dbopt="--db $admin"
	# shellcheck disable=SC2086
	(cd "$proj" && "$BIN" verify --data $dbopt) >"$tmp/vd.out" 2>&1
	rc=$?
	ok $([ $rc = 1 ] && echo 0 || echo 1) "verify --data on $where exits 1 when rows are lost" ||
		sed 's/^/# /' "$tmp/vd.out"
	grep -q "^DATA a2 downgrade and upgrade again lost rows:" "$tmp/vd.out" &&
		grep -q "lt: 1 row -> 0" "$tmp/vd.out"
	ok $? "verify --data on $where: a2's downgrade rebuilding the table loses its row" || sed 's/^/# /' "$tmp/vd.out"
	grep -q "^DATA a3 the upgrade lost rows:" "$tmp/vd.out"
	ok $? "verify --data on $where: a3 rebuilding the table by hand loses the rows" || sed 's/^/# /' "$tmp/vd.out"
done

# ---- --alembic: steps cupel cannot run are handed to alembic ----------
proj=$tmp/shop
cp -r "$top/examples/shop" "$proj"
rm -f "$proj/shop.db"
(cd "$proj" && "$BIN" upgrade 1e9f4c7b2a60 -q) >"$tmp/h.out" 2>&1
ok $([ $? = 1 ] && echo 0 || echo 1) "example on SQLite without --alembic: refused up front at its first opaque step"
grep -q "5a1f8e3c7d92_customers_email_normalized.py:46): line 46 cannot run without Python: a while loop" "$tmp/h.out"
ok $? "the refusal names the file, the line and the reason" || sed 's/^/# /' "$tmp/h.out"
n=$(sqlite3 "$proj/shop.db" "SELECT count(*) FROM sqlite_master WHERE name != 'alembic_version'" 2>/dev/null)
ok $([ "${n:-0}" = 0 ] && echo 0 || echo 1) "nothing of the example's plan ran (${n:-0} tables)"
(cd "$proj" && "$BIN" upgrade 1e9f4c7b2a60 -q --alembic) >"$tmp/h.out" 2>&1
ok $? "example on SQLite with --alembic: up to 1e9f4c7b2a60" || tail -5 "$tmp/h.out" | sed 's/^/# /'
grep -q "cupel: handing 5a1f8e3c7d92 to alembic" "$tmp/h.out" && ! grep -q "handing 71c3e9b2d0f4" "$tmp/h.out"
ok $? "the hand-off is announced (the opaque step only: cupel runs the batches itself)"
sqlite3 "$proj/shop.db" .schema >"$tmp/handoff.schema"
sqlite3 "$proj/shop.db" "SELECT version_num FROM alembic_version" >>"$tmp/handoff.schema"
ls "$proj"/.cupel-alembic-* >/dev/null 2>&1
ok $([ $? != 0 ] && echo 0 || echo 1) "the hand-off's ini (it holds the URL) is removed"
rm -f "$proj/shop.db"
(cd "$proj" && "$PY" -m alembic upgrade 1e9f4c7b2a60) >/dev/null 2>&1
sqlite3 "$proj/shop.db" .schema >"$tmp/alembic.schema"
sqlite3 "$proj/shop.db" "SELECT version_num FROM alembic_version" >>"$tmp/alembic.schema"
# Alembic's batch recreate keeps a table's constraints in a set ordered by
# object address, so two runs of alembic alone may list them in another
# order: compare with the constraint lines of each table sorted.
"$PY" "$top/tests/run/sort_constraints.py" <"$tmp/handoff.schema" >"$tmp/handoff.sorted"
"$PY" "$top/tests/run/sort_constraints.py" <"$tmp/alembic.schema" >"$tmp/alembic.sorted"
same_output "cupel with --alembic builds exactly what alembic alone builds (sqlite_master text, constraint order aside)" "$tmp/handoff.sorted" "$tmp/alembic.sorted"

# ---- session 10's audit ------------------------------------------------
# a migration without a block of its own fails after one with a block:
# the message speaks of the failing migration only (a pipelined step
# carried the earlier block's statements into it); with --one-transaction
# the rollback reaches back to that block, as Alembic's one transaction
# does: the database equals alembic's, and the message says what stays
proj=$tmp/blkfail
UP1="    op.create_table('ab1', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('w', sa.Integer()))"
UP2="    op.create_table('ab2', sa.Column('id', sa.Integer(), primary_key=True))
    with op.get_context().autocommit_block():
        op.execute(\"INSERT INTO ab1 (id) VALUES (1)\")
    op.add_column('ab1', sa.Column('x', sa.Integer()))"
UP3="    op.execute(\"INSERT INTO ab1 (id, w) VALUES (2, 'notanint')\")"
mkproj "$proj"
newdb postgresql blkref
alembic upgrade head >/dev/null 2>&1
arc=$?
{ dump; psql -tAc "SELECT id FROM ab1" -d blkref; } | sed 's/blkref/X/g' >"$tmp/blk.want"
newdb postgresql blkfail
cupel upgrade head >/dev/null 2>"$tmp/err"
rc=$?
grep -q "upgrade a2 -> a3 failed" "$tmp/err" && ! grep -q "autocommit block" "$tmp/err" &&
	grep -q "^the migration was rolled back; 2 of 3 step(s) committed$" "$tmp/err"
ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "postgresql: a failure after another migration's autocommit block is reported as the failing migration's own" ||
	sed 's/^/# /' "$tmp/err"
newdb postgresql blkfail
cupel upgrade head --one-transaction >/dev/null 2>"$tmp/err"
rc=$?
{ dump; psql -tAc "SELECT id FROM ab1" -d blkfail; } | sed 's/blkfail/X/g' >"$tmp/blk.got"
same_output "postgresql: --one-transaction and a failure after an earlier migration's autocommit block leave what alembic leaves (rc $rc, alembic $arc)" "$tmp/blk.got" "$tmp/blk.want"
grep -q "the transaction was rolled back to the autocommit block of upgrade a1 -> a2: of that migration 2 statement(s) stay" "$tmp/err" &&
	grep -q "; 1 of 3 step(s) committed$" "$tmp/err"
ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "postgresql: ... and the message says the rollback reached back to that block, 1 step committed" ||
	sed 's/^/# /' "$tmp/err"

# a version row the project does not know: alembic current resolves every
# row before it prints one, and prints none (-v: its header only)
proj=$tmp/unknownrow
UP1="    pass" UP2="    pass" UP3="    pass"
mkproj "$proj"
for be in sqlite postgresql; do
	newdb $be unknownrow_$be
	alembic stamp a1 >/dev/null 2>&1
	case $be in sqlite) sqlite3 "$tmp/unknownrow_$be.db" "INSERT INTO alembic_version VALUES ('zzzz')" ;;
		*) psql -qc "INSERT INTO alembic_version VALUES ('zzzz')" -d unknownrow_$be ;; esac
	for v in "" -v; do
		# shellcheck disable=SC2086
		a=$(alembic current $v 2>/dev/null | grep -v "^FAILED")
		arc=$?
		# shellcheck disable=SC2086
		c=$(cupel current $v 2>"$tmp/err")
		rc=$?
		ok $([ $rc = 1 ] && [ "$c" = "$a" ] && grep -q "Can't locate revision identified by 'zzzz'" "$tmp/err" && echo 0 || echo 1) \
			"$be: current $v with an unknown version row fails and prints no revision, as alembic's (stdout '$c', alembic '$a')"
	done
done

# env.py's transactional_ddl=False on PostgreSQL: Alembic runs each
# migration in a transaction of its own and makes the version table before
# the first, committed: a first migration that fails leaves it, empty; no
# note that alembic would run the plan in one transaction
proj=$tmp/notddl
UP1="    op.create_table('nt', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute(\"INSERT INTO nosuch (id) VALUES (1)\")"
UP2="    pass"
UP3="    pass"
mkproj "$proj"
sed -i 's/target_metadata=target_metadata)$/target_metadata=target_metadata, transactional_ddl=False)/' "$proj/migrations/env.py"
newdb postgresql notddl_ref
alembic upgrade head >/dev/null 2>&1
arc=$?
dump | sed 's/notddl_ref/X/g' >"$tmp/nt.want"
newdb postgresql notddl
(cd "$proj" && "$BIN" upgrade head --db "$url") >/dev/null 2>"$tmp/err"
rc=$?
dump | sed 's/notddl/X/g' >"$tmp/nt.got"
same_output "postgresql, transactional_ddl=False: a failing first migration leaves the empty version table alembic leaves (rc $rc, alembic $arc)" "$tmp/nt.got" "$tmp/nt.want"
ok $([ $rc = 1 ] && [ $arc != 0 ] && grep -q "0 of 3 step(s) committed" "$tmp/err" && ! grep -q "one transaction" "$tmp/err" && echo 0 || echo 1) \
	"postgresql, transactional_ddl=False: no note that alembic would run one transaction" || sed 's/^/# /' "$tmp/err"

# verify on PostgreSQL sees what a downgrade forgets beyond columns,
# constraints, indexes, enums and views: a comment, row security (a REVOKE
# of every GRANT restores the privileges: no difference there)
proj=$tmp/verify-more
UP1="    op.create_table('vc', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer()))"
UP2="    op.execute(\"COMMENT ON COLUMN vc.a IS 'the a'\")"
UP3="    op.execute('GRANT SELECT ON vc TO PUBLIC')
    op.execute('ALTER TABLE vc ENABLE ROW LEVEL SECURITY')"
mkproj "$proj"
"$PY" - "$proj/migrations/versions" <<'PYEOF'
import sys
d = sys.argv[1]
def edit(name, new):
    p = "%s/%s.py" % (d, name)
    s = open(p).read().replace("def downgrade():\n    pass", "def downgrade():\n" + new)
    open(p, "w").write(s)
edit("a1", "    op.drop_table('vc')")
edit("a3", "    op.execute('REVOKE SELECT ON vc FROM PUBLIC')")
PYEOF
(cd "$proj" && "$BIN" verify --db "$admin") >"$tmp/v.out" 2>&1
rc=$?
grep -q "^DIFF a2 fault 2 downgrade does not restore the schema" "$tmp/v.out" &&
	grep -q "^+ column comment | public | vc | a | the a$" "$tmp/v.out"
ok $([ $? = 0 ] && [ $rc = 1 ] && echo 0 || echo 1) "verify on PostgreSQL reports a comment the downgrade leaves" || sed 's/^/# /' "$tmp/v.out"
grep -q "^DIFF a3 fault 3 downgrade does not restore the schema" "$tmp/v.out" &&
	grep -q "^- relation | public | vc | r | p | f | f |  | $" "$tmp/v.out" &&
	grep -q "^+ relation | public | vc | r | p | t | f |  | $" "$tmp/v.out" &&
	grep -q "^3 of 3 migration(s) verified .*: 1 round trip(s) equal, 2 differ, 0 failed$" "$tmp/v.out"
ok $? "verify on PostgreSQL reports row security left on, and a revoked grant as restored" || sed 's/^/# /' "$tmp/v.out"

# the version table's own statement fails (a revision id longer than
# VARCHAR(32), as in Alembic): the message names that statement too
proj=$tmp/longid
UP1="    pass" UP2="    pass" UP3="    pass"
mkproj "$proj"
long=a_revision_identifier_longer_than_32
sed -i "s/'a3'/'$long'/" "$proj/migrations/versions/a3.py"
newdb postgresql longid
cupel upgrade heads >/dev/null 2>"$tmp/err"
rc=$?
a=$(alembic upgrade heads 2>&1 | grep -c 'value too long for type character varying(32)')
grep -q "upgrade a2 -> $long failed (.*a3.py): value too long for type character varying(32)" "$tmp/err" &&
	grep -q "^statement: UPDATE alembic_version SET version_num = '$long' WHERE version_num = 'a2'$" "$tmp/err" &&
	grep -q "the migration was rolled back; 2 of 3 step(s) committed" "$tmp/err"
ok $([ $? = 0 ] && [ $rc = 1 ] && [ "$a" -ge 1 ] && echo 0 || echo 1) "postgresql: a failing version table statement is named in the message (alembic fails alike)" ||
	sed 's/^/# /' "$tmp/err"

# env.py's transactional_ddl=True on SQLite: Alembic runs the plan in one
# SQLAlchemy transaction there too; cupel commits each migration and says
# so, as on PostgreSQL (without it: one transaction per migration, no note)
proj=$tmp/tddl-lite
UP1="    op.create_table('tl', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    pass" UP3="    pass"
mkproj "$proj"
for opt in "" transactional_ddl=True; do
	[ -n "$opt" ] && sed -i "s/target_metadata=target_metadata)$/target_metadata=target_metadata, $opt)/" "$proj/migrations/env.py"
	newdb sqlite tddl_lite
	(cd "$proj" && "$BIN" upgrade head --db "$url") >/dev/null 2>"$tmp/err"
	rc=$?
	n=$(grep -c "alembic would run these 3 migrations in one transaction; cupel commits each one" "$tmp/err")
	ok $([ $rc = 0 ] && [ "$n" = "$([ -n "$opt" ] && echo 1 || echo 0)" ] && echo 0 || echo 1) \
		"sqlite${opt:+, $opt}: the one-transaction note is printed only when alembic would run one ($n)" || sed 's/^/# /' "$tmp/err"
done

# env.py that runs the migrations outside context.begin_transaction():
# Alembic (SQLAlchemy 1.4) commits each statement as it runs on
# PostgreSQL, the version table's CREATE too; cupel says so, and leaves
# the version table as alembic does when the first migration fails
proj=$tmp/nobegin
UP1="    op.create_table('nb', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute(\"INSERT INTO nosuch (id) VALUES (1)\")"
UP2="    pass" UP3="    pass"
mkproj "$proj"
"$PY" - "$proj/migrations/env.py" <<'PYEOF'
import sys
p = sys.argv[1]
s = open(p).read()
old = """        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()"""
assert old in s
s = s.replace(old, """        context.configure(connection=connection, target_metadata=target_metadata)
        context.run_migrations()""")
open(p, "w").write(s)
PYEOF
newdb postgresql nobegin_ref
alembic upgrade head >/dev/null 2>&1
arc=$?
a=$(psql -tAc "SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version'" -d nobegin_ref)
newdb postgresql nobegin
(cd "$proj" && "$BIN" upgrade head --db "$url") >/dev/null 2>"$tmp/err"
rc=$?
c=$(psql -tAc "SELECT count(*) FROM pg_tables WHERE tablename = 'alembic_version'" -d nobegin)
grep -q "note: env.py runs the migrations outside context.begin_transaction(), so alembic would commit each statement as it runs" "$tmp/err" &&
	! grep -q "in one transaction" "$tmp/err"
ok $([ $? = 0 ] && [ $rc = 1 ] && [ $arc != 0 ] && [ "$c" = "$a" ] && [ "$a" = 1 ] && echo 0 || echo 1) \
	"postgresql, env.py without begin_transaction(): the note says alembic commits each statement; the version table stays as alembic's ($c, alembic $a)" ||
	sed 's/^/# /' "$tmp/err"

# --sql takes its dialect from the database the online form would use
# (--db, then $CUPEL_DATABASE_URL), as alembic --sql from env.py's URL:
# byte for byte alembic's script for that URL (the ini names SQLite)
proj=$tmp/sqldb
UP1="    op.create_table('sd', sa.Column('id', sa.Integer(), primary_key=True))"
UP2="    op.add_column('sd', sa.Column('x', sa.Integer()))" UP3="    pass"
mkproj "$proj"
pgurl="postgresql://postgres@/nodb?host=$PGHOST&port=$PGPORT"
(cd "$proj" && CUPEL_TEST_URL="$pgurl" "$PY" -m alembic upgrade a1:a3 --sql) >"$tmp/sd.want" 2>/dev/null
(cd "$proj" && "$BIN" upgrade a1:a3 --sql --db "$pgurl") >"$tmp/sd.got" 2>&1
same_output "upgrade --sql --db postgresql://...: alembic's script for that URL" "$tmp/sd.got" "$tmp/sd.want"
(cd "$proj" && CUPEL_DATABASE_URL="$pgurl" "$BIN" upgrade a1:a3 --sql) >"$tmp/sd.got" 2>&1
same_output "upgrade --sql with \$CUPEL_DATABASE_URL: alembic's script for that URL" "$tmp/sd.got" "$tmp/sd.want"

# libpq's connection hint is indented with a tab: shown with spaces, not
# as an escaped "\t"
out=$(cd "$proj" && "$BIN" current --db "postgresql://u:pw@/db?host=$tmp/nosuchdir" 2>&1)
echo "$out" | grep -q '^    Is the server running locally' && ! echo "$out" | grep -qF '\t'
ok $? "a connection failure's hint is indented with spaces" || echo "$out" | sed 's/^/# /'

# the exit status says whether every check passed
tap_end
