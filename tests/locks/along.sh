#!/usr/bin/env bash
# Statements judged against the schema just before them, within their
# migration: tests/locks/along_project.py writes migrations whose later
# statements change what earlier ones made. For every statement of
# `cupel locks base:heads --format json`, a fresh public schema of a
# throwaway PostgreSQL 15 cluster gets every statement before it
# (earlier migrations and the same migration's) committed, then the
# statement runs in a transaction and must agree exactly with cupel's
# facts for it, as in tests/locks/observe.sh: the strongest mode per
# table in pg_locks of its backend, a rewrite exactly when some table's
# relfilenode changed, and (not for DML, nor with a rewrite) a scan
# exactly when a table that existed before was read sequentially
# (pg_stat_xact_user_tables). An unknown fact fails.
#   tests/locks/along.sh CUPEL_BIN
#   CUPEL_ALONG_PROJECT=DIR tests/locks/along.sh CUPEL_BIN   another project
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/pgcluster.sh"
. "$top/tests/locks/observe_tx.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
pgcluster_start "$tmp/pg" || { echo "not ok - could not start PostgreSQL"; exit 1; }
db=along
psql -qc "CREATE DATABASE $db" >/dev/null

# the projects: along_project.py's, and along/proj*.py (migrations as a
# DBA writes them for a release, by a second writer); CUPEL_ALONG_PROJECT=DIR
# checks that one instead (its env.py is not used)
projects() {
	if [ -n "${CUPEL_ALONG_PROJECT:-}" ]; then
		echo "given $CUPEL_ALONG_PROJECT"
		return
	fi
	echo "along $top/tests/locks/along_project.py"
	local g
	for g in "$top"/tests/locks/along/proj*.py; do
		echo "$(basename "$g" .py) $g"
	done
}
# along/known.txt: "PROJECT REV #N reason", statements that differ from the
# server for a reason doc/locks.md documents; each must still differ
known="$top/tests/locks/along/known.txt"

check_project() { # name dir
	local name=$1 dir=$2 n i case what stmt documented
	(cd "$dir" && "$BIN" locks base:heads --format json) >"$tmp/locks.json" 2>"$tmp/err"
	ok $? "$name: cupel locks base:heads of the project"
	sed 's/^/# /' "$tmp/err"
	# one line per statement: migration, index, the SQL before it (joined), the statement
	"$PY" - "$tmp/locks.json" "$tmp/cases" <<-'PYEOF'
	import json, sys
	migs = json.load(open(sys.argv[1]))
	before = []
	with open(sys.argv[2], "w") as out:
	    for m in migs:
	        for i, st in enumerate(m["statements"]):
	            json.dump({"rev": m["revision"], "i": i, "setup": before[:], "sql": st["sql"], "facts": st["facts"]}, out)
	            out.write("\n")
	            before.append(st["sql"])
	PYEOF
	n=$(wc -l <"$tmp/cases")
	[ "$n" -ge 30 ] || [ "$name" = given ]
	ok $? "$name: $n statements (at least 30)"

	i=0
	while IFS= read -r case; do
		i=$((i + 1))
		printf '%s' "$case" >"$tmp/case.json"
		"$PY" -c 'import json,sys; c=json.load(open(sys.argv[1])); print(";\n".join(c["setup"]) + (";" if c["setup"] else ""))' \
			"$tmp/case.json" >"$tmp/setup.sql"
		stmt=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["sql"])' "$tmp/case.json")
		what=$("$PY" -c 'import json,sys; c=json.load(open(sys.argv[1])); print("%s #%d: %s" % (c["rev"], c["i"] + 1, c["sql"].split("\n")[0]))' "$tmp/case.json")
		documented=0
		grep -q "^$name ${what%%:*} " "$known" 2>/dev/null && documented=1
		# every schema the migrations made goes too
		psql -q -d "$db" -c "DO \$\$ DECLARE r record; BEGIN
			FOR r IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
				AND nspname NOT IN ('information_schema', 'public') LOOP
				EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
			END LOOP; END \$\$; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;
			GRANT ALL ON SCHEMA public TO PUBLIC" >/dev/null 2>"$tmp/err" &&
			psql -q -d "$db" -v ON_ERROR_STOP=1 -1 -f "$tmp/setup.sql" >/dev/null 2>>"$tmp/err" || {
			ok 1 "$name: setup of $what"
			sed 's/^/# /' "$tmp/err"
			continue
		}
		observe_tx "$db" "$stmt" "$tmp/obs" "$tmp/err"
		if [ $? -ne 0 ]; then
			ok 1 "$name: observe $what"
			sed 's/^/# /' "$tmp/err"
			continue
		fi
		"$PY" "$top/tests/locks/lockcmp.py" "$tmp/case.json" "$tmp/obs" - >"$tmp/cmp"
		rc=$?
		if [ $documented = 1 ]; then
			[ $rc -ne 0 ]
			ok $? "$name $what (a documented difference, along/known.txt)"
			sed 's/^/# documented: /' "$tmp/cmp"
			continue
		fi
		ok $rc "$name $what"
		sed 's/^/# /' "$tmp/cmp"
	done <"$tmp/cases"
}

while read -r name src; do
	rm -rf "$tmp/proj"
	case $name in
	given) cp -r "$src" "$tmp/proj" ;;
	*) "$PY" "$src" "$tmp/proj" ;;
	esac
	check_project "$name" "$tmp/proj"
done < <(projects)
tap_end
