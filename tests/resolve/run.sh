#!/usr/bin/env bash
# cupel merge and cupel rebase (issue 8) against the real Alembic 1.8:
# the merge file cupel writes equals the one 'alembic merge' writes (but
# for the Create Date line), with the generic and a customised
# script.py.mako; after a rebase Alembic sees one head, the new order and
# a file of which only the down_revision and Revises lines changed; and
# the refusals write nothing. cupel heads agrees with alembic heads after
# each step.
#   tests/resolve/run.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the real Alembic 1.8.1, with its directory order pinned to sorted names as
# cupel reads them (tests/interop/alembic_canon.py): unpatched, the order of
# heads (and so of a merge's down_revision tuple) is os.listdir()'s
alembic() { (cd "$proj" && "$PY" "$top/tests/interop/alembic_canon.py" "$@"); }
cupel() { (cd "$proj" && "$BIN" "$@"); }
# cupel heads must print what alembic heads prints
heads_agree() {
	alembic heads >"$tmp/ah" 2>"$tmp/ah.err"
	cupel heads >"$tmp/ch" 2>&1
	same_output "$1: cupel heads = alembic heads" "$tmp/ch" "$tmp/ah"
}
one_head() {
	alembic heads >"$tmp/ah" 2>&1
	[ "$(grep -c '(head)' "$tmp/ah")" = 1 ]
	ok $? "$1: alembic heads shows a single head" || sed 's/^/# /' "$tmp/ah"
}
sql_works() {
	alembic upgrade head --sql >"$tmp/sql" 2>&1
	ok $? "$1: alembic upgrade head --sql succeeds" || tail -5 "$tmp/sql" | sed 's/^/# /'
}
normdate() { sed 's/^Create Date: .*/Create Date: (normalised)/' "$1"; }
listing() { (cd "$proj/mig/versions" && ls -1 | grep '\.py$'); }

# A divergent project made by Alembic itself: a1 <- b2 <- d4 and a1 <- c3
# (heads d4 and c3).
make_project() { # DIR
	mkdir -p "$1"
	(cd "$1" && "$PY" -m alembic init mig >/dev/null &&
		sed -i 's|^sqlalchemy.url = .*|sqlalchemy.url = sqlite:///%(here)s/t.db|' alembic.ini &&
		"$PY" -m alembic revision -m "create base" --rev-id a1 >/dev/null &&
		"$PY" -m alembic revision -m "branch one" --rev-id b2 >/dev/null &&
		"$PY" -m alembic revision -m "branch two" --rev-id c3 --head a1 --splice >/dev/null &&
		"$PY" -m alembic revision -m "branch one again" --rev-id d4 --head b2 >/dev/null)
}
make_project "$tmp/proto"
proj=$tmp/proto
heads_agree "the divergent project"

# ---- (a) merge: byte for byte what alembic merge writes ----
merge_compare() { # NAME MSG [ARGS...]: cupel merge in $tmp/c, alembic merge in $tmp/a
	local name=$1 msg=$2
	shift 2
	proj=$tmp/a
	alembic merge -m "$msg" --rev-id "$id" "$@" heads >"$tmp/a.out" 2>&1
	ok $? "$name: alembic merge works" || sed 's/^/# /' "$tmp/a.out"
	proj=$tmp/c
	cupel merge -m "$msg" --rev-id "$id" "$@" -y >"$tmp/c.diff" 2>"$tmp/c.err"
	ok $? "$name: cupel merge -y works" || sed 's/^/# /' "$tmp/c.err"
	local fa fc
	fa=$(cd "$tmp/a/mig/versions" && ls -1 -- *"$id"* 2>/dev/null)
	fc=$(cd "$tmp/c/mig/versions" && ls -1 -- *"$id"* 2>/dev/null)
	[ -n "$fa" ] && [ "$fa" = "$fc" ]
	ok $? "$name: the same file name ($fc)" || echo "# alembic: $fa, cupel: $fc"
	normdate "$tmp/a/mig/versions/$fa" >"$tmp/a.py"
	normdate "$tmp/c/mig/versions/$fc" >"$tmp/c.py"
	same_output "$name: the same file but for the Create Date line" "$tmp/c.py" "$tmp/a.py"
	grep -q "^Create Date: $(date +%Y-%m-%d) [0-9][0-9]:[0-9][0-9]:[0-9][0-9]" "$tmp/c/mig/versions/$fc"
	ok $? "$name: Create Date is the local time as datetime.now() prints it"
	# the diff cupel showed is the new file against /dev/null
	"$PY" - "$tmp/c.diff" "$tmp/c/mig/versions/$fc" <<'PYEOF'
import sys
d = open(sys.argv[1]).read().splitlines(True)
f = open(sys.argv[2]).read().splitlines(True)
ok = d[0] == "--- /dev/null\n" and d[1].startswith("+++ ") and d[1].rstrip().endswith(sys.argv[2]) \
    and d[2] == "@@ -0,0 +1,%d @@\n" % len(f) and [l[1:] for l in d[3:]] == f
sys.exit(0 if ok else 1)
PYEOF
	ok $? "$name: the diff shown is the new file against /dev/null"
	proj=$tmp/c
	one_head "$name"
	heads_agree "$name"
	sql_works "$name"
	alembic history >"$tmp/h" 2>&1
	grep -q "^b2 -> d4" "$tmp/h" && grep -q -- "-> $id .*(head)" "$tmp/h"
	ok $? "$name: alembic history shows the merge" || sed 's/^/# /' "$tmp/h"
}

rm -rf "$tmp/a" "$tmp/c"
cp -r "$tmp/proto" "$tmp/a" && cp -r "$tmp/proto" "$tmp/c"
id=0123456789ab
merge_compare "generic template" "merge heads"

rm -rf "$tmp/a" "$tmp/c"
cp -r "$tmp/proto" "$tmp/a" && cp -r "$tmp/proto" "$tmp/c"
id=feedfacecafe
merge_compare "a message that changes the slug" "Merge: 'the' \"two\" heads -- of (branch) one & two, at last!! 100%"

# a customised template: a python block, a comment line, % if / % for,
# filters, and the generic template's ${... if ... else ""}
cat >"$tmp/custom.mako" <<'EOF'
<%! import re %>\
"""${message | trim}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
## not in the output
"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
% if branch_labels:
branch_labels = ${repr(branch_labels)}
% else:
branch_labels = None
% endif
depends_on = ${repr(depends_on)}
% if down_revision and not depends_on:
# merges:
  % for h in down_revision:
#   - ${h}
  % endfor
% elif depends_on:
# depends
% endif
# config: ${config | str,trim}
# long line \
continued


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
EOF
rm -rf "$tmp/a" "$tmp/c"
cp -r "$tmp/proto" "$tmp/a" && cp -r "$tmp/proto" "$tmp/c"
cp "$tmp/custom.mako" "$tmp/a/mig/script.py.mako"
cp "$tmp/custom.mako" "$tmp/c/mig/script.py.mako"
id=abcdef012345
merge_compare "customised template with --branch-label" "  custom merge  " --branch-label merged

# file_template and truncate_slug_length from alembic.ini
rm -rf "$tmp/a" "$tmp/c"
cp -r "$tmp/proto" "$tmp/a" && cp -r "$tmp/proto" "$tmp/c"
for d in "$tmp/a" "$tmp/c"; do
	sed -i 's|^# file_template = .*|file_template = %%(year)d_%%(month).2d_%%(day).2d-%%(rev)s_%%(slug)s|; s|^# truncate_slug_length = .*|truncate_slug_length = 12|' "$d/alembic.ini"
done
id=aa00bb11cc22
merge_compare "file_template and truncate_slug_length" "a rather long merge message"

# ---- (c) merge refusals ----
rm -rf "$tmp/c" && cp -r "$tmp/proto" "$tmp/c"
proj=$tmp/c
before=$(listing | md5sum)
cupel merge -m "no yes" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && [ "$(listing | md5sum)" = "$before" ] && grep -q -- "--yes" "$tmp/err" && grep -q "^+++ " "$tmp/out"
ok $? "merge without --yes on a non-tty stdin shows the diff, writes nothing, exits 1 naming --yes" ||
	sed 's/^/# /' "$tmp/err"

# a terminal on stdin: the question, and only "y" writes
"$PY" - "$BIN" "$proj" <<'PYEOF' >"$tmp/pty" 2>&1
import os, pty, subprocess, sys
def run(answer, rev):
    m, s = pty.openpty()
    p = subprocess.Popen([sys.argv[1], "merge", "-m", "tty", "--rev-id", rev], cwd=sys.argv[2], stdin=s,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(s)
    os.write(m, answer)
    out, err = p.communicate(timeout=20)
    os.close(m)
    return p.returncode, err.decode()
rc, err = run(b"n\n", "ttt000000001")
print("no", rc, "write" in err and "? [y/N]" in err)
rc, err = run(b"y\n", "ttt000000002")
print("yes", rc)
PYEOF
vers=$tmp/c/mig/versions
grep -q "^no 1 True" "$tmp/pty" && ! ls "$vers"/ttt000000001* >/dev/null 2>&1
ok $? "on a terminal, merge asks 'write FILE? [y/N]' and 'n' writes nothing" || sed 's/^/# /' "$tmp/pty"
grep -q "^yes 0" "$tmp/pty" && ls "$vers"/ttt000000002_tty.py >/dev/null 2>&1
ok $? "on a terminal, 'y' writes the file"
rm -f "$vers"/ttt000000002_tty.py

cp "$tmp/custom.mako" "$tmp/c/mig/script.py.mako"
n=$(($(wc -l <"$tmp/c/mig/script.py.mako") + 1))
printf '%s\n' '% while True:' '% endwhile' >>"$tmp/c/mig/script.py.mako"
before=$(listing | md5sum)
cupel merge -m x -y >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && [ "$(listing | md5sum)" = "$before" ] && grep -q "script.py.mako:$n:3: control line 'while' is not supported" "$tmp/err"
ok $? "an unsupported template construct is an error with file:line:col, nothing written" || sed 's/^/# /' "$tmp/err"
cp "$tmp/proto/mig/script.py.mako" "$tmp/c/mig/script.py.mako"
sed -i 's/^Revises: .*/Revises: ${down_revision.upper()}/' "$tmp/c/mig/script.py.mako"
cupel merge -m x -y >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && [ "$(listing | md5sum)" = "$before" ] && grep -q "script.py.mako:4:25: attribute access" "$tmp/err"
ok $? "an unsupported expression is an error with file:line:col, nothing written" || sed 's/^/# /' "$tmp/err"
cp "$tmp/proto/mig/script.py.mako" "$tmp/c/mig/script.py.mako"

# twice: the same id is refused, the same file name is never overwritten
cupel merge -m twice --rev-id 999999999999 -y >/dev/null 2>&1
sum1=$(md5sum <"$vers/999999999999_twice.py")
cupel merge -m twice --rev-id 999999999999 -y >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "already exists" "$tmp/err" && [ "$(md5sum <"$vers/999999999999_twice.py")" = "$sum1" ]
ok $? "merge twice with the same --rev-id is refused" || sed 's/^/# /' "$tmp/err"
sed -i 's|^# file_template = .*|file_template = %%(slug)s|' "$tmp/c/alembic.ini"
printf '%s\n' '"""a file of the user"""' "revision = 'sn1'" "down_revision = '999999999999'" >"$vers/samename.py"
sum2=$(md5sum <"$vers/samename.py")
cupel merge -m samename --rev-id 888888888888 -y heads >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "already exists" "$tmp/err" && [ "$(md5sum <"$vers/samename.py")" = "$sum2" ]
ok $? "merge never overwrites an existing file of the same name" || sed 's/^/# /' "$tmp/err"
rm -f "$vers/samename.py"
heads_agree "after the refused merges"

rm -rf "$tmp/c" && cp -r "$tmp/proto" "$tmp/c"
cupel merge -m x d4 -y >"$tmp/out" 2>"$tmp/err"
grep -q "only one head" "$tmp/err"
ok $? "merging a single head says the new revision is not a merge" || sed 's/^/# /' "$tmp/err"
cupel merge -m x b2 c3 -y >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "Revision b2 is not a head revision" "$tmp/err"
ok $? "merging a revision that is not a head is refused" || sed 's/^/# /' "$tmp/err"

# ---- (b) rebase ----
# only the down_revision line and the Revises line may differ
only_two_lines() { # BEFORE AFTER OLD NEW
	"$PY" - "$@" <<'PYEOF'
import sys
a = open(sys.argv[1], "rb").read().split(b"\n")
b = open(sys.argv[2], "rb").read().split(b"\n")
old, new = sys.argv[3].encode(), sys.argv[4].encode()
if len(a) != len(b):
    sys.exit("line count changed")
diff = [i for i in range(len(a)) if a[i] != b[i]]
# the lines of the down_revision statement: to its closing bracket
first = [i for i in range(len(a)) if a[i].startswith(b"down_revision")][0]
last = first
if a[first].rstrip().endswith(b"("):
    while not a[last].startswith(b")"):
        last += 1
kinds = sorted(b"down_revision" if first <= i <= last else a[i].split(b":")[0] for i in diff)
if kinds != [b"Revises", b"down_revision"]:
    sys.exit("changed lines: %r" % [a[i] for i in diff])
for i in diff:
    if a[i].replace(old, new) != b[i]:
        sys.exit("line %d: %r -> %r" % (i + 1, a[i], b[i]))
PYEOF
}
rebase_check() { # NAME ROOT ONTO FILE OLDPARENT
	local name=$1 root=$2 onto=$3 file=$4 old=$5
	cp "$file" "$tmp/before.py"
	local mode
	mode=$(stat -c %a "$file")
	cupel rebase "$root" --onto "$onto" -y >"$tmp/out" 2>"$tmp/err"
	ok $? "$name: cupel rebase -y works" || sed 's/^/# /' "$tmp/err"
	only_two_lines "$tmp/before.py" "$file" "$old" "$onto" 2>"$tmp/why"
	ok $? "$name: only the down_revision and Revises lines changed" || sed 's/^/# /' "$tmp/why"
	diff -u "$tmp/before.py" "$file" | tail -n +3 >"$tmp/want.diff"
	tail -n +3 "$tmp/out" >"$tmp/got.diff"
	same_output "$name: the diff shown is diff -u of the file" "$tmp/got.diff" "$tmp/want.diff"
	[ "$(stat -c %a "$file")" = "$mode" ] && ! ls "$file".cupel-* >/dev/null 2>&1
	ok $? "$name: the file keeps its mode, no temporary file is left"
	one_head "$name"
	heads_agree "$name"
	sql_works "$name"
	alembic history >"$tmp/h" 2>&1
	grep -Eq "^([^ ]+, )*$onto(, [^ ]+)* -> $root( |,|$)" "$tmp/h"
	ok $? "$name: alembic history shows $root after $onto" || sed 's/^/# /' "$tmp/h"
}

rm -rf "$tmp/r" && cp -r "$tmp/proto" "$tmp/r"
proj=$tmp/r
vers=$tmp/r/mig/versions
chmod 640 "$vers/c3_branch_two.py"
# refusals first: nothing may change
sums=$(cat "$vers"/*.py | md5sum)
cupel rebase b2 --onto d4 -y >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "descendant" "$tmp/err" && [ "$(cat "$vers"/*.py | md5sum)" = "$sums" ]
ok $? "rebase onto a descendant is refused, nothing changes" || sed 's/^/# /' "$tmp/err"
cupel rebase c3 --onto b2 -y >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "not a head" "$tmp/err" && [ "$(cat "$vers"/*.py | md5sum)" = "$sums" ]
ok $? "rebase onto a revision that is not a head is refused" || sed 's/^/# /' "$tmp/err"
cupel rebase zz9 --onto d4 -y >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q "Can't locate revision identified by 'zz9'" "$tmp/err" && [ "$(cat "$vers"/*.py | md5sum)" = "$sums" ]
ok $? "rebase of an unknown revision is refused" || sed 's/^/# /' "$tmp/err"
cupel rebase c3 --onto zz9 -y >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && grep -q "Can't locate revision" "$tmp/err"
ok $? "rebase onto an unknown revision is refused"
cupel rebase c3 --onto d4 </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] && grep -q -- "--yes" "$tmp/err" && [ "$(cat "$vers"/*.py | md5sum)" = "$sums" ]
ok $? "rebase without --yes on a non-tty stdin writes nothing, exits 1" || sed 's/^/# /' "$tmp/err"
rebase_check "rebase of a generated script" c3 d4 "$vers/c3_branch_two.py" a1

# hand-written scripts: the annotated form with double quotes, and a merge
# as the root (a tuple: only the fork point changes)
rm -rf "$tmp/h2" && cp -r "$tmp/proto" "$tmp/h2"
proj=$tmp/h2
vers=$tmp/h2/mig/versions
rm -f "$vers"/*.py
script() { # ID DOWN-LITERAL REVISES
	cat >"$vers/$1_x.py" <<EOF
"""rev $1

Revision ID: $1
Revises: $3
Create Date: 2024-01-01 00:00:00

"""
from typing import Sequence, Union

from alembic import op


revision: str = "$1"
down_revision: Union[str, None] = $2
branch_labels: Union[str, Sequence[str], None] = None  # not "a1"
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("SELECT 'a1'")  # a1 stays


def downgrade() -> None:
    pass
EOF
}
script a1 None ""
script b2 '"a1"' a1
script x3 None ""
script m4 '(
    "a1",
    "x3",
)' "a1, x3"
heads_agree "hand-written project"
rebase_check "a merge as ROOT (tuple, double quotes)" m4 b2 "$vers/m4_x.py" a1
grep -q '^    "b2",$' "$vers/m4_x.py" && grep -q '^    "x3",$' "$vers/m4_x.py" && grep -q "^Revises: b2, x3$" "$vers/m4_x.py"
ok $? "the tuple keeps its layout and the other parent"
script c5 '"b2"' b2
script e6 '"b2"' b2
heads_agree "two more heads"
sed -i 's/^Revises: b2$/Revises:/' "$vers/e6_x.py"
cp "$vers/e6_x.py" "$tmp/before.py"
cupel rebase e6 --onto c5 -y >"$tmp/out" 2>"$tmp/err"
ok $? "rebase of a script without a Revises id works"
grep -q "no 'Revises: b2' line" "$tmp/err"
ok $? "and says the docstring is left alone"
"$PY" - "$tmp/before.py" "$vers/e6_x.py" <<'PYEOF'
import sys
a = open(sys.argv[1]).read().split("\n")
b = open(sys.argv[2]).read().split("\n")
d = [(x, y) for x, y in zip(a, b) if x != y]
sys.exit(0 if len(a) == len(b) and d == [('down_revision: Union[str, None] = "b2"',
                                           'down_revision: Union[str, None] = "c5"')] else 1)
PYEOF
ok $? "annotated, double-quoted: only the literal changed, quotes kept"
heads_agree "after the last rebase"

tap_end
