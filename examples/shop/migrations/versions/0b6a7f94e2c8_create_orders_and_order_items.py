"""create orders and order_items

Revision ID: 0b6a7f94e2c8
Revises: c5920e8d1f37
Create Date: 2023-01-16 14:27:55.602418

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b6a7f94e2c8'
down_revision = 'c5920e8d1f37'
branch_labels = None
depends_on = None

order_status = sa.Enum('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded', name='order_status')


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('status', order_status, server_default='pending', nullable=False),
        sa.Column('total_cents', sa.Integer(), server_default='0', nullable=False),
        sa.Column('currency', sa.String(length=3), server_default='EUR', nullable=False),
        sa.Column('shipping_address', sa.Text(), nullable=True),
        sa.Column('placed_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name='fk_orders_customer_id_customers', ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name='pk_orders'),
        sa.CheckConstraint('total_cents >= 0', name='ck_orders_total_cents_nonneg'),
    )
    op.create_index('ix_orders_customer_id', 'orders', ['customer_id'], unique=False)
    op.create_table(
        'order_items',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('line_no', sa.SmallInteger(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('unit_price_cents', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name='fk_order_items_order_id_orders', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], name='fk_order_items_product_id_products'),
        sa.PrimaryKeyConstraint('order_id', 'line_no', name='pk_order_items'),
        sa.CheckConstraint('quantity > 0', name='ck_order_items_quantity_positive'),
    )


def downgrade() -> None:
    op.drop_table('order_items')
    op.drop_index('ix_orders_customer_id', table_name='orders')
    op.drop_table('orders')
    # drop_table() leaves the PostgreSQL type behind; remove it explicitly
    order_status.drop(op.get_bind(), checkfirst=False)  # safe: enum-not-dropped
