"""customers: loyalty tier

Revision ID: 6c0a3e8d5f19
Revises: d5c2a8f0e3b7
Create Date: 2023-10-10 17:05:26.484451

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '6c0a3e8d5f19'
down_revision: Union[str, None] = 'd5c2a8f0e3b7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('customers', sa.Column('loyalty_tier', sa.String(length=16), nullable=False))  # anti-pattern: not-null-without-default


def downgrade() -> None:
    op.drop_column('customers', 'loyalty_tier')
