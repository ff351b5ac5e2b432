"""move order shipping addresses

Revision ID: 47d0e8a2c6b3
Revises: e61b9c3f4d08
Create Date: 2023-07-03 16:57:08.326614

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '47d0e8a2c6b3'
down_revision = 'e61b9c3f4d08'
branch_labels = None
depends_on = None


def upgrade() -> None:  # anti-pattern: undocumented-data-migration
    op.add_column('orders', sa.Column('shipping_address_id', sa.Integer(), nullable=True))  # anti-pattern: long-access-exclusive
    op.execute(
        """
        INSERT INTO addresses (customer_id, kind, line1, city, postal_code, country)
        SELECT DISTINCT o.customer_id, 'shipping', o.shipping_address, '(unknown)', '', 'ZZ'
        FROM orders o
        WHERE o.shipping_address IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM addresses a
              WHERE a.customer_id = o.customer_id AND a.line1 = o.shipping_address
          )
        """
    )
    op.execute(
        """
        UPDATE orders
        SET shipping_address_id = (
            SELECT MIN(a.id) FROM addresses a
            WHERE a.customer_id = orders.customer_id AND a.line1 = orders.shipping_address
        )
        WHERE shipping_address IS NOT NULL
        """
    )
    op.execute("DELETE FROM addresses WHERE country = 'ZZ' AND line1 = ''")
    if op.get_bind().dialect.name == 'postgresql':
        op.create_foreign_key(  # anti-pattern: adding-foreign-key-constraint
            'fk_orders_shipping_address_id_addresses', 'orders', 'addresses',
            ['shipping_address_id'], ['id'], ondelete='SET NULL', deferrable=True, initially='DEFERRED',
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint('fk_orders_shipping_address_id_addresses', 'orders', type_='foreignkey')
    op.drop_column('orders', 'shipping_address_id')
