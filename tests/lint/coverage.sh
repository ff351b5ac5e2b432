# Sourced by tests/lint/run.sh (BIN, PY, tmp, $p, ok, count set there):
# near misses for the rules whose only fixtures fired (each fires on $p or
# the example), and divergent-heads both ways.
r=$tmp/r
mkdir -p "$r/migrations/versions"
cp "$p/alembic.ini" "$r/"
cat >"$r/migrations/versions/r1.py" <<'PYEOF'
"""tables that exist before"""
from alembic import op
import sqlalchemy as sa
revision = "r1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
                    sa.Column("a", sa.Integer()), sa.Column("b", sa.Integer()), sa.Column("c", sa.Integer()),
                    sa.CheckConstraint("a > 0", name="ck_t_a"))
    op.create_table("u", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))


def downgrade():
    op.drop_table("u")
    op.drop_table("t")
PYEOF
cat >"$r/migrations/versions/r2.py" <<'PYEOF'
"""near misses"""
from alembic import op
import sqlalchemy as sa
revision = "r2"
down_revision = "r1"


def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.create_table("w", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True), sa.Column("x", sa.Text()))
    op.drop_column("w", "x")
    op.drop_table("w")
    op.create_table("w2", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True), sa.Column("y", sa.Text()))
    op.alter_column("w2", "y", new_column_name="z")
    op.rename_table("w2", "w3")
    op.drop_constraint("ck_t_a", "t", type_="check")
    with op.get_context().autocommit_block():
        op.create_index("ix_t_b", "t", ["b"], postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_t_b", table_name="t", postgresql_concurrently=True)
    op.create_check_constraint("ck_t_a", "t", "a > 0")
    op.drop_table("w3")
    op.drop_column("t", "c")
    op.drop_table("u")
    op.rename_table("t", "t_old")
PYEOF
(cd "$r" && "$BIN" lint --format json) >"$tmp/r.json" 2>/dev/null
while read -r rule why; do
	ok $([ "$(count "$tmp/r.json" "$rule")" = 0 ] && echo 0 || echo 1) "$rule: silent $why"
done <<'EOF2'
ban-drop-column for a table the migration creates and in downgrade()
ban-drop-table for a table the migration creates and in downgrade()
renaming-column for a table the migration creates
renaming-table for a table the migration creates and in downgrade()
drop-unknown-constraint for a constraint an earlier revision named
concurrently-in-transaction inside autocommit_block (upgrade and downgrade)
divergent-heads with one head
EOF2
# (the same run does report: the downgrade is no inverse)
ok $("$PY" -c 'import json, sys
got = sorted(f["line"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == "downgrade-not-inverse")
sys.exit(0 if got == [27, 28] else 1)' "$tmp/r.json" && echo 0 || echo 1) \
	"downgrade-not-inverse on the same migration: at the downgrade's drop of u and rename of t"
# two heads from one parent: divergent-heads; a merge joins them: silent
cat >"$r/migrations/versions/r3.py" <<'PYEOF'
"""a sibling of r2"""
revision = "r3"
down_revision = "r1"


def upgrade():
    pass


def downgrade():
    pass
PYEOF
(cd "$r" && "$BIN" lint --format json) >"$tmp/r.json" 2>/dev/null
ok $([ "$(count "$tmp/r.json" divergent-heads)" -ge 1 ] && echo 0 || echo 1) "divergent-heads: r2 and r3 share r1"
cat >"$r/migrations/versions/r4.py" <<'PYEOF'
"""merge"""
revision = "r4"
down_revision = ("r2", "r3")


def upgrade():
    pass


def downgrade():
    pass
PYEOF
(cd "$r" && "$BIN" lint --format json) >"$tmp/r.json" 2>/dev/null
ok $([ "$(count "$tmp/r.json" divergent-heads)" = 0 ] && echo 0 || echo 1) "divergent-heads: silent once a merge joins them"

# copy-drop-rename written in op.execute SQL, and a near miss (a copy kept
# beside the table)
q=$tmp/cdrsql
mkdir -p "$q/migrations/versions"
cp "$p/alembic.ini" "$q/"
cat >"$q/migrations/versions/q1.py" <<'PYEOF'
"""users"""
from alembic import op
import sqlalchemy as sa
revision = "q1"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))


def downgrade():
    op.drop_table("users")
PYEOF
cat >"$q/migrations/versions/q2.py" <<'PYEOF'
"""rebuild users by hand"""
from alembic import op
import sqlalchemy as sa
revision = "q2"
down_revision = "q1"


def upgrade():
    op.execute("CREATE TABLE users_v2 (LIKE users INCLUDING ALL)")
    op.execute("INSERT INTO users_v2 SELECT * FROM users")
    op.drop_table("users")
    op.execute("ALTER TABLE users_v2 RENAME TO users")
    op.execute("CREATE TABLE users_copy AS SELECT * FROM users")
    op.rename_table("users_copy", "users_archive")


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
PYEOF
(cd "$q" && "$BIN" lint --format json) >"$tmp/q.json" 2>/dev/null
"$PY" -c '
import json, sys
got = [f["line"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == "copy-drop-rename"]
sys.exit(0 if got == [12] else 1)' "$tmp/q.json"
ok $? "copy-drop-rename: the rebuild written in op.execute SQL, at the rename (line 12); a copy beside the table is silent"
