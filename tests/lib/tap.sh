# tap.sh - TAP helpers for the shell test stages (sourced).
tap_n=0
tap_failed=0
ok() { # ok COND-EXIT-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
		# so that "ok ... || show-why" shows why
		return 1
	fi
}
# same_output NAME FILE_GOT FILE_WANT: ok if identical, else show a diff
same_output() {
	if cmp -s "$2" "$3"; then
		ok 0 "$1"
	else
		ok 1 "$1"
		diff -u "$3" "$2" | head -20 | sed 's/^/# /'
	fi
}
tap_end() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
# both_fail PHRASE DESC: alembic's run (status $arc, output $tmp/a.out) and
# cupel's ($crc, $tmp/c.out) both failed, and both outputs say PHRASE
both_fail() {
	local said=1
	grep -qF -- "$1" "$tmp/a.out" && grep -qF -- "$1" "$tmp/c.out" && said=0
	ok $([ "$arc" != 0 ] && [ "$crc" != 0 ] && [ $said = 0 ] && echo 0 || echo 1) "$2 (rc $arc, $crc)" ||
		{ grep -i 'error' "$tmp/a.out" | tail -1; tail -2 "$tmp/c.out"; } | sed 's/^/# /'
}
