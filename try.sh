#!/usr/bin/env bash
# The README's first command: install what cupel needs (Debian 12, as root),
# build it (out of tree, in build/try), and open the terminal UI on the
# bundled example project (SQLite). Without a terminal it prints the
# example's history, heads and graph instead.
set -euo pipefail
cd "$(dirname "$0")"
top=$(pwd)
bash tests/deps.sh build
[ -x configure ] || autoreconf -fi >/dev/null
mkdir -p build/try
(cd build/try && { [ -f Makefile ] || ../../configure -q; } && make -j"$(nproc)" -s)
cd examples/shop
if [ -t 0 ] && [ -t 1 ]; then
	# q or Q quits; ? lists every key
	exec "$top/build/try/cupel"
fi
echo "== cupel history (examples/shop)"
"$top/build/try/cupel" history
echo
echo "== cupel heads"
"$top/build/try/cupel" heads
echo
echo "== cupel graph"
"$top/build/try/cupel" graph
