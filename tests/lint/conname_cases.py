#!/usr/bin/python3
"""A project for drop-unknown-constraint and the names PostgreSQL gives
unnamed constraints: a0 creates tables with unnamed constraints of every
kind (operations and op.execute SQL; long names that PostgreSQL cuts to 63
bytes, a multibyte character at the cut, names taken so a number is
appended); a1 drops each by PostgreSQL 15's name, and some near misses
(a wrong number, kind, label or table) that the rule must report.

    conname_cases.py OUTDIR            the project, with a1 as above
    conname_cases.py OUTDIR --live     a1 drops the names in OUTDIR/pg.txt
                                       ("table name kind" a line, read back
                                       from PostgreSQL), foreign keys first

OUTDIR/expected.txt: the names a0 gets, "table name" a line (tests/lint/
live.sh checks them against PostgreSQL); OUTDIR/fires.txt: the lines of
a1 the rule reports.
"""
import os
import sys

from fixture_env import ONLINE_ENV_PY

LONG = "a" * 60
LONGCOL = "c" * 30
# cut in the middle of the "é" (bytes 53-54) when _uid_fkey is added
MB = "x" * 53 + "\u00e9yyy"

A0 = '''"""unnamed constraints"""
from alembic import op
import sqlalchemy as sa

revision = "a0"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("a", sa.Integer()),
                    sa.Column("b", sa.Integer()), sa.UniqueConstraint("a", "b"))
    op.create_table("legacy_sessions", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
                    sa.Column("token", sa.Text()))
    op.create_table("t1", sa.Column("id", sa.BigInteger(), primary_key=True),
                    sa.Column("uid", sa.BigInteger(), sa.ForeignKey("users.id")),
                    sa.Column("a", sa.Integer(), unique=True), sa.Column("b", sa.Integer()),
                    sa.CheckConstraint("a > 0"), sa.CheckConstraint("a > b"), sa.CheckConstraint("a < 100"),
                    sa.ForeignKeyConstraint(["a", "b"], ["users.a", "users.b"]))
    op.create_table("%(long)s", sa.Column("id", sa.BigInteger(), primary_key=True),
                    sa.Column("%(longcol)s", sa.BigInteger(), sa.ForeignKey("users.id"), unique=True))
    op.create_table("%(mb)s", sa.Column("id", sa.BigInteger(), primary_key=True),
                    sa.Column("uid", sa.BigInteger(), sa.ForeignKey("users.id")))
    op.execute("CREATE TABLE sqlmade (id bigint PRIMARY KEY, uid bigint REFERENCES users (id), "
               "n int CHECK (n > 0), CHECK (n < id))")


def downgrade():
    op.drop_table("sqlmade")
    op.drop_table("%(mb)s")
    op.drop_table("%(long)s")
    op.drop_table("t1")
    op.drop_table("legacy_sessions")
    op.drop_table("users")
''' % dict(long=LONG, longcol=LONGCOL, mb=MB)

# table, PostgreSQL 15's name, Alembic's type_ (checked by live.sh)
EXPECTED = [
    ("users", "users_pkey", "primary"),
    ("users", "users_a_b_key", "unique"),
    ("legacy_sessions", "legacy_sessions_pkey", "primary"),
    ("t1", "t1_pkey", "primary"),
    ("t1", "t1_uid_fkey", "foreignkey"),
    ("t1", "t1_a_key", "unique"),
    ("t1", "t1_a_check", "check"),
    ("t1", "t1_check", "check"),
    ("t1", "t1_a_check1", "check"),
    ("t1", "t1_a_b_fkey", "foreignkey"),
    (LONG, "a" * 58 + "_pkey", "primary"),
    (LONG, "a" * 29 + "_" + "c" * 28 + "_fkey", "foreignkey"),
    (LONG, "a" * 29 + "_" + "c" * 29 + "_key", "unique"),
    (MB, MB + "_pkey", "primary"),
    (MB, "x" * 53 + "_uid_fkey", "foreignkey"),
    ("sqlmade", "sqlmade_pkey", "primary"),
    ("sqlmade", "sqlmade_uid_fkey", "foreignkey"),
    ("sqlmade", "sqlmade_n_check", "check"),
    ("sqlmade", "sqlmade_check", "check"),
]

# names PostgreSQL did not give: the rule reports each
NEAR_MISSES = [
    ("t1", "t1_uid_fkey9", "foreignkey"),     # more collisions than constraints
    ("t1", "t1_uid_fkey", "unique"),          # the right name, the wrong kind
    ("t1", "t1_id_fkey", "foreignkey"),       # no foreign key on id
    ("t1", "t1_b_check", "check"),            # no CHECK on b alone
    ("legacy_sessions", "legacy_sessions_key", None),
    ("users", "t1_pkey", "primary"),          # another table's
    ("sqlmade", "sqlmade_n_key", None),       # no UNIQUE on n
]

REV = '''"""drops by name"""
from alembic import op

revision = "a1"
down_revision = "a0"


def upgrade():
%s

def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
'''


ENV = ONLINE_ENV_PY


def drop(table, name, kind):
    t = ", type_=%r" % kind if kind else ""
    return "    op.drop_constraint(%r, %r%s)\n" % (name, table, t)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    live = "--live" in sys.argv
    write(os.path.join(out, "alembic.ini"),
          "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://u@h/d\n")
    write(os.path.join(out, "migrations", "env.py"), ENV)
    write(os.path.join(out, "migrations", "versions", "a0.py"), A0)
    body, fires = "", []
    if live:
        kinds = {"p": "primary", "f": "foreignkey", "u": "unique", "c": "check", "x": None}
        rows = [l.rstrip("\n").split("|") for l in open(os.path.join(out, "pg.txt"), encoding="utf-8") if l.strip()]
        rows.sort(key=lambda r: (r[2] != "f", r[0], r[1]))
        for table, name, kind in rows:
            body += drop(table, name, kinds[kind])
    else:
        line = 9  # the first line of upgrade()'s body
        for i, (table, name, kind) in enumerate(NEAR_MISSES + EXPECTED):
            body += drop(table, name, kind)
            if i < len(NEAR_MISSES):
                fires.append(line + i)
    write(os.path.join(out, "migrations", "versions", "a1.py"), REV % body)
    write(os.path.join(out, "expected.txt"), "".join("%s %s\n" % (t, n) for t, n, _ in EXPECTED))
    write(os.path.join(out, "fires.txt"), ",".join(map(str, fires)) + "\n")


main()
