# livetest.sh - the opening of a test stage on live databases (sourced
# first, with the stage's own arguments): BIN (the cupel binary, $1), top
# (the checkout), the TAP helpers and pgcluster.sh, PY (Debian's Python,
# with its Alembic), and a temporary directory $tmp that the EXIT trap
# removes after stopping the cluster, if one was started in it.
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$top/tests/lib/tap.sh"
. "$top/tests/lib/pgcluster.sh"
PY=/usr/bin/python3
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'pgcluster_stop; rm -rf "$tmp"' EXIT
