"""reviews: store rating as an integer

Revision ID: e4b8d2f61a7c
Revises: 9e05a6d84b3c
Create Date: 2023-03-14 11:03:27.662794

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8d2f61a7c'
down_revision = '9e05a6d84b3c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite can't change a column type, so build the new table by hand
    op.create_table(  # anti-pattern: downgrade-not-inverse
        'reviews_new',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('rating', sa.SmallInteger(), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], name='fk_reviews_new_product_id_products', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name='fk_reviews_new_customer_id_customers', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_reviews_new'),
        sa.CheckConstraint('rating BETWEEN 1 AND 5', name='ck_reviews_rating_range'),
    )
    op.execute(
        "INSERT INTO reviews_new (id, product_id, customer_id, rating, body, created_at) "
        "SELECT id, product_id, customer_id, CAST(rating AS SMALLINT), body, created_at FROM reviews"
    )
    op.drop_table('reviews')  # anti-pattern: downgrade-not-inverse
    op.rename_table('reviews_new', 'reviews')  # anti-pattern: copy-drop-rename


def downgrade() -> None:
    with op.batch_alter_table('reviews', schema=None) as batch_op:  # safe: copy-drop-rename
        batch_op.drop_constraint('ck_reviews_rating_range', type_='check')
        batch_op.alter_column('rating', existing_type=sa.SmallInteger(), type_=sa.String(length=1), existing_nullable=False)
