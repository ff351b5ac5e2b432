"""customers: add email_normalized and backfill it in batches

Adds a nullable customers.email_normalized (lower-cased e-mail) for
case-insensitive login.  The unique index comes in the next revision,
built CONCURRENTLY.

Expected duration: about 1 minute for 1M customers; 1,000 rows per
    UPDATE, each statement commits on its own when run online.
Locks: ADD COLUMN without default is metadata-only; each batch holds
    row locks on at most 1,000 customers.
Rollback safe: yes, downgrade() drops the column.
Offline (--sql): the backfill cannot be rendered as a loop; the script
    only emits a SQL comment and ops must run
    `shopctl backfill customers-email-normalized` after the deploy.

Revision ID: 5a1f8e3c7d92
Revises: b2e7c4a9f058
Create Date: 2023-05-02 15:33:40.871126

"""
from alembic import context
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1f8e3c7d92'
down_revision = 'b2e7c4a9f058'
branch_labels = None
depends_on = None

BATCH_SIZE = 1000

BACKFILL = sa.text(
    "UPDATE customers SET email_normalized = lower(email) "
    "WHERE id IN (SELECT id FROM customers WHERE email_normalized IS NULL ORDER BY id LIMIT :batch_size)"
)


def upgrade() -> None:  # safe: undocumented-data-migration
    op.add_column('customers', sa.Column('email_normalized', sa.String(length=255), nullable=True))  # safe: not-null-without-default  # anti-pattern: require-lock-timeout  # anti-pattern: prefer-text-field  # anti-pattern: require-statement-timeout
    if context.is_offline_mode():
        op.execute("-- customers.email_normalized backfill runs out of band (shopctl)")
        return
    conn = op.get_bind()
    while True:
        result = conn.execute(BACKFILL, {'batch_size': BATCH_SIZE})  # safe: unbatched-update
        if result.rowcount == 0:
            break


def downgrade() -> None:
    op.drop_column('customers', 'email_normalized')
