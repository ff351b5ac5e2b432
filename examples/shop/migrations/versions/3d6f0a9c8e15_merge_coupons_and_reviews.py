"""merge coupons and reviews

Revision ID: 3d6f0a9c8e15
Revises: 71c3e9b2d0f4, e4b8d2f61a7c
Create Date: 2023-03-20 09:15:02.118563

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d6f0a9c8e15'
down_revision = ('71c3e9b2d0f4', 'e4b8d2f61a7c')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass  # safe: irreversible-downgrade
