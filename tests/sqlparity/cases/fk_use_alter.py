"""use_alter foreign keys are left out of CREATE TABLE (flaskbb)"""
from alembic import op
import sqlalchemy as sa

revision = "ua01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "forums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_post_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id", use_alter=True, name="fk_owner"), nullable=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id"), nullable=True),
        sa.ForeignKeyConstraint(["last_post_id"], ["posts.id"], name="fk_forum_last_post", use_alter=True),
        sa.ForeignKeyConstraint(["id"], ["things.id"], use_alter=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", use_alter=True, name="fk_pu"), primary_key=True),
    )
    op.create_table(
        "profiles2",
        sa.Column("user_id", sa.Integer(), primary_key=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_pu2", use_alter=True),
    )


def downgrade():
    op.drop_table("profiles2")
    op.drop_table("profiles")
    op.drop_table("forums")

