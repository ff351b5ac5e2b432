#!/usr/bin/env bash
# op.execute("... :name ...") online: SQLAlchemy's text() reads :name as a
# bind parameter and wants a value, so the real Alembic 1.8 fails the
# migration; cupel must fail it too (not write NULL into the data, which is
# what the offline SQL shows), and run "\\:name" and "::cast" as written;
# bulk_insert online is one executemany, as SQLAlchemy runs it.
#   tests/run/bindparam.sh CUPEL_BIN      TAP lines, then "N passed, N failed"
set -uo pipefail
BIN=$(realpath "$1")
PY=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cupel-bind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$(cd "$(dirname "$0")/../.." && pwd)/tests/lib/tap.sh"
P=$tmp/p
mkdir -p "$P/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite://\n' >"$P/alembic.ini"
cat >"$P/migrations/env.py" <<'PYEOF'
import os
from sqlalchemy import create_engine, pool
from alembic import context

with create_engine(os.environ["BIND_URL"], poolclass=pool.NullPool).connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
PYEOF
cat >"$P/migrations/versions/b1.py" <<'PYEOF'
"""b1"""
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = None


def upgrade():
    op.create_table("kv", sa.Column("k", sa.Text()), sa.Column("v", sa.Text()))
    op.execute("INSERT INTO kv (k, v) VALUES ('escaped', 'at 12\\:30, x::text')")


def downgrade():
    op.drop_table("kv")
PYEOF
cat >"$P/migrations/versions/b2.py" <<'PYEOF'
"""b2"""
from alembic import op

revision = "b2"
down_revision = "b1"


def upgrade():
    op.execute("INSERT INTO kv (k, v) VALUES ('url', 'http://x :port')")


def downgrade():
    pass
PYEOF
(cd "$P" && BIND_URL=sqlite:///$tmp/a.db "$PY" -m alembic upgrade head >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade head --db "sqlite:///$tmp/c.db" >"$tmp/c.out" 2>&1)
crc=$?
both_fail "A value is required for bind parameter 'port'" \
	"':port' in op.execute's text: alembic and cupel both fail for want of a value"
a=$(sqlite3 "$tmp/a.db" "SELECT version_num FROM alembic_version; SELECT k || '=' || v FROM kv ORDER BY k")
c=$(sqlite3 "$tmp/c.db" "SELECT version_num FROM alembic_version; SELECT k || '=' || v FROM kv ORDER BY k")
ok $([ "$a" = "$c" ] && echo 0 || echo 1) "the same version row and rows as Alembic's ($(echo $c))"

# bulk_insert online is one executemany compiled from the first row's keys:
# a later row's other keys are ignored, a missing one fails
P=$tmp/bulk
mkdir -p "$P/migrations/versions"
cp "$tmp/p/alembic.ini" "$P/alembic.ini"
cp "$tmp/p/migrations/env.py" "$P/migrations/env.py"
cat >"$P/migrations/versions/m1.py" <<'PYEOF'
"""m1"""
from alembic import op
import sqlalchemy as sa

revision = "m1"
down_revision = None
T = sa.table("t", sa.column("a", sa.Integer), sa.column("b", sa.Integer))


def upgrade():
    op.create_table("t", sa.Column("a", sa.Integer()), sa.Column("b", sa.Integer(), server_default="7"))
    op.bulk_insert(T, [{"a": 1}, {"a": 2, "b": 3}])
    op.bulk_insert(T, [{"b": 1}, {"a": 5, "b": 3}], multiinsert=False)


def downgrade():
    op.drop_table("t")
PYEOF
cat >"$P/migrations/versions/m2.py" <<'PYEOF'
"""m2"""
from alembic import op
import sqlalchemy as sa

revision = "m2"
down_revision = "m1"
T = sa.table("t", sa.column("a", sa.Integer), sa.column("b", sa.Integer))


def upgrade():
    op.bulk_insert(T, [{"a": 10, "b": 20}, {"a": 30}])


def downgrade():
    pass
PYEOF
(cd "$P" && BIND_URL=sqlite:///$tmp/ba.db "$PY" -m alembic upgrade m1 >/dev/null 2>&1)
(cd "$P" && "$BIN" upgrade m1 -q --db "sqlite:///$tmp/bc.db" >/dev/null 2>&1)
a=$(sqlite3 "$tmp/ba.db" "SELECT a || ',' || b FROM t ORDER BY rowid" | tr '\n' ' ')
c=$(sqlite3 "$tmp/bc.db" "SELECT a || ',' || b FROM t ORDER BY rowid" | tr '\n' ' ')
ok $([ "$a" = "$c" ] && echo 0 || echo 1) "bulk_insert rows with other keys: the rows Alembic writes ($c; alembic: $a)"
(cd "$P" && BIND_URL=sqlite:///$tmp/ba.db "$PY" -m alembic upgrade m2 >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade m2 --db "sqlite:///$tmp/bc.db" >"$tmp/c.out" 2>&1)
crc=$?
both_fail "A value is required for bind parameter 'b', in parameter group 1" \
	"a bulk_insert row without the first row's key b: both fail, parameter group 1"

# pysqlite runs one statement per execute(): two in one op.execute fail in
# Alembic; a trigger (its body has ';'), and a trailing comment, do not
cat >"$P/migrations/versions/m3.py" <<'PYEOF'
"""m3"""
from alembic import op

revision = "m3"
down_revision = "m1"


def upgrade():
    op.execute("CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN UPDATE t SET b = 0 WHERE b IS NULL; END;  -- note")
    op.execute("INSERT INTO t (a) VALUES (100)")


def downgrade():
    pass
PYEOF
cat >"$P/migrations/versions/m4.py" <<'PYEOF'
"""m4"""
from alembic import op

revision = "m4"
down_revision = "m3"


def upgrade():
    op.execute("INSERT INTO t (a) VALUES (200); INSERT INTO t (a) VALUES (300)")


def downgrade():
    pass
PYEOF
sed -i 's/^down_revision = "m1"$/down_revision = "m1"/' "$P/migrations/versions/m2.py"
rm -f "$tmp/ba.db" "$tmp/bc.db"
(cd "$P" && BIND_URL=sqlite:///$tmp/ba.db "$PY" -m alembic upgrade m4 >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade m4 --db "sqlite:///$tmp/bc.db" >"$tmp/c.out" 2>&1)
crc=$?
both_fail "You can only execute one statement at a time" \
	"SQLite: two statements in one op.execute fail in both; a trigger body and a trailing comment do not"
a=$(sqlite3 "$tmp/ba.db" "SELECT version_num FROM alembic_version; SELECT a || ',' || b FROM t WHERE a >= 100")
c=$(sqlite3 "$tmp/bc.db" "SELECT version_num FROM alembic_version; SELECT a || ',' || b FROM t WHERE a >= 100")
ok $([ "$a" = "$c" ] && echo 0 || echo 1) "... both at m3 with the trigger's row ($(echo $c); alembic: $(echo $a))"

# offline, a value of an untyped sa.column() has no literal renderer:
# Alembic's --sql fails, and so does cupel's (online it is a bind value)
P=$tmp/untyped
mkdir -p "$P/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite://\n' >"$P/alembic.ini"
printf 'from alembic import context\ncontext.configure(url="sqlite://", literal_binds=True)\nwith context.begin_transaction():\n    context.run_migrations()\n' >"$P/migrations/env.py"
cat >"$P/migrations/versions/u1.py" <<'PYEOF'
"""u1"""
from alembic import op
import sqlalchemy as sa

revision = "u1"
down_revision = None


def upgrade():
    op.bulk_insert(sa.table("org", sa.column("id"), sa.column("name", sa.String)), [{"name": "a", "id": 1}])


def downgrade():
    pass
PYEOF
(cd "$P" && "$PY" -m alembic upgrade u1 --sql >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade u1 --sql >"$tmp/c.out" 2>&1)
crc=$?
both_fail 'No literal value renderer is available for literal value "1" with datatype NULL' \
	"--sql: bulk_insert into an untyped sa.column fails in both with SQLAlchemy's message"

tap_end
