#!/usr/bin/env bash
# env.py as Alembic runs it online, against the real Alembic 1.8: the
# version table named by the online configure() call when the offline one
# says otherwise, by config.get_main_option() from alembic.ini, by
# configure(**CONF); the session settings env.py gives its connection
# (SET search_path on PostgreSQL, PRAGMA on SQLite). For each, alembic
# upgrades part of the way, cupel current must show it and cupel finish,
# alembic current must show cupel's head, and the tables must be where
# alembic puts them.
#   tests/run/envlive.sh CUPEL_BIN      TAP lines, then "N passed, N failed"
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
. "$top/tests/lib/pgcluster.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cupel-envlive.XXXXXX")
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
. "$top/tests/lib/tap.sh"

# proj DIR ONLINE_SETUP ONLINE_KW OFFLINE_KW [MODULE_LINES]: a project of
# three revisions, each creating table kN; env.py's online function runs
# ONLINE_SETUP on the connection and passes ONLINE_KW to configure()
proj() {
	local d=$1
	mkdir -p "$d/migrations/versions"
	printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite:///unused.db\nversion_table = cfg_versions\n' >"$d/alembic.ini"
	cat >"$d/migrations/env.py" <<EOF
import os
from sqlalchemy import engine_from_config, pool, text
from alembic import context

config = context.config
target_metadata = None
url = os.environ.get("ENVLIVE_URL") or config.get_main_option("sqlalchemy.url")
${5:-}


def run_migrations_offline():
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True$4)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    cfg = config.get_section(config.config_ini_section)
    cfg["sqlalchemy.url"] = url
    connectable = engine_from_config(cfg, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        $2
        context.configure(connection=connection, target_metadata=target_metadata$3)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
EOF
	local prev=None i
	for i in 1 2 3; do
		cat >"$d/migrations/versions/k$i.py" <<EOF
"""k$i"""
from alembic import op
import sqlalchemy as sa

revision = "k$i"
down_revision = $prev
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("k$i", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("k$i")
EOF
		prev="\"k$i\""
	done
}

alembic() { (cd "$P" && ENVLIVE_URL="$U" "$PY" -m alembic "$@"); }
cupel() { (cd "$P" && "$BIN" "$@" --db "$U"); }
ids() { grep -oE '\bk[0-9]\b' | sort | tr '\n' ' '; }

# turns CASE VTABLE WHERE: alembic to k1, cupel on to k3, alembic current
# sees k3; VTABLE is where the version rows must be; WHERE lists the
# tables kN (qualified as the database names them)
turns() {
	local name=$1 vtab=$2
	alembic upgrade k1 >"$tmp/a.out" 2>&1
	ok $? "$name: alembic upgrade k1" || tail -3 "$tmp/a.out" | sed 's/^/# /'
	local got
	got=$(cupel current 2>&1 | ids)
	ok $([ "$got" = "k1 " ] && echo 0 || echo 1) "$name: cupel current shows alembic's k1 ($got)"
	cupel upgrade head >"$tmp/c.out" 2>&1
	ok $? "$name: cupel upgrade head" || tail -3 "$tmp/c.out" | sed 's/^/# /'
	got=$(alembic current 2>/dev/null | ids)
	ok $([ "$got" = "k3 " ] && echo 0 || echo 1) "$name: alembic current shows cupel's k3 ($got)"
	got=$(rows "$vtab")
	ok $([ "$got" = "k3" ] && echo 0 || echo 1) "$name: the version row is in $vtab ($got)"
}

# ---- SQLite: which configure() and which version table ----------------
rows() { sqlite3 "${U#sqlite:///}" "SELECT version_num FROM $1" 2>&1 | tr '\n' ' ' | sed 's/ $//'; }

P=$tmp/both
proj "$P" "pass" ', version_table="b_on"' ', version_table="a_off"'
U=sqlite:///$tmp/both.db
turns "online configure() wins over the offline one" b_on
grep -q 'a_off' <(cd "$P" && "$BIN" sql k1 --dialect sqlite)
ok $? "cupel sql still renders the offline call's table (a_off)"

P=$tmp/cfg
proj "$P" "pass" ', version_table=config.get_main_option("version_table", "alembic_version")' ''
U=sqlite:///$tmp/cfg.db
turns "version_table from config.get_main_option()" cfg_versions

P=$tmp/dict
proj "$P" "pass" ', **CONF' '' 'CONF = dict(version_table="my_versions", transaction_per_migration=True)'
U=sqlite:///$tmp/dict.db
turns "version_table from configure(**CONF)" my_versions

P=$tmp/dict2
proj "$P" "pass" ', **CONF' '' 'CONF = {"version_table": "lit_versions"}'
U=sqlite:///$tmp/dict2.db
turns "version_table from configure(**{...})" lit_versions

# ---- PostgreSQL: SET search_path on the connection ---------------------
pgcluster_start "$tmp/pg" >/dev/null || { echo "not ok - cluster"; exit 1; }
psql -qc "CREATE DATABASE sp" >/dev/null
psql -d sp -qc "CREATE SCHEMA app" >/dev/null
rows() { psql -d sp -tAc "SELECT version_num FROM $1" 2>&1 | tr '\n' ' ' | sed 's/ $//'; }
P=$tmp/sp
proj "$P" 'connection.execute(text("SET search_path TO app, public"))' '' ''
U="postgresql://postgres@/sp?host=$PGHOST&port=$PGPORT"
turns "SET search_path TO app on env.py's connection" app.alembic_version
got=$(psql -d sp -tAc "SELECT string_agg(table_schema || '.' || table_name, ' ' ORDER BY table_name)
	FROM information_schema.tables WHERE table_name LIKE 'k_' OR table_name = 'alembic_version'")
ok $([ "$got" = "app.alembic_version app.k1 app.k2 app.k3" ] && echo 0 || echo 1) \
	"every table in schema app, none in public ($got)"

# a setting the server refuses: a clear error, nothing run
P=$tmp/spbad
proj "$P" 'connection.execute(text("SET no_such_setting TO 1"))' '' ''
psql -qc "CREATE DATABASE spbad" >/dev/null
U="postgresql://postgres@/spbad?host=$PGHOST&port=$PGPORT"
cupel upgrade head >"$tmp/c.out" 2>&1
rc=$?
said=1
grep -q 'env.py.s "SET no_such_setting TO 1" failed: unrecognized configuration parameter' "$tmp/c.out" && said=0
ok $([ $rc != 0 ] && [ $said = 0 ] && echo 0 || echo 1) "a SET the server refuses stops cupel with env.py's statement and the server's error" ||
	sed 's/^/# /' "$tmp/c.out"
left=$(psql -d spbad -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
ok $([ "$left" = 0 ] && echo 0 || echo 1) "... and nothing ran ($left tables)"

tap_end
