#!/usr/bin/env bash
# SQLite batch_alter_table without copy_from, online: cupel reflects the
# live table and runs Alembic's "move and copy" itself. A generated project
# of batch steps (tests/run/gen_batch.py) is upgraded by cupel and by the
# real Alembic on separate SQLite files, compared after every revision
# (sqlite_master and rows), then the two take turns both ways; faults (a
# batch on a missing table, a copy that fails) roll back their migration;
# the example project goes as far as Alembic online goes.
#   tests/run/batchlive.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

proj=$tmp/proj
mapfile -t revs < <("$PY" "$top/tests/run/gen_batch.py" "$proj")
alembic() { # db-file args...: the real Alembic on that file
	local f=$1
	shift
	(cd "$proj" && CUPEL_TEST_URL="sqlite:///$f" "$PY" -m alembic "$@")
}
cupel() { # db-file args...
	local f=$1
	shift
	(cd "$proj" && "$BIN" "$@" --db "sqlite:///$f" -q)
}
# The schema as sqlite_master holds it (Alembic re-creates a table's
# constraints and indexes in an order of object addresses: constraint
# lines sorted, objects by name), the rows, the version table.
dump() {
	sqlite3 "$1" "SELECT sql || ';' FROM sqlite_master WHERE sql NOT NULL ORDER BY tbl_name, type DESC, name" |
		"$PY" "$top/tests/run/sort_constraints.py"
	echo "-- rows"
	sqlite3 "$1" .dump | grep '^INSERT' | sort
	echo "-- versions"
	sqlite3 "$1" "SELECT version_num FROM alembic_version ORDER BY 1" 2>/dev/null
}
current() { # db-file: cupel's and alembic's current, "cupel|alembic"
	echo "$(cupel "$1" current 2>/dev/null | awk '{print $1}')|$(alembic "$1" current 2>/dev/null | awk '{print $1}')"
}

# ---- every revision, side by side -----------------------------------
ref=$tmp/ref.db solo=$tmp/solo.db
same=0 n=${#revs[@]} first_diff=
for r in "${revs[@]}"; do
	alembic "$ref" upgrade "$r" >/dev/null 2>"$tmp/err" || { sed 's/^/# alembic: /' "$tmp/err" | tail -3; break; }
	cupel "$solo" upgrade "$r" >/dev/null 2>"$tmp/err" || { sed 's/^/# cupel: /' "$tmp/err"; break; }
	dump "$ref" >"$tmp/ref.dump"
	dump "$solo" >"$tmp/solo.dump"
	if cmp -s "$tmp/ref.dump" "$tmp/solo.dump"; then
		same=$((same + 1))
	elif [ -z "$first_diff" ]; then
		first_diff=$r
		diff -u "$tmp/ref.dump" "$tmp/solo.dump" | head -20 | sed 's/^/# /'
	fi
done
ok $([ "$same" = "$n" ] && echo 0 || echo 1) \
	"cupel and alembic, each on its own file: sqlite_master and rows equal after each of $n revisions ($same)${first_diff:+, first differs at $first_diff}"
cp "$tmp/ref.dump" "$tmp/head.dump"

# the decisions of recreate="auto" / "never": a plain ALTER leaves the
# table's CREATE text as it was, with the column appended
f=$tmp/auto.db
cupel "$f" upgrade b03 >/dev/null 2>&1
sqlite3 "$f" "SELECT sql FROM sqlite_master WHERE name = 'account'" | grep -q '^CREATE TABLE account (' &&
	sqlite3 "$f" "SELECT sql FROM sqlite_master WHERE name = 'account'" | grep -q ", nickname VARCHAR(40) DEFAULT 'nick'"
ok $? "auto with add_column only: ALTER TABLE ADD COLUMN, no recreate"
cupel "$f" upgrade b04 >/dev/null 2>&1
sqlite3 "$f" "SELECT sql FROM sqlite_master WHERE name = 'account'" | grep -q '^CREATE TABLE "account" ('
ok $? "auto with an SQL-expression default: recreated (the renamed table's name is quoted)"
sqlite3 "$f" "SELECT count(*) FROM sqlite_master WHERE name LIKE '_alembic_tmp%'" | grep -qx 0
ok $? "no _alembic_tmp_ table is left"

# offline, a batch without copy_from is still refused as Alembic refuses it
(cd "$proj" && "$BIN" sql b03:b04 --dialect sqlite) >"$tmp/off.sql" 2>&1
grep -q "cannot proceed in --sql mode" "$tmp/off.sql"
ok $? "offline (cupel sql) the same batch is refused with Alembic's reason" || sed 's/^/# /' "$tmp/off.sql"

# ---- taking turns, both ways ----------------------------------------
for start in cupel alembic; do
	f=$tmp/turns-$start.db
	turn=0 agree=0 mine=0
	[ $start = alembic ] && mine=1
	for r in "${revs[@]}"; do
		if [ $((turn % 2)) = $mine ]; then
			cupel "$f" upgrade "$r" >/dev/null 2>"$tmp/err" || { sed 's/^/# /' "$tmp/err"; break; }
		else
			alembic "$f" upgrade "$r" >/dev/null 2>"$tmp/err" || { tail -3 "$tmp/err" | sed 's/^/# /'; break; }
		fi
		[ "$(current "$f")" = "$r|$r" ] && agree=$((agree + 1)) || echo "# at $r: $(current "$f")"
		turn=$((turn + 1))
	done
	ok $([ "$agree" = "$n" ] && echo 0 || echo 1) "turns starting with $start: both tools' current agrees after each of $n revisions ($agree)"
	dump "$f" >"$tmp/turns.dump"
	same_output "turns starting with $start: sqlite_master and rows equal alembic's own" "$tmp/turns.dump" "$tmp/head.dump"
done

# ---- faults: rolled back, version table unchanged --------------------
# the fault is the revision after the project's last
last=${revs[-1]}
frev=$(printf 'b%02d' $((10#${last#b} + 1)))
for fault in missing-table failing-copy naming-convention insert-after-alter one-line-ddl; do
	fp=$tmp/fault-$fault
	"$PY" "$top/tests/run/gen_batch.py" "$fp" --fault "$fault" >/dev/null
	f=$tmp/fault-$fault.db
	(cd "$fp" && "$BIN" upgrade "${revs[-1]}" -q --db "sqlite:///$f") >/dev/null 2>&1
	dump "$f" >"$tmp/before.dump"
	(cd "$fp" && "$BIN" upgrade head -q --db "sqlite:///$f") >"$tmp/out" 2>&1
	rc=$?
	ok $([ $rc = 1 ] && echo 0 || echo 1) "$fault: exits 1 ($rc)"
	case $fault in
	missing-table)
		grep -q "upgrade $last -> $frev failed (.*$frev.py"':19): batch_alter_table("nosuch"): no such table: "nosuch"' "$tmp/out"
		;;
	naming-convention)
		grep -q "upgrade $last -> $frev failed (.*$frev.py"':19): line 19: batch_alter_table is refused: batch_alter_table(naming_convention=...) cupel does not model' "$tmp/out"
		;;
	insert-after-alter)
		(cd "$fp" && CUPEL_TEST_URL="sqlite:///$tmp/fault-ref2.db" "$PY" -m alembic upgrade head) >"$tmp/aout" 2>&1
		grep -q "^FAILED: Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'$" "$tmp/aout" &&
			grep -q "upgrade $last -> $frev failed (.*$frev.py:19): line 19: batch_alter_table is refused: Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'" "$tmp/out"
		;;
	one-line-ddl)
		# SQLAlchemy reads a CHECK's name and text across the whole line:
		# Alembic's CREATE TABLE fails, and cupel's the same way (where the
		# error is found depends on Alembic's constraint order)
		(cd "$fp" && CUPEL_TEST_URL="sqlite:///$tmp/fault-ref.db" "$PY" -m alembic upgrade head) >"$tmp/aout" 2>&1
		grep -Eq '^sqlalchemy.exc.OperationalError: \(sqlite3.OperationalError\) near "(FOREIGN|CONSTRAINT)": syntax error$' "$tmp/aout" &&
			grep -q '^CREATE TABLE _alembic_tmp_oneline2 ($' "$tmp/aout" &&
			grep -Eq "upgrade $last -> $frev failed \\(.*$frev.py"':21\): batch_alter_table\("oneline2"\) "move and copy": near "(FOREIGN|CONSTRAINT)": syntax error' "$tmp/out" &&
			grep -q '^statement: CREATE TABLE _alembic_tmp_oneline2 (' "$tmp/out"
		;;
	failing-copy)
		grep -q "upgrade $last -> $frev failed (.*$frev.py"':19): batch_alter_table("pair") "move and copy": NOT NULL constraint failed: _alembic_tmp_pair.value' "$tmp/out" &&
			grep -q '^statement: INSERT INTO _alembic_tmp_pair (a, b, value) SELECT pair.a, pair.b, pair.value' "$tmp/out"
		;;
	esac
	ok $? "$fault: the message names the migration, its line, the table and the reason" || sed 's/^/# /' "$tmp/out"
	grep -q "the migration was rolled back; 0 of 1 step(s) committed" "$tmp/out"
	ok $? "$fault: says the migration was rolled back" || sed 's/^/# /' "$tmp/out"
	dump "$f" >"$tmp/after.dump"
	same_output "$fault: nothing of $frev is left (its first statement, the temporary table), version table at $last" \
		"$tmp/after.dump" "$tmp/before.dump"
	c=$(cd "$fp" && CUPEL_TEST_URL="sqlite:///$f" "$PY" -m alembic current 2>/dev/null | awk '{print $1}')
	ok $([ "$c" = "$last" ] && echo 0 || echo 1) "$fault: alembic current is $last ($c)"
done

# ---- the example project: as far as Alembic online goes -------------
shop=$tmp/shop
cp -r "$top/examples/shop" "$shop"
rm -f "$shop/shop.db"
(cd "$shop" && "$PY" -m alembic upgrade heads) >"$tmp/a.out" 2>&1
a_rc=$?
a_cur=$(cd "$shop" && "$PY" -m alembic current 2>/dev/null | awk '{print $1}')
dump "$shop/shop.db" >"$tmp/shop-alembic.dump"
rm -f "$shop/shop.db"
(cd "$shop" && "$BIN" upgrade heads -q --alembic) >"$tmp/c.out" 2>&1
c_rc=$?
c_cur=$(cd "$shop" && "$BIN" current 2>/dev/null | awk '{print $1}')
dump "$shop/shop.db" >"$tmp/shop-cupel.dump"
grep -q '^\[SQL: ALTER TABLE products ALTER COLUMN sku TYPE VARCHAR(128)\]' "$tmp/a.out" &&
	grep -q 'upgrade 1e9f4c7b2a60 -> d5c2a8f0e3b7 failed (.*d5c2a8f0e3b7_products_longer_sku.py:20): near "ALTER": syntax error' "$tmp/c.out"
ok $([ $? = 0 ] && [ $a_rc != 0 ] && [ $c_rc = 1 ] && echo 0 || echo 1) \
	"example: both stop at d5c2a8f0e3b7 (SQLite has no ALTER COLUMN TYPE)" || { tail -3 "$tmp/a.out"; tail -3 "$tmp/c.out"; } | sed 's/^/# /'
ok $([ "$a_cur" = 1e9f4c7b2a60 ] && [ "$c_cur" = "$a_cur" ] && echo 0 || echo 1) \
	"example: both leave the database at 1e9f4c7b2a60 (alembic $a_cur, cupel $c_cur)"
grep -q "handing 71c3e9b2d0f4\|handing 1e9f4c7b2a60\|handing e4b8d2f61a7c\|handing 9b3e5f7a1c2d" "$tmp/c.out"
ok $([ $? = 1 ] && echo 0 || echo 1) "example: cupel runs every batch itself (only opaque steps are handed to alembic)"
same_output "example: sqlite_master and rows equal alembic's own" "$tmp/shop-cupel.dump" "$tmp/shop-alembic.dump"

# cupel verify on SQLite: past the example's "pass" downgrade (the scratch
# file rebuilt), through its batches, to its first opaque step
(cd "$shop" && "$BIN" verify) >"$tmp/v.out" 2>&1
grep -q '^FAIL 9e05a6d84b3c create reviews upgrade after downgrade failed' "$tmp/v.out" &&
	grep -q '(the scratch database was emptied and upgraded to 9e05a6d84b3c again)' "$tmp/v.out" &&
	grep -q '^ok   e4b8d2f61a7c reviews: store rating as an integer' "$tmp/v.out" &&
	grep -q '^ok   71c3e9b2d0f4 create coupons' "$tmp/v.out" &&
	grep -q '^FAIL 5a1f8e3c7d92 .* upgrade failed' "$tmp/v.out" &&
	grep -q '^13 of 27 migration(s) verified on sqlite:///.*: 10 round trip(s) equal, 0 differ, 3 failed' "$tmp/v.out"
ok $? "verify on the example: rebuilt after 9e05a6d84b3c, the batches round-trip equal, stops at 5a1f8e3c7d92 (13 of 27)" ||
	grep -v '^[-+] ' "$tmp/v.out" | sed 's/^/# /'

tap_end
