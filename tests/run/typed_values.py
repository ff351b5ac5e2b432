#!/usr/bin/python3
# The projects of tests/run/typedvalues.sh: one table with a column per
# type; revision v0 makes it, and one revision per (type, value) case,
# each a branch from v0, bulk-inserts that value into that column (the
# value goes through SQLAlchemy's literal processor offline and its bind
# processor online, which may refuse it). One project per column, DIR/COL
# (v0 the same in each); the case list in DIR/cases.txt: "rev column value".
#   typed_values.py DIR
import os, sys

TYPES = [  # column, type expression
    ("b", "sa.Boolean()"), ("i", "sa.Integer()"), ("bi", "sa.BigInteger()"),
    ("s", "sa.String(20)"), ("tx", "sa.Text()"), ("n", "sa.Numeric(10, 2)"),
    ("f", "sa.Float()"), ("d", "sa.Date()"), ("dt", "sa.DateTime()"),
    ("tm", "sa.Time()"), ("e", "sa.Enum('a', 'b', name='ev_e')"),
    ("j", "sa.JSON()"), ("lb", "sa.LargeBinary()"),
    ("sm", "sa.SmallInteger()"), ("un", "sa.Unicode(10)"), ("ch", "sa.CHAR(5)"),
    ("iv", "sa.Interval()"), ("ts", "sa.TIMESTAMP()"),
    # PostgreSQL's own types, as projects write them: a variant of a
    # type SQLite takes
    ("uu", "sa.Text().with_variant(postgresql.UUID(), 'postgresql')"),
    ("jb", "sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')"),
    ("by", "sa.LargeBinary().with_variant(postgresql.BYTEA(), 'postgresql')"),
    ("ip", "sa.Text().with_variant(postgresql.INET(), 'postgresql')"),
    ("pts", "sa.DateTime().with_variant(postgresql.TIMESTAMP(timezone=True), 'postgresql')"),
    ("piv", "sa.Interval().with_variant(postgresql.INTERVAL(), 'postgresql')"),
]
VALUES = ["'yes'", "'5'", "' 7 '", "'abc'", "5", "2", "1", "0", "1.0", "0.5", "True", "False",
          "'2026-01-02'", "'03:04:05'", "'a'", "'1.5'", "'true'", "None", "-3", "'1_000'"]
INI = """[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = sqlite:///%(here)s/unused.db
"""
ENV = '''import os
from sqlalchemy import create_engine, pool
from alembic import context
url = os.environ.get("TV_URL") or context.config.get_main_option("sqlalchemy.url")
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(url, poolclass=pool.NullPool).connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()
'''
SCRIPT = '''"""{rev}"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "{rev}"
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
{up}


def downgrade():
{dn}
'''


def main():
    # one project per column type (v0, the same in each, and its cases):
    # each Alembic command then reads 21 scripts, not 480
    d = sys.argv[1]
    cols = ",\n".join("        sa.Column(%r, %s)" % (c, t) for c, t in TYPES)
    cases = []
    k = 0
    for c, t in TYPES:
        pd = os.path.join(d, c)
        vers = os.path.join(pd, "migrations", "versions")
        os.makedirs(vers, exist_ok=True)
        open(os.path.join(pd, "alembic.ini"), "w").write(INI)
        open(os.path.join(pd, "migrations", "env.py"), "w").write(ENV)
        open(os.path.join(vers, "v0.py"), "w").write(SCRIPT.format(
            rev="v0", down=None,
            up="    op.create_table(\n        'tv',\n        sa.Column('id', sa.Integer(), primary_key=True),\n%s,\n    )" % cols,
            dn="    op.drop_table('tv')\n    sa.Enum(name='ev_e').drop(op.get_bind(), checkfirst=True)"))
        for v in VALUES:
            k += 1
            rev = "c%03d" % k
            up = ("    tv = sa.table('tv', sa.column('id', sa.Integer()), sa.column(%r, %s))\n"
                  "    op.bulk_insert(tv, [{'id': %d, %r: %s}])" % (c, t, k, c, v))
            open(os.path.join(vers, rev + ".py"), "w").write(SCRIPT.format(
                rev=rev, down='"v0"', up=up, dn="    op.execute('DELETE FROM tv WHERE id = %d')" % k))
            cases.append("%s %s %s" % (rev, c, v))
    open(os.path.join(d, "cases.txt"), "w").write("\n".join(cases) + "\n")


if __name__ == "__main__":
    main()
