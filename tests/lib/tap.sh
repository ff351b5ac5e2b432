# TAP lines for the shell tests that take turns with the real Alembic.
#   . tests/lib/tap.sh
#   ok STATUS DESCRIPTION      "ok N - ..." when STATUS is 0, else "not ok"
#   both_fail PHRASE DESC      alembic's run (status $arc, output $tmp/a.out)
#                              and cupel's ($crc, $tmp/c.out) both failed,
#                              and both outputs say PHRASE
#   tap_end                    the plan, "N passed, N failed", the status
n=0 failed=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
	return "$1"
}

both_fail() {
	local said=1
	grep -qF -- "$1" "$tmp/a.out" && grep -qF -- "$1" "$tmp/c.out" && said=0
	ok $([ "$arc" != 0 ] && [ "$crc" != 0 ] && [ $said = 0 ] && echo 0 || echo 1) "$2 (rc $arc, $crc)" ||
		{ grep -i 'error' "$tmp/a.out" | tail -1; tail -2 "$tmp/c.out"; } | sed 's/^/# /'
}

tap_end() {
	echo "1..$n"
	echo "$((n - failed)) passed, $failed failed"
	[ "$failed" = 0 ]
}
