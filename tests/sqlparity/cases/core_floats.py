"""Float literals in Core statements and bulk_insert (real histories)"""
from alembic import op
import sqlalchemy as sa

revision = "cf01"
down_revision = None
branch_labels = None
depends_on = None

prices = sa.table("prices", sa.column("id", sa.Integer), sa.column("amount", sa.Numeric(10, 2)),
                  sa.column("ratio", sa.Float), sa.column("note"))


def upgrade():
    op.create_table("prices", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("amount", sa.Numeric(10, 2)),
                    sa.Column("ratio", sa.Float()), sa.Column("note", sa.Text()))
    op.execute(prices.update().where(prices.c.amount > 1.50).values(ratio=0.25))
    op.execute(prices.update().where(prices.c.id == 3).values(amount=1e3, ratio=2))
    op.execute(prices.delete().where(prices.c.ratio < 1e-5))
    op.execute(sa.update(prices).where(sa.column("note") == 0.1).values(amount=10))
    op.bulk_insert(prices, [{"id": 1, "amount": 1.50, "ratio": 1e16}, {"id": 2, "amount": "2.5", "ratio": 0.00001}])


def downgrade():
    op.drop_table("prices")
