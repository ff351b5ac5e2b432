#!/usr/bin/python3
"""Projects for downgrade-not-inverse: one per case, each a base revision
a0 (tables orders, customers, audit; an index, a unique and a foreign key
constraint) and the case's revision a1. A line ending in "# fires" is
where the rule must report; a case without one is a near miss.

    inverse_cases.py OUTDIR

writes OUTDIR/<case>/ and OUTDIR/cases.json: [{name, lines, sqlite}]
(sqlite: the case runs on SQLite too and its catalog shows the
difference, so `cupel verify` there must agree).
"""
import json
import os
import sys

from fixture_env import ONLINE_ENV_PY

ENV_PY = ONLINE_ENV_PY

BASE_UP = '''    op.create_table("customers", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("email", sa.String(100)),
                    sa.UniqueConstraint("email", name="uq_customers_email"))
    op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("amount", sa.Integer(), nullable=False),
                    sa.Column("status", sa.String(20), nullable=False, server_default="new"),
                    sa.Column("customer_id", sa.Integer()),
                    sa.Column("note", sa.Text()),
                    sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_orders_customer"))
    op.create_index("ix_orders_amount", "orders", ["amount"])
    op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("what", sa.Text()))
'''
BASE_DOWN = '''    op.drop_table("audit")
    op.drop_index("ix_orders_amount", table_name="orders")
    op.drop_table("orders")
    op.drop_table("customers")
'''

Y_UP = '    op.add_column("orders", sa.Column("y", sa.Integer()))\n'
Y_DOWN = '    op.drop_column("orders", "y")\n'

# name: (upgrade, downgrade, sqlite, extra base upgrade, extra base downgrade)
CASES = {
    # ---- must fire ----
    "add-column-left": ('''    op.add_column("orders", sa.Column("flag", sa.Integer()))  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "drop-column-not-restored": ('''    op.drop_column("orders", "note")  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "create-table-left": ('''    op.create_table("t2", sa.Column("id", sa.Integer(), primary_key=True))  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "drop-table-not-restored": ('''    op.drop_table("audit")  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "create-index-left": ('''    op.create_index("ix_orders_status", "orders", ["status"])  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "drop-index-not-restored": ('''    op.drop_index("ix_orders_amount", table_name="orders")  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "batch-unique-left": ('''    with op.batch_alter_table("customers") as b:
        b.create_unique_constraint("uq_customers_id_email", ["id", "email"])  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "check-left": ('''    op.create_check_constraint("ck_orders_amount", "orders", "amount > 0")  # fires
''' + Y_UP, Y_DOWN, False, "", ""),
    "batch-fk-not-restored": ('''    with op.batch_alter_table("orders") as b:
        b.drop_constraint("fk_orders_customer", type_="foreignkey")  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "rename-table-not-back": ('''    op.rename_table("audit", "audit_log")  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "rename-column-not-back": ('''    with op.batch_alter_table("orders") as b:
        b.alter_column("note", new_column_name="remark", existing_type=sa.Text())  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "type-not-back": ('''    with op.batch_alter_table("orders") as b:
        b.alter_column("status", type_=sa.String(40), existing_type=sa.String(20))  # fires
''' + Y_UP, '''    with op.batch_alter_table("orders") as b:
        b.alter_column("status", existing_type=sa.String(40), nullable=False)
''' + Y_DOWN, True, "", ""),
    "nullable-not-back": ('''    op.alter_column("orders", "customer_id", nullable=False, existing_type=sa.Integer())  # fires
''' + Y_UP, Y_DOWN, False, "", ""),
    "default-not-back": ('''    op.alter_column("orders", "status", server_default="open", existing_type=sa.String(20))  # fires
''' + Y_UP, '''    op.alter_column("orders", "status", existing_type=sa.String(20), existing_server_default="open")
''' + Y_DOWN, False, "", ""),
    "nullable-back-wrong": ('''    op.alter_column("orders", "note", nullable=False, existing_type=sa.Text())  # fires
''', '''    op.alter_column("orders", "note", nullable=False, existing_type=sa.Text())
''', False, "", ""),
    "sql-type-left": ('''    op.execute("CREATE TYPE mood AS ENUM ('calm', 'angry')")  # fires
''' + Y_UP, Y_DOWN, False, "", ""),
    "type-not-restored": ('''    op.execute("DROP TYPE mood0")  # fires
''' + Y_UP, Y_DOWN, False, '''    op.execute("CREATE TYPE mood0 AS ENUM ('calm', 'angry')")
''', '''    op.execute("DROP TYPE mood0")
'''),
    "downgrade-drops-more": (Y_UP, Y_DOWN + '''    op.drop_index("ix_orders_amount", table_name="orders")  # fires
''', True, "", ""),
    "readded-differently": ('''    with op.batch_alter_table("orders") as b:
        b.drop_column("note")  # fires
''', '''    op.add_column("orders", sa.Column("note", sa.String(10)))
''', True, "", ""),
    "readded-without-index": ('''    op.drop_column("orders", "amount")  # fires
''', '''    op.add_column("orders", sa.Column("amount", sa.Integer(), nullable=False))
''', False, "", ""),
    "add-column-after-sql": ('''    op.execute("UPDATE orders SET status = 'flag'")
    op.add_column("orders", sa.Column("flag", sa.Integer()))  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "sql-index-left": ('''    op.execute("CREATE INDEX ix_orders_note ON orders (note)")  # fires
''' + Y_UP, Y_DOWN, True, "", ""),
    "check-recreated-differently": ('''    op.drop_constraint("ck_orders_pos", "orders", type_="check")  # fires
''', '''    op.create_check_constraint("ck_orders_pos", "orders", "amount > 100")
''', False, '    op.create_check_constraint("ck_orders_pos", "orders", "amount >= 0")\n', '    op.drop_constraint("ck_orders_pos", "orders", type_="check")\n'),
    "fk-recreated-cascade": ('''    op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey")  # fires
''', '''    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"], ondelete="CASCADE")
''', False, "", ""),
    "sql-type-used-left": ('''    op.execute("CREATE TYPE mood2 AS ENUM ('calm', 'angry')")  # fires
    op.add_column("orders", sa.Column("m", sa.Enum("calm", "angry", name="mood2", create_type=False)))
''', '''    op.drop_column("orders", "m")
''', False, "", ""),
    # ---- near misses ----
    "ok-other-order": ('''    op.add_column("orders", sa.Column("a", sa.Integer()))
    op.add_column("orders", sa.Column("b", sa.Integer()))
    op.create_index("ix_orders_a", "orders", ["a"])
''', '''    op.drop_column("orders", "b")
    op.drop_index("ix_orders_a", table_name="orders")
    op.drop_column("orders", "a")
''', True, "", ""),
    "ok-batch": ('''    with op.batch_alter_table("orders") as b:
        b.add_column(sa.Column("code", sa.String(10)))
        b.alter_column("status", type_=sa.String(40), existing_type=sa.String(20), existing_nullable=False,
                       existing_server_default="new")
        b.create_unique_constraint("uq_orders_code", ["code"])
''', '''    with op.batch_alter_table("orders") as b:
        b.drop_constraint("uq_orders_code", type_="unique")
        b.alter_column("status", type_=sa.String(20), existing_type=sa.String(40), existing_nullable=False,
                       existing_server_default="new")
        b.drop_column("code")
''', True, "", ""),
    "ok-implicit-index": ('''    op.add_column("orders", sa.Column("code", sa.String(10), index=True))
''', '''    op.drop_index("ix_orders_code", table_name="orders")
    op.drop_column("orders", "code")
''', True, "", ""),
    # (Alembic cannot add an unnamed UNIQUE on SQLite, even in a batch)
    "ok-implicit-unique": ('''    op.add_column("customers", sa.Column("tag", sa.String(10), unique=True))
''', '''    op.drop_column("customers", "tag")
''', False, "", ""),
    # (PostgreSQL drops the index with its column; SQLite's batch rebuild
    # would recreate it and fail, so this one is PostgreSQL's only)
    "ok-dropped-with-column": ('''    with op.batch_alter_table("orders") as b:
        b.add_column(sa.Column("code", sa.String(10)))
        b.create_index("ix_orders_code2", ["code"])
''', '''    with op.batch_alter_table("orders") as b:
        b.drop_column("code")
''', False, "", ""),
    "ok-renames-back": ('''    op.rename_table("audit", "audit_log")
    with op.batch_alter_table("orders") as b:
        b.alter_column("note", new_column_name="remark", existing_type=sa.Text())
''', '''    with op.batch_alter_table("orders") as b:
        b.alter_column("remark", new_column_name="note", existing_type=sa.Text())
    op.rename_table("audit_log", "audit")
''', True, "", ""),
    "ok-existing-values": ('''    op.alter_column("orders", "customer_id", nullable=False, existing_type=sa.Integer())
    op.alter_column("orders", "status", type_=sa.String(40), server_default="open",
                    existing_type=sa.String(20), existing_server_default="new", existing_nullable=False)
''', '''    op.alter_column("orders", "status", type_=sa.String(20), server_default="new",
                    existing_type=sa.String(40), existing_server_default="open", existing_nullable=False)
    op.alter_column("orders", "customer_id", nullable=True, existing_type=sa.Integer())
''', False, "", ""),
    "ok-table-with-everything": ('''    op.create_table("payments", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("order_id", sa.Integer(), sa.ForeignKey("orders.id", name="fk_payments_order")),
                    sa.Column("method", sa.Enum("card", "cash", name="payment_method")),
                    sa.Column("ref", sa.String(20), index=True))
''', '''    op.drop_index("ix_payments_ref", table_name="payments")
    op.drop_table("payments")
    sa.Enum(name="payment_method").drop(op.get_bind(), checkfirst=False)
''', False, "", ""),
    "ok-sql": ('''    op.execute("CREATE INDEX ix_orders_note ON orders (note)")
    op.execute("CREATE TYPE mood AS ENUM ('calm', 'angry')")
''', '''    op.execute("DROP TYPE mood")
    op.execute("DROP INDEX ix_orders_note")
''', False, "", ""),
    "ok-drop-and-recreate": ('''    op.drop_table("audit")
    op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey")
''', '''    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])
    op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("what", sa.Text()))
''', False, "", ""),
    "ok-opaque-downgrade": ('''    op.add_column("orders", sa.Column("flag", sa.Integer()))
''', '''    conn = op.get_bind()
    conn.execute(sa.text("ALTER TABLE orders DROP COLUMN flag"))
''', True, "", ""),
    "ok-check-recreated-same": ('''    op.drop_constraint("ck_orders_pos", "orders", type_="check")
''', '''    op.create_check_constraint("ck_orders_pos", "orders", "amount>=0")
''', False, '    op.create_check_constraint("ck_orders_pos", "orders", "amount >= 0")\n', '    op.drop_constraint("ck_orders_pos", "orders", type_="check")\n'),
    "ok-fk-recreated-same": ('''    op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey")
''', '''    op.create_foreign_key("fk_orders_customer", "orders", "customers", ["customer_id"], ["id"])
''', False, "", ""),
}

REV = '''"""%(doc)s

Revision ID: %(rev)s
Revises: %(down)s
Create Date: 2026-12-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = %(rev)r
down_revision = %(down_py)s
branch_labels = None
depends_on = None


def upgrade():
%(up)s

def downgrade():
%(dn)s'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    meta = []
    for name, (up, dn, sqlite, pre_up, pre_dn) in CASES.items():
        d = os.path.join(out, name)
        write(os.path.join(d, "alembic.ini"),
              "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///%(here)s/x.db\n")
        write(os.path.join(d, "migrations", "env.py"), ENV_PY)
        write(os.path.join(d, "migrations", "script.py.mako"), "")
        write(os.path.join(d, "migrations", "versions", "a0.py"),
              REV % dict(doc="base", rev="a0", down="", down_py="None", up=BASE_UP + pre_up, dn=pre_dn + BASE_DOWN))
        text = REV % dict(doc=name, rev="a1", down="a0", down_py="'a0'", up=up, dn=dn)
        write(os.path.join(d, "migrations", "versions", "a1.py"), text)
        lines = [i for i, l in enumerate(text.split("\n"), 1) if l.endswith("# fires")]
        meta.append({"name": name, "lines": lines, "sqlite": sqlite})
    write(os.path.join(out, "cases.json"), json.dumps(meta, indent=1))


main()
