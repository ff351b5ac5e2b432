#!/usr/bin/env bash
# Build the libFuzzer target for the tokenizer and parser with clang and run
# it for a bounded time (seconds: $1, default 60). Crashes fail the stage.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
. "$top/tests/lib/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the Python tokenizer and parser get two thirds of the time, the
# script.py.mako renderer and the INI reader the rest
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I"$top/include" \
	"$top"/src/core/*.c "$top"/src/py/*.c "$top/tests/fuzz/fuzz_parser.c" -o "$work/fuzz_parser"
ok $? "fuzz target builds (parser)"
clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I"$top/include" \
	"$top"/src/core/*.c "$top/src/alembic/template.c" "$top/src/alembic/ini.c" "$top/tests/fuzz/fuzz_template.c" \
	-o "$work/fuzz_template"
ok $? "fuzz target builds (script.py.mako, INI)"
mkdir -p "$work/corpus" "$work/tcorpus"
cp "$top"/tests/fuzz/corpus/* "$work/corpus/" 2>/dev/null
find "$top/examples" -name '*.py' -exec cp {} "$work/corpus/" \;
cp "$top/examples/shop/migrations/script.py.mako" "$top/examples/shop/alembic.ini" "$work/tcorpus/"
for t in parser:$((secs * 2 / 3)):corpus template:$((secs - secs * 2 / 3)):tcorpus; do
	name=${t%%:*}
	rest=${t#*:}
	s=${rest%%:*}
	(cd "$work" && "./fuzz_$name" -max_total_time="$s" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "${rest#*:}") >"$work/log" 2>&1
	rc=$?
	grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' "$work/log" | sed 's/^/# /'
	ok $rc "fuzzing the $name for ${s}s finds no crash"
done
tap_end
