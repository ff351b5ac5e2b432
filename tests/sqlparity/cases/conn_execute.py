"""op.get_bind().execute(...) offline: Alembic's mock connection prints the
statement; a text()'s values are dropped (every :name is NULL)"""
from alembic import op
import sqlalchemy as sa

revision = "ce01"
down_revision = None
branch_labels = None
depends_on = None

t = sa.table("t", sa.column("id", sa.Integer), sa.column("s", sa.Text))


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", sa.Text()))
    conn = op.get_bind()
    conn.execute(sa.text("INSERT INTO t (id, s) VALUES (:i, :s)"), {"i": 1, "s": "a"})
    conn.execute(sa.text("UPDATE t SET s = :s WHERE id = :i"), s="b", i=1)
    conn.execute("UPDATE t SET s = 'c' WHERE id = 1")
    op.get_bind().execute(t.update().where(t.c.id == 1).values(s="d"))


def downgrade():
    op.drop_table("t")
