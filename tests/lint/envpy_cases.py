#!/usr/bin/python3
"""Projects whose env.py sets lock_timeout, or seems to and does not, for
require-lock-timeout: a0 creates tables t and seen; a1 adds a column to t
(ACCESS EXCLUSIVE on an existing table) and records the lock_timeout it
runs with in seen. Which ones set it is decided by PostgreSQL (tests/lint
/live.sh runs them with the real Alembic), not by this file.

    envpy_cases.py OUTDIR

writes OUTDIR/<case>/ and OUTDIR/cases.txt: "name set" or "name unset"
a line, what the case means to do (live.sh checks it against PostgreSQL).
"""
import os
import sys

HEAD = '''import os

import sqlalchemy as sa
from sqlalchemy import engine_from_config, pool, text

from alembic import context

config = context.config
LOCK = "SET lock_timeout = '2s'"


def url():
    return os.environ.get("CUPEL_TEST_URL") or config.get_main_option("sqlalchemy.url")


def run_migrations_online():
    section = config.get_section(config.config_ini_section)
    section["sqlalchemy.url"] = url()
'''
ENGINE = '''    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
'''
TAIL = '''

run_migrations_online()
'''


def online(before="", inside="", after="", configure="", engine=ENGINE):
    return HEAD + engine + '''    with connectable.connect() as connection:
''' + before + '''        context.configure(connection=connection, target_metadata=None%s)
        with context.begin_transaction():
''' % configure + inside + '''            context.run_migrations()
''' + after + TAIL


# name: (env.py, whether it sets lock_timeout for the migrations)
SETS = {
    "execute-text": online(before='''        connection.execute(text("SET lock_timeout = '2s'"))
'''),
    "exec-driver-sql": online(before='''        connection.exec_driver_sql("SET lock_timeout TO '5s'")
'''),
    "context-execute": online(inside='''            context.execute("SET SESSION lock_timeout = '1s'")
'''),
    "local-in-transaction": online(inside='''            context.execute("SET LOCAL lock_timeout = '1s'")
'''),
    "module-constant": online(before='''        connection.execute(sa.text(LOCK))
'''),
    "local-before-transaction": online(before='''        connection.execute(text("SET LOCAL lock_timeout = '2s'"))
'''),
    "zero-then-set": online(before='''        connection.execute(text("SET lock_timeout = 0"))
        connection.execute(text("SET lock_timeout = '2s'"))
'''),
    "rounds-up-to-1ms": online(before='''        connection.execute(text("SET lock_timeout = '600us'"))
'''),
    "connect-args": online(engine='''    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool,
                                     connect_args={"options": "-c lock_timeout=3s"})
'''),
}
NOT = {
    "none": online(),
    "after-run": online(after='''        connection.execute(text("SET lock_timeout = '2s'"))
'''),
    "zero": online(before='''        connection.execute(text("SET lock_timeout = 0"))
'''),
    "zero-seconds": online(before='''        connection.execute(text("SET lock_timeout = '0s'"))
'''),
    "zero-ms-to": online(before='''        connection.exec_driver_sql("SET lock_timeout TO '0ms'")
'''),
    "rounds-to-zero": online(before='''        connection.execute(text("SET lock_timeout = '100us'"))
'''),
    "reset-after-set": online(before='''        connection.execute(text("SET lock_timeout = '2s'"))
        connection.execute(text("RESET lock_timeout"))
'''),
    "default-after-set": online(before='''        connection.execute(text("SET lock_timeout = '2s'; SET lock_timeout TO DEFAULT"))
'''),
    "local-zero-after-set": online(before='''        connection.execute(text("SET lock_timeout = '2s'"))
''', inside='''            context.execute("SET LOCAL lock_timeout = 0")
'''),
    "connect-args-zero": online(engine='''    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool,
                                     connect_args={"options": "-c lock_timeout=0"})
'''),
    "local-per-migration": online(inside='''            context.execute("SET LOCAL lock_timeout = '1s'")
''', configure=", transaction_per_migration=True"),
    "other-setting": online(before='''        connection.execute(text("SET statement_timeout = '2s'"))
'''),
    "commented-out": online(before='''        # connection.execute(text("SET lock_timeout = '2s'"))
'''),
    "other-option": online(engine='''    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool,
                                     connect_args={"options": "-c statement_timeout=3s"})
'''),
}

REV = '''"""%(rev)s"""
from alembic import op
import sqlalchemy as sa

revision = %(rev)r
down_revision = %(down)s


def upgrade():
%(up)s

def downgrade():
%(dn)s
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    cases = [(n, e, "set") for n, e in SETS.items()] + [(n, e, "unset") for n, e in NOT.items()]
    for name, env, _ in cases:
        d = os.path.join(out, name)
        write(os.path.join(d, "alembic.ini"),
              "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://u@h/d\n")
        write(os.path.join(d, "migrations", "env.py"), env)
        write(os.path.join(d, "migrations", "versions", "a0.py"), REV % dict(
            rev="a0", down="None",
            up='''    op.create_table("t", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    op.create_table("seen", sa.Column("v", sa.Text()))
''', dn='''    op.drop_table("seen")
    op.drop_table("t")
'''))
        write(os.path.join(d, "migrations", "versions", "a1.py"), REV % dict(
            rev="a1", down="'a0'",
            up='''    op.add_column("t", sa.Column("a", sa.Integer()))
    op.execute("INSERT INTO seen SELECT current_setting('lock_timeout')")
''', dn='''    op.drop_column("t", "a")
'''))
    write(os.path.join(out, "cases.txt"), "".join("%s %s\n" % (n, w) for n, _, w in cases))


main()
