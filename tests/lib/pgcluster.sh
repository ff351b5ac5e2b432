# A throwaway PostgreSQL 15 cluster for tests: initdb in a directory of the
# test's own, run as user postgres (PostgreSQL refuses root), listening only
# on a Unix socket in that directory (fsync off: only the OS, never the
# tests, could lose what a commit wrote; synchronous_commit stays on so a
# killed server keeps every commit); stopped by pgcluster_stop (call it
# from the test's EXIT trap).
#   . tests/lib/pgcluster.sh
#   pgcluster_start DIR    exports PGHOST PGPORT PGUSER; returns non-zero
#                          (with the server log on stderr) if it fails
#   pgcluster_stop
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
pgcluster_dir=

pgcluster_as_postgres() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pgcluster_start() {
	local dir=$1
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	# the socket path must stay short (107 bytes): use the directory itself
	pgcluster_as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
	local port=$((20000 + RANDOM % 20000))
	pgcluster_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c full_page_writes=off" \
		start >/dev/null 2>&1 || { cat "$dir/server.log" >&2; return 1; }
	pgcluster_dir=$dir
	export PGHOST=$dir PGPORT=$port PGUSER=postgres
}

pgcluster_stop() {
	if [ -n "$pgcluster_dir" ]; then
		pgcluster_as_postgres "$PG_BIN/pg_ctl" -D "$pgcluster_dir/data" -m immediate -w stop >/dev/null 2>&1
		pgcluster_dir=
	fi
}

# Start the stopped cluster of pgcluster_start again (same port and socket).
pgcluster_restart() {
	local dir=$1
	pgcluster_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -p $PGPORT -c listen_addresses='' -c fsync=off -c full_page_writes=off" \
		start >/dev/null 2>&1 || { cat "$dir/server.log" >&2; return 1; }
	pgcluster_dir=$dir
}

# Stop the server at once, as a crash would (the test restarts it).
pgcluster_kill() {
	pgcluster_as_postgres "$PG_BIN/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1
}
