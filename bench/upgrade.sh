#!/usr/bin/env bash
# cupel upgrade heads against alembic upgrade heads on a generated project
# (tests/run/gen_live.py, 500 revisions by default) on SQLite and on a
# throwaway PostgreSQL 15 cluster, same run, fresh database each time.
# Prints a markdown table: best of RUNS (default 3) for every column, the
# runs of all columns taken in turns (each round starting one column
# later) so that they share the machine's noise alike. Databases are dropped only at the end: dropping thousands
# of files slows the creation of new ones for a while (ext4), and would
# tax whichever run comes next.
#   bench/upgrade.sh CUPEL_BIN [REVISIONS]
#   OLD=OTHER_CUPEL_BIN bench/upgrade.sh ...   adds a column for OTHER
#   SERVER=1 bench/upgrade.sh ...   also the PostgreSQL server's own time
#                      executing the statements of one more run of each
#                      (pg_stat_statements, loaded in the throwaway cluster)
# The columns after the ratio say where cupel's time goes:
#   --one-transaction  cupel with one commit for the whole run
#   client             the database's own client (psql, sqlite3) running
#                      the same SQL (cupel sql of the project with one
#                      transaction per migration): the database's share
set -euo pipefail
CUPEL=$(realpath "$1")
N=${2:-500}
RUNS=${RUNS:-3}
OLD=${OLD:+$(realpath "$OLD")}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
. "$ROOT/tests/lib/pgcluster.sh"
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
pgcluster_start "$tmp/pg" >/dev/null
if [ "${SERVER:-}" = 1 ]; then
	psql -qc "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
	pgcluster_stop
	pgcluster_restart "$tmp/pg"
	psql -qc "CREATE EXTENSION pg_stat_statements" >/dev/null
fi
p=$tmp/proj
"$PY" "$ROOT/tests/run/gen_live.py" "$p" --revisions "$N" --seed 3 >/dev/null
# the same project with a transaction per migration in offline mode, for
# the client column (SQLite too: transactional_ddl)
pm=$tmp/projpm
cp -r "$p" "$pm"
sed -i 's/context.configure(url=url(), /&transaction_per_migration=True, transactional_ddl=True, /' \
	"$pm/migrations/env.py"
(cd "$pm" && "$CUPEL" sql base:heads --dialect postgresql >"$tmp/pm-postgresql.sql" &&
	"$CUPEL" sql base:heads --dialect sqlite >"$tmp/pm-sqlite.sql")
fresh() { # backend name -> URL of a new empty database
	if [ "$1" = sqlite ]; then
		echo "sqlite:///$tmp/$2.db"
	else
		psql -qc "CREATE DATABASE $2" >/dev/null 2>&1
		echo "postgresql://postgres@/$2?host=$PGHOST&port=$PGPORT"
	fi
}
now() { date +%s.%N; }
timed() { # command... -> seconds
	local a b
	a=$(now)
	"$@" >/dev/null 2>&1 || echo "bench: failed: $*" >&2
	b=$(now)
	"$PY" -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$a" "$b"
}
run() { # column backend database-name -> seconds
	local url
	url=$(fresh "$2" "$3")
	sync # the previous run's dirty pages are not written back during this one
	case $1 in
	alembic) timed env -C "$p" CUPEL_TEST_URL="$url" "$PY" -m alembic upgrade heads ;;
	cupel) timed env -C "$p" "$CUPEL" upgrade heads -q --db "$url" ;;
	old) timed env -C "$p" "$OLD" upgrade heads -q --db "$url" ;;
	onetx) timed env -C "$p" "$CUPEL" upgrade heads -q --one-transaction --db "$url" ;;
	client)
		if [ "$2" = sqlite ]; then
			timed sh -c 'sqlite3 -bail "$1" <"$2"' - "${url#sqlite:///}" "$tmp/pm-sqlite.sql"
		else
			timed psql -q -v ON_ERROR_STOP=1 -d "$3" -f "$tmp/pm-postgresql.sql"
		fi
		;;
	esac
}
best() { "$PY" -c 'import sys; print("%.3f" % min(float(x) for x in sys.argv[1:]))' "$@"; }
cols="alembic cupel${OLD:+ old} onetx client"
echo "### cupel upgrade heads vs alembic upgrade heads ($N revisions, tests/run/gen_live.py seed 3, best of $RUNS)"
echo
if [ -n "$OLD" ]; then
	echo "| database | alembic (s) | cupel (s) | ratio | old cupel (s) | old ratio | cupel --one-transaction (s) | client, same SQL (s) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
else
	echo "| database | alembic (s) | cupel (s) | ratio | cupel --one-transaction (s) | client, same SQL (s) |"
	echo "|---|---:|---:|---:|---:|---:|"
fi
for backend in sqlite postgresql; do
	declare -A t=()
	for i in $(seq "$RUNS"); do
		# each round starts one column later: what runs right after
		# Alembic (its writeback, its deleted files) is not always cupel
		set -- $cols
		shift $(((i - 1) % $#))
		for c in "$@" $cols; do
			[ -n "${t[$c]:-}" ] && [ "$(wc -w <<<"${t[$c]}")" -ge "$i" ] && continue
			t[$c]="${t[$c]:-} $(run "$c" "$backend" "${c}_$i")"
		done
	done
	declare -A b=()
	for c in $cols; do
		# shellcheck disable=SC2086
		b[$c]=$(best ${t[$c]})
	done
	ratio() { "$PY" -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$@"; }
	if [ -n "$OLD" ]; then
		echo "| $backend | ${b[alembic]} | ${b[cupel]} | $(ratio "${b[alembic]}" "${b[cupel]}") | ${b[old]} | $(ratio "${b[alembic]}" "${b[old]}") | ${b[onetx]} | ${b[client]} |"
	else
		echo "| $backend | ${b[alembic]} | ${b[cupel]} | $(ratio "${b[alembic]}" "${b[cupel]}") | ${b[onetx]} | ${b[client]} |"
	fi
	unset t b
done
if [ "${SERVER:-}" = 1 ]; then
	echo
	echo "PostgreSQL's own time (pg_stat_statements: execution + planning of every statement, ms):"
	echo
	echo "| run | wall (s) | server (ms) | DDL (ms) | version table (ms) | BEGIN/COMMIT (ms) |"
	echo "|---|---:|---:|---:|---:|---:|"
	for c in alembic cupel${OLD:+ old} client; do
		psql -qc "SELECT pg_stat_statements_reset()" >/dev/null
		w=$(run "$c" postgresql "server_$c")
		psql -Atc "SELECT '| $c | $w | ' || round(sum(t)::numeric, 1) || ' | ' ||
			round(sum(t) FILTER (WHERE q ~* '^\s*(create|alter|drop)')::numeric, 1) || ' | ' ||
			round(coalesce(sum(t) FILTER (WHERE q ~* 'alembic_version' AND q !~* '^\s*create'), 0)::numeric, 1) || ' | ' ||
			round(coalesce(sum(t) FILTER (WHERE q ~* '^\s*(begin|commit)'), 0)::numeric, 1) || ' |'
			FROM (SELECT query q, total_exec_time + total_plan_time t FROM pg_stat_statements s
			      JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'server_$c') x"
	done
fi
