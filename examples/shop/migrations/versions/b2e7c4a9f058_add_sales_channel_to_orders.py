"""add sales channel to orders

Revision ID: b2e7c4a9f058
Revises: 3d6f0a9c8e15
Create Date: 2023-04-11 10:48:19.530287

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2e7c4a9f058'
down_revision = '3d6f0a9c8e15'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('channel', sa.String(length=16), nullable=True))
    op.create_index('ix_orders_channel', 'orders', ['channel'], unique=False)  # anti-pattern: non-concurrent-index  # anti-pattern: index-in-same-migration-as-column


def downgrade() -> None:
    op.drop_index('ix_orders_channel', table_name='orders')
    op.drop_column('orders', 'channel')
