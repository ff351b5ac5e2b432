#!/usr/bin/env bash
# The README's first command: install what cupel needs (Debian 12, as root),
# build it, and show it on the bundled example project (SQLite).
set -euo pipefail
cd "$(dirname "$0")"
bash tests/deps.sh build
[ -x configure ] || autoreconf -fi >/dev/null
[ -f Makefile ] || ./configure -q
make -j"$(nproc)" -s
cd examples/shop
echo "== cupel history (examples/shop)"
../../cupel history
echo
echo "== cupel heads"
../../cupel heads
echo
echo "== cupel graph"
../../cupel graph
