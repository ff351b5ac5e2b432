#!/usr/bin/env bash
# Build the libFuzzer target for the tokenizer and parser with clang and run
# it for a bounded time (seconds: $1, default 60). Crashes fail the stage.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
. "$top/tests/lib/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I"$top/include" \
	"$top"/src/core/*.c "$top"/src/py/*.c "$top/tests/fuzz/fuzz_parser.c" -o "$work/fuzz_parser"
ok $? "fuzz target builds"
mkdir -p "$work/corpus"
cp "$top"/tests/fuzz/corpus/* "$work/corpus/" 2>/dev/null
find "$top/examples" -name '*.py' -exec cp {} "$work/corpus/" \;
(cd "$work" && ./fuzz_parser -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 corpus) >"$work/log" 2>&1
rc=$?
grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' "$work/log" | sed 's/^/# /'
ok $rc "fuzzing for ${secs}s finds no crash"
tap_end
