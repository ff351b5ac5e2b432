"""orders: priority

Revision ID: 2a7e9c1d4b80
Revises: 8f2b6d4e0c37
Create Date: 2024-01-15 09:12:44.530918

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2a7e9c1d4b80'
down_revision: Union[str, None] = '8f2b6d4e0c37'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('priority', sa.SmallInteger(), server_default=sa.text('0'), nullable=False))  # safe: not-null-without-default  # anti-pattern: require-lock-timeout  # anti-pattern: require-statement-timeout


def downgrade() -> None:
    op.drop_column('orders', 'priority')  # safe: irreversible-downgrade
