"""Add users table

Revision ID: abc123
Revises: 
Create Date: 2024-01-01
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

revision: str = "abc"
down_revision: Union[str, Sequence[str], None] = ("a", "b")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("t") as batch_op:
        batch_op.add_column(sa.Column("x", sa.String(length=50)))
    op.execute(f"UPDATE {table!r} SET x = '{val:>{w}}' -- {x=}")


def downgrade() -> None:
    op.drop_table("users")
