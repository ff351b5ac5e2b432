"""create categories, products and inventory

Revision ID: a83e5b07c4d2
Revises: 4f1d2c3b5a69
Create Date: 2023-01-11 16:02:47.905113

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'a83e5b07c4d2'
down_revision = '4f1d2c3b5a69'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'categories',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['categories.id'], name='fk_categories_parent_id_categories', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_categories'),
        sa.UniqueConstraint('slug', name='uq_categories_slug'),
    )
    op.create_table(
        'products',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sku', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('price_cents', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=True),
        sa.Column('attributes', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
        sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name='fk_products_category_id_categories', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_products'),
        sa.UniqueConstraint('sku', name='uq_products_sku'),
        sa.CheckConstraint('price_cents >= 0', name='ck_products_price_cents_nonneg'),  # safe: unnamed-constraint
        sa.Index('ix_products_category_id', 'category_id'),
    )
    op.create_table(
        'inventory',
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('quantity_on_hand', sa.Integer(), server_default='0', nullable=False),
        sa.Column('quantity_reserved', sa.Integer(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], name='fk_inventory_product_id_products', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('product_id', name='pk_inventory'),
        sa.CheckConstraint('quantity_reserved <= quantity_on_hand', name='ck_inventory_reserved_le_on_hand'),
    )


def downgrade() -> None:
    op.drop_table('inventory')
    op.drop_table('products')
    op.drop_table('categories')
