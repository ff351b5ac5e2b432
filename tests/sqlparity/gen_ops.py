#!/usr/bin/python3
"""Generate an Alembic project that exercises every op.* operation/option that
cupel's offline SQL renderer must reproduce (see tests/sqlparity/README.md).

    gen_ops.py OUTDIR --seed S [--revisions N] [--errors]

* Deterministic for a given (seed, revisions): revision ids, dates and the
  rotation of the op catalogue are derived from the seed only.
* Revision n uses catalogue entry (n + rot) % K with table names suffixed by
  n, so any N >= K (the default N) covers the whole catalogue, and large N
  (10000) just cycles it with fresh names.
* History: linear, plus (every 12 revisions, when the whole block fits) a
  branch point with a merge, and a branch/depends_on/merge block:
      X -> A, X -> B, M = merge(A, B)
      Y -> P, Y -> Q, R (down Q, depends_on P), S = merge(P, R)
  so the project always has exactly one head and one base.
* Every op that Alembic cannot render on one of the two dialects is guarded by
  a dialect branch.  --errors instead writes a small linear project with one
  failing migration per such case (see ERRORS below; cases named ok_* are
  quirks that render without an error); its revision ids and file names are
  fixed (errNN), and OUTDIR/errors.txt lists `rev prev dialect fail|ok slug`
  for the cases meant for each dialect.

Run with Debian's interpreter: /usr/bin/python3 (alembic 1.8.1, SQLAlchemy 1.4.46).
"""
import argparse
import os
import random
import sys

ALEMBIC_TEMPLATES = "/usr/lib/python3/dist-packages/alembic/templates/generic"

# --------------------------------------------------------------------------
# project skeleton
# --------------------------------------------------------------------------


def _read_template(name):
    path = os.path.join(ALEMBIC_TEMPLATES, name)
    with open(path, encoding="utf-8") as f:
        return f.read()


def make_ini():
    text = _read_template("alembic.ini.mako")
    text = text.replace("${script_location}", "%(here)s/migrations")
    text = text.replace(
        "sqlalchemy.url = driver://user:pass@localhost/dbname",
        "sqlalchemy.url = sqlite:///x.db",
    )
    assert "${" not in text
    return text


def make_env():
    """The generic env.py shipped with alembic 1.8.1, with the offline URL
    taken from $CUPEL_TEST_URL when set."""
    text = _read_template("env.py")
    old = '    url = config.get_main_option("sqlalchemy.url")\n'
    new = ('    url = os.environ.get("CUPEL_TEST_URL") or config.get_main_option(\n'
           '        "sqlalchemy.url"\n'
           '    )\n')
    assert old in text
    text = text.replace(old, new)
    text = text.replace("from logging.config import fileConfig\n",
                        "import os\nfrom logging.config import fileConfig\n", 1)
    # online mode honours the variable too
    old2 = ('    connectable = engine_from_config(\n'
            '        config.get_section(config.config_ini_section),\n')
    new2 = ('    section = config.get_section(config.config_ini_section)\n'
            '    if os.environ.get("CUPEL_TEST_URL"):\n'
            '        section["sqlalchemy.url"] = os.environ["CUPEL_TEST_URL"]\n'
            '    connectable = engine_from_config(\n'
            '        section,\n')
    assert old2 in text
    text = text.replace(old2, new2)
    return text


SCRIPT_HEAD = '''"""{message}

Revision ID: {rev}
Revises: {revises}
Create Date: {date}

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = {rev!r}
down_revision = {down!r}
branch_labels = None
depends_on = {deps!r}
{prelude}

def upgrade() -> None:
{up}


def downgrade() -> None:
{down_body}
'''


def render_script(rev, down, deps, message, date, prelude, up, down_body):
    if down is None:
        revises = ""
    elif isinstance(down, tuple):
        revises = ", ".join(down)
    else:
        revises = down
    return SCRIPT_HEAD.format(
        message=message, rev=rev, revises=revises, date=date, down=down,
        deps=deps, prelude=("\n" + prelude + "\n") if prelude else "",
        up=up.rstrip("\n") or "    pass",
        down_body=down_body.rstrip("\n") or "    pass",
    )


def ind(text, n=4):
    """Indent a dedented block (first line decides nothing: lines are kept)."""
    pad = " " * n
    return "".join((pad + l if l.strip() else l) for l in text.splitlines(True))


PG = 'if op.get_bind().dialect.name == "postgresql":'
PG_CTX = 'if op.get_context().dialect.name == "postgresql":'
SQLITE_CTX = 'if op.get_context().dialect.name == "sqlite":'

# --------------------------------------------------------------------------
# the op catalogue.  Each entry: f(s, first) -> (slug, prelude, up, down)
# s = numeric suffix (unique per revision); first = first cycle (use bare
# reserved-word table names there).
# --------------------------------------------------------------------------


def e_create_table_columns(s, first):
    acct = "Account" if first else "Account%d" % s
    up = f'''\
op.create_table(
    "{acct}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("email", sa.String(length=255), nullable=False, unique=True),
    sa.Column("name", sa.Unicode(100), index=True, comment="display name"),
    sa.Column("status", sa.String(20), server_default="new", nullable=False),
    sa.Column("active", sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column("verified", sa.Boolean(), server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.Column("updated_at", sa.DateTime(timezone=False), server_default=sa.text("CURRENT_TIMESTAMP")),
    sa.Column("birthday", sa.Date()),
    sa.Column("wake", sa.Time()),
    sa.Column("balance", sa.Numeric(10, 2), server_default="0"),
    sa.Column("ratio", sa.Float()),
    sa.Column("bio", sa.Text(), comment="it's a bio"),
    sa.Column("prefs", sa.JSON()),
    sa.Column("avatar", sa.LargeBinary()),
    sa.Column("grace", sa.Interval()),
    sa.Column("big", sa.BigInteger()),
    sa.Column("small", sa.SmallInteger()),
    sa.Column("order", sa.Integer(), server_default=sa.text("0")),
    sa.Column("user", sa.String(50), index=True),
    sa.Column("Nick", sa.String()),
    sa.Column("select", sa.Integer(), nullable=True),
    sa.Column("type", sa.String(10)),
    sa.Column("seq", sa.Integer(), autoincrement=True),
    comment="accounts table",
)
# a column given twice: the second takes the first one's place (ckan);
# functions that print as keywords or per dialect
op.create_table(
    "dup{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("created", sa.DateTime),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("created", sa.TIMESTAMP, server_default=sa.func.localtimestamp()),
    sa.Column("d", sa.Date(), server_default=sa.func.CURRENT_DATE()),
    sa.Column("t", sa.Time(), server_default=sa.func.localtime()),
    sa.Column("who", sa.String(50), server_default=sa.func.current_user()),
    sa.Column("r", sa.Float(), server_default=sa.func.random()),
    sa.Column("n", sa.DateTime(), server_default=sa.func.NOW()),
)
op.add_column("dup{s}", sa.Column("seen", sa.DateTime(), server_default=sa.func.localtimestamp()))
'''
    down = f'op.drop_table("dup{s}")\nop.drop_table("{acct}")\n'
    return "create_table_columns", "", up, down


def e_create_table_keys(s, first):
    up = f'''\
op.create_table(
    "parent{s}",
    sa.Column("id", sa.BigInteger(), sa.Identity(start=10, increment=5), primary_key=True),
    sa.Column("code", sa.String(10), nullable=False),
)
op.create_table(
    "serial{s}",
    sa.Column("id", sa.SmallInteger(), primary_key=True),
    sa.Column("n", sa.Integer(), sa.Identity(always=True)),
)
op.create_table(
    "noauto{s}",
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
)
# as autogenerate writes a reflected table (identity options in full, a
# serial's nextval default, the reflection-only postgresql_ignore_search_path)
op.create_table(
    "reflected{s}",
    sa.Column("id", sa.INTEGER(), server_default=sa.text("nextval('reflected{s}_id_seq'::regclass)"), autoincrement=True, nullable=False),
    sa.Column("n", sa.BIGINT(), sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1), autoincrement=True, nullable=False),
    sa.Column("m", sa.INTEGER(), sa.Identity(always=True, nominvalue=True, nomaxvalue=True, cycle=True), nullable=False),
    # (no order=: SQLAlchemy renders ORDER, which PostgreSQL does not have)
    sa.Column("o", sa.INTEGER(), sa.Identity(start=-5, increment=-1, minvalue=-10, maxvalue=-1)),
    sa.PrimaryKeyConstraint("id", name="reflected{s}_pkey"),
    postgresql_ignore_search_path=False,
)
{PG}
    op.create_table(
        "child{s}",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("line", sa.SmallInteger(), primary_key=True, autoincrement=True),
        sa.Column("parent_id", sa.BigInteger(), sa.ForeignKey("parent{s}.id", ondelete="CASCADE", onupdate="SET NULL"), nullable=True),
        sa.Column("qty", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("total", sa.Numeric(12, 2), sa.Computed("qty * price")),
        sa.Column("twice", sa.Integer(), sa.Computed("qty * 2", persisted=True)),
    )
else:
    op.create_table(
        "child{s}",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("line", sa.SmallInteger(), primary_key=True),
        sa.Column("parent_id", sa.BigInteger(), sa.ForeignKey("parent{s}.id", ondelete="CASCADE", onupdate="SET NULL"), nullable=True),
        sa.Column("qty", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("total", sa.Numeric(12, 2), sa.Computed("qty * price")),
        sa.Column("twice", sa.Integer(), sa.Computed("qty * 2", persisted=False)),
    )
'''
    down = f'''\
op.drop_table("child{s}")
op.drop_table("reflected{s}")
op.drop_table("noauto{s}")
op.drop_table("serial{s}")
op.drop_table("parent{s}")
'''
    return "create_table_keys", "", up, down


def e_create_table_constraints(s, first):
    up = f'''\
op.create_table(
    "acct{s}",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(40)),
    sa.PrimaryKeyConstraint("id"),
    schema="billing",
)
op.create_table(
    "invoice{s}",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("year", sa.Integer(), nullable=False),
    sa.Column("number", sa.String(20), nullable=False),
    sa.Column("account_id", sa.Integer()),
    sa.Column("owner_id", sa.Integer()),
    sa.Column("amount", sa.Numeric(10, 2)),
    sa.Column("note", sa.String(100)),
    sa.PrimaryKeyConstraint("id", "year", name="pk_invoice{s}"),
    sa.UniqueConstraint("number"),
    sa.UniqueConstraint("year", "number", name="uq_invoice{s}_year_number"),
    sa.ForeignKeyConstraint(["account_id"], ["billing.acct{s}.id"], name="fk_invoice{s}_acct", ondelete="SET NULL", onupdate="CASCADE"),
    sa.ForeignKeyConstraint(["owner_id"], ["billing.acct{s}.id"]),
    sa.CheckConstraint("amount >= 0"),
    sa.CheckConstraint("year > 2000", name="ck_invoice{s}_year"),
    sa.Index("ix_invoice{s}_account", "account_id"),
    sa.Index(None, "owner_id", "note"),
    sa.Index("ux_invoice{s}_note", "note", unique=True),
    comment="invoices",
    schema="billing",
)
op.create_table(
    "line{s}",
    sa.Column("invoice_id", sa.Integer(), nullable=False),
    sa.Column("invoice_year", sa.Integer(), nullable=False),
    sa.Column("pos", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), comment="line text"),
    sa.PrimaryKeyConstraint("invoice_id", "invoice_year", "pos"),
    sa.ForeignKeyConstraint(
        ["invoice_id", "invoice_year"],
        ["billing.invoice{s}.id", "billing.invoice{s}.year"],
        name="fk_line{s}_invoice",
        ondelete="CASCADE",
        deferrable=True,
        initially="DEFERRED",
    ),
)
'''
    down = f'''\
op.drop_table("line{s}")
op.drop_table("invoice{s}", schema="billing")
op.drop_table("acct{s}", schema="billing")
'''
    return "create_table_constraints", "", up, down


def e_enums(s, first):
    prelude = f'''\
mood = sa.Enum("happy", "sad", "it's ok", name="mood{s}")
level = postgresql.ENUM("low", "high", name="level{s}", create_type=False)
'''
    up = f'''\
{PG}
    postgresql.ENUM("low", "high", name="level{s}").create(op.get_bind())
op.create_table(
    "person{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("mood", mood, nullable=False, server_default="happy"),
    sa.Column("kind", sa.Enum("a", "bb", "ccc", name="kind{s}", native_enum=False)),
    sa.Column("level", level),
    sa.Column("plain", sa.Enum("x", "yy", native_enum=False, create_constraint=True)),
)
{PG}
    postgresql.ENUM("red", "green", name="color{s}").create(op.get_bind(), checkfirst=False)
op.add_column("person{s}", sa.Column("color", sa.Enum("red", "green", name="color{s}")))
'''
    down = f'''\
op.drop_column("person{s}", "color")
op.drop_table("person{s}")
{PG}
    sa.Enum(name="color{s}").drop(op.get_bind(), checkfirst=False)
    mood.drop(op.get_bind())
    postgresql.ENUM(name="level{s}").drop(op.get_bind())
    sa.Enum(name="plain_enum_absent{s}").drop(op.get_bind(), checkfirst=False)
'''
    return "enums", prelude, up, down


def e_pg_types(s, first):
    up = f'''\
{PG}
    op.create_table(
        "pgtypes{s}",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()")),
        sa.Column("doc", postgresql.JSONB(), server_default=sa.text("'{{}}'::jsonb")),
        sa.Column("tags", postgresql.ARRAY(sa.Integer())),
        sa.Column("grid", postgresql.ARRAY(sa.String(20), dimensions=2)),
        sa.Column("ip", postgresql.INET()),
        sa.Column("seen", postgresql.TIMESTAMP(timezone=True)),
        sa.Column("raw", postgresql.BYTEA()),
        sa.Column("sa_arr", sa.ARRAY(sa.Text())),
        sa.Column("bits", postgresql.BIT(3)),
        sa.Column("flags", postgresql.BIT(varying=True)),
        sa.Column("loid", postgresql.OID()),
        sa.Column("rel", postgresql.REGCLASS()),
        sa.Column("mac", postgresql.MACADDR8()),
    )
else:
    op.create_table(
        "pgtypes{s}",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("doc", sa.JSON()),
        sa.Column("tags", sa.Text()),
        sa.Column("ip", sa.String(45)),
        sa.Column("seen", sa.DateTime(timezone=True)),
    )
op.create_table(
    "variant{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("doc", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    sa.Column("uid", sa.String(36).with_variant(postgresql.UUID(), "postgresql")),
    sa.Column("at", sa.DateTime().with_variant(postgresql.TIMESTAMP(timezone=True), "postgresql")),
    sa.Column("big", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=False),
)
'''
    down = f'''\
op.drop_table("variant{s}")
op.drop_table("pgtypes{s}")
'''
    return "pg_types", "", up, down


def e_add_drop_column(s, first):
    up = f'''\
op.create_table("ref{s}", sa.Column("id", sa.Integer(), primary_key=True))
op.create_table("host{s}", sa.Column("id", sa.Integer(), primary_key=True))
op.add_column("host{s}", sa.Column("title", sa.String(255)))
op.add_column("host{s}", sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False))
op.add_column("host{s}", sa.Column("counter", sa.Integer(), server_default="0", nullable=False))
op.add_column("host{s}", sa.Column("created", sa.DateTime(), server_default=sa.func.now()))
op.add_column("host{s}", sa.Column("note", sa.Text(), comment="free text"))
op.add_column("host{s}", sa.Column("code", sa.String(8), unique=True, index=True))
op.add_column("host{s}", sa.Column("slug", sa.String(8), index=True))
op.add_column("host{s}", sa.Column("order", sa.Integer()))
# keyword table and column, upper-case type classes (lemur)
op.add_column(table_name="host{s}", column=sa.Column("csr", sa.TEXT(), nullable=True))
op.add_column("host{s}", sa.Column("big", sa.BIGINT()))
op.add_column("host{s}", sa.Column("small", sa.SMALLINT()))
op.add_column("host{s}", sa.Column("whole", sa.INT()))
op.add_column("host{s}", sa.Column("yes", sa.BOOLEAN()))
op.add_column("host{s}", sa.Column("day", sa.DATE()))
op.add_column("host{s}", sa.Column("clock", sa.TIME(timezone=True)))
op.add_column("host{s}", sa.Column("amount", sa.NUMERIC(10, 2)))
op.add_column("host{s}", sa.Column("ratio", sa.FLOAT()))
# the SQL standard's names autogenerate writes for reflected columns, collations
op.add_column("host{s}", sa.Column("price", sa.DECIMAL(precision=12, scale=2)))
op.add_column("host{s}", sa.Column("stamp", sa.DATETIME()))
op.add_column("host{s}", sa.Column("label", sa.NVARCHAR(length=40)))
op.add_column("host{s}", sa.Column("cc", sa.NCHAR(2)))
op.add_column("host{s}", sa.Column("body", sa.CLOB()))
op.add_column("host{s}", sa.Column("blob", sa.BLOB()))
op.add_column("host{s}", sa.Column("digest", sa.BINARY(16)))
op.add_column("host{s}", sa.Column("token", sa.VARBINARY(length=64)))
op.add_column("host{s}", sa.Column("sortkey", sa.String(30, collation="C")))
op.add_column("host{s}", sa.Column("prose", sa.Text(collation="C")))
op.add_column("host{s}", sa.Column("uname", sa.Unicode(20, collation="C")))
op.add_column("acct{s}", sa.Column("extra", sa.String(10)), schema="billing")
# a lone integer primary key added is SERIAL on PostgreSQL (ckan)
op.add_column("host{s}", sa.Column("pk2", sa.Integer, primary_key=True, nullable=False))
op.add_column("host{s}", sa.Column("pk3", sa.BigInteger(), primary_key=True))
op.add_column("host{s}", sa.Column("pk4", sa.Integer(), primary_key=True, autoincrement=False))
op.add_column("host{s}", sa.Column("pk5", sa.Integer(), primary_key=True, server_default="1"))
# loops over constants run as Python runs them (ckan)
for col, default in LOOP_COLS:
    op.add_column("host{s}", sa.Column(col, sa.String(5), server_default=default))
else:
    op.create_index("ix_host{s}_lp", "host{s}", ["lp1", "lp2"])
{PG}
    op.add_column("host{s}", sa.Column("ref_id", sa.Integer(), sa.ForeignKey("ref{s}.id", ondelete="CASCADE")))
    op.add_column("host{s}", sa.Column("serial", sa.String(20), unique=True))
    op.add_column("host{s}", sa.Column("flag", sa.Boolean(create_constraint=True, name="ck_host{s}_flag")))
'''
    down = f'''\
{PG}
    op.drop_column("host{s}", "flag")
    op.drop_column("host{s}", "serial")
    op.drop_column("host{s}", "ref_id")
op.drop_index("ix_host{s}_lp", table_name="host{s}")
for col in ("pk5", "pk4", "pk3", "pk2"):
    op.drop_column("host{s}", col)
for col in ["lp2", "lp1"]:
    op.drop_column("host{s}", col)
op.drop_column("acct{s}", "extra", schema="billing")
for col in ("uname", "prose", "sortkey", "token", "digest", "blob", "body", "cc", "label", "stamp", "price"):
    op.drop_column("host{s}", col)
op.drop_column("host{s}", "ratio")
op.drop_column("host{s}", "amount")
op.drop_column("host{s}", "clock")
op.drop_column("host{s}", "day")
op.drop_column("host{s}", "yes")
op.drop_column("host{s}", "whole")
op.drop_column("host{s}", "small")
op.drop_column("host{s}", "big")
op.drop_column(table_name="host{s}", column_name="csr")
op.drop_column("host{s}", "order")
op.drop_index(op.f("ix_host{s}_slug"), table_name="host{s}")
op.drop_column("host{s}", "slug")
op.drop_column("host{s}", "code")
op.drop_column("host{s}", "note")
op.drop_column("host{s}", "created")
op.drop_column("host{s}", "counter")
op.drop_column("host{s}", "active")
op.drop_column("host{s}", "title")
op.drop_table("host{s}")
op.drop_table("ref{s}")
'''
    prelude = 'LOOP_COLS = (("lp1", "a"), ("lp2", "it\'s"))\n'
    return "add_drop_column", prelude, up, down


def e_alter_column(s, first):
    up = f'''\
op.create_table(
    "prof{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("nick", sa.String(50)),
    sa.Column("age", sa.Integer()),
    sa.Column("note", sa.Text()),
    sa.Column("code", sa.String(10), server_default="x"),
    sa.Column("mixed", sa.String(10)),
    sa.Column("order", sa.Integer()),
)
op.alter_column("prof{s}", "nick", existing_type=sa.String(50), type_=sa.String(120), nullable=False, existing_nullable=True)
op.alter_column("prof{s}", "code", server_default=None, existing_server_default="x", existing_type=sa.String(10))
op.alter_column("prof{s}", "note", new_column_name="notes", existing_type=sa.Text())
op.alter_column("prof{s}", "order", new_column_name="user", server_default=sa.text("42"), existing_type=sa.Integer())
op.alter_column("prof{s}", "nick", server_default=sa.text("'anon'"), existing_type=sa.String(120))
op.alter_column("prof{s}", "id", nullable=True, existing_type=sa.Integer())
op.alter_column(table_name="prof{s}", column_name="nick", nullable=True, type_=sa.VARCHAR(128))
{PG_CTX}
    op.alter_column("prof{s}", "age", type_=sa.BigInteger(), existing_type=sa.Integer(), postgresql_using="age::bigint")
    op.alter_column("prof{s}", "notes", comment="the notes", existing_comment=None, existing_type=sa.Text())
    op.alter_column(
        "prof{s}",
        "mixed",
        type_=sa.Integer(),
        nullable=False,
        server_default="7",
        comment="it's mixed",
        new_column_name="mixed_n",
        postgresql_using="mixed::integer",
        existing_type=sa.String(10),
        existing_nullable=True,
        existing_server_default=None,
        existing_comment="old",
    )
else:
    op.alter_column("prof{s}", "age", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.alter_column(
        "prof{s}",
        "mixed",
        type_=sa.Integer(),
        nullable=False,
        server_default="7",
        new_column_name="mixed_n",
        existing_type=sa.String(10),
        existing_nullable=True,
    )
op.alter_column("prof{s}", "code", server_default=sa.func.now(), type_=sa.DateTime(timezone=True), existing_type=sa.String(10))
'''
    down = f'''\
op.alter_column("prof{s}", "code", server_default="x", type_=sa.String(10), existing_type=sa.DateTime(timezone=True))
{PG_CTX}
    op.alter_column("prof{s}", "mixed_n", type_=sa.String(10), nullable=True, server_default=None, comment=None, new_column_name="mixed", existing_type=sa.Integer(), existing_comment="it's mixed")
    op.alter_column("prof{s}", "notes", comment=None, existing_comment="the notes", existing_type=sa.Text())
    op.alter_column("prof{s}", "age", type_=sa.Integer(), existing_type=sa.BigInteger())
else:
    op.alter_column("prof{s}", "mixed_n", type_=sa.String(10), nullable=True, server_default=None, new_column_name="mixed", existing_type=sa.Integer())
    op.alter_column("prof{s}", "age", type_=sa.Integer(), existing_type=sa.BigInteger())
op.alter_column("prof{s}", "id", nullable=False, existing_type=sa.Integer())
op.alter_column(table_name="prof{s}", column_name="nick", nullable=True, type_=sa.String(120))
op.alter_column("prof{s}", "nick", server_default=None, existing_type=sa.String(120), existing_server_default=sa.text("'anon'"))
op.alter_column("prof{s}", "user", new_column_name="order", server_default=None, existing_type=sa.Integer())
op.alter_column("prof{s}", "notes", new_column_name="note", existing_type=sa.Text())
op.alter_column("prof{s}", "code", server_default="x", existing_type=sa.String(10))
op.alter_column("prof{s}", "nick", existing_type=sa.String(120), type_=sa.String(50), nullable=True, existing_nullable=False)
op.drop_table("prof{s}")
'''
    return "alter_column", "", up, down


def e_rename_table(s, first):
    usr = "user" if first else "user%d" % s
    up = f'''\
op.create_table("usr{s}", sa.Column("id", sa.Integer(), primary_key=True))
op.rename_table("usr{s}", "{usr}")
op.create_table("old{s}", sa.Column("id", sa.Integer(), primary_key=True), schema="billing")
op.rename_table("old{s}", "New{s}", schema="billing")
'''
    down = f'''\
op.rename_table(old_table_name="New{s}", new_table_name="old{s}", schema="billing")
op.drop_table(table_name="old{s}", schema="billing")
op.rename_table("{usr}", "usr{s}")
op.drop_table("usr{s}")
'''
    return "rename_table", "", up, down


def e_indexes(s, first):
    up = f'''\
op.create_table(
    "idx{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("email", sa.String(100)),
    sa.Column("a", sa.Integer()),
    sa.Column("b", sa.Integer()),
    sa.Column("doc", sa.JSON()),
    sa.Column("Mixed", sa.Integer()),
)
op.create_index("ix_idx{s}_ab", "idx{s}", ["a", "b"], unique=True)
op.create_index(op.f("ix_idx{s}_a"), "idx{s}", ["a"], unique=False)
op.create_index("ix_idx{s}_lower_email", "idx{s}", [sa.text("lower(email)")])
# function of a column (ckan); quoting by dialect ("user" on PG only)
op.create_index("ix_idx{s}_func", "idx{s}", [sa.func.lower(sa.Column("email")), sa.func.upper(sa.column("Mixed"))], unique=True, postgresql_where=sa.text("a > 0"))
op.create_index("ix_idx{s}_func_user", "idx{s}", [sa.func.lower(sa.Column("user"))])
op.create_index("ix_idx{s}_partial", "idx{s}", ["b"], postgresql_where=sa.text("b > 0"), sqlite_where=sa.text("b > 0"))
op.create_index("ix_idx{s}_incl", "idx{s}", ["a"], postgresql_include=["b"])
op.create_index("ix_idx{s}_Mixed", "idx{s}", ["Mixed", "email"])
op.create_index("ix_acct{s}_name", "acct{s}", ["name"], schema="billing")
op.create_index(None, "acct{s}", ["name", "id"], schema="billing")
op.create_index(None, "idx{s}", ["email", "a"])
op.create_index("ix_idx{s}_email_ops", "idx{s}", ["email", sa.text("lower(email)")], postgresql_ops={{"email": "text_pattern_ops", "lower(email)": "varchar_pattern_ops"}})
{PG}
    op.create_index("ix_idx{s}_doc", "idx{s}", [sa.text("(doc::jsonb)")], postgresql_using="gin")
with op.get_context().autocommit_block():
    op.create_index("ix_idx{s}_email_conc", "idx{s}", ["email"], postgresql_concurrently=True)
op.create_index("ix_idx{s}_b_hash", "idx{s}", ["b"], postgresql_using="hash")
'''
    down = f'''\
op.drop_index("ix_idx{s}_b_hash", table_name="idx{s}")
with op.get_context().autocommit_block():
    op.drop_index("ix_idx{s}_email_conc", table_name="idx{s}", postgresql_concurrently=True)
{PG}
    op.drop_index("ix_idx{s}_doc", table_name="idx{s}")
op.drop_index("ix_idx{s}_email_ops", table_name="idx{s}")
op.drop_index("ix_idx{s}_email", table_name="idx{s}")
op.drop_index("ix_billing_acct{s}_name", table_name="acct{s}", schema="billing")
op.drop_index("ix_acct{s}_name", table_name="acct{s}", schema="billing")
op.drop_index("ix_idx{s}_Mixed", table_name="idx{s}")
op.drop_index("ix_idx{s}_incl")
op.drop_index("ix_idx{s}_partial", table_name="idx{s}")
op.drop_index("ix_idx{s}_func_user", table_name="idx{s}")
op.drop_index("ix_idx{s}_func", table_name="idx{s}")
op.drop_index("ix_idx{s}_lower_email", table_name="idx{s}")
op.drop_index(op.f("ix_idx{s}_a"), table_name="idx{s}")
op.drop_index("ix_idx{s}_ab", table_name="idx{s}")
op.drop_table("idx{s}")
'''
    return "indexes", "", up, down


def _con_table(s):
    return f'''\
sa.Table(
    "con{s}",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("a", sa.Integer()),
    sa.Column("b", sa.Integer()),
    sa.Column("c", sa.String(20)),
    sa.Column("qty", sa.Integer()),
    sa.Column("ref_id", sa.Integer()),
)'''


def e_constraints(s, first):
    up = f'''\
op.create_table("cref{s}", sa.Column("id", sa.Integer(), primary_key=True))
op.create_table(
    "con{s}",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("a", sa.Integer()),
    sa.Column("b", sa.Integer()),
    sa.Column("c", sa.String(20)),
    sa.Column("qty", sa.Integer()),
    sa.Column("ref_id", sa.Integer()),
)
{PG_CTX}
    op.create_primary_key("pk_con{s}", "con{s}", ["id"])
    op.create_unique_constraint("uq_con{s}_ab", "con{s}", ["a", "b"])
    op.create_unique_constraint(None, "con{s}", ["c"])
    op.create_foreign_key(
        "fk_con{s}_ref", "con{s}", "cref{s}", ["ref_id"], ["id"],
        ondelete="CASCADE", onupdate="RESTRICT", deferrable=True, initially="DEFERRED", match="FULL",
    )
    op.create_foreign_key(None, "con{s}", "cref{s}", ["a"], ["id"], deferrable=False, initially="IMMEDIATE")
    op.create_foreign_key("fk_con{s}_acct", "con{s}", "acct{s}", ["b"], ["id"], referent_schema="billing")
    op.create_foreign_key("fk_acct{s}_con", "acct{s}", "con{s}", ["id"], ["id"], source_schema="billing", referent_schema=None)
    op.create_check_constraint("ck_con{s}_qty", "con{s}", "qty > 0")
    op.create_check_constraint("ck_con{s}_expr", "con{s}", sa.column("a") > 5)
    op.create_check_constraint(op.f("ck_con{s}_c"), "con{s}", sa.text("c <> 'it''s'"))
else:
    with op.batch_alter_table("con{s}", copy_from={ind(_con_table(s)).strip()}) as batch_op:
        batch_op.create_primary_key("pk_con{s}", ["id"])
        batch_op.create_unique_constraint("uq_con{s}_ab", ["a", "b"])
        batch_op.create_foreign_key("fk_con{s}_ref", "cref{s}", ["ref_id"], ["id"], ondelete="CASCADE", onupdate="RESTRICT", deferrable=True, initially="DEFERRED", match="FULL")
        batch_op.create_check_constraint("ck_con{s}_qty", "qty > 0")
        batch_op.create_check_constraint("ck_con{s}_expr", sa.column("a") > 5)
'''
    down = f'''\
{PG_CTX}
    op.drop_constraint(op.f("ck_con{s}_c"), "con{s}", type_="check")
    op.drop_constraint("ck_con{s}_expr", "con{s}", type_="check")
    op.drop_constraint("ck_con{s}_qty", "con{s}", type_="check")
    op.drop_constraint("fk_acct{s}_con", "acct{s}", type_="foreignkey", schema="billing")
    op.drop_constraint("fk_con{s}_acct", "con{s}", type_="foreignkey")
    op.drop_constraint("con{s}_a_fkey", "con{s}", type_="foreignkey")
    op.drop_constraint("fk_con{s}_ref", "con{s}", type_="foreignkey")
    op.drop_constraint("con{s}_c_key", "con{s}")
    op.drop_constraint("uq_con{s}_ab", "con{s}", type_="unique")
    op.drop_constraint("pk_con{s}", "con{s}", type_="primary")
else:
    with op.batch_alter_table("con{s}", recreate="always", copy_from=sa.Table(
        "con{s}",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a", sa.Integer()),
        sa.Column("b", sa.Integer()),
        sa.Column("c", sa.String(20)),
        sa.Column("qty", sa.Integer()),
        sa.Column("ref_id", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_con{s}"),
        sa.UniqueConstraint("a", "b", name="uq_con{s}_ab"),
        sa.ForeignKeyConstraint(["ref_id"], ["cref{s}.id"], name="fk_con{s}_ref"),
        sa.CheckConstraint("qty > 0", name="ck_con{s}_qty"),
        sa.CheckConstraint("a > 5", name="ck_con{s}_expr"),
    )) as batch_op:
        batch_op.drop_constraint("ck_con{s}_expr", type_="check")
        batch_op.drop_constraint("ck_con{s}_qty", type_="check")
        batch_op.drop_constraint("fk_con{s}_ref", type_="foreignkey")
        batch_op.drop_constraint("uq_con{s}_ab", type_="unique")
        batch_op.drop_constraint("pk_con{s}", type_="primary")
op.drop_table("con{s}")
op.drop_table("cref{s}")
'''
    return "constraints", "", up, down


def e_exclude(s, first):
    up = f'''\
op.create_table(
    "booking{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("room", sa.Integer(), nullable=False),
    sa.Column("during", sa.String(50)),
)
{PG}
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute("ALTER TABLE booking{s} ALTER COLUMN during TYPE tsrange USING during::tsrange")
    op.create_exclude_constraint(
        "excl_booking{s}",
        "booking{s}",
        ("room", "="),
        ("during", "&&"),
        where=sa.text("room > 0"),
        using="gist",
    )
    op.create_exclude_constraint("excl_booking{s}_b", "booking{s}", (sa.column("room"), "<>"), deferrable=True, initially="DEFERRED")
'''
    down = f'''\
{PG}
    op.drop_constraint("excl_booking{s}_b", "booking{s}")
    op.drop_constraint("excl_booking{s}", "booking{s}", type_=None)
op.drop_table("booking{s}")
'''
    return "exclude_constraint", "", up, down


def e_comments(s, first):
    up = f'''\
op.create_table("cmt{s}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("v", sa.Integer()))
op.create_table_comment("cmt{s}", "Table's comment")
op.create_table_comment("cmt{s}", "second\\nline", existing_comment="Table's comment")
op.create_table_comment("acct{s}", "accounts", schema="billing")
'''
    down = f'''\
op.drop_table_comment("acct{s}", existing_comment="accounts", schema="billing")
op.create_table_comment("cmt{s}", "Table's comment", existing_comment="second\\nline")
op.drop_table_comment("cmt{s}", existing_comment="Table's comment")
op.drop_table("cmt{s}")
'''
    return "table_comments", "", up, down


def e_execute(s, first):
    prelude = f'''\
LOG = "log{s}"
LIMIT = 10
SCHEMA = "billing"
'''
    up = f'''\
op.create_table("log{s}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("msg", sa.Text()), sa.Column("n", sa.Integer()))
op.execute("INSERT INTO log{s} (msg) VALUES ('plain')")
op.execute(sa.text("UPDATE log{s} SET msg = 'text' WHERE id = 1"))
op.execute(f"DELETE FROM {{LOG}} WHERE id > {{LIMIT}}")
op.execute("UPDATE " + LOG + " SET msg = msg || '!' WHERE n = " + str(LIMIT))
op.execute("UPDATE log{s} SET n = 1;")
op.execute("""
\tSELECT
\t\tid,\tmsg
\tFROM log{s}
""")
op.execute("  \\n  SELECT 2  \\n\\n")
op.execute(sa.text("UPDATE log{s} SET msg = :m WHERE n = :n").bindparams(m="it's", n=3))
op.execute(sa.text("SELECT '%' || msg || '%%' FROM log{s}"))
op.execute("SELECT '%' || msg || '%%' FROM log{s}")
op.execute("SELECT 'a:b', ':x' FROM log{s}")
log = sa.table("log{s}", sa.column("id", sa.Integer), sa.column("msg", sa.Text), sa.column("n", sa.Integer))
op.execute(log.update().where(log.c.id == op.inline_literal(5)).values({{"msg": op.inline_literal("it's"), "n": op.inline_literal(7)}}))
op.execute(log.delete().where(log.c.msg == op.inline_literal("x")))
op.execute(log.insert().values(id=op.inline_literal(9), msg=op.inline_literal(None)))
op.execute(log.update().where(sa.and_(log.c.id > 3, log.c.msg.is_(None))).values(n=1, msg="a"))
op.execute(log.update().where(sa.or_(sa.and_(log.c.id == 1, log.c.n == 2), log.c.msg.isnot(None), log.c.n.is_not(None))).values(n=None))
op.execute(log.update().where(sa.not_(sa.or_(log.c.id.in_([1, 2]), log.c.msg.notin_(["a", "b"])))).values(n=log.c.n + 1))
op.execute(log.delete().where((log.c.id > 1) & ~(log.c.id < 5) | (log.c.msg.like("a%"))))
op.execute(log.delete().where(log.c.msg != None).where(sa.not_(log.c.id == 2)))
op.execute(sa.update(log).where(sa.column("n") == 1).values({{"n": sa.text("n + 1")}}))
op.execute(sa.delete(log).where(sa.text("id > 2")))
op.execute(sa.insert(log).values([{{"id": 1, "msg": "a"}}, {{"id": 2, "msg": None}}]))
flags = sa.table("flags{s}", sa.column("id", sa.Integer), sa.column("on", sa.Boolean), sa.column("user", sa.String(20)), schema=SCHEMA)
op.execute(flags.update().where(flags.c.on).values(on=False, user="x"))
op.execute(flags.update().where(~flags.c.on).values(on=sa.true()))
op.execute(flags.delete().where(flags.c.on.is_(True)))
conn = op.get_bind()
conn.execute(sa.text("UPDATE log{s} SET n = -1 WHERE n IN (1, 2)"))
op.get_bind().execute(log.update().where(log.c.n == 3).values(n=4))
{PG_CTX}
    op.execute(f"COMMENT ON SCHEMA {{SCHEMA}} IS 'pg only'")
else:
    op.execute("PRAGMA foreign_keys = ON")
'''
    down = f'''\
op.execute(sa.text("DELETE FROM " + LOG))
op.drop_table(LOG)
'''
    return "execute", prelude, up, down


def e_bulk_insert(s, first):
    otab = "order" if first else "order%d" % s
    otab_q = '"order"' if first else otab
    up = f'''\
op.create_table(
    "seed{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", sa.String(50)),
    sa.Column("flag", sa.Boolean()),
    sa.Column("note", sa.Text()),
    sa.Column("ratio", sa.Float()),
    sa.Column("price", sa.Numeric(10, 2)),
)
seed = sa.table(
    "seed{s}",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("flag", sa.Boolean),
    sa.column("note", sa.Text),
    sa.column("ratio", sa.Float),
    sa.column("price", sa.Numeric),
)
op.bulk_insert(
    seed,
    [
        {{"id": 1, "name": "O'Brien", "flag": True, "note": None, "ratio": 0.5, "price": 1}},
        {{"id": 2, "name": "plain", "flag": False}},
        {{"name": "reordered", "id": 3}},
        {{"id": 4, "name": "tab\\there \\\\ back", "note": "line1\\nline2", "ratio": -1.25}},
    ],
)
op.bulk_insert(seed, [{{"id": 5, "name": "multi"}}, {{"id": 6, "name": "insert"}}], multiinsert=False)
order_t = sa.table("{otab}", sa.column("id", sa.Integer), sa.column("Name", sa.String))
op.bulk_insert(order_t, [{{"id": 1, "Name": "Ann"}}])
# into the Table op.create_table returns (pgadmin)
made = op.create_table(
    "made{s}",
    sa.Column("id", sa.Integer(), nullable=False, autoincrement=True),
    sa.Column("alt", sa.Boolean(), nullable=False),
    sa.Column("key", sa.String(length=128), nullable=False),
    sa.Column("ref_id", sa.Integer(), sa.ForeignKey("seed{s}.id")),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("key"),
)
op.bulk_insert(made, [{{"id": 1, "alt": False, "key": "F1"}}, {{"key": "F2", "alt": True, "ref_id": 2}}])
# 0/1 into a Boolean, True into an Integer: the column's literal rules (pgadmin)
op.bulk_insert(made, [{{"id": 3, "alt": 0, "key": "F3"}}, {{"id": 4, "alt": 1, "key": "F4", "ref_id": True}}])
op.bulk_insert(seed, [{{"id": 7, "flag": 1, "name": "int flag"}}, {{"id": 8, "flag": 0}}])
'''
    down = f'''\
op.drop_table("made{s}")
op.execute('DELETE FROM {otab_q} WHERE id = 1')
op.execute("DELETE FROM seed{s}")
op.drop_table("seed{s}")
'''
    return "bulk_insert", "", up, down


def _bt_copy(s):
    return f'''sa.Table(
        "bt{s}",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50)),
        sa.Column("legacy", sa.Integer()),
        sa.Column("qty", sa.Integer()),
        sa.Column("pid", sa.Integer()),
        sa.Column("price", sa.Numeric(10, 2)),
        sa.Column("Flag", sa.Boolean()),
        sa.Column("born", sa.DateTime()),
        sa.UniqueConstraint("name", name="uq_bt{s}_name"),
        sa.UniqueConstraint("qty", "pid"),
        sa.CheckConstraint("qty >= 0", name="ck_bt{s}_qty"),
        sa.CheckConstraint("price >= 0"),
        sa.ForeignKeyConstraint(["pid"], ["bt{s}.id"], name="fk_bt{s}_self"),
        sa.Index("ix_bt{s}_old", "legacy"),
        sa.Index("ix_bt{s}_name", "name"),
        sa.Index("ux_bt{s}_qty", "qty", unique=True),
        sa.Index("ix_bt{s}_lower", sa.text("lower(name)")),
    )'''


def e_batch_auto(s, first):
    up = f'''\
op.create_table(
    "bparent{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
)
op.create_table(
    "bt{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", sa.String(50)),
    sa.Column("legacy", sa.Integer()),
    sa.Column("qty", sa.Integer()),
    sa.Column("pid", sa.Integer()),
    sa.Column("price", sa.Numeric(10, 2)),
    sa.Column("Flag", sa.Boolean()),
    sa.Column("born", sa.DateTime()),
    sa.UniqueConstraint("name", name="uq_bt{s}_name"),
    sa.UniqueConstraint("qty", "pid"),
    sa.CheckConstraint("qty >= 0", name="ck_bt{s}_qty"),
    sa.CheckConstraint("price >= 0"),
    sa.ForeignKeyConstraint(["pid"], ["bt{s}.id"], name="fk_bt{s}_self"),
    sa.Index("ix_bt{s}_old", "legacy"),
    sa.Index("ix_bt{s}_name", "name"),
    sa.Index("ux_bt{s}_qty", "qty", unique=True),
    sa.Index("ix_bt{s}_lower", sa.text("lower(name)")),
)
with op.batch_alter_table("bt{s}", copy_from={_bt_copy(s)}) as batch_op:
    batch_op.add_column(sa.Column("extra", sa.String(30), server_default="e"))
    batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
    batch_op.drop_index("ix_bt{s}_old")
    batch_op.drop_column("legacy")
    batch_op.alter_column("name", new_column_name="full_name", existing_type=sa.String(50), type_=sa.String(100), nullable=False)
    batch_op.alter_column("qty", type_=sa.String(20), existing_type=sa.Integer(), server_default="0")
    batch_op.alter_column("price", type_=sa.Float(), existing_type=sa.Numeric(10, 2))
    batch_op.alter_column("born", type_=sa.Date(), existing_type=sa.DateTime())
    batch_op.alter_column("Flag", new_column_name="order", existing_type=sa.Boolean())
    batch_op.create_index("ix_bt{s}_extra", ["extra"])
    batch_op.create_index(batch_op.f("ux_bt{s}_extra_qty"), ["extra", "qty"], unique=True)
    batch_op.create_unique_constraint("uq_bt{s}_extra", ["extra"])
    batch_op.create_foreign_key("fk_bt{s}_parent", "bparent{s}", ["parent_id"], ["id"], ondelete="CASCADE")
    batch_op.create_check_constraint("ck_bt{s}_extra", "extra <> ''")
    batch_op.drop_constraint("uq_bt{s}_name", type_="unique")
'''
    down = f'''\
with op.batch_alter_table("bt{s}", copy_from=sa.Table(
    "bt{s}",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("full_name", sa.String(100), nullable=False),
    sa.Column("qty", sa.String(20), server_default="0"),
    sa.Column("pid", sa.Integer()),
    sa.Column("price", sa.Float()),
    sa.Column("order", sa.Boolean()),
    sa.Column("born", sa.Date()),
    sa.Column("extra", sa.String(30), server_default="e"),
    sa.Column("parent_id", sa.Integer()),
    sa.UniqueConstraint("qty", "pid"),
    sa.CheckConstraint("qty >= 0", name="ck_bt{s}_qty"),
    sa.CheckConstraint("price >= 0"),
    sa.ForeignKeyConstraint(["pid"], ["bt{s}.id"], name="fk_bt{s}_self"),
    sa.UniqueConstraint("extra", name="uq_bt{s}_extra"),
    sa.ForeignKeyConstraint(["parent_id"], ["bparent{s}.id"], name="fk_bt{s}_parent", ondelete="CASCADE"),
    sa.CheckConstraint("extra <> ''", name="ck_bt{s}_extra"),
    sa.Index("ix_bt{s}_name", "full_name"),
    sa.Index("ux_bt{s}_qty", "qty", unique=True),
    sa.Index("ix_bt{s}_extra", "extra"),
    sa.Index("ux_bt{s}_extra_qty", "extra", "qty", unique=True),
)) as batch_op:
    batch_op.create_unique_constraint("uq_bt{s}_name", ["full_name"])
    batch_op.drop_constraint("ck_bt{s}_extra", type_="check")
    batch_op.drop_constraint("fk_bt{s}_parent", type_="foreignkey")
    batch_op.drop_constraint("uq_bt{s}_extra", type_="unique")
    batch_op.drop_index("ux_bt{s}_extra_qty")
    batch_op.drop_index("ix_bt{s}_extra")
    batch_op.alter_column("order", new_column_name="Flag", existing_type=sa.Boolean())
    batch_op.alter_column("born", type_=sa.DateTime(), existing_type=sa.Date())
    batch_op.alter_column("price", type_=sa.Numeric(10, 2), existing_type=sa.Float())
    batch_op.alter_column("qty", type_=sa.Integer(), existing_type=sa.String(20), server_default=None)
    batch_op.alter_column("full_name", new_column_name="name", existing_type=sa.String(100), type_=sa.String(50), nullable=True)
    batch_op.add_column(sa.Column("legacy", sa.Integer()))
    batch_op.create_index("ix_bt{s}_old", ["legacy"])
    batch_op.drop_column("parent_id")
    batch_op.drop_column("extra")
op.drop_table("bt{s}")
op.drop_table("bparent{s}")
'''
    return "batch_auto", "", up, down


def e_batch_always(s, first):
    up = f'''\
op.create_table(
    "ba{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("a", sa.Integer()),
    sa.Column("b", sa.String(10)),
    sa.Column("c", sa.Text()),
    sa.Column("user", sa.Integer(), index=True),
    sa.Column("js", sa.JSON()),
    sa.UniqueConstraint("b", "c", name="uq_ba{s}_bc"),
    sa.CheckConstraint("a < 1000", name="ck_ba{s}_max"),
    sa.CheckConstraint("b <> 'x'", name="ck_ba{s}_bx"),
)
with op.batch_alter_table(
    "ba{s}",
    recreate="always",
    copy_from=sa.Table(
        "ba{s}",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("a", sa.Integer()),
        sa.Column("b", sa.String(10)),
        sa.Column("c", sa.Text()),
        sa.Column("user", sa.Integer(), index=True),
        sa.Column("js", sa.JSON()),
        sa.UniqueConstraint("a"),
        sa.ForeignKeyConstraint(["a"], ["ba{s}.id"]),
        sa.CheckConstraint("a <> 3"),
        sa.UniqueConstraint("b", "c", name="uq_ba{s}_bc"),
        sa.CheckConstraint("a < 1000", name="ck_ba{s}_max"),
        sa.CheckConstraint("b <> 'x'", name="ck_ba{s}_bx"),
    ),
    table_args=(sa.CheckConstraint("a > 0", name="ck_ba{s}_a"),),
    table_kwargs={{"sqlite_autoincrement": True}},
    naming_convention={{
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "ix": "ix_%(column_0_label)s",
    }},
    partial_reordering=[("c", "b", "a")],
) as batch_op:
    batch_op.add_column(sa.Column("z", sa.Integer(), server_default="5"), insert_before="c")
    batch_op.add_column(sa.Column("y", sa.String(5)), insert_after="id")
    batch_op.create_unique_constraint("uq_ba{s}_b", ["b"])
    batch_op.create_unique_constraint(batch_op.f("uq_ba{s}_final"), ["c"])
    batch_op.create_foreign_key("fk_ba{s}_a_ba{s}", "ba{s}", ["a"], ["id"])
    batch_op.alter_column("js", type_=sa.Text(), existing_type=sa.JSON())
    batch_op.alter_column("a", server_default=sa.text("1"), existing_type=sa.Integer())
    batch_op.drop_constraint("ck_ba{s}_bx", type_="check")
'''
    down = f'''\
with op.batch_alter_table(
    "ba{s}",
    recreate="always",
    copy_from=sa.Table(
        "ba{s}",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("y", sa.String(5)),
        sa.Column("z", sa.Integer(), server_default="5"),
        sa.Column("c", sa.Text()),
        sa.Column("b", sa.String(10)),
        sa.Column("a", sa.Integer(), server_default=sa.text("1")),
        sa.Column("user", sa.Integer(), index=True),
        sa.Column("js", sa.Text()),
        sa.CheckConstraint("a > 0", name="ck_ba{s}_a"),
        sa.UniqueConstraint("b", name="uq_ba{s}_b"),
        sa.UniqueConstraint("c", name="uq_ba{s}_final"),
        sa.ForeignKeyConstraint(["a"], ["ba{s}.id"], name="fk_ba{s}_a_ba{s}"),
    ),
) as batch_op:
    batch_op.drop_constraint("fk_ba{s}_a_ba{s}", type_="foreignkey")
    batch_op.drop_constraint("uq_ba{s}_final", type_="unique")
    batch_op.drop_constraint("uq_ba{s}_b", type_="unique")
    batch_op.drop_constraint("ck_ba{s}_a", type_="check")
    batch_op.alter_column("js", type_=sa.JSON(), existing_type=sa.Text())
    batch_op.alter_column("a", server_default=None, existing_type=sa.Integer())
    batch_op.drop_column("z")
    batch_op.drop_column("y")
op.drop_table("ba{s}")
'''
    return "batch_always", "", up, down


def e_batch_insert(s, first):
    # batch_op.add_column placed with insert_before/insert_after and no
    # partial_reordering: Alembic fills in the neighbour from the existing
    # order, and a column may be placed relative to another new one
    up = f'''\
op.create_table(
    "bi{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("a", sa.Integer()),
    sa.Column("b", sa.String(10)),
    sa.Column("c", sa.Text()),
)
with op.batch_alter_table(
    "bi{s}",
    recreate="always",
    copy_from=sa.Table(
        "bi{s}",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("a", sa.Integer()),
        sa.Column("b", sa.String(10)),
        sa.Column("c", sa.Text()),
    ),
    table_kwargs={{"sqlite_autoincrement": True}},
) as batch_op:
    batch_op.add_column(sa.Column("x", sa.Integer()), insert_after="a")
    batch_op.add_column(sa.Column("y", sa.Integer()), insert_before="a")
    batch_op.add_column(sa.Column("w", sa.Integer()), insert_after="x")
    batch_op.add_column(sa.Column("v", sa.Integer()), insert_before="y")
    batch_op.add_column(sa.Column("last", sa.Integer()), insert_after="c")
    batch_op.add_column(sa.Column("tail", sa.Integer()))
    batch_op.drop_column("b")
'''
    down = f'''\
op.drop_table("bi{s}")
'''
    return "batch_insert", "", up, down


def e_batch_never(s, first):
    up = f'''\
op.create_table("bn{s}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("a", sa.Integer()))
with op.batch_alter_table("bn{s}", recreate="never") as batch_op:
    batch_op.add_column(sa.Column("b", sa.String(20), nullable=True))
    batch_op.alter_column("a", new_column_name="a2", existing_type=sa.Integer())
    batch_op.create_index("ix_bn{s}_b", ["b"], unique=True)
    batch_op.drop_column("a2")
{PG}
    with op.batch_alter_table("bn{s}") as batch_op:
        batch_op.create_unique_constraint("uq_bn{s}_b", ["b"])
        batch_op.alter_column("b", type_=sa.String(40), existing_type=sa.String(20), nullable=False)
        batch_op.create_check_constraint("ck_bn{s}_b", "b <> ''")
        batch_op.create_foreign_key("fk_bn{s}_self", "bn{s}", ["id"], ["id"])
        batch_op.drop_constraint("ck_bn{s}_b", type_="check")
    with op.batch_alter_table("bn{s}", schema="public", recreate="auto") as batch_op:
        batch_op.alter_column("b", comment="bee", existing_type=sa.String(40))
'''
    down = f'''\
{PG}
    with op.batch_alter_table("bn{s}", schema="public") as batch_op:
        batch_op.alter_column("b", comment=None, existing_type=sa.String(40), existing_comment="bee")
    with op.batch_alter_table("bn{s}") as batch_op:
        batch_op.drop_constraint("fk_bn{s}_self", type_="foreignkey")
        batch_op.alter_column("b", type_=sa.String(20), existing_type=sa.String(40), nullable=True)
        batch_op.drop_constraint("uq_bn{s}_b", type_="unique")
with op.batch_alter_table("bn{s}", recreate="never") as batch_op:
    batch_op.add_column(sa.Column("a", sa.Integer()))
    batch_op.drop_index("ix_bn{s}_b")
    batch_op.drop_column("b")
op.drop_table("bn{s}")
'''
    return "batch_never", "", up, down


def e_drop_table(s, first):
    up = f'''\
op.create_table(
    "stage{s}",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("v", sa.String(5), unique=True),
    sa.Column("w", sa.Integer(), index=True),
)
op.drop_table("stage{s}")
op.create_table("gone{s}", sa.Column("id", sa.Integer()), schema="billing")
op.drop_table("gone{s}", schema="billing")
'''
    down = f'''\
op.create_table("gone{s}", sa.Column("id", sa.Integer()), schema="billing")
op.drop_table("gone{s}", schema="billing")
'''
    return "drop_table", "", up, down


CATALOGUE = [
    e_create_table_columns,
    e_create_table_keys,
    e_create_table_constraints,   # creates billing.acct{s}: entries below use acct
    e_enums,
    e_pg_types,
    e_add_drop_column,
    e_alter_column,
    e_rename_table,
    e_indexes,
    e_constraints,
    e_exclude,
    e_comments,
    e_execute,
    e_bulk_insert,
    e_batch_auto,
    e_batch_always,
    e_batch_insert,
    e_batch_never,
    e_drop_table,
]

# Entries that reference billing.acct{s} / user tables of another revision
# would make revisions depend on each other; instead every entry that needs
# billing.acct{s} creates it itself (see _needs_acct).
_NEEDS_ACCT = {"add_drop_column", "indexes", "constraints", "table_comments"}

ACCT_UP = '''\
op.create_table("acct{s}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(40)), schema="billing")
'''
ACCT_DOWN = '''\
op.drop_table("acct{s}", schema="billing")
'''

_NEEDS_USER = {"bulk_insert"}
USER_UP = '''\
op.create_table("{usr}", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("Name", sa.String(20)))
'''
USER_DOWN = '''\
op.drop_table("{usr}")
'''


def build_entry(idx, s, first):
    slug, prelude, up, down = CATALOGUE[idx](s, first)
    if slug in _NEEDS_ACCT:
        up = ACCT_UP.format(s=s) + up
        down = down + ACCT_DOWN.format(s=s)
    if slug in _NEEDS_USER:
        # bulk_insert targets a reserved-word table; its own copy
        usr = "order" if first else "order%d" % s
        up = USER_UP.format(usr=usr) + up
        down = down + USER_DOWN.format(usr=usr)
    return slug, prelude, ind(up), ind(down)


# --------------------------------------------------------------------------
# history shape
# --------------------------------------------------------------------------

BLOCK = 12


def parents(n, ids, N):
    """(down_revision, depends_on) for node n."""
    if n == 0:
        return None, None
    base = n - n % BLOCK
    k = n % BLOCK
    if base + BLOCK <= N:
        if k == 3:                      # A: child of X = node base+2
            return ids[base + 2], None
        if k == 4:                      # B: child of X too
            return ids[base + 2], None
        if k == 5:                      # merge(A, B)
            return (ids[base + 3], ids[base + 4]), None
        if k == 8:                      # P: child of Y = base+7
            return ids[base + 7], None
        if k == 9:                      # Q: child of Y
            return ids[base + 7], None
        if k == 10:                     # R: child of Q, depends_on P
            return ids[base + 9], ids[base + 8]
        if k == 11:                     # merge(P, R)
            return (ids[base + 8], ids[base + 10]), None
    return ids[n - 1], None


def generate(outdir, seed, nrev):
    rng = random.Random(seed)
    K = len(CATALOGUE)
    if nrev is None:
        nrev = ((K + BLOCK - 1) // BLOCK) * BLOCK   # whole blocks, >= K
    rot = seed % K
    ids = []
    seen = set()
    while len(ids) < nrev:
        r = "%012x" % rng.getrandbits(48)
        if r not in seen:
            seen.add(r)
            ids.append(r)
    vdir = os.path.join(outdir, "migrations", "versions")
    os.makedirs(vdir, exist_ok=True)
    write(os.path.join(outdir, "alembic.ini"), make_ini())
    write(os.path.join(outdir, "migrations", "env.py"), make_env())
    write(os.path.join(outdir, "migrations", "script.py.mako"),
          _read_template("script.py.mako"))
    write(os.path.join(outdir, "migrations", "README"),
          "Generated by tests/sqlparity/gen_ops.py --seed %d --revisions %d\n"
          % (seed, nrev))
    day0 = 1 + seed % 28
    for n in range(nrev):
        idx = (n + rot) % K
        first = n < K
        slug, prelude, up, down = build_entry(idx, n, first)
        dr, dep = parents(n, ids, nrev)
        date = "2023-01-%02d %02d:%02d:%02d.%06d" % (
            day0, (n // 3600) % 24, (n // 60) % 60, n % 60, n)
        text = render_script(ids[n], dr, dep, "%s %d" % (slug.replace("_", " "), n),
                             date, prelude, up, down)
        write(os.path.join(vdir, "%s_%s_%d.py" % (ids[n], slug, n)), text)
    return ids


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# --------------------------------------------------------------------------
# --errors: one failing migration per case
# --------------------------------------------------------------------------

# (slug, dialects, body)
ERRORS = [
    ("sqlite_create_unique_constraint", "sqlite",
     'op.create_unique_constraint("uq_t_a", "t", ["a"])\n'),
    ("sqlite_create_unique_constraint_unnamed", "sqlite",
     'op.create_unique_constraint(None, "t", ["a"])\n'),
    ("sqlite_create_foreign_key", "sqlite",
     'op.create_foreign_key("fk_t_r", "t", "r", ["rid"], ["id"])\n'),
    ("sqlite_create_check_constraint", "sqlite",
     'op.create_check_constraint("ck_t_a", "t", "a > 0")\n'),
    ("sqlite_create_primary_key", "sqlite",
     'op.create_primary_key("pk_t", "t", ["id"])\n'),
    ("sqlite_drop_constraint", "sqlite",
     'op.drop_constraint("uq_t_a", "t", type_="unique")\n'),
    ("sqlite_drop_constraint_untyped", "sqlite",
     'op.drop_constraint("uq_t_a", "t")\n'),
    ("sqlite_create_exclude_constraint", "sqlite",
     'op.create_exclude_constraint("ex_t", "t", ("a", "="))\n'),
    ("sqlite_add_column_fk", "sqlite",
     'op.add_column("t", sa.Column("rid", sa.Integer(), sa.ForeignKey("r.id")))\n'),
    ("sqlite_add_column_unique", "sqlite",
     'op.add_column("t", sa.Column("u", sa.String(5), unique=True))\n'),
    ("sqlite_alter_column_comment", "sqlite",
     'op.alter_column("t", "a", comment="x", existing_type=sa.Integer())\n'),
    ("sqlite_jsonb", "sqlite",
     'op.create_table("j", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("d", postgresql.JSONB()))\n'),
    ("sqlite_uuid", "sqlite",
     'op.create_table("u", sa.Column("id", postgresql.UUID(), primary_key=True))\n'),
    ("sqlite_inet", "sqlite",
     'op.add_column("t", sa.Column("ip", postgresql.INET()))\n'),
    ("sqlite_array", "sqlite",
     'op.add_column("t", sa.Column("tags", postgresql.ARRAY(sa.Integer())))\n'),
    ("sqlite_composite_autoincrement", "sqlite",
     'op.create_table("c", sa.Column("a", sa.Integer(), primary_key=True), '
     'sa.Column("b", sa.Integer(), primary_key=True, autoincrement=True))\n'),
    ("sqlite_batch_auto_no_copy_from", "sqlite",
     'with op.batch_alter_table("t") as batch_op:\n'
     '    batch_op.alter_column("a", new_column_name="b")\n'),
    ("sqlite_batch_always_no_copy_from", "sqlite",
     'with op.batch_alter_table("t", recreate="always") as batch_op:\n'
     '    batch_op.add_column(sa.Column("b", sa.Integer()))\n'),
    ("pg_batch_always_no_copy_from", "postgresql",
     'with op.batch_alter_table("t", recreate="always") as batch_op:\n'
     '    batch_op.add_column(sa.Column("b", sa.Integer()))\n'),
    ("sqlite_batch_never_constraint", "sqlite",
     'with op.batch_alter_table("t", recreate="never") as batch_op:\n'
     '    batch_op.create_unique_constraint("uq_t_a", ["a"])\n'),
    ("pg_bulk_insert_datetime", "postgresql",
     'import datetime\n'
     'op.bulk_insert(sa.table("t", sa.column("at", sa.DateTime)), [{"at": datetime.datetime(2020, 1, 2, 3, 4, 5)}])\n'),
    ("pg_bulk_insert_date", "postgresql",
     'import datetime\n'
     'op.bulk_insert(sa.table("t", sa.column("d", sa.Date)), [{"d": datetime.date(2020, 1, 2)}])\n'),
    ("both_bulk_insert_json", "postgresql sqlite",
     'op.bulk_insert(sa.table("t", sa.column("j", sa.JSON)), [{"j": {"a": 1}}])\n'),
    ("pg_enum_without_name", "postgresql",
     'op.create_table("e", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("v", sa.Enum("x", "yy")))\n'),
    ("both_bulk_insert_untyped_column", "postgresql sqlite",
     'op.bulk_insert(sa.table("t", sa.column("id")), [{"id": 1}])\n'),
    ("both_batch_unnamed_constraint", "sqlite",
     'with op.batch_alter_table("t", copy_from=sa.Table("t", sa.MetaData(), sa.Column("a", sa.Integer())), naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}) as batch_op:\n'
     '    batch_op.create_unique_constraint(None, ["a"])\n'),
    ("ok_pg_batch_unnamed_constraint_naming_convention", "postgresql",
     'with op.batch_alter_table("t", naming_convention={"uq": "uq_%(table_name)s_%(column_0_name)s"}) as batch_op:\n'
     '    batch_op.create_unique_constraint(None, ["a"])\n'),
    ("pg_identifier_too_long", "postgresql",
     'op.create_index("ix_" + "x" * 70, "t", ["a"])\n'),
    ("ok_both_text_unbound_param", "postgresql sqlite",
     'op.execute(sa.text("UPDATE t SET a = :a"))\n'),
    ("sqlite_batch_drop_missing_column", "sqlite",
     'with op.batch_alter_table("t", copy_from=sa.Table("t", sa.MetaData(), sa.Column("a", sa.Integer()))) as batch_op:\n'
     '    batch_op.drop_column("nope")\n'),
    ("both_get_bind_execute_result", "postgresql sqlite",
     'op.get_bind().execute(sa.text("SELECT 1")).fetchall()\n'),
    ("ok_pg_nested_autocommit_block", "postgresql",
     'with op.get_context().autocommit_block():\n'
     '    with op.get_context().autocommit_block():\n'
     '        op.execute("SELECT 1")\n'),
]


def generate_errors(outdir):
    vdir = os.path.join(outdir, "migrations", "versions")
    os.makedirs(vdir, exist_ok=True)
    write(os.path.join(outdir, "alembic.ini"), make_ini())
    write(os.path.join(outdir, "migrations", "env.py"), make_env())
    write(os.path.join(outdir, "migrations", "script.py.mako"),
          _read_template("script.py.mako"))
    lines = []
    prev = None
    for i, (slug, dialects, body) in enumerate(ERRORS):
        rev = "err%02d" % i
        text = render_script(rev, prev, None, slug.replace("_", " "),
                             "2023-01-01 00:00:00.000000", "", ind(body), "    pass")
        write(os.path.join(vdir, "%s_%s.py" % (rev, slug)), text)
        expect = "ok" if slug.startswith("ok_") else "fail"
        for d in dialects.split():
            lines.append("%s %s %s %s %s\n" % (rev, prev or "base", d, expect, slug))
        prev = rev
    write(os.path.join(outdir, "errors.txt"), "".join(lines))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--revisions", type=int, default=None)
    ap.add_argument("--errors", action="store_true",
                    help="write the failing-migrations project instead")
    a = ap.parse_args(argv)
    if os.path.exists(a.outdir) and os.listdir(a.outdir):
        sys.exit("gen_ops.py: %s exists and is not empty" % a.outdir)
    if a.errors:
        generate_errors(a.outdir)
    else:
        if a.revisions is not None and a.revisions < 1:
            sys.exit("gen_ops.py: --revisions must be >= 1")
        generate(a.outdir, a.seed, a.revisions)


if __name__ == "__main__":
    main()
