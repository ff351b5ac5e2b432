"""unnamed-constraint against the real Alembic: for each env.py
naming_convention (none, some kinds, a template needing
%(constraint_name)s, a class key) and each way a migration creates a
constraint without a name, `alembic upgrade --sql` (offline) shows whether
the constraint gets a name; the rule must report exactly the revisions where
it does not (or where SQLAlchemy raises for want of one).
  naming_cases.py CUPEL_BIN DIR   (prints one "ok ..." / "not ok ..." a case)"""
import json
import os
import re
import subprocess
import sys

BIN, DIR = sys.argv[1], sys.argv[2]
CONVENTIONS = {
    "none": None,
    "uq": '{"uq": "uq_%(table_name)s_%(column_0_name)s"}',
    "fk-ck": '{"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "ck": "ck_%(table_name)s_%(column_0_name)s"}',
    "ck-needs-name": '{"ck": "ck_%(table_name)s_%(constraint_name)s", "uq": "uq_%(table_name)s_%(column_0_name)s"}',
    "class-key": '{sa.UniqueConstraint: "uq_%(table_name)s_%(column_0_name)s", sa.ForeignKeyConstraint: "fk_%(table_name)s_%(column_0_name)s"}',
}
FORMS = [
    ("create_table, sa.ForeignKey", 'op.create_table("t1", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("u", sa.Integer(), sa.ForeignKey("users.id")))'),
    ("create_table, unique=True", 'op.create_table("t2", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("c", sa.Text(), unique=True))'),
    ("create_table, sa.UniqueConstraint", 'op.create_table("t3", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("c", sa.Text()), sa.UniqueConstraint("c"))'),
    ("create_table, sa.CheckConstraint", 'op.create_table("t4", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("n", sa.Integer()), sa.CheckConstraint("n > 0"))'),
    ("add_column, sa.ForeignKey", 'op.add_column("users", sa.Column("f", sa.Integer(), sa.ForeignKey("users.id")))'),
    ("add_column, unique=True", 'op.add_column("users", sa.Column("g", sa.Text(), unique=True))'),
    ("create_unique_constraint(None)", 'op.create_unique_constraint(None, "users", ["id"])'),
    ("create_foreign_key(None)", 'op.create_foreign_key(None, "users", "users", ["id"], ["id"])'),
    ("create_check_constraint(None)", 'op.create_check_constraint(None, "users", "id > 0")'),
]
ENV = '''from alembic import context
import sqlalchemy as sa
target_metadata = %s
context.configure(url="postgresql://u@h/d", target_metadata=target_metadata, literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
'''
REV = '''"""form %d"""
from alembic import op
import sqlalchemy as sa
revision = "p%d"
down_revision = "p%d"


def upgrade():
    %s


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
'''
# an unnamed constraint in the rendered SQL: a table element or ADD without CONSTRAINT name
UNNAMED = re.compile(r"^\s*(UNIQUE|FOREIGN KEY|CHECK)\b|ADD (UNIQUE|FOREIGN KEY|CHECK)\b", re.M)


def project(name, conv):
    d = os.path.join(DIR, name)
    v = os.path.join(d, "migrations", "versions")
    os.makedirs(v)
    with open(os.path.join(d, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://u@h/d\n")
    with open(os.path.join(d, "migrations", "env.py"), "w") as f:
        f.write(ENV % ("sa.MetaData(naming_convention=%s)" % conv if conv else "None"))
    open(os.path.join(d, "migrations", "script.py.mako"), "w").close()
    with open(os.path.join(v, "p0.py"), "w") as f:
        f.write(REV.replace('down_revision = "p%d"', "down_revision = None") % (0, 0,
                'op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))'))
    for i, (_, form) in enumerate(FORMS, 1):
        with open(os.path.join(v, "p%d.py" % i), "w") as f:
            f.write(REV % (i, i, i - 1, form))
    return d


def alembic_verdict(d, i):
    r = subprocess.run([sys.executable, "-m", "alembic", "upgrade", "p%d:p%d" % (i - 1, i), "--sql"], cwd=d,
                       capture_output=True, text=True)
    if r.returncode:
        return "raises" if "requires that constraint is explicitly named" in r.stderr else "error: " + r.stderr[-200:]
    body = r.stdout.split("-- Running upgrade", 1)[-1]
    return "unnamed" if UNNAMED.search(body) else "named"


for name, conv in CONVENTIONS.items():
    d = project(name, conv)
    out = subprocess.run([BIN, "lint", "--rule", "unnamed-constraint", "--format", "json"], cwd=d,
                         capture_output=True, text=True).stdout
    fired = {os.path.basename(f["file"]) for f in json.loads(out)["findings"]}
    for i, (label, _) in enumerate(FORMS, 1):
        want = alembic_verdict(d, i)
        got = "p%d.py" % i in fired
        good = want in ("unnamed", "raises", "named") and got == (want != "named")
        print("%s naming_convention %s, %s: Alembic renders it %s, cupel %s" % ("ok" if good else "not ok", name,
              label, want, "reports it" if got else "is silent"))
