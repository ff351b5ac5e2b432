#!/usr/bin/env bash
# The lock model against PostgreSQL 15 itself. For every case of
# tests/locks/cases.txt ("setup ;; statement [;; blocker]") the setup is
# committed in a fresh public schema of a throwaway cluster, then the
# statement is observed and must agree exactly with `cupel locks
# --statement "SETUP; STATEMENT"` (the facts of the statement):
#  - locks: the strongest mode per table, view and materialized view
#    (relkind r, p, v, m) of the schemas public and s2 (named s2.NAME) in
#    pg_locks of the statement's backend;
#  - rewrite: the model says true exactly when pg_relation_filenode() of
#    some table changed (unknown counts as a failure);
#  - scan: for a statement observed in a transaction, other than DML, that
#    rewrites nothing, the model says it reads every row exactly when
#    pg_stat_xact_user_tables counts a sequential scan of a table that
#    existed before it (an index build on a new table scans it empty);
#  - in_transaction: the model says false exactly when the server refuses
#    the statement inside BEGIN ("cannot run inside a transaction block").
# A case marked "! " is a difference documented in doc/locks.md: it must
# still differ.
# A statement that runs in a transaction is observed from its own backend,
# before ROLLBACK. One that cannot runs in autocommit while a second
# connection (in another database, so it holds back no snapshot there)
# polls pg_locks for it; a third connection, the blocker, holds a
# conflicting lock or an old snapshot so the statement waits where it can
# be seen, and is terminated by the poller once the statement has been
# seen waiting. Every wait has a deadline.
#   tests/locks/observe.sh CUPEL_BIN
#   CUPEL_LOCK_CASES=FILE tests/locks/observe.sh CUPEL_BIN   other cases
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/pgcluster.sh"
. "$top/tests/locks/observe_tx.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
chmod 755 "$tmp"
bg=()
cleanup() {
	local p
	for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
	pgcluster_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }
psql -q -d postgres -c "CREATE TABLE cupel_done (n int)" >/dev/null
db=lk
psql -qc "CREATE DATABASE $db" >/dev/null

# wait_for DB SQL: until SQL returns a row (10 s at most)
wait_for() {
	local end=$((SECONDS + 10))
	while [ $SECONDS -lt $end ]; do
		[ -n "$(psql -qAt -d "$1" -c "$2" 2>/dev/null)" ] && return 0
	done
	return 1
}

# poll DB STATEMENT BLOCKER: the statement in autocommit, observed from the
# postgres database; writes $tmp/obs (lock|relname|mode, rewrite|relname)
poll() {
	local db=$1 stmt=$2 blocker=$3
	psql -qAt -F'|' -d "$db" -c "SELECT c.oid, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END, c.relkind, coalesce(pg_relation_filenode(c.oid)::text, '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname IN ('public', 's2')" >"$tmp/names"
	if [ -z "$blocker" ]; then
		# an old snapshot and ACCESS SHARE on every table
		blocker=$(awk -F'|' '$3 != "v" { printf "SELECT count(*) FROM %s; ", $2 }' "$tmp/names")
	fi
	PGAPPNAME=cupel_blocker psql -qAt -d "$db" >/dev/null 2>&1 <<SQL &
BEGIN ISOLATION LEVEL REPEATABLE READ;
$blocker;
SELECT pg_sleep(30);
SQL
	bg+=($!)
	local bpid=$!
	wait_for postgres "SELECT 1 FROM pg_stat_activity WHERE application_name = 'cupel_blocker' AND wait_event = 'PgSleep'" ||
		echo "# blocker did not start" >&2
	PGAPPNAME=cupel_poller psql -qAt -F'|' -d postgres >"$tmp/polled" 2>"$tmp/pollerr" <<SQL &
CREATE TEMP TABLE seen (rel oid, mode text);
DO \$\$
DECLARE
	tpid int;
	dboid oid := (SELECT oid FROM pg_database WHERE datname = '$db');
	t0 timestamptz := clock_timestamp();
	first timestamptz;
	waits int := 0;
BEGIN
	LOOP
		PERFORM pg_stat_clear_snapshot();
		SELECT pid INTO tpid FROM pg_stat_activity
		 WHERE application_name = 'cupel_target' AND datid = dboid AND state = 'active';
		IF tpid IS NOT NULL THEN
			first := coalesce(first, clock_timestamp());
			INSERT INTO seen SELECT relation, mode FROM pg_locks
			 WHERE pid = tpid AND locktype = 'relation' AND database = dboid;
			IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = tpid AND wait_event_type = 'Lock') THEN
				waits := waits + 1;
			END IF;
			-- seen waiting long enough (or 5 s after it started): let it go on
			IF waits >= 20 OR clock_timestamp() > first + interval '5 s' THEN
				PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cupel_blocker';
			END IF;
		END IF;
		EXIT WHEN EXISTS (SELECT 1 FROM cupel_done WHERE n = $i);
		IF clock_timestamp() > t0 + interval '60 s' THEN
			RAISE WARNING 'poll deadline';
			EXIT;
		END IF;
		PERFORM pg_sleep(0.001);
	END LOOP;
END
\$\$;
SELECT DISTINCT rel, mode FROM seen;
SQL
	bg+=($!)
	local ppid=$!
	wait_for postgres "SELECT 1 FROM pg_stat_activity WHERE application_name = 'cupel_poller' AND state = 'active'" ||
		echo "# poller did not start" >&2
	PGAPPNAME=cupel_target psql -q -d "$db" -v ON_ERROR_STOP=1 -c "$stmt" >/dev/null 2>"$tmp/err"
	local rc=$?
	psql -q -d postgres -c "INSERT INTO cupel_done VALUES ($i)" >/dev/null
	wait "$ppid"
	kill "$bpid" 2>/dev/null
	wait "$bpid" 2>/dev/null
	bg=()
	[ -s "$tmp/pollerr" ] && sed 's/^/# poller: /' "$tmp/pollerr"
	[ $rc -ne 0 ] && return 1
	psql -qAt -F'|' -d "$db" -c "SELECT oid, coalesce(pg_relation_filenode(oid)::text, '') FROM pg_class" >"$tmp/after"
	# oids to the names the relations had before the statement
	awk -F'|' -v names="$tmp/names" -v after="$tmp/after" '
		BEGIN {
			while ((getline l < names) > 0) { split(l, f, "|"); name[f[1]] = f[2]; fn[f[1]] = f[4] }
			while ((getline l < after) > 0) { split(l, f, "|"); now[f[1]] = f[2] }
			for (o in fn) if (fn[o] != "" && (o in now) && now[o] != "" && now[o] != fn[o]) print "rewrite|" name[o]
		}
		($1 in name) { print "lock|" name[$1] "|" $2 }' "$tmp/polled" >"$tmp/obs"
}

i=0
while IFS= read -r line; do
	case "$line" in '#'* | '') continue ;; esac
	i=$((i + 1))
	# "! case": a difference documented in doc/locks.md, which must still
	# be there (if the model came to agree, the document is out of date)
	documented=0
	case "$line" in '! '*) documented=1 line=${line#! } ;; esac
	# CUPEL_LOCKS_ONLY=REGEX: only the cases whose line matches (debugging)
	[ -n "${CUPEL_LOCKS_ONLY:-}" ] && ! [[ $line =~ $CUPEL_LOCKS_ONLY ]] && continue
	setup=${line%% ;; *}
	stmt=${line#* ;; }
	blocker=
	case "$stmt" in *' ;; '*) blocker=${stmt#* ;; } stmt=${stmt%% ;; *} ;; esac
	# a fresh public schema (a new database per case costs ~0.5 s)
	psql -q -d "$db" -c "DROP SCHEMA IF EXISTS public, s2 CASCADE; CREATE SCHEMA public;
		GRANT ALL ON SCHEMA public TO PUBLIC; ALTER DATABASE $db RESET ALL" >/dev/null 2>"$tmp/err" || {
		ok 1 "reset for: $stmt"
		sed 's/^/# /' "$tmp/err"
		continue
	}
	psql -q -d "$db" -v ON_ERROR_STOP=1 -c "$setup" >/dev/null 2>"$tmp/err" || {
		ok 1 "setup of: $stmt"
		sed 's/^/# /' "$tmp/err"
		continue
	}
	# the model, given the setup as the statements before (what it knows
	# of the schema); the facts of the statement are the last ones
	"$BIN" locks --statement "$setup" --format json >"$tmp/setup.json" 2>"$tmp/err" &&
		"$BIN" locks --statement "$setup; $stmt" --format json >"$tmp/model.json" 2>>"$tmp/err" || {
		ok 1 "model of: $stmt"
		sed 's/^/# /' "$tmp/err"
		continue
	}
	# the statement in a transaction: its table locks and, after it,
	# which tables have a new relfilenode and which were read
	observe_tx "$db" "$stmt" "$tmp/obs" "$tmp/err"
	rc=$?
	intx=1
	if [ $rc -ne 0 ] && grep -q 'cannot run inside a transaction block' "$tmp/err"; then
		intx=0
		poll "$db" "$stmt" "$blocker"
		rc=$?
	fi
	if [ $rc -ne 0 ]; then
		ok 1 "observe: $stmt"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	"$PY" "$top/tests/locks/lockcmp.py" "$tmp/model.json" "$tmp/obs" "$intx" "$tmp/setup.json" >"$tmp/cmp"
	rc=$?
	if [ $documented = 1 ]; then
		[ $rc -ne 0 ]
		ok $? "$stmt (a documented difference, doc/locks.md)"
		sed 's/^/# documented: /' "$tmp/cmp"
		continue
	fi
	ok $rc "$stmt"
	[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/cmp"
	[ $rc -eq 0 ] || { echo "# obs: intx=$intx"; sed 's/^/# obs: /' "$tmp/obs"; }
done <"${CUPEL_LOCK_CASES:-$top/tests/locks/cases.txt}"
tap_end
