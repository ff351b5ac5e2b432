"""create coupons

Revision ID: 71c3e9b2d0f4
Revises: 8a4f0c6e3d21
Create Date: 2023-03-06 13:12:58.418230

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '71c3e9b2d0f4'
down_revision = '8a4f0c6e3d21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'coupons',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('percent_off', sa.SmallInteger(), nullable=True),
        sa.Column('amount_off_cents', sa.Integer(), nullable=True),
        sa.Column('valid_from', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('max_redemptions', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_coupons'),
        sa.UniqueConstraint('code', name='uq_coupons_code'),
        sa.CheckConstraint('percent_off IS NULL OR percent_off BETWEEN 1 AND 100', name='ck_coupons_percent_off_range'),
    )
    # batch mode: works on PostgreSQL (plain ALTERs) and on the SQLite dev
    # databases (table is recreated), which cannot ALTER constraints
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coupon_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_orders_coupon_id_coupons', 'coupons', ['coupon_id'], ['id'], ondelete='SET NULL')  # safe: unnamed-constraint  # anti-pattern: adding-foreign-key-constraint


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint('fk_orders_coupon_id_coupons', type_='foreignkey')
        batch_op.drop_column('coupon_id')
    op.drop_table('coupons')
