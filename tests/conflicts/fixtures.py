"""Divergent Alembic projects for tests/conflicts/run.sh: a shared base
(users, orders, legacy), then two branches a1 and b1 from it, one case a
project.  `fixtures.py DIR` writes DIR/<case>/ for every case and prints
"<case> <expected conflict ids, comma separated or ->" lines.

The expected kinds are what cupel must name; run.sh checks each against
the real PostgreSQL: a case with an error-level kind must fail in at least
one upgrade order, and every order that succeeds is compared."""
import os
import sys

INI = """[alembic]
script_location = %(here)s/migrations

[loggers]
keys = root
[handlers]
keys = console
[formatters]
keys = generic
[logger_root]
level = WARN
handlers = console
[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic
[formatter_generic]
format = %(levelname)s %(message)s
"""

ENV = """import os
from alembic import context
from sqlalchemy import create_engine

config = context.config


def run_migrations_offline():
    context.configure(url=os.environ.get("TEST_DB_URL", "postgresql://"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = create_engine(os.environ["TEST_DB_URL"])
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

SCRIPT = '''"""{msg}

Revision ID: {rev}
Revises: {down}
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down_py}
branch_labels = None
depends_on = None


def upgrade():
{up}


def downgrade():
    pass
'''

BASE = """    op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('name', sa.String(50), nullable=False),
                    sa.Column('email', sa.String(100), nullable=True))
    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True),
                    sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id', name='fk_orders_user_id')),
                    sa.Column('total', sa.Integer(), nullable=True),
                    sa.Column('note', sa.Text(), nullable=True))
    op.create_table('legacy', sa.Column('id', sa.Integer(), primary_key=True))
    op.execute("CREATE TYPE mood AS ENUM ('sad', 'ok')")"""

# case: (branch a body, branch b body, expected kinds)
CASES = {
    "independent": (
        "    op.add_column('users', sa.Column('nickname', sa.String(30), nullable=True))",
        "    op.create_index('ix_orders_total', 'orders', ['total'])",
        []),
    "independent-tables": (
        "    op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True))",
        "    op.execute(\"UPDATE orders SET note = 'n/a' WHERE note IS NULL\")",
        []),
    "columns-both-sides": (
        "    op.add_column('users', sa.Column('phone', sa.String(20), nullable=True))",
        "    op.add_column('users', sa.Column('city', sa.String(40), nullable=True))",
        []),
    "independent-mixed": (
        "    op.create_table('reviews', sa.Column('id', sa.Integer(), primary_key=True),\n"
        "                    sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id')))\n"
        "    op.create_index('ix_users_email', 'users', ['email'])",
        "    op.alter_column('orders', 'note', type_=sa.String(500), existing_type=sa.Text())\n"
        "    legacy = sa.table('legacy', sa.column('id', sa.Integer()))\n"
        "    op.bulk_insert(legacy, [{'id': 1}, {'id': 2}])\n"
        "    op.execute(\"UPDATE users SET name = trim(name)\")\n"
        "    op.add_column('users', sa.Column('city', sa.String(40)))",
        []),
    "created-twice": (
        "    op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True))",
        "    op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True),\n"
        "                    sa.Column('label', sa.String(20)))",
        ["created-twice"]),
    "column-created-twice": (
        "    op.add_column('users', sa.Column('phone', sa.String(20), nullable=True))",
        "    op.add_column('users', sa.Column('phone', sa.String(32), nullable=True))",
        ["created-twice"]),
    "dropped-twice": (
        "    op.drop_column('orders', 'note')",
        "    op.drop_column('orders', 'note')",
        ["dropped-twice"]),
    "dropped-while-used": (
        "    op.drop_column('users', 'email')",
        "    op.create_index('ix_users_email', 'users', ['email'])",
        ["dropped-while-used"]),
    "foreign-key-to-dropped": (
        "    op.drop_table('legacy')",
        "    op.add_column('orders', sa.Column('legacy_id', sa.Integer(), nullable=True))\n"
        "    op.create_foreign_key('fk_orders_legacy_id', 'orders', 'legacy', ['legacy_id'], ['id'])",
        ["foreign-key-to-dropped"]),
    "renamed-while-used": (
        "    op.rename_table('users', 'accounts')",
        "    op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))",
        ["renamed-while-used"]),
    "column-renamed-while-used": (
        "    op.alter_column('users', 'name', new_column_name='full_name', existing_type=sa.String(50))",
        "    op.create_index('ix_users_name', 'users', ['name'])",
        ["renamed-while-used"]),
    "duplicate-name": (
        "    op.create_index('ix_recent', 'orders', ['total'])",
        "    op.create_index('ix_recent', 'users', ['name'])",
        ["duplicate-name"]),
    "incompatible-type-change": (
        "    op.alter_column('users', 'name', type_=sa.Text(), existing_type=sa.String(50))",
        "    op.alter_column('users', 'name', type_=sa.String(200), existing_type=sa.String(50))",
        ["incompatible-type-change"]),
    "altered-twice": (
        "    op.alter_column('users', 'email', nullable=False, existing_type=sa.String(100))",
        "    op.alter_column('users', 'email', server_default='none', existing_type=sa.String(100))",
        ["altered-twice"]),
    "data-vs-schema-change": (
        "    op.execute(\"UPDATE users SET name = lower(name)\")",
        "    op.alter_column('users', 'name', type_=sa.String(20), existing_type=sa.String(50))",
        ["data-vs-schema-change"]),
    "enum-values-both-sides": (
        "    op.execute(\"ALTER TYPE mood ADD VALUE 'happy'\")",
        "    op.execute(\"ALTER TYPE mood ADD VALUE 'angry'\")",
        ["altered-twice"]),
    "data-and-new-column": (
        "    op.execute(\"UPDATE users SET name = lower(name) WHERE email IS NOT NULL\")",
        "    op.add_column('users', sa.Column('nickname', sa.String(30), nullable=True))",
        []),
    "data-vs-dropped-column": (
        "    op.execute(\"UPDATE orders SET note = 'x' WHERE total > 10\")",
        "    op.drop_column('orders', 'total')",
        ["dropped-while-used"]),
    "unseen-step": (
        "    bind = op.get_bind()\n"
        "    for row in bind.execute(sa.text('SELECT id FROM users')):\n"
        "        bind.execute(sa.text('UPDATE users SET name = name WHERE id = :i'), {'i': row.id})",
        "    op.add_column('users', sa.Column('nickname', sa.String(30), nullable=True))",
        ["unseen-step"]),
}


def script(d, rev, down, msg, up):
    down_py = repr(down) if down else "None"
    with open(os.path.join(d, "migrations", "versions", rev + ".py"), "w") as f:
        f.write(SCRIPT.format(msg=msg, rev=rev, down=down or "", down_py=down_py, up=up))


def main():
    top = sys.argv[1]
    for case, (a, b, kinds) in CASES.items():
        d = os.path.join(top, case)
        os.makedirs(os.path.join(d, "migrations", "versions"))
        with open(os.path.join(d, "alembic.ini"), "w") as f:
            f.write(INI)
        with open(os.path.join(d, "migrations", "env.py"), "w") as f:
            f.write(ENV)
        script(d, "base0", None, "base tables", BASE)
        script(d, "a1", "base0", "branch a: " + case, a)
        script(d, "b1", "base0", "branch b: " + case, b)
        print(case, ",".join(kinds) or "-")


main()
