"""split customers.full_name into first_name and last_name

Adds customers.first_name and customers.last_name (both nullable) and
fills them from full_name: the text before the first space becomes the
first name, the rest the last name.  full_name itself is kept; the
application writes all three columns until a follow-up revision drops it.

Expected duration: under 5 s for the ~80k customers we have (measured on
    a production snapshot, 2023-08-18).
Locks: ADD COLUMN (nullable, no default) is metadata-only.  The UPDATE
    rewrites every customers row in one transaction: writes to customers
    wait until it commits, reads are not blocked.  Deploy off-peak.
Rollback safe: yes.  downgrade() drops the two new columns; full_name is
    never modified, so nothing is lost.

Revision ID: 9b3e5f7a1c2d
Revises: 47d0e8a2c6b3
Create Date: 2023-08-21 10:26:59.618003

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '9b3e5f7a1c2d'
down_revision: Union[str, None] = '47d0e8a2c6b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:  # safe: undocumented-data-migration
    op.add_column('customers', sa.Column('first_name', sa.String(length=100), nullable=True))
    op.add_column('customers', sa.Column('last_name', sa.String(length=100), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        first = "split_part(full_name, ' ', 1)"
        last = "NULLIF(substr(full_name, strpos(full_name, ' ') + 1), full_name)"
    else:
        first = "CASE WHEN instr(full_name, ' ') > 0 THEN substr(full_name, 1, instr(full_name, ' ') - 1) ELSE full_name END"
        last = "CASE WHEN instr(full_name, ' ') > 0 THEN substr(full_name, instr(full_name, ' ') + 1) END"
    op.execute(
        f"UPDATE customers SET first_name = {first}, last_name = {last} "
        "WHERE first_name IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('last_name')
        batch_op.drop_column('first_name')
