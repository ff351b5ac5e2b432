"""products: search_name column

Revision ID: c8d4b6e0a271
Revises: 5a1f8e3c7d92
Create Date: 2023-05-15 12:20:05.442910

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8d4b6e0a271'
down_revision = '5a1f8e3c7d92'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('search_name', sa.String(length=200), nullable=True))
    op.execute("UPDATE products SET search_name = lower(name)")  # anti-pattern: unbatched-update  # anti-pattern: ddl-mixed-with-dml


def downgrade() -> None:
    op.drop_column('products', 'search_name')
