#!/usr/bin/env bash
# Hostile inputs: every case gives a diagnostic, never a crash, and the other
# files of the project are still loaded.
set -uo pipefail
BIN=$(realpath "$1")
top=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
. "$top/tests/lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash "$top/tests/hostile/make_corpus.sh" "$tmp" >/dev/null 2>&1
ok $? "corpus generated"

for dir in "$tmp"/*/; do
	name=$(basename "$dir")
	for cmd in heads history branches "graph --format json" check "lint --format json" "lint --format sarif" \
		"lint --dialect postgresql" "locks" "sql base:heads"; do
		# shellcheck disable=SC2086
		(cd "$dir" && timeout 60 "$BIN" $cmd) >"$tmp/out" 2>"$tmp/err"
		rc=$?
		# no signal (>128), no sanitizer report, a sensible status
		good=1
		{ [ $rc -le 2 ] && ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; } && good=0
		ok $good "$name: '$cmd' ends cleanly (status $rc)"
	done
	(cd "$dir" && "$BIN" check) >/dev/null 2>"$tmp/err"
	rc=$?
	case "$name" in
	huge | control_chars)
		# valid (if extreme) projects: no error at all
		ok $([ $rc -eq 0 ] && echo 0 || echo 1) "$name: loads without errors" ;;
	*)
		ok $([ $rc -eq 1 ] && echo 0 || echo 1) "$name: status 1 with a diagnostic"
		grep -q "$dir\|versions/" "$tmp/err"
		ok $? "$name: the diagnostic names the file" ;;
	esac
	case "$name" in
	unterminated_* | syntax_error_middle | invalid_utf8 | binary)
		grep -qE '\.py:[0-9]+:[0-9]+: error' "$tmp/err"
		ok $? "$name: diagnostic has file:line:col" ;;
	esac
	# lint: a project with a broken script is a load error (2), its JSON
	# carries the problem; a valid one lints (0 or 1)
	(cd "$dir" && timeout 60 "$BIN" lint --format json) >"$tmp/lint.json" 2>/dev/null
	rc=$?
	case "$name" in
	huge | control_chars) want="0 1" ;;
	*) want="2" ;;
	esac
	"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if sys.argv[2] != "2" or d["load_problems"] else 1)' "$tmp/lint.json" "$rc" 2>/dev/null
	jrc=$?
	ok $([ $jrc = 0 ] && [[ " $want " == *" $rc "* ]] && echo 0 || echo 1) "$name: lint exits $rc (want $want), JSON with its load problems"
	# the ordinary revisions of the project are still there
	n_ok=$(grep -c '"id": "c0ffee00000[1-4]"' <(cd "$dir" && "$BIN" graph --format json 2>/dev/null) || true)
	ok $([ "${n_ok:-0}" -ge 3 ] && echo 0 || echo 1) "$name: the other files are still loaded ($n_ok)"
done
tap_end
