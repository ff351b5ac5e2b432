"""sa.Sequence in a Column and CreateSequence / DropSequence (real histories)"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.schema import CreateSequence, DropSequence, Sequence

revision = "sq01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute(CreateSequence(Sequence("item_id_seq")))
    op.execute(sa.schema.CreateSequence(sa.Sequence("other_seq", start=10, increment=5)))
    op.execute(CreateSequence(Sequence("s3", schema="public")))
    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), sa.Sequence("item_id_seq"), primary_key=True),
        sa.Column("name", sa.String(20)),
    )
    op.create_table(
        "item2",
        sa.Column("id", sa.BigInteger(), sa.Sequence("item2_seq", optional=True), primary_key=True),
    )


def downgrade():
    op.drop_table("item2")
    op.drop_table("item")
    op.execute(DropSequence(Sequence("s3", schema="public")))
    op.execute(sa.schema.DropSequence(sa.Sequence("other_seq")))
    op.execute(DropSequence(Sequence("item_id_seq")))
