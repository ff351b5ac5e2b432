#!/usr/bin/env bash
# op.get_bind().execute(...) online, its result unused, against the real
# Alembic 1.8.1 on a SQLite file and a throwaway PostgreSQL 15 cluster:
# a text() or a Core statement runs as op.execute does; a plain string is
# the DBAPI's own SQL (psycopg2 reads % as a parameter, %% as %; pysqlite
# fails a statement with parameters). Each case is one migration on fresh
# databases: both tools fail, or both write the same rows; the version
# table is the same either way.
#   tests/run/connexec.sh CUPEL_BIN    TAP lines, then "N passed, N failed"
. "$(dirname "$0")/../lib/livetest.sh"
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
P=$tmp/p
mkdir -p "$P/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite://\n' >"$P/alembic.ini"
cat >"$P/migrations/env.py" <<'PYEOF'
import os
from sqlalchemy import create_engine, pool
from alembic import context

with create_engine(os.environ["CX_URL"], poolclass=pool.NullPool).connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
PYEOF
# case NAME BODY: the migration's upgrade() after the table is made
n=0
case_() {
	local name=$1 body=$2 be
	n=$((n + 1))
	cat >"$P/migrations/versions/c.py" <<PYEOF
"""c"""
from alembic import op
import sqlalchemy as sa

revision = "c$n"
down_revision = None
t = sa.table("t", sa.column("id", sa.Integer), sa.column("s", sa.Text))


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", sa.Text()))
    conn = op.get_bind()
$(printf '%s\n' "$body" | sed 's/^/    /')


def downgrade():
    op.drop_table("t")
PYEOF
	for be in sqlite postgresql; do
		local ua uc
		if [ $be = sqlite ]; then
			rm -f "$tmp/a.db" "$tmp/c.db"
			ua="sqlite:///$tmp/a.db" uc="sqlite:///$tmp/c.db"
		else
			psql -qc "DROP DATABASE IF EXISTS cx_a" -c "DROP DATABASE IF EXISTS cx_c" -c "CREATE DATABASE cx_a" -c "CREATE DATABASE cx_c" >/dev/null 2>&1
			ua="postgresql://postgres@/cx_a?host=$PGHOST&port=$PGPORT" uc="postgresql://postgres@/cx_c?host=$PGHOST&port=$PGPORT"
		fi
		(cd "$P" && CX_URL=$ua "$PY" -m alembic upgrade head) >"$tmp/a.out" 2>&1
		arc=$?
		(cd "$P" && "$BIN" upgrade head -q --db "$uc") >"$tmp/c.out" 2>&1
		crc=$?
		local sa sc
		# the version rows, then the table's rows; after a failure the
		# version rows only (on SQLite Alembic leaves the DDL before the
		# failure behind, with no version row; cupel rolls it back)
		if [ $be = sqlite ]; then
			sa=$(sqlite3 "$tmp/a.db" "SELECT version_num FROM alembic_version" 2>/dev/null)
			sc=$(sqlite3 "$tmp/c.db" "SELECT version_num FROM alembic_version" 2>/dev/null)
			[ $arc = 0 ] && sa="$sa $(sqlite3 "$tmp/a.db" "SELECT id || '=' || s FROM t ORDER BY id" 2>&1)"
			[ $crc = 0 ] && sc="$sc $(sqlite3 "$tmp/c.db" "SELECT id || '=' || s FROM t ORDER BY id" 2>&1)"
		else
			sa=$(psql -d cx_a -tAc "SELECT version_num FROM alembic_version" 2>/dev/null)
			sc=$(psql -d cx_c -tAc "SELECT version_num FROM alembic_version" 2>/dev/null)
			[ $arc = 0 ] && sa="$sa $(psql -d cx_a -tAc "SELECT id || '=' || s FROM t ORDER BY id" 2>&1)"
			[ $crc = 0 ] && sc="$sc $(psql -d cx_c -tAc "SELECT id || '=' || s FROM t ORDER BY id" 2>&1)"
		fi
		ok $([ $((arc != 0)) = $((crc != 0)) ] && [ "$sa" = "$sc" ] && echo 0 || echo 1) \
			"$name ($be): $([ $arc = 0 ] && echo "runs: $(echo $sa)" || echo "fails (rc $arc, $crc), no version row")" ||
			{ echo "alembic: $(grep -E 'Error|error' "$tmp/a.out" | tail -1) | $sa"; echo "cupel: $(tail -2 "$tmp/c.out") | $sc"; } | sed 's/^/# /'
	done
}
case_ "a text() with a % in a literal" 'conn.execute(sa.text("INSERT INTO t (id, s) VALUES (1, '"'"'a%'"'"')"))'
case_ "a plain string with a colon in a literal" 'conn.execute("INSERT INTO t (id, s) VALUES (2, '"'"'b:x'"'"')")'
case_ "a plain string with a %" 'op.get_bind().execute("INSERT INTO t (id, s) VALUES (3, '"'"'c%'"'"')")'
case_ "a plain string with %%" 'conn.execute("INSERT INTO t (id, s) VALUES (4, '"'"'d%%'"'"')")'
case_ "a plain string with a ? parameter" 'conn.execute("INSERT INTO t (id, s) VALUES (5, ?)")'
case_ "a plain string with a :name parameter" 'conn.execute("INSERT INTO t (id, s) VALUES (6, :s)")'
case_ "a text() with a :name it has no value for" 'conn.execute(sa.text("INSERT INTO t (id, s) VALUES (7, :s)"))'
case_ "a Core statement" 'conn.execute(t.insert().values(id=8, s="h"))
conn.execute(t.update().where(t.c.id == 8).values(s="h2"))'
case_ "two statements in a plain string" 'conn.execute("INSERT INTO t (id, s) VALUES (9, '"'"'i'"'"'); INSERT INTO t (id, s) VALUES (10, '"'"'j'"'"')")'
case_ "a text() with a dict of values" 'conn.execute(sa.text("INSERT INTO t (id, s) VALUES (:i, :s)"), {"i": 11, "s": "it'"'"'s a\\b"})
conn.execute(sa.text("UPDATE t SET s = s || :x WHERE id = :i AND :f < 2.5 AND :b"), {"i": 11, "x": "!", "f": 1.5, "b": True})'
case_ "a text() with keyword values and a None" 'conn.execute(sa.text("INSERT INTO t (id, s) VALUES (:i, :s)"), i=12, s=None)
conn.execute(sa.text("UPDATE t SET s = '"'"'k'"'"' WHERE id = :i AND s IS :n"), i=12, n=None)'
case_ "a text() missing one of its values" 'conn.execute(sa.text("INSERT INTO t (id, s) VALUES (:i, :s)"), {"i": 13})'
echo "1..$tap_n"
echo "$((tap_n - tap_failed)) passed, $tap_failed failed"
[ "$tap_failed" -eq 0 ]
