#!/usr/bin/env bash
# cupel lint: every "# anti-pattern: RULE" marker of the bundled example is
# found by that rule on that line, no finding lands on a "# safe: RULE"
# line (but the rules a "# anti-pattern:" marker of the same line names),
# suppressions work, the SARIF output has SARIF 2.1.0's required
# structure, and small projects trigger the rules the example lacks.
#   tests/lint/run.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shop=$top/examples/shop

(cd "$shop" && "$BIN" lint --format json) >"$tmp/shop.json" 2>"$tmp/err"
ok $([ $? = 1 ] && echo 0 || echo 1) "lint of the example exits 1 (it has errors)"
"$PY" - "$tmp/shop.json" "$shop/migrations/versions" >"$tmp/markers.tap" <<'PYEOF'
import json, os, re, sys
found = {(os.path.basename(f["file"] or ""), f["line"], f["rule"]) for f in json.load(open(sys.argv[1]))["findings"]}
lines_with = {(a, b) for a, b, _ in found}
n = 0
for name in sorted(os.listdir(sys.argv[2])):
    if not name.endswith(".py"):
        continue
    for i, line in enumerate(open(os.path.join(sys.argv[2], name)), 1):
        # a line may carry several markers: "# safe: X  # anti-pattern: Y"
        marks = re.findall(r"# (anti-pattern|safe): ([a-z0-9-]+)", line)
        meant = {rule for kind, rule in marks if kind == "anti-pattern"}
        for kind, rule in marks:
            n += 1
            if kind == "anti-pattern":
                ok = (name, i, rule) in found
                print("%sok %d - %s:%d: %s found" % ("" if ok else "not ", n, name, i, rule))
            else:
                # nothing but the anti-patterns the line itself declares
                bad = [r for (a, b, r) in found if a == name and b == i and r not in meant]
                print("%sok %d - %s:%d: nothing reported on a safe line (%s)%s" % ("" if not bad else "not ", n, name,
                      i, rule, " (got %s)" % bad if bad else ""))
PYEOF
while read -r line; do
	case "$line" in
	"ok "*) ok 0 "${line#ok * - }" ;;
	"not ok "*) ok 1 "${line#not ok * - }" ;;
	esac
done <"$tmp/markers.tap"

# text output: file:line:col, the source line with a caret, the hint
(cd "$shop" && "$BIN" lint --rule non-concurrent-index) >"$tmp/text" 2>&1
grep -q "b2e7c4a9f058_add_sales_channel_to_orders.py:21:5: warning\[non-concurrent-index\]: index ix_orders_channel" "$tmp/text" &&
	grep -q "^        \^$" "$tmp/text" && grep -q "^  hint: with op.get_context().autocommit_block()" "$tmp/text"
ok $? "text: position, caret and hint" || sed 's/^/# /' "$tmp/text"
(cd "$shop" && "$BIN" lint --rule non-concurrent-index) >/dev/null 2>&1
ok $([ $? = 0 ] && echo 0 || echo 1) "a warning does not fail by default"
(cd "$shop" && "$BIN" lint --rule non-concurrent-index --fail-on warning) >/dev/null 2>&1
ok $([ $? = 1 ] && echo 0 || echo 1) "--fail-on warning fails on a warning"
(cd "$shop" && "$BIN" lint --list-rules) >"$tmp/rules" 2>&1
for src in "$top"/src/lint/rules/*.c; do
	id=$(basename "$src" .c)
	grep -q "^$id " "$tmp/rules"
	ok $? "--list-rules lists $id"
	[ -s "$top/doc/rules/$id.md" ] && grep -q "^## The safe way in Alembic" "$top/doc/rules/$id.md"
	ok $? "doc/rules/$id.md exists with its sections"
	# the page is built in: the same text from a directory without the
	# source tree
	(cd "$tmp" && "$BIN" lint --explain "$id") >"$tmp/explain" 2>&1
	cmp -s "$tmp/explain" "$top/doc/rules/$id.md"
	ok $? "lint --explain $id prints doc/rules/$id.md from outside the source tree"
done
(cd "$tmp" && "$BIN" lint --explain no-such-rule) >/dev/null 2>"$tmp/err"
ok $([ $? = 2 ] && grep -q "no rule 'no-such-rule'" "$tmp/err" && echo 0 || echo 1) "lint --explain of an unknown rule exits 2 and says so"

# SARIF 2.1.0: the required properties
(cd "$shop" && "$BIN" lint --format sarif) >"$tmp/s.sarif" 2>/dev/null
"$PY" - "$tmp/s.sarif" <<'PYEOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and isinstance(s["runs"], list) and len(s["runs"]) == 1
run = s["runs"][0]
assert run["tool"]["driver"]["name"] == "cupel"
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
assert run["results"], "no results"
for r in run["results"]:
    assert r["ruleId"] in ids and r["level"] in ("error", "warning", "note", "none")
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] and loc["region"]["startLine"] >= 1
PYEOF
ok $? "SARIF output has the structure SARIF 2.1.0 requires"

# a small project for what the example does not have, and suppressions
p=$tmp/p
mkdir -p "$p/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = postgresql://u@h/d\n' >"$p/alembic.ini"
cat >"$p/migrations/versions/a1.py" <<'PYEOF'
"""create t"""
from alembic import op
import sqlalchemy as sa
revision = "a1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("a", sa.Integer()))
    op.create_table("u", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("u")
    op.drop_table("t")
PYEOF
cat >"$p/migrations/versions/a2.py" <<'PYEOF'
"""index t.a"""
from alembic import op
revision = "a2"
down_revision = "a1"


def upgrade():
    op.create_index("ix_t_a", "t", ["a"], postgresql_concurrently=True)
    op.execute("DELETE FROM t")  # cupel: ignore[unbatched-update] the table is tiny


def downgrade():
    raise NotImplementedError()
PYEOF
cat >"$p/migrations/versions/a3.py" <<'PYEOF'
"""postgresql safety"""
from alembic import op
import sqlalchemy as sa
revision = "a3"
down_revision = "a2"


def upgrade():
    op.alter_column("t", "a", type_=sa.String(10), existing_type=sa.Integer())
    op.alter_column("t", "a", new_column_name="b")
    op.add_column("t", sa.Column("ts", sa.DateTime()))
    op.add_column("t", sa.Column("tz", sa.DateTime(timezone=True)))
    op.drop_constraint("nosuch", "t")
    op.alter_column("t", "b", nullable=False)
    op.drop_column("t", "ts")
    op.rename_table("t", "t2")
    op.drop_table("u")
    op.alter_column("t2", "tz", type_=sa.Text(), existing_type=sa.String(5))


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
PYEOF
(cd "$p" && "$BIN" lint --format json) >"$tmp/p.json" 2>/dev/null
"$PY" - "$tmp/p.json" >"$tmp/p.tap" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
got = {(f["rule"], f["line"]) for f in d["findings"]}
checks = [
    (("concurrently-in-transaction", 8) in got, "CONCURRENTLY outside autocommit_block is found"),
    (("irreversible-downgrade", 13) in got, "a downgrade that raises is found"),
    (not any(r == "unbatched-update" for r, _ in got), "cupel: ignore[...] suppresses a finding"),
    (d["suppressed"] == 2, "the suppressed findings are counted"),
    (not any(r == "non-concurrent-index" for r, _ in got), "a concurrent index is not a non-concurrent one"),
    (("changing-column-type", 9) in got, "changing-column-type: INTEGER to VARCHAR(10)"),
    (("renaming-column", 10) in got, "renaming-column"),
    (("prefer-timestamptz", 11) in got and ("prefer-timestamptz", 12) not in got, "prefer-timestamptz, not for timezone=True"),
    (("drop-unknown-constraint", 13) in got, "drop-unknown-constraint"),
    (("adding-not-nullable-field", 14) in got, "adding-not-nullable-field"),
    (("ban-drop-column", 15) in got, "ban-drop-column"),
    (("renaming-table", 16) in got, "renaming-table"),
    (("ban-drop-table", 17) in got, "ban-drop-table"),
    (("changing-column-type", 18) not in got, "a widening to TEXT is not a risky type change"),
]
for i, (ok, name) in enumerate(checks, 1):
    print(("ok" if ok else "not ok"), name)
PYEOF
while read -r st rest; do
	[ "$st" = ok ] && ok 0 "$rest" || ok 1 "${rest#ok }"
done <"$tmp/p.tap"

# drop-unknown-constraint: the names PostgreSQL 15 gives unnamed
# constraints are known (tests/lint/live.sh checks them on PostgreSQL),
# near misses are not
"$PY" "$top/tests/lint/conname_cases.py" "$tmp/cn"
(cd "$tmp/cn" && "$BIN" lint --rule drop-unknown-constraint --format json) >"$tmp/cn.json" 2>/dev/null
got=$("$PY" -c 'import json, sys
print(",".join(str(l) for l in sorted(f["line"] for f in json.load(open(sys.argv[1]))["findings"])))' "$tmp/cn.json")
want=$(cat "$tmp/cn/fires.txt")
ok $([ -n "$got" ] && [ "$got" = "$want" ] && echo 0 || echo 1) \
	"drop-unknown-constraint: silent on PostgreSQL's names for unnamed constraints, reports the near misses (lines $want, got $got)"

# the PostgreSQL SQL rules: each fires on an existing table, not on its
# near miss, not on a table the migration creates, not for SQLite only
q=$tmp/q
mkdir -p "$q/migrations/versions"
cp "$p/alembic.ini" "$q/"
cat >"$q/migrations/versions/b1.py" <<'PYEOF'
"""tables that exist before"""
from alembic import op
import sqlalchemy as sa
revision = "b1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
                    sa.Column("a", sa.Integer()), sa.Column("s", sa.Text()), sa.Column("x", sa.Text()))
    op.create_table("p", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))


def downgrade():
    op.drop_table("p")
    op.drop_table("t")
PYEOF
cat >"$q/migrations/versions/b2.py" <<'PYEOF'
"""postgresql sql rules"""
from alembic import op
import sqlalchemy as sa
revision = "b2"
down_revision = "b1"


def upgrade():
    op.add_column("t", sa.Column("u", sa.Text(), server_default=sa.text("gen_random_uuid()")))
    op.add_column("t", sa.Column("c", sa.DateTime(timezone=True), server_default=sa.func.now()))
    op.create_foreign_key("fk_t_p", "t", "p", ["a"], ["id"])
    op.execute("ALTER TABLE t ADD CONSTRAINT fk_t_p2 FOREIGN KEY (a) REFERENCES p (id) NOT VALID")
    op.create_check_constraint("ck_t_a", "t", "a > 0")
    op.execute("ALTER TABLE t ADD CONSTRAINT ck_t_a2 CHECK (a > 0) NOT VALID")
    op.create_unique_constraint("uq_t_a", "t", ["a"])
    op.execute("ALTER TABLE t ADD CONSTRAINT uq_t_a2 UNIQUE USING INDEX ix_t_a")
    op.execute("TRUNCATE t CASCADE")
    op.execute("TRUNCATE p")
    op.execute("DROP VIEW v CASCADE")
    op.create_check_constraint("ck_t_s_nn", "t", "s IS NOT NULL")
    op.execute("ALTER TABLE t ADD CONSTRAINT ck_t_x_nn CHECK (x IS NOT NULL) NOT VALID")
    op.execute("ALTER TABLE t ADD CONSTRAINT ck_t_u_nn CHECK (u IS NOT NULL) NOT VALID")
    op.create_table("n", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(20)))
    op.create_table("m", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
                    sa.Column("name", sa.Text()))
    op.add_column("n", sa.Column("u", sa.Text(), server_default=sa.text("gen_random_uuid()")))
    op.create_foreign_key("fk_n_p", "n", "p", ["id"], ["id"])
    op.create_check_constraint("ck_n_id", "n", "id > 0")
    op.create_unique_constraint("uq_n_name", "n", ["name"])
    op.execute("TRUNCATE n CASCADE")
    op.execute("TRUNCATE m")
    op.execute("DROP TABLE n CASCADE")


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
PYEOF
cat >"$q/migrations/versions/b3.py" <<'PYEOF'
"""with lock_timeout"""
from alembic import op
import sqlalchemy as sa
revision = "b3"
down_revision = "b2"


def upgrade():
    op.execute("SET LOCAL lock_timeout = '2s'")
    op.execute("ALTER TABLE t VALIDATE CONSTRAINT ck_t_a2")
    op.add_column("t", sa.Column("d", sa.Integer()))
    op.alter_column("t", "s", nullable=False)
    op.alter_column("t", "a", nullable=False)
    op.execute("ALTER TABLE t VALIDATE CONSTRAINT ck_t_x_nn")
    op.alter_column("t", "x", nullable=False)
    op.execute("ALTER TABLE t ADD CONSTRAINT ck_t_b CHECK (a < 100) NOT VALID")
    op.execute("ALTER TABLE t VALIDATE CONSTRAINT ck_t_b")
    op.execute("ALTER TABLE t VALIDATE CONSTRAINT ck_t_u_nn")


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
PYEOF
cat >"$q/migrations/versions/b4.py" <<'PYEOF'
"""three statements under ACCESS EXCLUSIVE, lock_timeout for the session"""
from alembic import op
import sqlalchemy as sa
revision = "b4"
down_revision = "b3"


def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.add_column("t", sa.Column("e", sa.Integer()))
    op.add_column("t", sa.Column("f", sa.Integer()))
    op.add_column("t", sa.Column("g", sa.Integer()))


def downgrade():
    op.drop_column("t", "g")
    op.drop_column("t", "f")
    op.drop_column("t", "e")
PYEOF
cat >"$q/migrations/versions/b5.py" <<'PYEOF'
"""SET NOT NULL after a CHECK validated earlier"""
from alembic import op
revision = "b5"
down_revision = "b4"


def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.alter_column("t", "u", nullable=False)
    op.alter_column("t", "c", nullable=False)


def downgrade():
    op.alter_column("t", "c", nullable=True)
    op.alter_column("t", "u", nullable=True)
PYEOF
cat >"$q/migrations/versions/b6.py" <<'PYEOF'
"""an index and a data change with a new column"""
from alembic import op
import sqlalchemy as sa
revision = "b6"
down_revision = "b5"


def upgrade():
    op.execute("SET lock_timeout = '2s'")
    op.add_column("t", sa.Column("h", sa.Integer()))
    op.create_index("ix_t_h", "t", ["h"])
    op.execute("UPDATE t SET h = 0 WHERE id < 100")
    with op.get_context().autocommit_block():
        op.create_index("ix_t_h2", "t", ["h"], postgresql_concurrently=True)
    op.create_index("ix_t_a3", "t", ["a"])
    op.execute("UPDATE p SET id = id WHERE id < 0")
    op.execute("DELETE FROM t WHERE id < 0")
    op.create_table("w", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    op.add_column("w", sa.Column("x", sa.Integer()))
    op.create_index("ix_w_x", "w", ["x"])
    op.execute("UPDATE w SET x = 1")


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
PYEOF
(cd "$q" && "$BIN" lint --format json) >"$tmp/q.json" 2>/dev/null
(cd "$q" && "$BIN" lint --dialect sqlite --format json) >"$tmp/q-sqlite.json" 2>/dev/null
"$PY" - "$tmp/q.json" "$tmp/q-sqlite.json" >"$tmp/q.tap" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
got = {(f["file"].rsplit("/", 1)[-1], f["rule"], f["line"]) for f in d["findings"]}
def on(rule, name):
    return {l for (f, r, l) in got if r == rule and f == name + ".py"}
new = ["adding-field-with-volatile-default", "adding-foreign-key-constraint", "constraint-missing-not-valid",
       "disallowed-unique-constraint", "require-lock-timeout", "long-access-exclusive", "prefer-bigint-over-int",
       "prefer-identity", "prefer-text-field", "ban-truncate-cascade", "ban-truncate", "ban-drop-cascade",
       "index-in-same-migration-as-column", "ddl-mixed-with-dml"]
checks = [
    (on("adding-field-with-volatile-default", "b2") == {9}, "adding-field-with-volatile-default: gen_random_uuid(), not now(), not on a new table"),
    (on("adding-foreign-key-constraint", "b2") == {11}, "adding-foreign-key-constraint: not with NOT VALID, not on a new table"),
    (on("constraint-missing-not-valid", "b2") == {13, 20}, "constraint-missing-not-valid: CHECK without NOT VALID, not with it, not on a new table"),
    (on("constraint-missing-not-valid", "b3") == {17}, "constraint-missing-not-valid: validated in the transaction that added it, not in a later one"),
    (on("disallowed-unique-constraint", "b2") == {15}, "disallowed-unique-constraint: not USING INDEX, not on a new table"),
    (on("ban-truncate-cascade", "b2") == {17}, "ban-truncate-cascade, not on a new table"),
    (on("ban-truncate", "b2") == {18}, "ban-truncate, not with CASCADE, not on a new table"),
    (on("ban-drop-cascade", "b2") == {19}, "ban-drop-cascade, not for a table the migration created"),
    (on("require-lock-timeout", "b2") == {9}, "require-lock-timeout: once, at the first ACCESS EXCLUSIVE"),
    (not on("require-lock-timeout", "b3") and not on("require-lock-timeout", "b4"), "require-lock-timeout: SET LOCAL / SET lock_timeout first"),
    (on("long-access-exclusive", "b3") == {11}, "long-access-exclusive: from the statement taking it"),
    (not on("long-access-exclusive", "b4"), "long-access-exclusive: three statements are not too many"),
    (on("prefer-bigint-over-int", "b2") == {23} and not on("prefer-bigint-over-int", "b1"), "prefer-bigint-over-int: INTEGER key, not BIGINT"),
    (on("prefer-identity", "b2") == {23} and not on("prefer-identity", "b1"), "prefer-identity: SERIAL, not sa.Identity()"),
    (on("prefer-text-field", "b2") == {23} and not on("prefer-text-field", "b1"), "prefer-text-field: VARCHAR(n), not TEXT"),
    (on("adding-not-nullable-field", "b3") == {13}, "adding-not-nullable-field: not with a valid CHECK (col IS NOT NULL) of the schema or validated first"),
    (on("adding-not-nullable-field", "b5") == {10}, "adding-not-nullable-field: not with a CHECK added NOT VALID and validated in earlier migrations"),
    (on("index-in-same-migration-as-column", "b6") == {11}, "index-in-same-migration-as-column: not after the transaction ends, not on another column, not on a new table"),
    (on("ddl-mixed-with-dml", "b6") == {12}, "ddl-mixed-with-dml: not for a table it does not alter, not in another transaction, not on a new table"),
    (not [f for f in json.load(open(sys.argv[2]))["findings"] if f["rule"] in new + ["adding-not-nullable-field"]],
     "the PostgreSQL rules are silent for SQLite only"),
]
for ok, name in checks:
    print(("ok" if ok else "not ok"), name)
PYEOF
while read -r st rest; do
	[ "$st" = ok ] && ok 0 "$rest" || ok 1 "${rest#ok }"
done <"$tmp/q.tap"

# ---- configuration: targets, levels, docstring suppression, baseline, RANGE
c=$tmp/cfg
cp -r "$shop" "$c"
rm -f "$c/shop.db"
count() { # FILE RULE: findings of RULE in the JSON output
	"$PY" -c 'import json, sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == sys.argv[2]))' "$1" "$2"
}
level() { # FILE RULE: the levels RULE's findings have
	"$PY" -c 'import json, sys; print(" ".join(sorted({f["level"] for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == sys.argv[2]})))' "$1" "$2"
}
(cd "$c" && "$BIN" lint --format json) >"$tmp/c0.json" 2>/dev/null
base_rlt=$(count "$tmp/c0.json" require-lock-timeout)
base_aob=$(count "$tmp/c0.json" alter-outside-batch)
ok $([ "$base_rlt" -gt 0 ] && [ "$base_aob" -gt 0 ] && echo 0 || echo 1) \
	"[cupel] dialects = postgresql sqlite: both dialects' rules fire ($base_rlt, $base_aob)"
# without the section, the targets come from sqlalchemy.url (SQLite)
sed -i '/^\[cupel\]/,$d' "$c/alembic.ini"
(cd "$c" && "$BIN" lint --format json) >"$tmp/c1.json" 2>/dev/null
ok $([ "$(count "$tmp/c1.json" require-lock-timeout)" = 0 ] && [ "$(count "$tmp/c1.json" alter-outside-batch)" = "$base_aob" ] &&
	echo 0 || echo 1) "without [cupel], a sqlite:// sqlalchemy.url: the PostgreSQL rules are silent, SQLite's fire"
sed -i 's|^sqlalchemy.url = .*|sqlalchemy.url = postgresql://u@localhost/shop|' "$c/alembic.ini"
(cd "$c" && "$BIN" lint --format json) >"$tmp/c2.json" 2>/dev/null
ok $([ "$(count "$tmp/c2.json" require-lock-timeout)" = "$base_rlt" ] && [ "$(count "$tmp/c2.json" alter-outside-batch)" = 0 ] &&
	echo 0 || echo 1) "a postgresql:// sqlalchemy.url: the SQLite rules are silent, PostgreSQL's fire"
printf '\n[cupel]\ndialects = postgresql, sqlite\ndisable = ban-drop-column\nrule.require-lock-timeout = off\nrule.prefer-text-field = error\nrule.nosuch = off\ncolour = blue\n' >>"$c/alembic.ini"
(cd "$c" && "$BIN" lint --format json) >"$tmp/c3.json" 2>"$tmp/c3.err"
ok $([ "$(count "$tmp/c3.json" ban-drop-column)" = 0 ] && [ "$(count "$tmp/c3.json" require-lock-timeout)" = 0 ] &&
	[ "$(level "$tmp/c3.json" prefer-text-field)" = error ] && [ "$(count "$tmp/c3.json" alter-outside-batch)" = "$base_aob" ] &&
	echo 0 || echo 1) "[cupel] disable and rule.<id> = off turn rules off, rule.<id> = error raises a level"
grep -q "alembic.ini:[0-9]*: no rule 'nosuch'" "$tmp/c3.err" && grep -q "alembic.ini:[0-9]*: unknown key 'colour' in \[cupel\]" "$tmp/c3.err"
ok $? "bad [cupel] lines are reported with file:line, the rest applies" || sed 's/^/# /' "$tmp/c3.err"
# the docstring silences a rule for its whole migration
f=$c/migrations/versions/6c0a3e8d5f19_customers_loyalty_tier.py
n0=$(count "$tmp/c3.json" not-null-without-default)
sed -i '0,/^"""customers: loyalty tier/s//"""customers: loyalty tier\n\ncupel: ignore[not-null-without-default] the table is empty in every environment/' "$f"
(cd "$c" && "$BIN" lint --format json) >"$tmp/c4.json" 2>/dev/null
ok $([ "$(count "$tmp/c4.json" not-null-without-default)" = $((n0 - 1)) ] && echo 0 || echo 1) \
	"cupel: ignore[rule] in the docstring suppresses the rule in that migration ($n0 -> $(count "$tmp/c4.json" not-null-without-default))"
# a baseline accepts what is there; a new finding still fails
(cd "$c" && "$BIN" lint --write-baseline "$tmp/baseline.txt") >/dev/null 2>&1
(cd "$c" && "$BIN" lint --baseline "$tmp/baseline.txt") >"$tmp/c5.out" 2>&1
rc=$?
ok $([ $rc = 0 ] && grep -q "^0 finding(s).* accepted by the baseline" "$tmp/c5.out" && echo 0 || echo 1) \
	"--baseline: every finding written by --write-baseline is accepted, exit 0" || tail -2 "$tmp/c5.out" | sed 's/^/# /'
cat >"$c/migrations/versions/ffff00000001_new.py" <<'PYEOF'
"""a new migration after the baseline"""
from alembic import op
import sqlalchemy as sa
revision = "ffff00000001"
down_revision = "2a7e9c1d4b80"


def upgrade():
    op.add_column("orders", sa.Column("flag", sa.Integer(), nullable=False))


def downgrade():
    op.drop_column("orders", "flag")
PYEOF
printf 'baseline = %s\n' "$tmp/baseline.txt" >>"$c/alembic.ini"
(cd "$c" && "$BIN" lint --format json) >"$tmp/c6.json" 2>/dev/null
rc=$?
# (the divergence message names the new head, so it is new too)
ok $([ $rc = 1 ] && "$PY" -c 'import json, sys; fs = [f for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] != "divergent-heads"]; sys.exit(0 if fs and all(f["revision"] == "ffff00000001" for f in fs) else 1)' "$tmp/c6.json" &&
	echo 0 || echo 1) "[cupel] baseline: only the new migration's findings remain, exit 1"
# RANGE: the findings of the range's revisions
(cd "$c" && "$BIN" lint 2a7e9c1d4b80:ffff00000001 --format json --baseline /dev/null) >"$tmp/c7.json" 2>/dev/null
ok $("$PY" -c 'import json, sys; fs = json.load(open(sys.argv[1]))["findings"]; sys.exit(0 if fs and {f["revision"] for f in fs} <= {"ffff00000001", None} else 1)' "$tmp/c7.json" &&
	echo 0 || echo 1) "lint RANGE reports the findings of that range's revisions only"
# a script that does not parse: JSON and SARIF carry the problem, not only stderr
bp=$tmp/broken
mkdir -p "$bp/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\n' >"$bp/alembic.ini"
printf '"""x\n\nRevision ID: 0a0a0a0a0a01\n"""\nrevision = "0a0a0a0a0a01"\ndown_revision = None\n\n\ndef upgrade()\n    pass\n' \
	>"$bp/migrations/versions/0a0a0a0a0a01_x.py"
(cd "$bp" && "$BIN" lint --format json) >"$tmp/broken.json" 2>/dev/null
(cd "$bp" && "$BIN" lint --format sarif) >"$tmp/broken.sarif" 2>/dev/null
"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
s = json.load(open(sys.argv[2]))
lp = [(p["code"], p["line"], p["column"]) for p in j["load_problems"]]
inv = s["runs"][0]["invocations"][0]
n = inv["toolExecutionNotifications"]
ok = ("py-syntax", 9, 14) in lp and not inv["executionSuccessful"] and \
    any(x["descriptor"]["id"] == "py-syntax" and x["locations"][0]["physicalLocation"]["region"]["startLine"] == 9 for x in n)
sys.exit(0 if ok else 1)' "$tmp/broken.json" "$tmp/broken.sarif"
ok $? "a script that does not parse: in the JSON's load_problems and SARIF's toolExecutionNotifications at its line" ||
	sed 's/^/# /' "$tmp/broken.json"
# lint --sql and the rules shared with Squawk (tests/lint/sqlfixtures.sh)
. "$top/tests/lint/sqlfixtures.sh"
. "$top/tests/lint/config.sh"
. "$top/tests/lint/coverage.sh"
. "$top/tests/lint/pyfixtures.sh"
tap_end
