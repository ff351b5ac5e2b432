#!/usr/bin/env bash
# Install what cupel needs from Debian 12's packages.
#   tests/deps.sh build   - to build and run cupel
#   tests/deps.sh test    - also what the test suite needs
set -euo pipefail
BUILD_PKGS="autoconf automake libtool pkg-config make gcc libncurses-dev libpq-dev libsqlite3-dev libpg-query-dev libprotobuf-c-dev libjansson-dev libcjson-dev libmd-dev"
TEST_PKGS="postgresql python3 python3-alembic python3-sqlalchemy python3-psycopg2 alembic tmux clang sqlite3 hyperfine"
want="$BUILD_PKGS"
[ "${1:-build}" = test ] && want="$want $TEST_PKGS"
# tests/lint/squawk.sh installs Squawk with npm: Debian's, when there is none
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1; then
	want="$want nodejs npm"
fi
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
