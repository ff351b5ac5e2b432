#!/usr/bin/env bash
# Headless screen tests of the terminal UI (tig's method): the real binary
# on a virtual screen of fixed size ($CUPEL_HEADLESS), keys from a script
# ($CUPEL_KEYS), the screen printed at <Dump> and at the end, compared with
# tests/tui/NAME.expected. Each case is NAME.keys (first line "# args: ..."
# and "# project: ..." name the command line and the project directory).
#   tests/tui/run.sh CUPEL_BIN [--update]
set -uo pipefail
BIN=$(realpath "$1")
UPDATE=${2:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
unset NO_COLOR
export CUPEL_CONFIG=/dev/null HOME=$tmp CUPEL_THEME_DIR=$top/themes
# the hostile project of tests/hostile, built fresh
bash "$top/tests/hostile/make_corpus.sh" "$tmp/hostile" >/dev/null 2>&1
for keys in "$top"/tests/tui/*.keys; do
	name=$(basename "$keys" .keys)
	[ "$name" = hostile_all ] && continue
	args=$(sed -n 's/^# args: //p' "$keys")
	proj=$(sed -n 's/^# project: //p' "$keys")
	size=$(sed -n 's/^# size: //p' "$keys")
	proj=${proj:-examples/shop}
	case $proj in hostile*) dir=$tmp/$proj ;; *) dir=$top/$proj ;; esac
	# shellcheck disable=SC2086
	(cd "$dir" && CUPEL_HEADLESS=${size:-80x24} CUPEL_KEYS=$keys "$BIN" $args) >"$tmp/$name.raw" 2>"$tmp/$name.err"
	rc=$?
	# paths of this checkout are not part of what is compared
	sed -e "s|$top|<top>|g" -e "s|$tmp|<tmp>|g" "$tmp/$name.raw" >"$tmp/$name.out"
	if [ "$UPDATE" = --update ]; then
		cp "$tmp/$name.out" "$top/tests/tui/$name.expected"
	fi
	ok $rc "$name: exits 0" || sed 's/^/# /' "$tmp/$name.err"
	same_output "$name: screen equals $name.expected" "$tmp/$name.out" "$top/tests/tui/$name.expected"
done

# every hostile project: the UI opens, walks and closes without a crash
for dir in "$tmp"/hostile/*/; do
	name=$(basename "$dir")
	(cd "$dir" && CUPEL_HEADLESS=100x30 CUPEL_KEYS=$top/tests/tui/hostile_all.keys "$BIN") >"$tmp/h.out" 2>"$tmp/h.err"
	rc=$?
	ok $rc "hostile project $name: the UI opens and closes (exit $rc)" || sed 's/^/# /' "$tmp/h.err"
	# nothing of the files' control characters reaches the terminal
	if grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$tmp/h.out"; then
		ok 1 "hostile project $name: no control characters on the screen"
	else
		ok 0 "hostile project $name: no control characters on the screen"
	fi
done
