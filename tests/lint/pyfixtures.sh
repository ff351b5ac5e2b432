# Sourced by tests/lint/run.sh (BIN, PY, tmp, ok set there): one small
# project per case the audit found (a finding at its line, or a near miss
# that must stay silent). Each project has the tables of a base revision
# p0; the case writes p1.py (and env.py when it matters).

# pyproj NAME: a fresh project $tmp/NAME holding p0
pyproj() {
	local d=$tmp/$1
	mkdir -p "$d/migrations/versions"
	printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = postgresql://u@h/d\n' >"$d/alembic.ini"
	cat >"$d/migrations/versions/p0.py" <<'PYEOF'
"""base"""
from alembic import op
import sqlalchemy as sa
revision = "p0"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
                    sa.Column("email", sa.Text(), nullable=False), sa.Column("nick", sa.Text()))


def downgrade():
    op.drop_table("users")
PYEOF
}
# lines NAME RULE: the lines of p1.py RULE reports, in order
lines() {
	(cd "$tmp/$1" && "$BIN" lint --rule "$2" --format json) >"$tmp/$1.json" 2>/dev/null
	"$PY" -c 'import json, sys
print(" ".join(str(l) for l in sorted(f["line"] for f in json.load(open(sys.argv[1]))["findings"] if f["file"].endswith("/p1.py"))))' "$tmp/$1.json"
}
# expect NAME RULE "LINES" WHAT
expect() {
	local got
	got=$(lines "$1" "$2")
	ok $([ "$got" = "$3" ] && echo 0 || echo 1) "$2: $4 (got: ${got:-none})"
}

# ---- concurrently-in-transaction: op.execute in downgrade() too
pyproj conc
cat >"$tmp/conc/migrations/versions/p1.py" <<'PYEOF'
"""concurrent index by hand"""
from alembic import op
import sqlalchemy as sa
revision = "p1"
down_revision = "p0"


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_users_email ON users (email)")
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_gone")
    op.execute(
        """
        CREATE INDEX CONCURRENTLY ix_users_nick
            ON users (nick)
        """
    )


def downgrade():
    op.execute("DROP INDEX CONCURRENTLY ix_users_nick")
    op.execute("DROP INDEX ix_users_plain")
    op.execute(sa.text("CREATE INDEX CONCURRENTLY ix_users_gone ON users (nick)"))
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_email")
PYEOF
expect conc concurrently-in-transaction "12 21 23" "raw SQL outside autocommit_block, upgrade and downgrade (not inside it, not without CONCURRENTLY)"

# ---- unnamed-constraint: what a column declares, and env.py's naming_convention
pyproj unnamed
cat >"$tmp/unnamed/migrations/versions/p1.py" <<'PYEOF'
"""constraints a column declares"""
from alembic import op
import sqlalchemy as sa
revision = "p1"
down_revision = "p0"


def upgrade():
    op.create_table(
        "addresses",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), sa.ForeignKey("users.id", name="fk_addresses_owner_id_users")),
        sa.Column("code", sa.Text(), unique=True),
        sa.Column("code2", sa.Text(), unique=False),
    )
    op.add_column("users", sa.Column("address_id", sa.BigInteger(), sa.ForeignKey("addresses.id")))
    op.add_column("users", sa.Column("a2", sa.BigInteger(), sa.ForeignKey("addresses.id", name="fk_users_a2")))
    op.add_column("users", sa.Column("handle", sa.Text(), unique=True))


def downgrade():
    op.drop_column("users", "handle")
    op.drop_column("users", "a2")
    op.drop_column("users", "address_id")
    op.drop_table("addresses")
PYEOF
expect unnamed unnamed-constraint "12 14 17 19" "sa.ForeignKey without name and unique=True, in create_table and add_column (not named, not unique=False)"
# the same with a naming convention for "uq" and one "ck" that needs a name
# (Alembic 1.8.1 names op.*'s constraints by target_metadata's convention:
# alembic upgrade --sql renders CONSTRAINT uq_addresses_code UNIQUE (code))
cp -r "$tmp/unnamed" "$tmp/unnamed-nc"
cat >"$tmp/unnamed-nc/migrations/env.py" <<'PYEOF'
from alembic import context
import sqlalchemy as sa
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s", "ck": "ck_%(table_name)s_%(constraint_name)s"}
target_metadata = sa.MetaData(naming_convention=NAMING)
context.configure(url="postgresql://u@h/d", target_metadata=target_metadata)
with context.begin_transaction():
    context.run_migrations()
PYEOF
sed -i 's|^    op.add_column("users", sa.Column("handle".*|&\n    op.create_unique_constraint(None, "users", ["nick"])\n    op.create_check_constraint(None, "users", "length(nick) < 9")|' "$tmp/unnamed-nc/migrations/versions/p1.py"
expect unnamed-nc unnamed-constraint "12 17 21" "env.py's target_metadata names unique constraints: only the foreign keys and the CHECK its template cannot name"
grep -q 'check constraint of users has no name, and env.py.s naming_convention needs %(constraint_name)s' "$tmp/unnamed-nc.json"
ok $? "unnamed-constraint: says SQLAlchemy raises for a template with %(constraint_name)s"

# ---- undocumented-data-migration: logging is no data change, nor a syntax error
pyproj logs
cat >"$tmp/logs/migrations/versions/p1.py" <<'PYEOF'
"""memo column"""
import logging
from logging import getLogger
from alembic import op
import sqlalchemy as sa
revision = "p1"
down_revision = "p0"
log = logging.getLogger(__name__)


def upgrade():
    log.info("adding memo")
    logging.warning("adding %s", "memo")
    getLogger("alembic").debug("memo")
    print("memo")
    op.add_column("users", sa.Column("memo", sa.Text()))


def downgrade():
    log.info("dropping memo")
    op.drop_column("users", "memo")
PYEOF
expect logs undocumented-data-migration "" "silent on logging and print in a DDL-only upgrade"
# a log call whose argument runs SQL is a step cupel cannot see
cp -r "$tmp/logs" "$tmp/logsql"
sed -i 's|^    print("memo")$|    log.info("%s", op.get_bind().execute(sa.text("DELETE FROM users WHERE id < 0")).rowcount)|' \
	"$tmp/logsql/migrations/versions/p1.py"
expect logsql undocumented-data-migration "11" "a log call whose argument runs SQL on the connection"
pyproj broken
printf '"""broken"""\nfrom alembic import op\nimport sqlalchemy as sa\nrevision = "p1"\ndown_revision = "p0"\n\n\ndef upgrade()\n    op.add_column("users", sa.Column("x", sa.Text()))\n\n\ndef downgrade():\n    op.drop_column("users", "x")\n' \
	>"$tmp/broken/migrations/versions/p1.py"
expect broken undocumented-data-migration "" "silent on a script with a syntax error (it runs nothing; was a finding at 1:1)"

# ---- enum-not-dropped: ENUM(create_type=False).create(bind) creates the type
# (create_type only stops a table's CREATE from creating it; Alembic 1.8.1
# offline renders CREATE TYPE for the call, checkfirst or not)
pyproj enum
cat >"$tmp/enum/migrations/versions/p1.py" <<'PYEOF'
"""enum types"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
revision = "p1"
down_revision = "p0"
kind = postgresql.ENUM("retail", "wholesale", name="user_kind", create_type=False)


def upgrade():
    kind.create(op.get_bind(), checkfirst=True)
    op.add_column("users", sa.Column("kind", kind))
    tier = postgresql.ENUM("a", "b", name="user_tier", create_type=False)
    tier.create(op.get_bind())
    op.add_column("users", sa.Column("tier", postgresql.ENUM(name="user_tier", create_type=False)))
    sa.Enum("x", "y", name="user_flag").create(op.get_bind())
    op.add_column("users", sa.Column("flag", sa.Enum("x", "y", name="user_flag")))
    op.add_column("users", sa.Column("made", postgresql.ENUM(name="made_elsewhere", create_type=False)))
    postgresql.ENUM("p", name="user_gone", create_type=False).create(op.get_bind())


def downgrade():
    op.drop_column("users", "made")
    op.drop_column("users", "flag")
    op.drop_column("users", "tier")
    op.drop_column("users", "kind")
    postgresql.ENUM(name="user_gone").drop(op.get_bind())
PYEOF
expect enum enum-not-dropped "11 14 16" "an explicit .create() of ENUM(create_type=False), once per type (not a type created elsewhere, not one dropped)"
(cd "$tmp/enum" && "$BIN" sql p0:p1) >"$tmp/enum.sql" 2>/dev/null
[ "$(grep -c "^CREATE TYPE" "$tmp/enum.sql")" = 4 ] && grep -q "^CREATE TYPE user_kind AS ENUM ('retail', 'wholesale');" "$tmp/enum.sql"
ok $? "cupel sql: CREATE TYPE for each explicit .create(), as alembic upgrade --sql"
