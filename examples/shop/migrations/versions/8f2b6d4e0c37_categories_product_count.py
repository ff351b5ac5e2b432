"""categories: denormalised product_count

Revision ID: 8f2b6d4e0c37
Revises: 2b8f5d3a9c71
Create Date: 2023-11-20 15:37:10.668352

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "8f2b6d4e0c37"
down_revision: Union[str, None] = "2b8f5d3a9c71"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Core constructs describing only the columns this revision touches.
categories = sa.table(
    "categories",
    sa.column("id", sa.Integer),
    sa.column("parent_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("product_count", sa.Integer),
)
products = sa.table(
    "products",
    sa.column("id", sa.Integer),
    sa.column("category_id", sa.Integer),
    sa.column("is_active", sa.Boolean),
)


def upgrade() -> None:
    op.add_column("categories", sa.Column("product_count", sa.Integer(), server_default="0", nullable=False))  # safe: not-null-without-default  # anti-pattern: require-lock-timeout  # anti-pattern: require-statement-timeout
    active_count = (
        sa.select(sa.func.count(products.c.id))
        .where(products.c.category_id == categories.c.id)
        .where(products.c.is_active == sa.true())
        .scalar_subquery()
    )
    op.execute(  # safe: orm-in-migration
        categories.update()
        .where(categories.c.id.in_(sa.select(products.c.category_id)))
        .values(product_count=active_count)
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_unique_constraint("uq_categories_parent_id_name", "categories", ["parent_id", "name"])  # safe: unnamed-constraint  # anti-pattern: disallowed-unique-constraint
        op.create_check_constraint("ck_categories_product_count_nonneg", "categories", sa.column("product_count") >= 0)  # anti-pattern: constraint-missing-not-valid
    else:
        with op.batch_alter_table("categories", schema=None) as batch_op:
            batch_op.create_unique_constraint("uq_categories_parent_id_name", ["parent_id", "name"])
            batch_op.create_check_constraint("ck_categories_product_count_nonneg", "product_count >= 0")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("ck_categories_product_count_nonneg", "categories", type_="check")
        op.drop_constraint("uq_categories_parent_id_name", "categories", type_="unique")
        op.drop_column("categories", "product_count")
    else:
        with op.batch_alter_table("categories", schema=None) as batch_op:
            batch_op.drop_constraint("ck_categories_product_count_nonneg", type_="check")
            batch_op.drop_constraint("uq_categories_parent_id_name", type_="unique")
            batch_op.drop_column("product_count")
