"""create payments

Revision ID: d17c4e8b2a95
Revises: 0b6a7f94e2c8
Create Date: 2023-01-23 10:05:41.339870

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'd17c4e8b2a95'
down_revision = '0b6a7f94e2c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('method', sa.Enum('card', 'paypal', 'bank_transfer', 'gift_card', name='payment_method'), nullable=False),  # anti-pattern: enum-not-dropped
        sa.Column('amount_cents', sa.Integer(), nullable=False),
        sa.Column('provider_ref', sa.String(length=128), nullable=True),
        sa.Column('raw_response', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
        sa.Column('captured_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name='fk_payments_order_id_orders', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_payments'),
        sa.UniqueConstraint('provider_ref', name='uq_payments_provider_ref'),
        sa.CheckConstraint('amount_cents > 0', name='ck_payments_amount_positive'),
    )
    op.create_index('ix_payments_order_id', 'payments', ['order_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_payments_order_id', table_name='payments')
    op.drop_table('payments')
