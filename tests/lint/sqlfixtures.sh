# Sourced by tests/lint/run.sh (BIN, PY, top, tmp and tap.sh set): cupel
# lint --sql on the SQL fixtures of tests/lint/sql/ ("-- anti-pattern:
# RULE" fires on the statement of that line, "-- safe: RULE" does not),
# its positions, formats and exit codes; and the rules cupel shares with
# Squawk on an Alembic project (operations, op.execute, autocommit blocks).
for f in "$top"/tests/lint/sql/*.sql; do
	n=$(basename "$f")
	"$BIN" lint --sql "$f" --format json >"$tmp/$n.json" 2>"$tmp/$n.err"
	"$PY" - "$tmp/$n.json" "$f" >"$tmp/$n.tap" <<'PYEOF'
import json, re, sys
found = {(f["line"], f["rule"]) for f in json.load(open(sys.argv[1]))["findings"]}
for i, line in enumerate(open(sys.argv[2]), 1):
    for kind, rule in re.findall(r"(anti-pattern|safe): ([a-z0-9-]+)", line.split("--", 1)[-1] if "; --" in line else ""):
        hit = (i, rule) in found
        good = hit if kind == "anti-pattern" else not hit
        print("%s %s:%d: %s %s" % ("ok" if good else "not ok", sys.argv[2].rsplit("/", 1)[-1], i, rule,
                                    "found" if kind == "anti-pattern" else "not reported (near miss)"))
PYEOF
	while read -r st rest; do
		[ "$st" = ok ] && ok 0 "lint --sql $rest" || ok 1 "lint --sql ${rest#ok }"
	done <"$tmp/$n.tap"
done

# text: file:line:col of the statement, its line and a caret; exit 1 on an error
sqlf=$top/tests/lint/sql/squawk-rules.sql
"$BIN" lint --sql "$sqlf" >"$tmp/sqltext" 2>&1
rc=$?
grep -q "^$sqlf:52:1: error\[ban-drop-database\]: database scratch dropped by a migration$" "$tmp/sqltext" &&
	grep -q "^    DROP DATABASE scratch; -- anti-pattern: ban-drop-database$" "$tmp/sqltext" && [ $rc = 1 ]
ok $? "lint --sql text: file:line:col, the line, exit 1 on an error (exit $rc)" || head -5 "$tmp/sqltext" | sed 's/^/# /'
"$BIN" lint --sql "$sqlf" --rule ban-char-field --format sarif >"$tmp/sql.sarif" 2>&1
"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = d["runs"][0]["results"]
ok = d["version"] == "2.1.0" and len(r) == 1 and r[0]["ruleId"] == "ban-char-field" and \
    r[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6 and \
    r[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("squawk-rules.sql")
sys.exit(0 if ok else 1)' "$tmp/sql.sarif"
ok $? "lint --sql --format sarif --rule: one result at its line"
"$BIN" lint --sql "$sqlf" --rule irreversible-downgrade >"$tmp/sqlnone" 2>&1
ok $([ $? = 0 ] && grep -q "^0 finding(s)$" "$tmp/sqlnone" && echo 0 || echo 1) "lint --sql: a rule on Alembic scripts finds nothing in SQL"
printf 'SELECT 1;\n\nALTER TABLE t ADD COLUMN;\n' >"$tmp/bad.sql"
"$BIN" lint --sql "$tmp/bad.sql" >"$tmp/bad.out" 2>&1
rc=$?
ok $([ $rc = 2 ] && grep -q "$tmp/bad.sql:3:25: syntax error" "$tmp/bad.out" && echo 0 || echo 1) \
	"lint --sql: a syntax error is file:line:col, exit 2" || sed 's/^/# /' "$tmp/bad.out"
# cupel splits with PostgreSQL's scanner and falls back to its parser's
# split when a piece does not parse: the scanner silently drops what
# follows an unclosed parenthesis, and cuts a BEGIN ATOMIC body in pieces
printf 'SELECT 1;\nCREATE INDEX ON t (a;\nSELECT 2;\n' >"$tmp/paren.sql"
"$BIN" lint --sql "$tmp/paren.sql" >"$tmp/paren.out" 2>&1
rc=$?
ok $([ $rc = 2 ] && grep -q "$tmp/paren.sql:2:21: syntax error" "$tmp/paren.out" && echo 0 || echo 1) \
	"lint --sql: an unclosed parenthesis is a syntax error at its file:line:col, exit 2" || sed 's/^/# /' "$tmp/paren.out"
cat >"$tmp/atomic.sql" <<'SQLEOF'
CREATE FUNCTION f() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
  SELECT 2;
END;
CREATE INDEX idx_a ON accounts (email);
ALTER TABLE accounts ADD COLUMN note varchar(20);
SQLEOF
"$BIN" lint --sql "$tmp/atomic.sql" --format json >"$tmp/atomic.json" 2>&1
"$PY" -c '
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
got = sorted((f["line"], f["rule"]) for f in fs)
sys.exit(0 if got == [(6, "non-concurrent-index"), (6, "prefer-robust-stmts"), (6, "require-lock-timeout"),
                      (6, "require-statement-timeout"), (7, "prefer-robust-stmts"), (7, "prefer-text-field")] else 1)' "$tmp/atomic.json"
ok $? "lint --sql: a BEGIN ATOMIC body is one statement, the findings after it at their lines" || sed 's/^/# /' "$tmp/atomic.json"
printf 'a\0b' >"$tmp/nul.sql"
"$BIN" lint --sql "$tmp/nul.sql" >/dev/null 2>&1
ok $([ $? = 2 ] && echo 0 || echo 1) "lint --sql: a binary file is refused, exit 2"
"$BIN" lint --sql "$tmp/none.sql" >/dev/null 2>&1
ok $([ $? = 2 ] && echo 0 || echo 1) "lint --sql: a missing file, exit 2"
"$BIN" lint --sql "$sqlf" --dialect sqlite >/dev/null 2>&1
ok $([ $? = 2 ] && echo 0 || echo 1) "lint --sql --dialect sqlite is a usage error"

# a timeout of 0 (any unit, or one that rounds to 0 ms), DEFAULT, RESET
# and RESET ALL leave no timeout (PostgreSQL 15 shows 0 for each): the
# timeout rules still fire; a real one before the ALTER silences them
alter='ALTER TABLE users ADD COLUMN note text;'
while IFS='|' read -r want setting sql; do
	printf '%s\n' "$sql" "$alter" | sed "s/SETTING/$setting/g" >"$tmp/to.sql"
	"$BIN" lint --sql "$tmp/to.sql" --rule "require-$(echo "$setting" | tr _ -)" --format json >"$tmp/to.json" 2>&1
	n=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/to.json" 2>/dev/null)
	ok $([ "$n" = "$want" ] && echo 0 || echo 1) "lint --sql: require-$setting after '$sql': $n finding(s)"
done <<'CASES'
1|lock_timeout|SET SETTING = 0;
1|lock_timeout|SET SETTING = '0';
1|lock_timeout|SET SETTING TO '0s';
1|lock_timeout|SET SETTING = '0ms';
1|lock_timeout|SET SETTING = '100us';
1|lock_timeout|SET SETTING = 0.4;
1|lock_timeout|SET SETTING = DEFAULT;
1|lock_timeout|SET SETTING = '2s'; RESET SETTING;
1|lock_timeout|SET SETTING = '2s'; RESET ALL;
1|lock_timeout|SET SETTING = '2s'; SET SETTING = 0;
1|lock_timeout|SET SETTING = '-1';
1|lock_timeout|SET SETTING = '2 parsecs';
1|lock_timeout|SET SETTING = '2s'; BEGIN; SET LOCAL SETTING = 0;
0|lock_timeout|SET SETTING = '1ms';
0|lock_timeout|SET SETTING = '600us';
0|lock_timeout|SET SETTING = 2000;
0|lock_timeout|SET SETTING = 0; SET SETTING = '2s';
0|lock_timeout|BEGIN; SET LOCAL SETTING = '2s';
1|statement_timeout|SET SETTING = 0;
1|statement_timeout|SET SETTING = '0min';
1|statement_timeout|BEGIN; SET LOCAL SETTING TO DEFAULT;
1|statement_timeout|SET SETTING = '30s'; RESET SETTING;
0|statement_timeout|SET SETTING = '30s';
0|statement_timeout|BEGIN; SET LOCAL SETTING = '30s';
CASES

# the same rules on an Alembic project: operations, op.execute, autocommit blocks
s=$tmp/sqp
mkdir -p "$s/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = postgresql://u@h/d\n' >"$s/alembic.ini"
cat >"$s/migrations/versions/s1.py" <<'PYEOF'
"""tables that exist before"""
from alembic import op
import sqlalchemy as sa
revision = "s1"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
                    sa.Column("a", sa.Integer(), nullable=False), sa.Column("code", sa.CHAR(2)))
    op.create_index("ix_t_a", "t", ["a"])
    op.create_table("k", sa.Column("a", sa.BigInteger(), nullable=False))


def downgrade():
    op.drop_table("k")
    op.drop_table("t")
PYEOF
cat >"$s/migrations/versions/s2.py" <<'PYEOF'
"""the rules shared with Squawk, on operations"""
from alembic import op
import sqlalchemy as sa
revision = "s2"
down_revision = "s1"


def upgrade():
    op.alter_column("t", "a", existing_type=sa.Integer(), nullable=True)
    op.drop_index("ix_t_a", table_name="t")
    op.create_primary_key("pk_k", "k", ["a"])
    op.execute("ALTER TABLE t DROP COLUMN code")
    op.create_index("ix_t_a2", "t", ["a"])
    with op.get_context().autocommit_block():
        op.create_index("ix_t_a3", "t", ["a"], postgresql_concurrently=True)
        op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t_a4 ON t (a)")


def downgrade():
    pass  # cupel: ignore[irreversible-downgrade] fixture
PYEOF
cat >"$s/migrations/versions/s3.py" <<'PYEOF'
"""timeouts set"""
from alembic import op
import sqlalchemy as sa
revision = "s3"
down_revision = "s2"


def upgrade():
    op.execute("SET LOCAL statement_timeout = '30s'")
    op.execute("SET LOCAL lock_timeout = '2s'")
    op.add_column("t", sa.Column("b", sa.CHAR(3)))
    op.alter_column("t", "id", existing_type=sa.BigInteger(), nullable=False)
    op.execute("ALTER TABLE ghost ADD COLUMN x int NOT NULL")


def downgrade():
    op.drop_column("t", "b")
PYEOF
cat >"$s/migrations/versions/s4.py" <<'PYEOF'
"""timeouts set to 0: none"""
from alembic import op
import sqlalchemy as sa
revision = "s4"
down_revision = "s3"


def upgrade():
    op.execute("SET LOCAL lock_timeout = '0'")
    op.execute("SET statement_timeout = 0")
    op.add_column("t", sa.Column("c", sa.Text()))


def downgrade():
    op.drop_column("t", "c")
PYEOF
(cd "$s" && "$BIN" lint --format json) >"$tmp/sqp.json" 2>/dev/null
"$PY" - "$tmp/sqp.json" >"$tmp/sqp.tap" <<'PYEOF'
import json, sys
got = {(f["file"].rsplit("/", 1)[-1], f["line"], f["rule"]) for f in json.load(open(sys.argv[1]))["findings"]}
checks = [
    (("s1.py", 10, "ban-char-field") in got, "ban-char-field on sa.CHAR(2) in create_table"),
    (("s3.py", 11, "ban-char-field") in got, "ban-char-field on sa.CHAR(3) in add_column"),
    (("s2.py", 9, "ban-drop-not-null") in got, "ban-drop-not-null on alter_column(nullable=True)"),
    (("s3.py", 12, "ban-drop-not-null") not in got, "no ban-drop-not-null on nullable=False"),
    (("s2.py", 9, "require-statement-timeout") in got, "require-statement-timeout at the first lock"),
    (not [f for f in got if f[0] == "s2.py" and f[2] == "require-statement-timeout" and f[1] != 9],
     "require-statement-timeout once per migration"),
    (not [f for f in got if f[0] == "s3.py" and f[2] in ("require-statement-timeout", "require-lock-timeout")],
     "no timeout rule after SET LOCAL statement_timeout / lock_timeout"),
    (("s2.py", 10, "require-concurrent-index-deletion") in got, "require-concurrent-index-deletion on op.drop_index"),
    (("s2.py", 11, "adding-serial-primary-key-field") in got, "adding-serial-primary-key-field on op.create_primary_key"),
    (("s2.py", 12, "ban-drop-column") in got, "ban-drop-column on op.execute(ALTER TABLE ... DROP COLUMN)"),
    (("s2.py", 13, "prefer-robust-stmts") not in got, "no prefer-robust-stmts in the migration's transaction"),
    (("s2.py", 15, "prefer-robust-stmts") in got, "prefer-robust-stmts on CREATE INDEX CONCURRENTLY in autocommit_block"),
    (("s2.py", 16, "prefer-robust-stmts") not in got, "no prefer-robust-stmts with IF NOT EXISTS"),
    (("s1.py", 11, "require-concurrent-index-deletion") not in got and ("s1.py", 11, "prefer-robust-stmts") not in got,
     "nothing on the index of a table the migration creates"),
    (("s4.py", 11, "require-lock-timeout") in got and ("s4.py", 11, "require-statement-timeout") in got,
     "the timeout rules after op.execute of SET LOCAL lock_timeout = '0' / SET statement_timeout = 0"),
    (("s3.py", 13, "not-null-without-default") not in got,
     "a project's table no revision creates is not taken for an existing one (an opaque step may create it)"),
]
for ok, name in checks:
    print(("ok" if ok else "not ok"), name)
PYEOF
while read -r st rest; do
	[ "$st" = ok ] && ok 0 "$rest" || ok 1 "${rest#ok }"
done <"$tmp/sqp.tap"

# -- cupel: ignore[rule] on the statement's line or the line above
printf 'BEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;\n-- cupel: ignore[ban-drop-table] dropped on purpose\nDROP TABLE IF EXISTS t;\nDROP DATABASE x; -- cupel: ignore[ban-drop-database]\n\nDROP DATABASE y;\n' >"$tmp/sup.sql"
"$BIN" lint --sql "$tmp/sup.sql" --format json >"$tmp/sup.json" 2>&1
"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
got = {(f["line"], f["rule"]) for f in d["findings"]}
ok = (5, "ban-drop-table") not in got and (6, "ban-drop-database") not in got and (8, "ban-drop-database") in got \
    and d["suppressed"] == 2
sys.exit(0 if ok else 1)' "$tmp/sup.json"
ok $? "lint --sql: -- cupel: ignore[rule] on the line or the line above suppresses it" || sed 's/^/# /' "$tmp/sup.json" | head -20
