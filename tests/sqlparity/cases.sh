#!/usr/bin/env bash
# Hand-written migrations (tests/sqlparity/cases/*.py, one revision each,
# forms seen in real public histories): the offline SQL of each, upgrade
# and downgrade, on both dialects, by the real Alembic 1.8.1 and by cupel,
# compared with compare.py (both refuse, or the same SQL).
#   tests/sqlparity/cases.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
PY=/usr/bin/python3
ORACLE="$PY $here/../interop/alembic_canon.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$here"/cases/*.py; do
	name=$(basename "$f" .py)
	p="$tmp/$name"
	mkdir -p "$p/migrations/versions"
	printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite:///x.db\n' >"$p/alembic.ini"
	cat >"$p/migrations/env.py" <<'PYEOF'
import os
from alembic import context
context.configure(url=os.environ["CUPEL_TEST_URL"], literal_binds=True)
with context.begin_transaction():
    context.run_migrations()
PYEOF
	cp "$f" "$p/migrations/versions/"
	for d in postgresql sqlite; do
		case $d in postgresql) url=postgresql://u@localhost/db ;; sqlite) url=sqlite:///x.db ;; esac
		for dir in upgrade downgrade; do
			if [ $dir = upgrade ]; then
				(cd "$p" && CUPEL_TEST_URL=$url $ORACLE upgrade base:head --sql) >"$tmp/exp.sql" 2>/dev/null
				rc=$?
				(cd "$p" && "$BIN" sql base:head --dialect $d) >"$tmp/got.sql" 2>/dev/null
			else
				(cd "$p" && CUPEL_TEST_URL=$url $ORACLE downgrade head:base --sql) >"$tmp/exp.sql" 2>/dev/null
				rc=$?
				(cd "$p" && "$BIN" sql head:base --downgrade --dialect $d) >"$tmp/got.sql" 2>/dev/null
			fi
			got_rc=$?
			if [ $rc -ne 0 ]; then
				ok $([ $got_rc -ne 0 ] && echo 0 || echo 1) "$name $d $dir: refused by alembic, and by cupel"
			else
				"$PY" "$here/compare.py" "$tmp/exp.sql" "$tmp/got.sql" >"$tmp/diff" 2>&1
				ok $? "$name $d $dir" || head -30 "$tmp/diff" | sed 's/^/# /'
			fi
		done
	done
done
tap_end
