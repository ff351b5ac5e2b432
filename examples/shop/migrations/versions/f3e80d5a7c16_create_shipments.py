"""create shipments

Revision ID: f3e80d5a7c16
Revises: d17c4e8b2a95
Create Date: 2023-01-27 17:44:09.561902

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3e80d5a7c16'
down_revision = 'd17c4e8b2a95'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shipments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('carrier', sa.String(length=40), nullable=False),
        sa.Column('tracking_number', sa.String(length=64), nullable=True),
        sa.Column('shipped_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id']),  # anti-pattern: unnamed-constraint
        sa.PrimaryKeyConstraint('id', name='pk_shipments'),
        sa.UniqueConstraint('carrier', 'tracking_number'),  # anti-pattern: unnamed-constraint
    )


def downgrade() -> None:
    op.drop_table('shipments')
