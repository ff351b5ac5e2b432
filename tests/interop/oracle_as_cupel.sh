#!/bin/bash
# Stand-in for the cupel binary (self-test of compare.sh): runs the oracle.
#   tests/interop/compare.sh tests/interop/oracle_as_cupel.sh --quick
set -euo pipefail
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/alembic_canon.py" "$@"
