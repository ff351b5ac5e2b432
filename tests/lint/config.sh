# Sourced by tests/lint/run.sh (BIN, PY, tmp, the project $q, ok and
# count set there): rule thresholds in [cupel], every threshold of
# src/lint/params.def documented; env.py's lock_timeout silencing
# require-lock-timeout (tests/lint/live.sh checks the same env.py files
# against PostgreSQL).

# ---- thresholds: long-access-exclusive.max_statements
t=$tmp/thr
cp -r "$q" "$t"
lae() { # the files:lines long-access-exclusive reports with this [cupel] line
	cp "$q/alembic.ini" "$t/alembic.ini"
	printf '[cupel]\n%s\n' "$1" >>"$t/alembic.ini"
	(cd "$t" && "$BIN" lint --rule long-access-exclusive --format json) >"$tmp/thr.json" 2>"$tmp/thr.err"
	"$PY" -c 'import json, sys
print(" ".join(sorted("%s:%d" % (f["file"].rsplit("/", 1)[-1], f["line"]) for f in json.load(open(sys.argv[1]))["findings"])))' "$tmp/thr.json"
}
got=$(lae "dialects = postgresql")
ok $([ "$got" = "b2.py:18 b2.py:9 b3.py:11" ] && echo 0 || echo 1) "max_statements: the default 3 ($got)"
got=$(lae "long-access-exclusive.max_statements = 2")
ok $([ "$got" = "b2.py:18 b2.py:9 b3.py:11 b4.py:10 b6.py:10" ] && echo 0 || echo 1) \
	"max_statements = 2: three statements are too many ($got)"
grep -q "(max_statements = 2)" "$tmp/thr.json"
ok $? "the message names the threshold it used"
got=$(lae "long-access-exclusive.max_statements = 20")
ok $([ "$got" = "b2.py:9" ] && echo 0 || echo 1) "max_statements = 20: ten statements are not too many, 22 are ($got)"
for bad in "long-access-exclusive.max_statements = many" "long-access-exclusive.max_statements = 0" \
	"long-access-exclusive.max_statements = 3x" "long-access-exclusive.max_statements =" \
	"long-access-exclusive.max_statements = 99999999999999999999" "long-access-exclusive.max = 3" \
	"ban-truncate.max_statements = 3"; do
	cp "$q/alembic.ini" "$t/alembic.ini"
	printf '[cupel]\n%s\n' "$bad" >>"$t/alembic.ini"
	line=$(grep -n -F "$bad" "$t/alembic.ini" | cut -d: -f1)
	(cd "$t" && "$BIN" lint) >"$tmp/thr.out" 2>"$tmp/thr.err"
	rc=$?
	ok $([ $rc = 2 ] && grep -q "alembic.ini:$line: " "$tmp/thr.err" && [ ! -s "$tmp/thr.out" ] && echo 0 || echo 1) \
		"'$bad': exit 2 with alembic.ini:$line (rc $rc: $(head -1 "$tmp/thr.err"))"
done
cp "$q/alembic.ini" "$t/alembic.ini"
printf '[cupel]\nnosuch-rule.max_statements = 3\n' >>"$t/alembic.ini"
(cd "$t" && "$BIN" lint --format json) >"$tmp/thr.json" 2>"$tmp/thr.err"
rc=$?
ok $([ $rc != 2 ] && grep -q "alembic.ini:[0-9]*: no rule 'nosuch-rule'" "$tmp/thr.err" && [ -s "$tmp/thr.json" ] && echo 0 || echo 1) \
	"a threshold of an unknown rule is a warning with file:line, the rest applies (rc $rc)"
# cupel.ini beside alembic.ini works the same
cp "$q/alembic.ini" "$t/alembic.ini"
printf '[cupel]\nlong-access-exclusive.max_statements = 2\n' >"$t/cupel.ini"
(cd "$t" && "$BIN" lint --rule long-access-exclusive --format json) >"$tmp/thr.json" 2>"$tmp/thr.err"
ok $([ "$(count "$tmp/thr.json" long-access-exclusive)" = 5 ] && echo 0 || echo 1) "a threshold in cupel.ini"
printf '[cupel]\nlong-access-exclusive.max_statements = -1\n' >"$t/cupel.ini"
(cd "$t" && "$BIN" lint) >/dev/null 2>"$tmp/thr.err"
rc=$?
ok $([ $rc = 2 ] && grep -q "cupel.ini:2: long-access-exclusive.max_statements: the threshold is a whole number from 1 to" "$tmp/thr.err" && echo 0 || echo 1) \
	"a bad threshold in cupel.ini: cupel.ini:2, exit 2 (rc $rc)"
rm -f "$t/cupel.ini"
# every threshold is on its rule's page, in cupel(1) and in --list-rules
(cd "$t" && "$BIN" lint --list-rules) >"$tmp/thr.rules"
while IFS= read -r l; do
	rule=$(echo "$l" | sed -n 's/^PARAM("\([^"]*\)", "\([^"]*\)".*/\1/p')
	name=$(echo "$l" | sed -n 's/^PARAM("\([^"]*\)", "\([^"]*\)".*/\2/p')
	[ -n "$rule" ] || continue
	grep -q "$rule.$name" "$top/doc/rules/$rule.md" && grep -q "$(echo "$rule" | sed 's/-/\\\\-/g').$name" "$top/doc/cupel.1" &&
		grep -q " $rule.$name = " "$tmp/thr.rules"
	ok $? "threshold $rule.$name: on doc/rules/$rule.md, in cupel(1), in --list-rules"
done <"$top/src/lint/params.def"

# ---- require-lock-timeout and env.py: silent when env.py sets lock_timeout
"$PY" "$top/tests/lint/envpy_cases.py" "$tmp/envpy" >/dev/null
while read -r name want; do
	(cd "$tmp/envpy/$name" && "$BIN" lint --rule require-lock-timeout --format json) >"$tmp/env.json" 2>/dev/null
	n=$(count "$tmp/env.json" require-lock-timeout)
	[ "$want" = set ] && exp=0 || exp=1
	ok $([ "$n" = "$exp" ] && echo 0 || echo 1) "require-lock-timeout with env.py '$name' (lock_timeout $want): $n finding(s)"
done <"$tmp/envpy/cases.txt"
