# observe_tx.sh - sourced by tests/locks/observe.sh and along.sh.
# observe_tx DB STMT OBS ERR: STMT in a transaction (rolled back), and
# into OBS what lockcmp.py compares: "lock|REL|MODE" for each table lock
# of its backend, "rewrite|REL" for each table whose relfilenode changed,
# "scan|REL" for each one the transaction read sequentially. Relations of
# every user schema; one outside public is named SCHEMA.NAME, as the
# relations are named before the statement (it may rename or drop them).
# The exit status is psql's.
observe_tx() {
	local db=$1 stmt=$2 obs=$3 err=$4
	psql -qAt -d "$db" -v ON_ERROR_STOP=1 >"$obs" 2>"$err" <<SQL
BEGIN;
CREATE TEMP TABLE cupel_names AS SELECT c.oid AS rel,
 CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS relname,
 pg_relation_filenode(c.oid) AS fn FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema';
$stmt;
SELECT 'lock|' || n.relname || '|' || l.mode FROM pg_locks l JOIN cupel_names n ON n.rel = l.relation
 WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation';
SELECT 'rewrite|' || relname FROM cupel_names
 WHERE fn IS NOT NULL AND pg_relation_filenode(rel) IS NOT NULL AND pg_relation_filenode(rel) <> fn;
SELECT 'scan|' || n.relname FROM pg_stat_xact_user_tables x JOIN cupel_names n ON n.rel = x.relid
 WHERE x.seq_scan > 0;
ROLLBACK;
SQL
}
