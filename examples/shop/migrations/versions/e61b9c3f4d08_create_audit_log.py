"""create audit_log

Generic audit trail.  On PostgreSQL a trigger records every status
change of an order; SQLite (local development) only gets the table.

Revision ID: e61b9c3f4d08
Revises: 0f7a2d5e9b64
Create Date: 2023-06-05 14:11:37.093561

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'e61b9c3f4d08'
down_revision = '0f7a2d5e9b64'
branch_labels = None
depends_on = None


def upgrade() -> None:
    is_pg = op.get_bind().dialect.name == 'postgresql'
    op.create_table(
        'audit_log',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('table_name', sa.String(length=63), nullable=False),
        sa.Column('row_pk', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=8), nullable=False),
        sa.Column('changed', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
        sa.Column('actor', sa.String(length=120), nullable=True),
        sa.Column('occurred_at', sa.DateTime(timezone=True), server_default=sa.text('now()') if is_pg else sa.text('CURRENT_TIMESTAMP'), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_audit_log'),
        sa.CheckConstraint("action IN ('insert', 'update', 'delete')", name='ck_audit_log_action'),
    )
    op.create_index('ix_audit_log_table_name_row_pk', 'audit_log', ['table_name', 'row_pk'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index('ix_audit_log_changed', 'audit_log', ['changed'], unique=False, postgresql_using='gin')
        op.execute(
            """
            CREATE OR REPLACE FUNCTION audit_orders_status() RETURNS trigger AS $$
            BEGIN
                IF NEW.status IS DISTINCT FROM OLD.status THEN
                    INSERT INTO audit_log (table_name, row_pk, action, changed)
                    VALUES ('orders', NEW.id::text, 'update',
                            jsonb_build_object('status', jsonb_build_array(OLD.status, NEW.status)));
                END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER trg_orders_status_audit AFTER UPDATE OF status ON orders "
            "FOR EACH ROW EXECUTE FUNCTION audit_orders_status()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS trg_orders_status_audit ON orders")
        op.execute("DROP FUNCTION IF EXISTS audit_orders_status()")
        op.drop_index('ix_audit_log_changed', table_name='audit_log')
    op.drop_index('ix_audit_log_table_name_row_pk', table_name='audit_log')
    op.drop_table('audit_log')
