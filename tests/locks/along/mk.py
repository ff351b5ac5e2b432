"""The layout of an along.sh project (tests/locks/along.sh): alembic.ini,
env.py and one script per migration, a linear history."""
import os, sys
HEAD = '''"""{doc}

Revision ID: {rev}
Revises: {down}
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = {rev!r}
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
{body}


def downgrade():
    pass
'''
def make(root, prefix, migs):
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    for f in os.listdir(versions): os.remove(os.path.join(versions, f))
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://localhost/x\n")
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write("from alembic import context\n\n"
                "context.configure(url=context.config.get_main_option('sqlalchemy.url'))\n"
                "with context.begin_transaction():\n    context.run_migrations()\n")
    down = None
    for i, (doc, body) in enumerate(migs):
        rev = "%s%02d" % (prefix, i + 1)
        with open(os.path.join(versions, "%s_%s.py" % (rev, doc.split()[0].lower())), "w") as f:
            f.write(HEAD.format(doc=doc, rev=rev, down=down, body=body.strip("\n")))
        down = rev
