#!/usr/bin/python3
# A project for tests/run/typedvalues.sh: one table with a column per
# type; revision v0 makes it, and one revision per (type, value) case,
# each a branch from v0, bulk-inserts that value into that column (the
# value goes through SQLAlchemy's literal processor offline and its bind
# processor online, which may refuse it). Writes the project to DIR and
# the case list to DIR/cases.txt: "rev column value".
#   typed_values.py DIR
import os, sys

TYPES = [  # column, type expression
    ("b", "sa.Boolean()"), ("i", "sa.Integer()"), ("bi", "sa.BigInteger()"),
    ("s", "sa.String(20)"), ("tx", "sa.Text()"), ("n", "sa.Numeric(10, 2)"),
    ("f", "sa.Float()"), ("d", "sa.Date()"), ("dt", "sa.DateTime()"),
    ("tm", "sa.Time()"), ("e", "sa.Enum('a', 'b', name='ev_e')"),
    ("j", "sa.JSON()"), ("lb", "sa.LargeBinary()"),
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
    d = sys.argv[1]
    vers = os.path.join(d, "migrations", "versions")
    os.makedirs(vers, exist_ok=True)
    open(os.path.join(d, "alembic.ini"), "w").write(INI)
    open(os.path.join(d, "migrations", "env.py"), "w").write(ENV)
    cols = ",\n".join("        sa.Column(%r, %s)" % (c, t) for c, t in TYPES)
    open(os.path.join(vers, "v0.py"), "w").write(SCRIPT.format(
        rev="v0", down=None,
        up="    op.create_table(\n        'tv',\n        sa.Column('id', sa.Integer(), primary_key=True),\n%s,\n    )" % cols,
        dn="    op.drop_table('tv')\n    sa.Enum(name='ev_e').drop(op.get_bind(), checkfirst=True)"))
    cases = []
    k = 0
    for c, t in TYPES:
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
