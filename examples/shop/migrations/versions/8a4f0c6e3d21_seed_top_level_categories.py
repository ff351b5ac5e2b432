"""seed top-level categories

Revision ID: 8a4f0c6e3d21
Revises: f3e80d5a7c16
Create Date: 2023-02-01 08:30:16.004477

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a4f0c6e3d21'
down_revision = 'f3e80d5a7c16'
branch_labels = None
depends_on = None

# A lightweight table() construct frozen at this point of the history.
# Never import the application's models here: they follow the *current*
# schema, not the one this migration runs against.
categories = sa.table(  # safe: orm-in-migration
    'categories',
    sa.column('id', sa.Integer),
    sa.column('parent_id', sa.Integer),
    sa.column('slug', sa.String),
    sa.column('name', sa.String),
)

SEED = [
    {'id': 1, 'parent_id': None, 'slug': 'kitchen', 'name': 'Kitchen'},
    {'id': 2, 'parent_id': None, 'slug': 'garden', 'name': 'Garden'},
    {'id': 3, 'parent_id': None, 'slug': 'office', 'name': 'Office'},
    {'id': 4, 'parent_id': 1, 'slug': 'kitchen-knives', 'name': "Chef's knives"},
    {'id': 5, 'parent_id': 2, 'slug': 'garden-tools', 'name': 'Garden tools'},
]


def upgrade() -> None:
    op.bulk_insert(categories, SEED)


def downgrade() -> None:
    op.execute(
        categories.delete().where(categories.c.slug.in_([row['slug'] for row in SEED]))
    )
