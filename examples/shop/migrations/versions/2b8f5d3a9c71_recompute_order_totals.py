"""recompute order totals

Revision ID: 2b8f5d3a9c71
Revises: 6c0a3e8d5f19
Create Date: 2023-11-07 11:19:48.201937

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '2b8f5d3a9c71'
down_revision: Union[str, None] = '6c0a3e8d5f19'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:  # anti-pattern: undocumented-data-migration
    # NOTE (review): this import is deliberately function-local.  app.models
    # is not importable from the migration environment; a module-level import
    # would make Alembic fail to load *every* script in this directory
    # (heads, history, ... all break).  Here loading works, but running this
    # revision raises ModuleNotFoundError: No module named 'app'.
    from app.models import Order, Session  # anti-pattern: orm-in-migration

    session = Session(bind=op.get_bind())
    for order in session.query(Order).filter(Order.total_cents == 0):
        order.total_cents = sum(item.quantity * item.unit_price_cents for item in order.items)
    session.commit()


def downgrade() -> None:
    pass  # anti-pattern: irreversible-downgrade
