#!/usr/bin/env bash
# SQL parity on a real project's migrations (not part of CI: the projects
# are public sources we do not ship). For every revision, the upgrade and
# the downgrade of that one step, PostgreSQL and SQLite: cupel sql against
# the real Alembic's offline --sql, compared by tests/sqlparity/compare.py.
# The project's own env.py is replaced by an offline-only one (no app
# imports); scripts that import the application fail in Alembic and are
# counted apart.
#   [CUPEL_STUB_MODULES=app,mypkg] tests/realworld/compare_sql.sh CUPEL_BIN VERSIONS_DIR [OUT_DIR]
# CUPEL_STUB_MODULES names the application packages the scripts import:
# tests/realworld/stub/sitecustomize.py stands in for them.
# Prints one line per step and a summary; differences are kept in OUT_DIR.
set -uo pipefail
BIN=$(realpath "$1")
VERS=$(realpath "$2")
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${3:-$(mktemp -d)}
mkdir -p "$out"
PY=/usr/bin/python3
p=$(mktemp -d)
trap 'rm -rf "$p"' EXIT
mkdir -p "$p/migrations/versions"
cp -r "$VERS"/. "$p/migrations/versions/"
cat >"$p/alembic.ini" <<'INI'
[alembic]
script_location = %(here)s/migrations
sqlalchemy.url = postgresql://u@localhost/db
INI
cat >"$p/migrations/env.py" <<'PYEOF'
import os
from alembic import context
url = os.environ.get("CUPEL_TEST_URL") or context.config.get_main_option("sqlalchemy.url")
context.configure(url=url, target_metadata=None, literal_binds=True, dialect_opts={"paramstyle": "named"})
with context.begin_transaction():
    context.run_migrations()
PYEOF
"$BIN" --project "$p" graph --format json >"$p/g.json" 2>/dev/null
$PY -c '
import json, sys
for r in json.load(open(sys.argv[1]))["revisions"]:
    print(r["id"], ",".join(r["down_revisions"]) or "base", sep="\t")
' "$p/g.json" >"$p/revs.tsv"
same=0 differ=0 opaque=0 refused=0 both_refuse=0
while IFS=$'\t' read -r rev parents; do
	case "$parents" in *,*) continue ;; esac
	for d in postgresql sqlite; do
		case $d in postgresql) url=postgresql://u@localhost/db ;; sqlite) url=sqlite:///x.db ;; esac
		for dir in upgrade downgrade; do
			if [ $dir = upgrade ]; then range="$parents:$rev"; extra=(); else range="$rev:$parents"; extra=(--downgrade); fi
			(cd "$p" && PYTHONPATH=$top/tests/realworld/stub CUPEL_TEST_URL=$url timeout 60 $PY -m alembic $dir "$range" --sql) >"$p/exp.sql" 2>"$p/exp.err"
			arc=$?
			(cd "$p" && "$BIN" sql "$range" --dialect "$d" "${extra[@]}") >"$p/got.sql" 2>"$p/got.err"
			key="$rev-$d-$dir"
			if [ $arc -ne 0 ]; then
				refused=$((refused + 1))
				echo "alembic-fails $key: $(grep -v '^\s' "$p/exp.err" | tail -1 | cut -c1-150)"
				continue
			fi
			if grep -q '^-- cupel:' "$p/got.sql"; then
				opaque=$((opaque + 1))
				echo "cupel-opaque $key: $(grep -m1 '^-- cupel:' "$p/got.sql" | cut -c1-150)"
				cp "$p/got.sql" "$out/$key.got.sql"
				cp "$p/exp.sql" "$out/$key.exp.sql"
				continue
			fi
			if $PY "$top/tests/sqlparity/compare.py" "$p/exp.sql" "$p/got.sql" >"$out/$key.diff" 2>&1; then
				same=$((same + 1))
				rm -f "$out/$key.diff"
			else
				differ=$((differ + 1))
				echo "differs $key (see $out/$key.diff)"
			fi
		done
	done
done <"$p/revs.tsv"
echo "summary: $same identical, $differ differ, $opaque with opaque steps in cupel, $refused refused by alembic"
[ "$differ" -eq 0 ]
