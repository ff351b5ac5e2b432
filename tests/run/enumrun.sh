#!/usr/bin/env bash
# Enum types made once per run, as Alembic's DDL runner remembers them: an
# sa.Enum(name="status") in two create_table calls of one migration, and
# again in a later migration of the same command, makes CREATE TYPE once;
# a later command makes it again (and fails, as Alembic does). Checked
# against the real Alembic 1.8 offline (--sql, byte for byte) and online
# on a throwaway PostgreSQL 15 (outcome and schema dump).
#   tests/run/enumrun.sh CUPEL_BIN      TAP lines, then "N passed, N failed"
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
. "$top/tests/lib/pgcluster.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cupel-enumrun.XXXXXX")
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
. "$top/tests/lib/tap.sh"

P=$tmp/proj
mkdir -p "$P/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = postgresql://\n' >"$P/alembic.ini"
cat >"$P/migrations/env.py" <<'EOF'
import os
from sqlalchemy import create_engine, pool
from alembic import context

url = os.environ.get("ENUMRUN_URL", "postgresql://")
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(url, poolclass=pool.NullPool).connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
EOF
rev() { # id down body...
	local id=$1 down=$2
	shift 2
	{
		printf '"""%s"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "%s"\ndown_revision = %s\n' "$id" "$id" "$down"
		printf 'STATUS = sa.Enum("new", "done", name="status")\n\n\ndef upgrade():\n'
		printf '    %s\n' "$@"
		printf '\n\ndef downgrade():\n    pass\n'
	} >"$P/migrations/versions/$id.py"
}
rev e1 None 'op.create_table("t1", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", STATUS))' \
	'op.create_table("t2", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", sa.Enum("new", "done", name="status")), sa.Column("s2", STATUS))'
rev e2 '"e1"' 'op.create_table("t3", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", STATUS), sa.Column("m", sa.Enum("x", name="mood", schema="public")))' \
	'op.create_table("t4", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("m", sa.Enum("x", name="mood", schema="public")))'

for range in e1 e2 e1:e2; do
	(cd "$P" && "$PY" -m alembic upgrade "$range" --sql >"$tmp/a.sql" 2>"$tmp/a.err")
	(cd "$P" && "$BIN" upgrade "$range" --sql >"$tmp/c.sql" 2>"$tmp/c.err")
	cmp -s "$tmp/a.sql" "$tmp/c.sql"
	ok $? "upgrade $range --sql: byte-identical to Alembic's ($(grep -c 'CREATE TYPE' "$tmp/a.sql") CREATE TYPE)" ||
		diff "$tmp/a.sql" "$tmp/c.sql" | head -10 | sed 's/^/# /'
done

pgcluster_start "$tmp/pg" >/dev/null || { echo "not ok - cluster"; exit 1; }
url() { echo "postgresql://postgres@/$1?host=$PGHOST&port=$PGPORT"; }
dump() { pg_dump -s --no-owner -d "$1" | grep -vE '^(--|SET |SELECT pg_catalog.set_config|\\(un)?restrict )' | sed '/^$/d'; }
for db in a c a2 c2; do psql -qc "CREATE DATABASE $db" >/dev/null; done

# one command: e1 and e2 together
(cd "$P" && ENUMRUN_URL=$(url a) "$PY" -m alembic upgrade head >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade head -q --db "$(url c)" >"$tmp/c.out" 2>&1)
crc=$?
ok $([ $arc = 0 ] && [ $crc = 0 ] && echo 0 || echo 1) "upgrade head in one command: alembic rc $arc, cupel rc $crc" ||
	tail -3 "$tmp/c.out" | sed 's/^/# /'
dump a >"$tmp/a.dump"
dump c >"$tmp/c.dump"
cmp -s "$tmp/a.dump" "$tmp/c.dump"
ok $? "... the same schema as Alembic's" || diff "$tmp/a.dump" "$tmp/c.dump" | head -10 | sed 's/^/# /'

# two commands: e2 makes status again, and fails in both
(cd "$P" && ENUMRUN_URL=$(url a2) "$PY" -m alembic upgrade e1 >/dev/null 2>&1)
(cd "$P" && ENUMRUN_URL=$(url a2) "$PY" -m alembic upgrade head >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade e1 -q --db "$(url c2)" >/dev/null 2>&1)
(cd "$P" && "$BIN" upgrade head -q --db "$(url c2)" >"$tmp/c.out" 2>&1)
crc=$?
both_fail 'type "status" already exists' "e2 in a second command makes status again: both fail"
a=$(psql -d a2 -tAc "SELECT version_num FROM alembic_version")
c=$(psql -d c2 -tAc "SELECT version_num FROM alembic_version")
ok $([ "$a" = e1 ] && [ "$c" = e1 ] && echo 0 || echo 1) "... both stay at e1 (alembic $a, cupel $c)"

# create_type=False is postgresql.ENUM's: SQLAlchemy 1.4's sa.Enum drops the
# keyword, so its create_table makes the type again (and fails as Alembic's
# does); postgresql.ENUM(create_type=False) does not
rev e3 '"e2"' 'op.create_table("t5", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", sa.Enum("new", "done", name="status", create_type=False)))'
(cd "$P" && "$PY" -m alembic upgrade e2:e3 --sql >"$tmp/a.sql" 2>"$tmp/a.err")
(cd "$P" && "$BIN" upgrade e2:e3 --sql >"$tmp/c.sql" 2>"$tmp/c.err")
cmp -s "$tmp/a.sql" "$tmp/c.sql" && grep -q 'CREATE TYPE status' "$tmp/c.sql"
ok $? "sa.Enum(create_type=False) --sql: CREATE TYPE as Alembic's" || diff "$tmp/a.sql" "$tmp/c.sql" | head -10 | sed 's/^/# /'
for db in a3 c3; do psql -qc "CREATE DATABASE $db" >/dev/null; done
(cd "$P" && ENUMRUN_URL=$(url a3) "$PY" -m alembic upgrade e2 >/dev/null 2>&1)
(cd "$P" && ENUMRUN_URL=$(url a3) "$PY" -m alembic upgrade e3 >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade e2 -q --db "$(url c3)" >/dev/null 2>&1)
(cd "$P" && "$BIN" upgrade e3 -q --db "$(url c3)" >"$tmp/c.out" 2>&1)
crc=$?
both_fail 'type "status" already exists' "sa.Enum(create_type=False) online makes the type again: both fail"
a=$(psql -d a3 -tAc "SELECT version_num FROM alembic_version")
c=$(psql -d c3 -tAc "SELECT version_num FROM alembic_version")
ok $([ "$a" = e2 ] && [ "$c" = e2 ] && echo 0 || echo 1) "... both stay at e2 (alembic $a, cupel $c)"
sed -i 's/sa.Enum("new", "done", name="status", create_type=False)/postgresql.ENUM("new", "done", name="status", create_type=False)/; s/^import sqlalchemy as sa$/import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql/' "$P/migrations/versions/e3.py"
(cd "$P" && ENUMRUN_URL=$(url a3) "$PY" -m alembic upgrade e3 >"$tmp/a.out" 2>&1)
arc=$?
(cd "$P" && "$BIN" upgrade e3 -q --db "$(url c3)" >"$tmp/c.out" 2>&1)
crc=$?
ok $([ $arc = 0 ] && [ $crc = 0 ] && echo 0 || echo 1) "postgresql.ENUM(create_type=False) reuses the type: alembic rc $arc, cupel rc $crc" ||
	tail -3 "$tmp/c.out" | sed 's/^/# /'
dump a3 | sed 's/a3/X/g' >"$tmp/a.dump"
dump c3 | sed 's/c3/X/g' >"$tmp/c.dump"
cmp -s "$tmp/a.dump" "$tmp/c.dump"
ok $? "... the same schema as Alembic's" || diff "$tmp/a.dump" "$tmp/c.dump" | head -10 | sed 's/^/# /'

tap_end
