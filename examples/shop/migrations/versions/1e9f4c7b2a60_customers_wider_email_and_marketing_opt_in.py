"""customers: wider email, marketing opt-in

RFC 5321 allows 320 characters in an address; 255 was too short for a
few B2B customers.

Revision ID: 1e9f4c7b2a60
Revises: 9b3e5f7a1c2d
Create Date: 2023-09-05 13:44:12.955720

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1e9f4c7b2a60'
down_revision: Union[str, None] = '9b3e5f7a1c2d'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:  # safe: copy-drop-rename
        batch_op.alter_column('email', existing_type=sa.String(length=255), type_=sa.String(length=320), existing_nullable=False)  # safe: alter-outside-batch  # anti-pattern: require-lock-timeout  # anti-pattern: require-statement-timeout  # anti-pattern: prefer-text-field
        batch_op.add_column(sa.Column('marketing_opt_in', sa.Boolean(), server_default=sa.false(), nullable=False))  # safe: not-null-without-default
        batch_op.create_check_constraint('ck_customers_email_length', 'length(email) >= 3')  # safe: unnamed-constraint  # anti-pattern: constraint-missing-not-valid


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_constraint('ck_customers_email_length', type_='check')
        batch_op.drop_column('marketing_opt_in')
        batch_op.alter_column('email', existing_type=sa.String(length=320), type_=sa.String(length=255), existing_nullable=False)  # safe: alter-outside-batch
