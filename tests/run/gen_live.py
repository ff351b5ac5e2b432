#!/usr/bin/python3
"""Generate an Alembic project whose migrations really run, online, on both
PostgreSQL and SQLite (unlike tests/sqlparity/gen_ops.py, a catalogue for
offline rendering): tables created, columns and indexes added, rows
inserted and updated, tables renamed, with branches, merges and labels,
and downgrades that undo each step exactly.

    gen_live.py OUTDIR [--revisions N] [--seed S] [--fail-at K]

--fail-at K makes migration K run a good statement and then a failing one
(to check that a failed migration leaves nothing behind). The URL comes
from alembic.ini's sqlalchemy.url or $CUPEL_TEST_URL.
"""
import argparse
import os
import random

ENV_PY = '''import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
target_metadata = None


def url():
    return os.environ.get("CUPEL_TEST_URL") or config.get_main_option("sqlalchemy.url")


def run_migrations_offline():
    context.configure(url=url(), target_metadata=target_metadata, literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    section = config.get_section(config.config_ini_section)
    section["sqlalchemy.url"] = url()
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata%(extra)s)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

INI = '''[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = sqlite:///%(here)s/live.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = WARN
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)-5.5s [%%(name)s] %%(message)s
'''

SCRIPT = '''"""{message}

Revision ID: {rev}
Revises: {down_text}
Create Date: 2026-11-24 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {deps!r}


def upgrade():
{up}


def downgrade():
{down_body}
'''


def body(lines):
    return "\n".join("    " + l for l in lines) if lines else "    pass"


class Gen:
    def __init__(self, rnd):
        self.rnd = rnd
        self.n_tables = 0

    def ops(self, k, tables):
        """(upgrade lines, downgrade lines) for migration k; tables is the
        list of tables (name, [columns]) of this branch, updated."""
        r = self.rnd
        kind = r.choice(["create", "create", "add_column", "index", "rows", "rename", "drop", "sql_ddl"]
                        if tables else ["create"])
        if kind == "create" or (kind == "drop" and len(tables) < 2):
            self.n_tables += 1
            t = "t%d_%d" % (k, self.n_tables)
            up = ["op.create_table(",
                  "    %r," % t,
                  "    sa.Column('id', sa.Integer(), nullable=False),",
                  "    sa.Column('name', sa.String(length=%d), nullable=True)," % r.choice([20, 50, 100]),
                  "    sa.Column('qty', sa.Integer(), server_default=sa.text('0'), nullable=False),",
                  "    sa.PrimaryKeyConstraint('id', name=op.f('pk_%s')),"  % t,
                  ")"]
            tables.append((t, ["id", "name", "qty"]))
            return up, ["op.drop_table(%r)" % t]
        t, cols = r.choice(tables)
        if kind == "add_column":
            c = "c%d" % k
            cols.append(c)
            typ = r.choice(["sa.Integer()", "sa.String(length=30)", "sa.Boolean()", "sa.Text()"])
            return (["op.add_column(%r, sa.Column(%r, %s, nullable=True))" % (t, c, typ)],
                    ["op.drop_column(%r, %r)" % (t, c)])
        if kind == "sql_ddl":
            # DDL as raw SQL (both databases take it): the schema model
            # reads it through PostgreSQL's parser
            c, ix = "x%d" % k, "ix_%s_x%d" % (t, k)
            cols.append(c)
            return (["op.execute(\"ALTER TABLE %s ADD COLUMN %s INTEGER NOT NULL DEFAULT 0\")" % (t, c),
                     "op.execute(\"CREATE INDEX %s ON %s (%s)\")" % (ix, t, c)],
                    # listed in reverse: the downgrade body is written reversed
                    ["op.execute(\"ALTER TABLE %s DROP COLUMN %s\")" % (t, c),
                     "op.execute(\"DROP INDEX %s\")" % ix])
        if kind == "index":
            ix = "ix_%s_name_%d" % (t, k)
            return (["op.create_index(%r, %r, ['name'], unique=False)" % (ix, t)],
                    ["op.drop_index(%r, table_name=%r)" % (ix, t)])
        if kind == "rows":
            return (["op.execute(\"INSERT INTO %s (id, name) VALUES (%d, 'row %d')\")" % (t, 1000 + k, k),
                     "op.execute(\"UPDATE %s SET qty = qty + 1 WHERE id = %d\")" % (t, 1000 + k)],
                    ["op.execute(\"DELETE FROM %s WHERE id = %d\")" % (t, 1000 + k)])
        if kind == "rename":
            tables.remove((t, cols))
            nt = "%s_r%d" % (t.split("_r")[0], k)
            tables.append((nt, cols))
            return (["op.rename_table(%r, %r)" % (t, nt)], ["op.rename_table(%r, %r)" % (nt, t)])
        # drop: a table created in this very migration, so downgrade can
        # recreate it exactly
        self.n_tables += 1
        t = "tmp%d_%d" % (k, self.n_tables)
        return (["op.create_table(%r, sa.Column('id', sa.Integer(), primary_key=True))" % t,
                 "op.drop_table(%r)" % t],
                ["pass"])


def rev_id(rnd):
    return "%012x" % rnd.getrandbits(48)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--revisions", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fail-at", type=int, default=0)
    ap.add_argument("--per-migration", action="store_true",
                    help="env.py sets transaction_per_migration=True")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(os.path.join(a.outdir, "migrations", "versions"), exist_ok=True)
    with open(os.path.join(a.outdir, "alembic.ini"), "w") as f:
        f.write(INI)
    with open(os.path.join(a.outdir, "migrations", "env.py"), "w") as f:
        f.write(ENV_PY % {"extra": ", transaction_per_migration=True" if a.per_migration else ""})
    g = Gen(rnd)
    # branches: each has its own tables; a branch splits from the trunk and
    # merges back later
    trunk = {"head": None, "tables": []}
    open_branches = []
    for k in range(1, a.revisions + 1):
        rev = rev_id(rnd)
        labels = None
        deps = None
        if open_branches and (rnd.random() < 0.3 or k == a.revisions):
            # merge the oldest open branch back into the trunk
            b = open_branches.pop(0)
            down = (trunk["head"], b["head"])
            up, dn = [], []
            message = "merge %d" % k
            trunk["tables"] += b["tables"]
        else:
            target = trunk
            if trunk["head"] and rnd.random() < 0.15 and len(open_branches) < 2:
                target = {"head": trunk["head"], "tables": []}
                labels = ("feature%d" % k,)
                open_branches.append(target)
            elif open_branches and rnd.random() < 0.4:
                target = rnd.choice(open_branches)
            down = target["head"]
            up, dn = g.ops(k, target["tables"])
            if k == a.fail_at:
                up = up + ["op.execute(\"INSERT INTO no_such_table_%d VALUES (1)\")" % k]
            message = "step %d" % k
            target["head"] = rev
            if target is trunk:
                pass
        if isinstance(down, tuple):
            trunk["head"] = rev
        down_text = ", ".join(down) if isinstance(down, tuple) else (down or "")
        with open(os.path.join(a.outdir, "migrations", "versions", "%s_%d.py" % (rev, k)), "w") as f:
            f.write(SCRIPT.format(message=message, rev=rev, down_text=down_text, down=down,
                                  labels=labels, deps=deps, up=body(up), down_body=body(list(reversed(dn)))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
