#!/usr/bin/env bash
# The script cache (scriptcache.h): a second run reads the metadata from
# the cache and prints exactly what the first printed; any change to a
# file (content, size, a restored mtime, a new inode, removal) is seen; a
# script with a problem is never cached (its problem is reported on every
# run); a damaged cache file is ignored; CUPEL_CACHE=off writes none.
#   tests/cache/run.sh CUPEL_BIN
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CUPEL_CACHE_DIR=$tmp/cache
unset CUPEL_CACHE
proj=$tmp/shop
cp -r "$top/examples/shop" "$proj"
vers=$proj/migrations/versions
run() { (cd "$proj" && "$BIN" history -v 2>&1; "$BIN" heads 2>&1); }
fresh() { (cd "$proj" && CUPEL_CACHE=off "$BIN" history -v 2>&1; CUPEL_CACHE=off "$BIN" heads 2>&1); }

run >"$tmp/first"
ok $([ -n "$(ls "$CUPEL_CACHE_DIR" 2>/dev/null)" ] && echo 0 || echo 1) "the first run writes a cache file"
run >"$tmp/second"
same_output "the second run (from the cache) prints what the first printed" "$tmp/second" "$tmp/first"
fresh >"$tmp/nocache"
same_output "and what a run without the cache prints" "$tmp/second" "$tmp/nocache"

f=$vers/6c0a3e8d5f19_customers_loyalty_tier.py
# a new message of another length
sed -i 's/^"""customers: loyalty tier/"""customers: loyalty tier, renamed/' "$f"
run >"$tmp/a"
fresh >"$tmp/b"
same_output "an edited file is read again" "$tmp/a" "$tmp/b"
grep -q "loyalty tier, renamed" "$tmp/a"
ok $? "the new message is shown"
# the same size, the old modification time put back: the change time still moves
m=$(stat -c %y "$f")
sed -i 's/loyalty tier, renamed/loyalty tier, RENAMED/' "$f"
touch -d "$m" "$f"
run >"$tmp/a"
grep -q "loyalty tier, RENAMED" "$tmp/a"
ok $? "an edit of the same size with the old mtime put back is seen"
# a new inode: the file replaced by a copy
cp "$f" "$f.new" && sed -i 's/RENAMED/replaced/' "$f.new" && mv "$f.new" "$f"
run >"$tmp/a"
grep -q "loyalty tier, replaced" "$tmp/a"
ok $? "a file replaced by another is seen"
# a file removed: its revision is gone (its child now misses it)
mv "$vers/2a7e9c1d4b80_orders_priority.py" "$tmp/"
run >"$tmp/a"
fresh >"$tmp/b"
same_output "a removed file is gone from the graph" "$tmp/a" "$tmp/b"
mv "$tmp/2a7e9c1d4b80_orders_priority.py" "$vers/"
# a script with a problem: reported on every run, never from the cache
printf '"""broken\n\nRevision ID: bad1\n"""\nrevision = "bad1"\ndown_revision = (\n' >"$vers/bad1_broken.py"
run >/dev/null
run >"$tmp/a"
grep -q "bad1_broken.py" "$tmp/a"
ok $? "a broken script's problem is reported again on the next run" || sed 's/^/# /' "$tmp/a" | head -5
rm -f "$vers/bad1_broken.py"
# a damaged cache
for c in "$CUPEL_CACHE_DIR"/*; do
	head -c 3000 "$c" >"$c.cut" && mv "$c.cut" "$c"
done
run >"$tmp/a"
fresh >"$tmp/b"
same_output "a damaged cache file is ignored" "$tmp/a" "$tmp/b"
for c in "$CUPEL_CACHE_DIR"/*; do
	head -c 4000 /dev/urandom >"$c"
done
run >"$tmp/a"
same_output "a cache file of random bytes is ignored" "$tmp/a" "$tmp/b"
# off
rm -rf "$CUPEL_CACHE_DIR"
fresh >/dev/null
ok $([ ! -e "$CUPEL_CACHE_DIR" ] && echo 0 || echo 1) "CUPEL_CACHE=off writes no cache"
tap_end
