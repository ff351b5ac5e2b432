"""create customers table

Revision ID: 4f1d2c3b5a69
Revises: 
Create Date: 2023-01-09 10:14:22.381904

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f1d2c3b5a69'
down_revision = None


def upgrade():
    op.create_table(
        'customers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=False),
        sa.Column('full_name', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_customers'),  # safe: unnamed-constraint
        sa.UniqueConstraint('email', name='uq_customers_email'),  # safe: unnamed-constraint
    )


def downgrade():
    op.drop_table('customers')  # safe: irreversible-downgrade
