"""products: longer sku

Revision ID: d5c2a8f0e3b7
Revises: 1e9f4c7b2a60
Create Date: 2023-09-19 08:51:33.070284

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5c2a8f0e3b7'
down_revision = '1e9f4c7b2a60'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('products', 'sku', existing_type=sa.String(length=64), type_=sa.String(length=128), existing_nullable=False)  # anti-pattern: alter-outside-batch


def downgrade() -> None:
    op.alter_column('products', 'sku', existing_type=sa.String(length=128), type_=sa.String(length=64), existing_nullable=False)  # anti-pattern: alter-outside-batch
