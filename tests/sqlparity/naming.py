#!/usr/bin/python3
"""env.py's naming_convention against the real Alembic 1.8 (offline SQL):
for each convention (none, SQLAlchemy's default, every token, class keys, a
module-level dict, templates needing %(constraint_name)s, names longer than
PostgreSQL's 63 characters) and each way a migration creates or drops a
constraint or an index, `cupel upgrade PREV:REV --sql --dialect D` must print
what `alembic upgrade PREV:REV --sql` prints, byte for byte, or both must
fail (SQLAlchemy refuses an unnamed constraint under a template that needs
its name). One revision per form, so a failure stays within its case.
The forms include postgresql_not_valid=True (ADD CONSTRAINT ... NOT VALID).

  naming.py CUPEL_BIN [WORKDIR]   TAP lines, then "N passed, N failed"
"""
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
WORK = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="cupel-naming.")
PY = "/usr/bin/python3"

FULL = ('{"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s", '
        '"ck": "ck_%(table_name)s_%(constraint_name)s", '
        '"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}')
CONVENTIONS = {
    "none": "None",
    "plain": "sa.MetaData()",
    "full": "sa.MetaData(naming_convention=%s)" % FULL,
    "tokens": 'sa.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(column_0N_name)s", '
              '"ix": "ix_%(table_name)s_%(column_0_N_name)s", '
              '"fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s_%(referred_column_0_name)s", '
              '"pk": "pk_%(column_0_label)s", "ck": "ck_%(table_name)s_%(constraint_name)s"})',
    "keys": 'sa.MetaData(naming_convention={"uq": "%(table_name)s_%(column_0_key)s_uniq", '
            '"pk": "%(table_name)s_pk", "fk": "%(table_name)s_%(column_0_name)s_fkey_%%"})',
    "classes": 'sa.MetaData(naming_convention={sa.UniqueConstraint: "u_%(table_name)s_%(column_0_name)s", '
               'sa.Index: "i_%(column_0_label)s", sa.PrimaryKeyConstraint: "p_%(table_name)s"})',
    "module": "sa.MetaData(naming_convention=NAMING)",
    "uq-needs-name": 'sa.MetaData(naming_convention={"uq": "uq_%(table_name)s_%(constraint_name)s", '
                     '"ix": "ix_%(table_name)s_%(constraint_name)s"})',
}
ENV = '''import os
from alembic import context
import sqlalchemy as sa

NAMING = %s
target_metadata = %s


def run_migrations_offline():
    context.configure(url=os.environ.get("ALEMBIC_URL", "postgresql://"), target_metadata=target_metadata,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


run_migrations_offline()
'''
LONG = "account_transaction_reconciliation_adjustments_archive"  # 54 characters
# (name, dialects, body): a revision each; "users" and "orgs" exist before.
# One index per create_table: Alembic emits a table's indexes in the order
# of a Python set (table.indexes), which is not fixed.
FORMS = [
    ("create_table: pk, unique, fk, index, checks", "pg sl",
     'op.create_table("t1", sa.Column("id", sa.Integer(), primary_key=True),\n'
     '        sa.Column("code", sa.String(10), unique=True),\n'
     '        sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id")),\n'
     '        sa.Column("n", sa.Integer()),\n'
     '        sa.Column("m", sa.Integer(), unique=True, index=True),\n'
     '        sa.CheckConstraint("n > 0", name="positive"),\n'
     '        sa.CheckConstraint("n < 100", name=op.f("ck_t1_small")),\n'
     '        sa.UniqueConstraint("n", "code"),\n'
     '        sa.UniqueConstraint("id", "n", name="t1_explicit"))'),
    ("create_table: composite keys, Index items", "pg sl",
     'op.create_table("t2", sa.Column("a", sa.Integer()), sa.Column("b", sa.Integer()),\n'
     '        sa.Column("org_id", sa.Integer()), sa.Column("c", sa.Text()),\n'
     '        sa.PrimaryKeyConstraint("a", "b"),\n'
     '        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], ondelete="CASCADE"),\n'
     '        sa.Index(None, "c", "a"))'),
    ("create_table: named Index items", "pg sl",
     'op.create_table("t5", sa.Column("a", sa.Integer(), primary_key=True), sa.Index("t5_named", "a"))\n'
     '    op.create_table("t6", sa.Column("a", sa.Integer(), primary_key=True), sa.Index(op.f("ix_t6_f"), "a"))'),
    ("create_table: named primary key", "pg sl",
     'op.create_table("t3", sa.Column("id", sa.Integer()), sa.PrimaryKeyConstraint("id", name="t3_key"))'),
    ("create_table: in a schema", "pg",
     'op.create_table("t4", sa.Column("id", sa.Integer(), primary_key=True),\n'
     '        sa.Column("n", sa.Integer(), index=True), sa.Column("u", sa.Integer(), unique=True), schema="audit")'),
    ("create_table: a long name", "pg sl",
     'op.create_table("%s", sa.Column("id", sa.Integer(), primary_key=True),\n'
     '        sa.Column("reconciliation_batch_identifier", sa.Integer(), unique=True, index=False),\n'
     '        sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id")),\n'
     '        sa.Column("settled_amount_in_minor_units", sa.Integer(), index=True))' % LONG),
    ("add_column: fk, unique", "pg",
     'op.add_column("users", sa.Column("org_id", sa.Integer(), sa.ForeignKey("orgs.id")))\n'
     '    op.add_column("users", sa.Column("email", sa.String(80), unique=True))'),
    ("add_column: index", "pg sl",
     'op.add_column("users", sa.Column("score", sa.Integer(), index=True))'),
    ("create_unique_constraint", "pg",
     'op.create_unique_constraint(None, "users", ["name"])\n'
     '    op.create_unique_constraint("users_name_id", "users", ["name", "id"])\n'
     '    op.create_unique_constraint(op.f("uq_users_f"), "users", ["id"])'),
    ("create_foreign_key", "pg",
     'op.create_foreign_key(None, "orgs", "users", ["owner_id"], ["id"])\n'
     '    op.create_foreign_key("orgs_owner2", "orgs", "users", ["owner_id"], ["id"], ondelete="SET NULL")'),
    ("create_check_constraint", "pg",
     'op.create_check_constraint("name_len", "users", "length(name) > 1")\n'
     '    op.create_check_constraint(op.f("ck_users_f"), "users", "id > 0")'),
    ("create_check_constraint(None)", "pg",
     'op.create_check_constraint(None, "users", "id > 0")'),
    ("NOT VALID (postgresql_not_valid=True)", "pg sl",
     'op.create_table("t7", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("n", sa.Integer()),\n'
     '        sa.CheckConstraint("n > 0", name="t7_n", postgresql_not_valid=True))'),
    ("create_foreign_key / create_check_constraint NOT VALID", "pg",
     'op.create_foreign_key("orgs_owner3", "orgs", "users", ["owner_id"], ["id"], postgresql_not_valid=True)\n'
     '    op.create_foreign_key(None, "orgs", "users", ["owner_id"], ["id"], ondelete="CASCADE", deferrable=True,\n'
     '        initially="DEFERRED", postgresql_not_valid=True)\n'
     '    op.create_check_constraint("owner_pos", "orgs", "owner_id > 0", postgresql_not_valid=True)'),
    ("create_primary_key", "pg",
     'op.create_primary_key(None, "orgs", ["id"])'),
    ("create_index", "pg sl",
     'op.create_index(None, "users", ["name", "id"])\n'
     '    op.create_index("users_by_name", "users", ["name"])\n'
     '    op.create_index(op.f("ix_users_f"), "users", ["id"], unique=True)'),
    ("drop_constraint", "pg",
     'op.drop_constraint("name_len", "users", type_="check")\n'
     '    op.drop_constraint("users_name_id", "users", type_="unique")\n'
     '    op.drop_constraint("orgs_owner2", "orgs", type_="foreignkey")\n'
     '    op.drop_constraint("orgs_pkey", "orgs", type_="primary")\n'
     '    op.drop_constraint("anything", "users")\n'
     '    op.drop_constraint(op.f("ck_users_f"), "users", type_="check")'),
    ("drop_index", "pg sl",
     'op.drop_index("users_by_name", table_name="users")\n'
     '    op.drop_index(op.f("ix_users_f"), table_name="users")'),
]
REV = '''"""%s"""
from alembic import op
import sqlalchemy as sa

revision = "r%d"
down_revision = %s


def upgrade():
    %s


def downgrade():
    pass
'''
BASE = ('op.create_table("orgs", sa.Column("id", sa.Integer(), nullable=False), sa.Column("owner_id", sa.Integer()))\n'
        '    op.create_table("users", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.Text()))')


def project(conv, dialect):
    d = os.path.join(WORK, "%s-%s" % (conv, dialect))
    v = os.path.join(d, "migrations", "versions")
    os.makedirs(v)
    with open(os.path.join(d, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://\n")
    with open(os.path.join(d, "migrations", "env.py"), "w") as f:
        f.write(ENV % (FULL, CONVENTIONS[conv]))
    open(os.path.join(d, "migrations", "script.py.mako"), "w").close()
    forms = [f for f in FORMS if dialect in f[1].split()]
    with open(os.path.join(v, "r0.py"), "w") as f:
        f.write(REV % ("base", 0, "None", BASE))
    for i, (name, _, body) in enumerate(forms, 1):
        with open(os.path.join(v, "r%d.py" % i), "w") as f:
            f.write(REV % (name, i, '"r%d"' % (i - 1), body))
    return d, forms


def run(cmd, cwd, env=None):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=e)
    return r.returncode, r.stdout, r.stderr


def main():
    n = failed = 0
    for conv in CONVENTIONS:
        for dialect, url in (("pg", "postgresql://"), ("sl", "sqlite://")):
            d, forms = project(conv, dialect)
            for i, (name, _, _) in enumerate(forms, 1):
                rng = "r%d:r%d" % (i - 1, i)
                erc, exp, eerr = run([PY, "-m", "alembic", "upgrade", rng, "--sql"], d, {"ALEMBIC_URL": url})
                grc, got, gerr = run([BIN, "upgrade", rng, "--sql", "--dialect",
                                      "postgresql" if dialect == "pg" else "sqlite"], d)
                n += 1
                desc = "%s %s: %s" % (conv, dialect, name)
                if erc == 0 and grc == 0 and exp == got:
                    print("ok %d - %s" % (n, desc))
                elif erc != 0 and grc != 0:
                    # the same reason: the head of SQLAlchemy's message in cupel's
                    last = eerr.strip().splitlines()[-1] if eerr.strip() else "?"
                    head = last.split(": ", 1)[-1][:40]
                    if head in got + gerr:
                        print("ok %d - %s (both fail: %s)" % (n, desc, last[:100]))
                    else:
                        failed += 1
                        print("not ok %d - %s: both fail, for other reasons" % (n, desc))
                        print("# alembic: " + last)
                        for line in [l for l in (got + gerr).splitlines() if "cupel" in l][:3]:
                            print("# " + line)
                else:
                    failed += 1
                    print("not ok %d - %s: alembic rc %d, cupel rc %d" % (n, desc, erc, grc))
                    if erc == 0 and grc == 0:
                        import difflib
                        for line in list(difflib.unified_diff(exp.splitlines(), got.splitlines(), "alembic",
                                                              "cupel", lineterm=""))[:30]:
                            print("# " + line)
                    else:
                        for line in (eerr.strip().splitlines()[-2:] + gerr.strip().splitlines()[:3]):
                            print("# " + line)
    print("1..%d" % n)
    print("%d passed, %d failed" % (n - failed, failed))
    if len(sys.argv) <= 2:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if failed else 0)


main()
