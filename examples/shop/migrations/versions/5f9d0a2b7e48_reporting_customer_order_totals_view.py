"""reporting: customer order totals view

Needs the orders table from the main line, hence depends_on.

Revision ID: 5f9d0a2b7e48
Revises: 0c3b8e7f2d91
Create Date: 2023-09-12 15:20:12.774039

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "5f9d0a2b7e48"
down_revision: Union[str, None] = "0c3b8e7f2d91"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = "0b6a7f94e2c8"


def upgrade() -> None:
    op.execute(
        """
        CREATE VIEW report_customer_order_totals AS
        SELECT c.id AS customer_id,
               c.email AS email,
               COUNT(o.id) AS order_count,
               COALESCE(SUM(o.total_cents), 0) AS lifetime_cents
        FROM customers c
        LEFT JOIN orders o ON o.customer_id = c.id AND o.status <> 'cancelled'
        GROUP BY c.id, c.email
        """
    )


def downgrade() -> None:
    pass  # anti-pattern: irreversible-downgrade
