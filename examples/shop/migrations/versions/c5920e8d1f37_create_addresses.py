"""create addresses

Revision ID: c5920e8d1f37
Revises: a83e5b07c4d2
Create Date: 2023-01-12 09:41:03.117250

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5920e8d1f37'
down_revision = 'a83e5b07c4d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'addresses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), server_default='shipping', nullable=False),
        sa.Column('line1', sa.String(length=200), nullable=False),
        sa.Column('line2', sa.String(length=200), nullable=True),
        sa.Column('city', sa.String(length=100), nullable=False),
        sa.Column('postal_code', sa.String(length=20), nullable=False),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name='fk_addresses_customer_id_customers', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_addresses'),
        sa.CheckConstraint("kind IN ('shipping', 'billing')", name='ck_addresses_kind'),
    )
    # the table is brand new and empty: a plain CREATE INDEX locks nothing
    op.create_index('ix_addresses_customer_id', 'addresses', ['customer_id'], unique=False)  # safe: non-concurrent-index


def downgrade() -> None:
    op.drop_index('ix_addresses_customer_id', table_name='addresses')
    op.drop_table('addresses')
