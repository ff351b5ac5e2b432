#!/usr/bin/env bash
# tmux smoke tests of the terminal UI: real key decoding, resize, mouse and
# the terminal restored on exit. A private tmux server; every wait polls
# the pane for text (never a fixed sleep).
#   tests/tmux/run.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
sock=cupel-test-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8 CUPEL_CONFIG=/dev/null CUPEL_THEME_DIR=$top/themes
unset NO_COLOR

# wait_for TEXT [SECONDS]: poll the pane until it shows TEXT
wait_for() {
	local deadline=$((SECONDS + ${2:-10}))
	while [ $SECONDS -lt $deadline ]; do
		tm capture-pane -p -t t >"$tmp/pane" 2>/dev/null
		grep -qF -- "$1" "$tmp/pane" && return 0
		sleep 0.05
	done
	echo "# waited for '$1'; the pane shows:"
	sed 's/^/#   /' "$tmp/pane"
	return 1
}

shop=$top/examples/shop
# a session that stays: killing the test's own session must not end the
# server while the next one starts ("server exited unexpectedly")
tm new-session -d -s keep "sleep 3600"
tm new-session -d -s t -x 100 -y 30 \
	"cd '$shop' && TERM=screen-256color '$BIN' --mouse; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "27 revisions, 3 heads, 2 divergent"
ok $? "the UI starts in tmux and shows the graph"
tm send-keys -t t Down Down Down
wait_for "| 4/31 |"
ok $? "arrow keys are decoded (Down x3: line 4)"
tm send-keys -t t Enter
wait_for "overview 0c3b8e7f2d91"
ok $? "Enter opens the overview"
tm send-keys -t t Tab
wait_for "upgrade SQL 0c3b8e7f2d91"
ok $? "Tab switches to the SQL view"
tm send-keys -t t Escape
wait_for "cupel  graph"
ok $? "Esc goes back to the graph"
tm send-keys -t t NPage
wait_for "create customers table" && grep -q "4f1d2c3b5a69.*create customers table" "$tmp/pane"
ok $? "PgDn moves a page (the base revision comes into view)"
tm send-keys -t t Home
wait_for "| 1/31 |"
ok $? "Home goes to the first line"
tm resize-window -t t -x 70 -y 15
wait_for "2 divergent | sqlite up | 1/31" && ! grep -q "? help" "$tmp/pane"
ok $? "resize: the status line is cut to the new width"
tm resize-window -t t -x 110 -y 30
wait_for "? help  q back  Q quit"
ok $? "resize back: the full status line"
# mouse, in the X10 encoding screen-256color's kmous asks for (ESC [ M,
# then 32 + button, 32 + column, 32 + row): a click on row 5 (the fourth
# revision line), then the wheel down (button 64 + 1)
tm send-keys -t t -l $'\e[M 4%\e[M#4%'
wait_for "| 4/31 |"
ok $? "a mouse click selects the line under it"
tm send-keys -t t -l $'\e[Ma4%'
wait_for "| 7/31 |"
ok $? "the wheel scrolls down"
tm send-keys -t t /
tm send-keys -t t -l "audit"
tm send-keys -t t Enter
wait_for "/audit"
ok $? "search from the keyboard"
tm send-keys -t t q
wait_for "CUPEL-EXIT=0"
ok $? "q quits with status 0"
! grep -qF "cupel  graph" "$tmp/pane"
ok $? "the terminal is restored (the alternate screen is gone)"
cur=$(tm display-message -p -t t '#{cursor_flag}')
ok $([ "$cur" = 1 ] && echo 0 || echo 1) "the cursor is visible again ($cur)"
tm kill-session -t t

# lint in a real terminal: the badges come while the UI waits for keys
# (no key pressed), F filters with the real key, ] moves to the next
# revision with findings, f and Enter show the rule's page
tm new-session -d -s t -x 120 -y 40 \
	"cd '$shop' && TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "2b8f5d3a9c71 E2 W1 recompute order totals"
ok $? "lint badges appear on the graph rows without a key pressed"
tm send-keys -t t F
wait_for "graph: 26 of 27 revisions with lint findings" && grep -qF "| filter: findings |" "$tmp/pane"
ok $? "F keeps the revisions with findings; the status bar shows the filter"
tm send-keys -t t F F
wait_for "graph: 7 of 27 revisions with lint errors"
ok $? "F twice more: errors only"
tm send-keys -t t ] ]
wait_for "| 3/7 |"
ok $? "] ] moves to the third revision with errors"
tm send-keys -t t f
wait_for "findings 5f9d0a2b7e48"
tm send-keys -t t Enter
wait_for "rule irreversible-downgrade (cupel lint --explain irreversible-downgrade)"
ok $? "f then Enter on the finding shows its rule's page"
tm send-keys -t t q q F
wait_for "filter off: every revision"
ok $? "q back to the graph, F again: the filter is off"
tm send-keys -t t Q
wait_for "CUPEL-EXIT=0"
ok $? "Q quits"
tm kill-session -t t

# set lint off: nothing is linted while waiting; F lints then
printf 'set lint off\n' >"$tmp/lintoff"
tm new-session -d -s t -x 120 -y 40 \
	"cd '$shop' && CUPEL_CONFIG='$tmp/lintoff' TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "27 revisions, 3 heads"
tm send-keys -t t j
wait_for "| 2/31 |" && ! grep -qE "2b8f5d3a9c71 E2|lint [0-9]+/" "$tmp/pane"
ok $? "set lint off: no badges, no lint walk while the UI waits"
tm send-keys -t t F
wait_for "2b8f5d3a9c71 E2 W1 recompute order totals"
ok $? "set lint off: F lints the project and filters"
tm send-keys -t t Q
wait_for "CUPEL-EXIT=0"
tm kill-session -t t

# a signal restores the terminal too (the wrapping shell ignores SIGINT so
# that it survives to print the status; cupel installs its own handler)
tm new-session -d -s t -x 100 -y 30 \
	"trap '' INT; cd '$shop' && TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "27 revisions"
ok $? "the UI starts again"
tm send-keys -t t C-c
wait_for "CUPEL-EXIT=130"
ok $? "Ctrl-C ends it with the signal's status"
! grep -qF "cupel  graph" "$tmp/pane"
ok $? "after Ctrl-C the terminal is restored"
tm kill-session -t t

# the conflict flow on a copy of the example: x opens the Conflict view
# from the newest divergent head, M asks for a message and shows the new
# file, n writes nothing, M again and y writes it; the real Alembic then
# sees one head where there were two divergent ones
PY=/usr/bin/python3
cp -r "$shop" "$tmp/shop"
rm -f "$tmp/shop/shop.db"
before=$(ls "$tmp/shop/migrations/versions" | wc -l)
tm new-session -d -s t -x 110 -y 30 \
	"cd '$tmp/shop' && TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "27 revisions, 3 heads, 2 divergent"
ok $? "conflict flow: the UI starts on a copy of the example"
tm send-keys -t t x
wait_for "Divergent heads 2a7e9c1d4b80 and 7d4c1a0e6f35"
ok $? "x opens the Conflict view of the divergent heads"
tm send-keys -t t M
wait_for "merge message (Enter:"
ok $? "M asks for the merge message"
tm send-keys -t t Enter
wait_for "? y writes, any other key cancels" && grep -qF "+down_revision = ('2a7e9c1d4b80', '7d4c1a0e6f35')" "$tmp/pane"
ok $? "the new merge file is shown as a diff before anything is written"
tm send-keys -t t n
wait_for "merge cancelled: nothing written"
ok $([ $? = 0 ] && [ "$(ls "$tmp/shop/migrations/versions" | wc -l)" = "$before" ] && echo 0 || echo 1) \
	"n (the default) writes nothing"
tm send-keys -t t M Enter
wait_for "? y writes, any other key cancels"
tm send-keys -t t y
wait_for "wrote " && tm send-keys -t t g && wait_for "28 revisions, 2 heads, 0 divergent"
ok $? "y writes the merge revision and the graph is loaded again"
heads=$(cd "$tmp/shop" && "$PY" -m alembic heads 2>&1)
ok $([ "$(echo "$heads" | wc -l)" = 2 ] && echo "$heads" | grep -q "(reporting) (head)" && echo 0 || echo 1) \
	"the real alembic sees the merge: one head besides the reporting branch" || echo "$heads" | sed 's/^/# /'
# (alembic 1.8.1 lists heads in the directory's order: compare them sorted)
ok $([ "$(cd "$tmp/shop" && "$BIN" heads | sort)" = "$(echo "$heads" | sort)" ] && echo 0 || echo 1) \
	"cupel heads agrees with alembic heads"
tm send-keys -t t Q
wait_for "CUPEL-EXIT=0"
ok $? "Q quits after the merge"
tm kill-session -t t

# the Step view on a SQLite project of three revisions (the third drops a
# column), taking turns with the real alembic: cupel applies r1 after its
# dialog, alembic moves to r2, cupel sees it, refuses the destructive r3
# until the file's name is typed, then applies it
sp=$tmp/stepproj
mkdir -p "$sp/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = sqlite:///%%(here)s/step.db\n' >"$sp/alembic.ini"
cat >"$sp/migrations/env.py" <<'PYEOF'
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.",
                            poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
PYEOF
steprev() { # id down message up
	local down=None
	[ -n "$2" ] && down="'$2'"
	printf '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2026-12-01 09:00:00\n\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = %s\ndown_revision = %s\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    %s\n\n\ndef downgrade():\n    pass\n' \
		"$3" "$1" "$2" "'$1'" "$down" "$4" >"$sp/migrations/versions/$1.py"
}
steprev r1 "" "create t" "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer()))"
steprev r2 r1 "add b" "op.add_column('t', sa.Column('b', sa.Integer()))"
steprev r3 r2 "drop a" "op.drop_column('t', 'a')"
acur() { (cd "$sp" && "$PY" -m alembic current 2>/dev/null | sed 's/ (head)//' | tr -d '\n'); }
tm new-session -d -s t -x 110 -y 30 \
	"cd '$sp' && TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "3 revisions, 1 heads"
tm send-keys -t t S
wait_for "Current   (empty: base)" && grep -qF "1. upgrade  -> r1  create t" "$tmp/pane"
ok $? "Step view: S connects to sqlalchemy.url and shows the current revisions and the plan"
tm send-keys -t t a
wait_for "apply upgrade  -> r1? y applies, any other key cancels" && grep -qF "CREATE TABLE t (" "$tmp/pane"
ok $? "Step view: a shows the step's SQL and asks"
tm send-keys -t t y
wait_for "Current   r1" && grep -qF "committed in" "$tmp/pane"
ok $? "Step view: y applies it, the log shows each statement and the commit"
ok $([ "$(acur)" = "r1" ] && echo 0 || echo 1) "the real alembic current says r1 ($(acur))"
(cd "$sp" && "$PY" -m alembic upgrade r2 >/dev/null 2>&1)
tm send-keys -t t S
wait_for "Current   r2"
ok $? "after alembic upgrade r2, S reads the version table again: r2"
tm send-keys -t t a
wait_for "destructive: type step.db to apply it" && grep -qF "ALTER TABLE t DROP COLUMN a" "$tmp/pane" &&
	grep -qF "This step destroys data" "$tmp/pane"
ok $? "a destructive step (DROP COLUMN) shows its SQL and asks for the database's name"
tm send-keys -t t n o p e Enter
wait_for "cancelled: nothing applied"
ok $([ $? = 0 ] && [ "$(acur)" = "r2" ] && echo 0 || echo 1) "a wrong name applies nothing (alembic: $(acur))"
tm send-keys -t t a
wait_for "destructive: type step.db to apply it"
tm send-keys -t t s t e p . d b Enter
wait_for "Current   r3"
ok $([ $? = 0 ] && [ "$(acur)" = "r3" ] && echo 0 || echo 1) "the typed name applies it: cupel and alembic at r3 ($(acur))"
tm send-keys -t t q
wait_for "r3 [head] [current]"
ok $? "the graph marks the database's current revision"
tm send-keys -t t Q
wait_for "CUPEL-EXIT=0"
ok $? "Q quits the UI after the steps"
tm kill-session -t t

# a SQLite batch that recreates its table: the dialog shows the "move and
# copy" made from the live table, the step is destructive (the table is
# dropped after the copy), and the result is alembic's own
sp0=$sp
sp=$tmp/batchproj
mkdir -p "$sp/migrations/versions"
sed 's/step\.db/batch.db/' "$sp0/alembic.ini" >"$sp/alembic.ini"
cp "$sp0/migrations/env.py" "$sp/migrations/"
steprev r1 "" "create t" "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.Integer()), sa.Column('b', sa.String(5)))"
steprev r2 r1 "drop a in batch" "with op.batch_alter_table('t') as b: b.drop_column('a')"
tm new-session -d -s t -x 110 -y 40 \
	"cd '$sp' && TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
wait_for "2 revisions, 1 heads"
tm send-keys -t t S
wait_for "Current   (empty: base)"
tm send-keys -t t a
wait_for "apply upgrade  -> r1? y applies, any other key cancels"
tm send-keys -t t y
wait_for "Current   r1"
tm send-keys -t t a
wait_for "destructive: type batch.db to apply it" && grep -qF -- '-- batch "move and copy" of t, from the live table:' "$tmp/pane" &&
	grep -qF "CREATE TABLE _alembic_tmp_t (" "$tmp/pane" && grep -qF "INSERT INTO _alembic_tmp_t (id, b) SELECT t.id, t.b" "$tmp/pane"
ok $? "Step view, SQLite batch: the dialog shows the move and copy from the live table, typed confirmation" || sed "s/^/# /" "$tmp/pane"
tm send-keys -t t b a t c h . d b Enter
wait_for "Current   r2"
ok $([ $? = 0 ] && [ "$(acur)" = "r2" ] && echo 0 || echo 1) "the batch step applied: cupel and alembic at r2 ($(acur))"
sqlite3 "$sp/batch.db" "SELECT sql FROM sqlite_master WHERE name = 't'" >"$tmp/batch.got"
rm -f "$sp/ref.db"
sed 's/batch\.db/ref.db/' "$sp/alembic.ini" >"$sp/ref.ini"
(cd "$sp" && "$PY" -m alembic -c ref.ini upgrade r2 >/dev/null 2>&1)
sqlite3 "$sp/ref.db" "SELECT sql FROM sqlite_master WHERE name = 't'" >"$tmp/batch.want"
same_output "the recreated table is alembic's own" "$tmp/batch.got" "$tmp/batch.want"
tm send-keys -t t Q
wait_for "CUPEL-EXIT=0"
tm kill-session -t t
sp=$sp0

# the Step view on PostgreSQL (a throwaway cluster): a role with a
# password under scram-sha-256, the URL without it; the server asks, the
# password is typed hidden (a wrong one first), never shown anywhere
. "$top/tests/lib/pgcluster.sh"
trap 'pgcluster_stop; tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
if pgcluster_start "$tmp/pg" >/dev/null; then
	psql -qc "CREATE ROLE stepuser LOGIN PASSWORD 'S3cret-step-pw'" -c "CREATE DATABASE stepdb OWNER stepuser" >/dev/null
	sed -i '1i local all stepuser scram-sha-256' "$PGHOST/data/pg_hba.conf"
	pgcluster_as_postgres "$PG_BIN/pg_ctl" -D "$PGHOST/data" reload >/dev/null 2>&1
	pp=$tmp/pgstep
	mkdir -p "$pp/migrations"
	cp -r "$sp/migrations/env.py" "$sp/migrations/versions" "$pp/migrations/"
	printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = postgresql://stepuser@/stepdb?host=%s&port=%s\n' \
		"$PGHOST" "$PGPORT" >"$pp/alembic.ini"
	pcur() { (cd "$pp" && PGPASSWORD=S3cret-step-pw "$PY" -m alembic current 2>/dev/null | sed 's/ (head)//' | tr -d '\n'); }
	# wide: the server's reason follows the socket path on one line
	tm new-session -d -s t -x 400 -y 30 \
		"cd '$pp' && unset PGPASSWORD PGUSER; PGPASSFILE='$tmp/no-pgpass' TERM=screen-256color '$BIN'; echo CUPEL-EXIT=\$?; sleep 60"
	wait_for "3 revisions, 1 heads"
	tm send-keys -t t S
	wait_for "password:"
	ok $? "PostgreSQL Step view: the server wants a password, the view asks for it"
	tm send-keys -t t -l "wr0ng-pw"
	wait_for "password: ********" && ! grep -q "wr0ng" "$tmp/pane"
	ok $? "the typed password shows as stars only"
	tm send-keys -t t Enter
	wait_for "not connected:" && grep -q 'password authentication failed for user "stepuser"' "$tmp/pane" &&
		! grep -q "wr0ng" "$tmp/pane"
	ok $? "a wrong password: the server's reason, the password not shown"
	tm send-keys -t t S
	wait_for "password:"
	tm send-keys -t t -l "S3cret-step-pw"
	tm send-keys -t t Enter
	wait_for "Current   (empty: base)" && grep -qF "1. upgrade  -> r1  create t" "$tmp/pane"
	ok $? "the right password: connected, the current revisions and the plan"
	tm send-keys -t t a
	wait_for "apply upgrade  -> r1? y applies, any other key cancels" && grep -qF "CREATE TABLE t (" "$tmp/pane" &&
		grep -qF "Locks (held until the step commits)" "$tmp/pane"
	ok $? "a: the step's SQL and its PostgreSQL locks"
	tm send-keys -t t y
	wait_for "Current   r1" && grep -qF "committed in" "$tmp/pane"
	ok $? "y applies it on PostgreSQL"
	ok $([ "$(pcur)" = "r1" ] && echo 0 || echo 1) "the real alembic current says r1 ($(pcur))"
	(cd "$pp" && PGPASSWORD=S3cret-step-pw "$PY" -m alembic upgrade r2 >/dev/null 2>&1)
	tm send-keys -t t S
	wait_for "Current   r2"
	ok $? "after alembic upgrade r2, S reads the version table again (no second password prompt)"
	tm capture-pane -p -S - -t t >"$tmp/all"
	! grep -q "S3cret\|wr0ng" "$tmp/all"
	ok $? "the password never appears on the screen"
	tm send-keys -t t Q
	wait_for "CUPEL-EXIT=0"
	ok $? "Q quits"
	tm kill-session -t t
else
	ok 1 "PostgreSQL Step view: could not start a throwaway cluster"
fi
tap_end
