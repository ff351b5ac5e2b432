"""d01"""
from alembic import op, context
import sqlalchemy as sa
revision = 'd01'
down_revision = None
branch_labels = None
depends_on = None


def is_postgres():
    return op.get_context().dialect.name == "postgresql"


def is_sqlite():
    """Docstring."""
    bind = op.get_bind()
    return bind.dialect.name == "sqlite"


def dialect_name():
    return op.get_context().dialect.name


def is_dialect(name):
    return op.get_context().dialect.name == name


def upgrade():
    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))
    if is_postgres():
        op.execute("SELECT 'pg1'")
    if not is_sqlite():
        op.execute("SELECT 'pg2'")
    else:
        op.execute("SELECT 'sq2'")
    if dialect_name() == 'sqlite':
        op.execute("SELECT 'sq3'")
    if is_dialect('postgresql'):
        op.execute("SELECT 'pg4'")
    bind = op.get_bind()
    if bind.engine.name == 'postgresql':
        op.execute("SELECT 'pg5'")
    if op.get_bind().dialect.supports_sequences:
        op.execute("SELECT 'pg6'")
    if not context.get_context().dialect.supports_native_boolean:
        op.execute("SELECT 'sq7'")
    if op.get_bind().engine.dialect.name != 'sqlite':
        op.execute("SELECT 'pg8'")
    if op._proxy.migration_context.dialect.name == 'postgresql':
        op.execute("SELECT 'pg9'")


def downgrade():
    op.drop_table('t')
