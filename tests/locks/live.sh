#!/usr/bin/env bash
# cupel locks --db and cupel calibrate on a throwaway PostgreSQL 15: the
# sizes cupel reports are the server's own (pg_class, pg_*_size), reading
# them writes nothing (a role whose transactions are read-only can do it;
# no table's file, row counters or the relation count change), calibrate
# leaves nothing behind, and the duration cupel estimates for a rewrite
# and an index build is within a factor of the time the server takes.
#   tests/locks/live.sh CUPEL_BIN
. "$(dirname "$0")/../lib/livetest.sh"
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }
export CUPEL_CALIBRATION=$tmp/calibration
psql -qc "CREATE DATABASE live" >/dev/null
psql -q -d live -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE big (id int PRIMARY KEY, a int, s text);
INSERT INTO big SELECT g, g % 100, md5(g::text) FROM generate_series(1, 300000) g;
CREATE TABLE small (id int PRIMARY KEY, name text);
INSERT INTO small SELECT g, 'n' || g FROM generate_series(1, 10) g;
VACUUM ANALYZE big;
VACUUM ANALYZE small;
CREATE ROLE reader LOGIN;
GRANT SELECT ON big, small TO reader;
ALTER ROLE reader SET default_transaction_read_only = on;
SQL
URL="postgresql://postgres@/live?host=$PGHOST&port=$PGPORT"
RURL="postgresql://reader@/live?host=$PGHOST&port=$PGPORT"

# a project whose one migration rewrites big, indexes it and alters small
proj=$tmp/proj
mkdir -p "$proj/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = %s\n' "$URL" >"$proj/alembic.ini"
printf 'from alembic import context\n' >"$proj/migrations/env.py"
cat >"$proj/migrations/versions/r1.py" <<'PYEOF'
"""rewrite big, index it, alter small

Revision ID: r1
Revises:
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'r1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE big ALTER COLUMN a TYPE bigint")
    op.create_index('ix_big_s', 'big', ['s'])
    op.add_column('small', sa.Column('note', sa.Text(), nullable=True))


def downgrade():
    op.drop_column('small', 'note')
    op.drop_index('ix_big_s', 'big')
PYEOF

state() { # what a write would change
	psql -X -At -d live -c "select relname, pg_relation_filenode(oid) from pg_class where relnamespace = 'public'::regnamespace order by 1;
		select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables order by 1;
		select count(*) from pg_class"
}
state >"$tmp/before"

# without a database: sizes unknown, said so
(cd "$proj" && "$BIN" locks) >"$tmp/nodb.txt" 2>&1
grep -q "sizes and durations: unknown without a database" "$tmp/nodb.txt"
ok $? "without --db the sizes are unknown, and said to be" || sed 's/^/# /' "$tmp/nodb.txt"

# sizes as the server has them, as a read-only role
(cd "$proj" && "$BIN" locks --db "$RURL" --format json) >"$tmp/ro.json" 2>"$tmp/ro.err"
ok $? "cupel locks --db works for a role whose transactions are read-only" || sed 's/^/# /' "$tmp/ro.err"
psql -X -At -d live -c "select c.relname, c.reltuples::bigint, pg_table_size(c.oid), pg_indexes_size(c.oid)
	from pg_class c where relname in ('big', 'small') order by 1" >"$tmp/server.sizes"
"$PY" - "$tmp/ro.json" >"$tmp/cupel.sizes" <<'PYEOF'
import json, sys
seen = {}
for m in json.load(open(sys.argv[1])):
    for s in m["statements"]:
        for f in s["facts"]:
            z = f.get("size")
            if z and f["locks"]:
                seen[f["locks"][0]["table"]] = "%s|%d|%d|%d" % (f["locks"][0]["table"], round(z["reltuples"]),
                                                               z["table_bytes"], z["index_bytes"])
for k in sorted(seen):
    print(seen[k])
PYEOF
same_output "the rows and bytes cupel reports are pg_class's and pg_*_size's" "$tmp/cupel.sizes" "$tmp/server.sizes"
state >"$tmp/after"
same_output "reading the sizes changed nothing (files, row counters, relations)" "$tmp/after" "$tmp/before"

# calibrate: measures, saves, leaves nothing
"$BIN" calibrate --db "$URL" --rows 200000 >"$tmp/cal.out" 2>"$tmp/cal.err"
ok $? "cupel calibrate works" || sed 's/^/# /' "$tmp/cal.err"
grep -q "scan=[0-9]* rewrite=[0-9]* index=[0-9]* measured=" "$CUPEL_CALIBRATION"
ok $? "calibrate saves the throughputs in the calibration file" || sed 's/^/# /' "$CUPEL_CALIBRATION"
state >"$tmp/after"
same_output "calibrate leaves nothing behind (its scratch table is rolled back)" "$tmp/after" "$tmp/before"
"$BIN" calibrate --db "$RURL" >"$tmp/cal2.out" 2>&1
ok $([ $? != 0 ] && grep -q "read-only" "$tmp/cal2.out" && echo 0 || echo 1) \
	"calibrate as a read-only role fails with the server's reason" || sed 's/^/# /' "$tmp/cal2.out"

# estimates against what the server really takes
(cd "$proj" && "$BIN" locks --db "$URL" --format json) >"$tmp/est.json" 2>"$tmp/est.err"
ok $? "cupel locks --db with the calibration" || sed 's/^/# /' "$tmp/est.err"
(cd "$proj" && "$BIN" locks --db "$URL") >"$tmp/est.txt" 2>&1
grep -q "big ACCESS EXCLUSIVE from statement 1 .*rewrites it; held about" "$tmp/est.txt"
ok $? "the text says how long big's ACCESS EXCLUSIVE lock is held" || sed 's/^/# /' "$tmp/est.txt"
measure() { # SQL: milliseconds the server takes for it, rolled back
	psql -X -At -d live -c "\\timing on" -c "BEGIN" -c "$1" -c "ROLLBACK" 2>&1 |
		sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sed -n 2p
}
for st in "ALTER TABLE big ALTER COLUMN a TYPE bigint" "CREATE INDEX ix_big_s ON big (s)"; do
	real=$(measure "$st")
	est=$("$PY" -c '
import json, sys
for m in json.load(open(sys.argv[1])):
    for s in m["statements"]:
        if s["sql"].strip().startswith(sys.argv[2][:30]):
            print(s["facts"][0]["seconds"] * 1000)' "$tmp/est.json" "$st")
	ok $("$PY" -c "import sys; r, e = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if r / 5 <= e <= r * 5 else 1)" \
		"${real:-0}" "${est:-0}" && echo 0 || echo 1) \
		"estimate of '$st' within a factor of 5 of the server's time (estimated ${est:-?} ms, took ${real:-?} ms)"
done

# foreign keys that only the live database has: the locks of TRUNCATE ...
# CASCADE, ON DELETE actions, key checks and a retyped key reach the tables
# at their other end, as the server shows them (observe_tx, lockcmp.py)
. "$top/tests/locks/observe_tx.sh"
# one_rev_project DIR REV DOC: a project like $proj with one revision REV,
# its upgrade()'s body read from stdin
one_rev_project() {
	mkdir -p "$1/migrations/versions"
	cp "$proj/alembic.ini" "$1/alembic.ini"
	cp "$proj/migrations/env.py" "$1/migrations/env.py"
	{
		printf '"""%s"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = "%s"\ndown_revision = None\n\n\n' "$3" "$2"
		printf 'def upgrade():\n'
		cat
		printf '\n\ndef downgrade():\n    pass\n'
	} >"$1/migrations/versions/$2.py"
}

# judge_live PROJECT LABEL COUNT: cupel locks --db of the project, then
# each statement observed on the server (observe_tx, in a rolled-back
# transaction) must agree with cupel's facts (lockcmp.py); COUNT of them
judge_live() {
	local proj=$1 label=$2 want=$3 n=0 case stmt
	(cd "$proj" && "$BIN" locks --db "$URL" --format json) >"$tmp/jl.json" 2>"$tmp/jl.err"
	ok $? "cupel locks --db: $label" || sed 's/^/# /' "$tmp/jl.err"
	"$PY" -c '
import json, sys
for m in json.load(open(sys.argv[1])):
    for s in m["statements"]:
        print(json.dumps({"sql": s["sql"], "facts": s["facts"]}))' "$tmp/jl.json" >"$tmp/jl.cases"
	while IFS= read -r case; do
		n=$((n + 1))
		printf '%s' "$case" >"$tmp/jlcase.json"
		stmt=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["sql"])' "$tmp/jlcase.json")
		observe_tx live "$stmt" "$tmp/jl.obs" "$tmp/jl.oerr" || { ok 1 "observe $stmt"; sed 's/^/# /' "$tmp/jl.oerr"; continue; }
		"$PY" "$top/tests/locks/lockcmp.py" "$tmp/jlcase.json" "$tmp/jl.obs" - >"$tmp/jl.cmp"
		ok $? "$label: $stmt" || sed 's/^/# /' "$tmp/jl.cmp"
	done <"$tmp/jl.cases"
	ok $([ $n = "$want" ] && echo 0 || echo 1) "$label: $want statements judged ($n)"
}

psql -q -d live -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE lp (id int PRIMARY KEY, n int);
CREATE TABLE lt (id int PRIMARY KEY, pid int REFERENCES lp (id) ON DELETE CASCADE);
CREATE TABLE lc (id int PRIMARY KEY, pid int, CONSTRAINT lc_parent FOREIGN KEY (pid) REFERENCES lp (id));
INSERT INTO lp VALUES (1, 1), (2, 2);
INSERT INTO lt VALUES (1, 1);
SQL
fkp=$tmp/fkproj
one_rev_project "$fkp" f1 "live keys" <<'PYEOF'
    op.execute("DELETE FROM lp WHERE id = 2")
    op.execute("INSERT INTO lt VALUES (5, 1)")
    op.execute("UPDATE lp SET n = 3 WHERE id = 1")
    op.alter_column("lp", "id", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.execute("TRUNCATE lp CASCADE")

PYEOF
judge_live "$fkp" "live keys" 5

# partitions, inheritance children, CHECKs and views that only the live
# database has: a statement on the parent reaches its children, a CHECK (x
# IS NOT NULL) spares SET NOT NULL its scan, a query of a view reads what
# its query reads, a CASCADE drops the views on a table or column, as the
# server shows
psql -q -d live -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE lpt (id int, k int) PARTITION BY RANGE (k);
CREATE TABLE lpt1 PARTITION OF lpt FOR VALUES FROM (0) TO (10);
CREATE TABLE lpt_def PARTITION OF lpt DEFAULT;
CREATE TABLE lip (id int PRIMARY KEY, a int, CONSTRAINT lip_a CHECK (a > 0));
CREATE TABLE lic (b int) INHERITS (lip);
CREATE TABLE lnn (id int, x int, CONSTRAINT lnn_x CHECK (x IS NOT NULL));
INSERT INTO lpt VALUES (1, 1), (2, 50);
INSERT INTO lnn VALUES (1, 1);
CREATE TABLE lvt (id int PRIMARY KEY, a int);
CREATE VIEW lv AS SELECT id, a FROM lvt;
CREATE VIEW lv2 AS SELECT id FROM lv;
CREATE VIEW lvb AS SELECT id FROM lvt;
CREATE TABLE lvd (id int PRIMARY KEY);
CREATE MATERIALIZED VIEW lvdm AS SELECT id FROM lvd;
CREATE VIEW lvdv AS SELECT id FROM lvdm;
SQL
ptp=$tmp/ptproj
one_rev_project "$ptp" p1 "live partitions and children" <<'PYEOF'
    op.create_index("ix_lpt_k", "lpt", ["k"])
    op.execute("LOCK TABLE lpt IN SHARE MODE")
    op.execute("CREATE TABLE lpt2 PARTITION OF lpt FOR VALUES FROM (10) TO (20)")
    op.alter_column("lnn", "x", nullable=False, existing_type=sa.Integer())
    op.add_column("lip", sa.Column("z", sa.Integer()))
    op.drop_constraint("lip_a", "lip", type_="check")
    op.execute("TRUNCATE lip")
    op.execute("SELECT count(*) FROM lv2")
    op.execute("ALTER TABLE lvt DROP COLUMN a CASCADE")
    op.execute("DROP TABLE lvd CASCADE")

PYEOF
judge_live "$ptp" "live partitions, children and views" 10

# bad URLs: a clear message, exit 2
(cd "$proj" && "$BIN" locks --db "sqlite:///x.db") >"$tmp/e1" 2>&1
ok $([ $? = 2 ] && grep -q "PostgreSQL's: give a postgresql:// URL" "$tmp/e1" && echo 0 || echo 1) \
	"locks --db with a SQLite URL: a clear error, exit 2"
(cd "$proj" && "$BIN" locks --db "postgresql://postgres:s3cret@127.0.0.1:1/x") >"$tmp/e2" 2>&1
ok $([ $? = 2 ] && grep -q "could not connect" "$tmp/e2" && ! grep -q s3cret "$tmp/e2" && echo 0 || echo 1) \
	"locks --db with an unreachable server: a clear error, the password masked, exit 2"
tap_end
