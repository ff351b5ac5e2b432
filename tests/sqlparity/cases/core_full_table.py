"""Core DML on a full sa.Table(name, sa.MetaData(), ...) (real histories)"""
from alembic import op
import sqlalchemy as sa

revision = "ct01"
down_revision = None
branch_labels = None
depends_on = None

users = sa.Table(
    "users",
    sa.MetaData(),
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("active", sa.Boolean()),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("name"),
)


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("active", sa.Boolean()),
    )
    op.execute(users.insert().values(id=1, name="a", active=True))
    op.execute(users.update().where(users.c.name == "a").values(active=False))
    op.execute(sa.update(users).where(users.c.id > 0).values(name="b"))
    op.execute(users.delete().where(users.c.active == sa.false()))
    op.execute(sa.delete(users))
    people = sa.Table("people", sa.MetaData(), sa.Column("pid", sa.Integer), schema="s1")
    op.execute(people.delete())


def downgrade():
    op.execute(users.delete())
    op.drop_table("users")
