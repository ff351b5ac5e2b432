"""unique index on customers.email_normalized

CREATE INDEX CONCURRENTLY cannot run inside a transaction block, so the
index is built in an autocommit block.  If it fails half way, PostgreSQL
leaves an INVALID index behind: drop it by hand before retrying.

Revision ID: 0f7a2d5e9b64
Revises: c8d4b6e0a271
Create Date: 2023-05-16 09:02:51.207388

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0f7a2d5e9b64'
down_revision = 'c8d4b6e0a271'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index('ux_customers_email_normalized', 'customers', ['email_normalized'], unique=True, postgresql_concurrently=True)  # safe: non-concurrent-index  # anti-pattern: prefer-robust-stmts  # anti-pattern: require-statement-timeout


def downgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index('ux_customers_email_normalized', table_name='customers', postgresql_concurrently=True)
