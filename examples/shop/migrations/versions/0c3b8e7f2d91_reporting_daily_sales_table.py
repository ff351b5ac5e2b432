"""reporting: daily sales rollup table

Start of the ``reporting`` branch.  The analytics team keeps its own
tables on a separate branch so that their deploys do not have to wait
for the main line.

Revision ID: 0c3b8e7f2d91
Revises: a83e5b07c4d2
Create Date: 2023-09-04 11:58:30.240671

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "0c3b8e7f2d91"
down_revision: Union[str, None] = "a83e5b07c4d2"
branch_labels: Union[str, Sequence[str], None] = ("reporting",)
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "report_daily_sales",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), server_default="0", nullable=False),
        sa.Column("revenue_cents", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name="fk_report_daily_sales_product_id_products"),
        sa.UniqueConstraint("day", "product_id"),  # anti-pattern: unnamed-constraint
    )


def downgrade() -> None:
    op.drop_table("report_daily_sales")
