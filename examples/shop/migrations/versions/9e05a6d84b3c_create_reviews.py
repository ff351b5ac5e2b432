"""create reviews

Revision ID: 9e05a6d84b3c
Revises: 8a4f0c6e3d21
Create Date: 2023-03-07 18:36:44.950113

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e05a6d84b3c'
down_revision = '8a4f0c6e3d21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('rating', sa.String(length=1), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], name='fk_reviews_product_id_products', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name='fk_reviews_customer_id_customers', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_reviews'),
    )


def downgrade() -> None:
    pass  # anti-pattern: irreversible-downgrade
