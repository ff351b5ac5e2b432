"""SQL text through textwrap.dedent and str methods (real histories)"""
import textwrap
from textwrap import dedent as dd

from alembic import op
import sqlalchemy as sa

revision = "sf01"
down_revision = None
branch_labels = None
depends_on = None

SQL = """
    CREATE TABLE t2 (
        id INTEGER PRIMARY KEY,
    \tname TEXT
    )
"""


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))
    op.execute(textwrap.dedent("""
        INSERT INTO t (id, name)
            VALUES (1, 'a')
      \t
    """))
    op.execute(dd(SQL))
    op.execute("  INSERT INTO t (id, name) VALUES (2, 'b')  \n".strip())
    op.execute("xxINSERT INTO t (id) VALUES (3)yy".lstrip("x").rstrip("y"))
    op.execute("INSERT INTO t (id, name) VALUES (4, '$name')".replace("$name", "d"))
    op.execute(textwrap.dedent("""\
        UPDATE t SET name = 'e'
        WHERE id = 4""").strip())


def downgrade():
    op.execute("DROP TABLE t2")
    op.drop_table("t")
