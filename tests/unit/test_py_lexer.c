/* test_py_lexer.c - the Python tokenizer, token by token. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/py_token.h"
#include "cupel/strbuf.h"
#include "../lib/tap.h"

/* Token stream as "KIND:text KIND:text ..."; COMMENT/NL included. Layout
 * tokens (NEWLINE, NL, INDENT, DEDENT, ENDMARKER) print their kind only. */
static char *lex_str(const char *src, size_t len, size_t *n_diags, char *first_diag, size_t fd_len)
{
	struct arena a;
	struct diag_list dl;
	struct strbuf sb = STRBUF_INIT;
	arena_init(&a);
	diag_list_init(&dl, &a);
	struct py_lexer *lx = py_lexer_new(&a, &dl, "t.py", src, len);
	for (int guard = 0; guard < 100000; guard++) {
		struct py_token t = py_lexer_next(lx);
		if (sb.len)
			strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, py_tok_kind_name(t.kind));
		if (t.kind == PY_TOK_NAME || t.kind == PY_TOK_NUMBER || t.kind == PY_TOK_STRING ||
		    t.kind == PY_TOK_OP || t.kind == PY_TOK_COMMENT) {
			strbuf_addc(&sb, ':');
			strbuf_add(&sb, t.text, t.len);
		}
		if (t.kind == PY_TOK_ENDMARKER)
			break;
	}
	if (n_diags)
		*n_diags = dl.n;
	if (first_diag) {
		if (dl.n)
			snprintf(first_diag, fd_len, "%u:%u %s", dl.items[0].span.line,
				 dl.items[0].span.col, dl.items[0].msg);
		else
			first_diag[0] = '\0';
	}
	arena_free(&a);
	return strbuf_detach(&sb, NULL);
}

static void lex_is(const char *src, const char *want, const char *name)
{
	size_t nd;
	char *got = lex_str(src, strlen(src), &nd, NULL, 0);
	tap_is_str(got, want, name);
	free(got);
	tap_is_int((long)nd, 0, "  no diagnostics");
}

static void lex_err(const char *src, size_t len, const char *want, const char *want_diag,
		    const char *name)
{
	size_t nd;
	char d[256];
	char *got = lex_str(src, len, &nd, d, sizeof(d));
	if (want)
		tap_is_str(got, want, name);
	tap_ok(nd > 0, "  %s: diagnosed", name);
	if (want_diag)
		tap_is_str(d, want_diag, "  diagnostic text");
	free(got);
}

/* Positions of the tokens of one source, "line:col-eline:ecol" each. */
static char *pos_str(const char *src, size_t len)
{
	struct arena a;
	struct strbuf sb = STRBUF_INIT;
	arena_init(&a);
	struct py_lexer *lx = py_lexer_new(&a, NULL, "t.py", src, len);
	for (;;) {
		struct py_token t = py_lexer_next(lx);
		if (t.kind == PY_TOK_ENDMARKER)
			break;
		if (t.kind == PY_TOK_NEWLINE || t.kind == PY_TOK_NL || t.kind == PY_TOK_DEDENT)
			continue;
		strbuf_addf(&sb, "%s%u:%u-%u:%u", sb.len ? " " : "", t.line, t.col, t.end_line,
			    t.end_col);
	}
	arena_free(&a);
	return strbuf_detach(&sb, NULL);
}

static void test_basics(void)
{
	lex_is("x = 1\n", "NAME:x OP:= NUMBER:1 NEWLINE ENDMARKER", "simple assignment");
	lex_is("x = 1", "NAME:x OP:= NUMBER:1 NEWLINE ENDMARKER", "no final newline");
	lex_is("", "ENDMARKER", "empty input");
	lex_is("\n\n", "NL NL ENDMARKER", "blank lines are NL");
	lex_is("# c\nx\n", "COMMENT:# c NL NAME:x NEWLINE ENDMARKER", "comment line is NL");
	lex_is("x  # tail\n", "NAME:x COMMENT:# tail NEWLINE ENDMARKER", "trailing comment");
	lex_is("a**=b//=c>>=d<<=e...\n",
	       "NAME:a OP:**= NAME:b OP://= NAME:c OP:>>= NAME:d OP:<<= NAME:e OP:... NEWLINE ENDMARKER",
	       "three-character operators");
	lex_is("a->b:=c!=d<=e>=f==g@h@=i\n",
	       "NAME:a OP:-> NAME:b OP::= NAME:c OP:!= NAME:d OP:<= NAME:e OP:>= NAME:f OP:== NAME:g "
	       "OP:@ NAME:h OP:@= NAME:i NEWLINE ENDMARKER",
	       "two-character operators");
	lex_is("x;y\n", "NAME:x OP:; NAME:y NEWLINE ENDMARKER", "semicolon");
}

static void test_indent(void)
{
	lex_is("if x:\n    y\nz\n",
	       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT NAME:z NEWLINE ENDMARKER",
	       "indent and dedent");
	lex_is("if x:\n  if y:\n    z\n",
	       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:if NAME:y OP:: NEWLINE INDENT NAME:z NEWLINE "
	       "DEDENT DEDENT ENDMARKER",
	       "two dedents at end of file");
	lex_is("if x:\n    y\n\n  # c\n    z\n",
	       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE NL COMMENT:# c NL NAME:z NEWLINE "
	       "DEDENT ENDMARKER",
	       "blank and comment lines do not dedent");
	lex_is("if x:\n\ty\n\tz\n",
	       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE NAME:z NEWLINE DEDENT ENDMARKER",
	       "tab indentation");
	char *p = pos_str("if x:\n\ty\n", 9);
	tap_is_str(p, "1:1-1:3 1:4-1:5 1:5-1:6 2:1-2:2 2:2-2:3", "a tab is one column in spans");
	free(p);
	lex_err("if x:\n        y\n    z\n", strlen("if x:\n        y\n    z\n"),
		"NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT NAME:z NEWLINE ENDMARKER",
		"3:1 unindent does not match any outer indentation level", "inconsistent dedent");
	lex_err("if x:\n\ty\n        z\n", strlen("if x:\n\ty\n        z\n"), NULL,
		"3:1 inconsistent use of tabs and spaces in indentation", "tabs vs spaces");
	lex_is("if x:\n\f    y\n",
	       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT ENDMARKER",
	       "form feed resets indentation");
	lex_is("x = [\n  1,\n    2]\ny\n",
	       "NAME:x OP:= OP:[ NL NUMBER:1 OP:, NL NUMBER:2 OP:] NEWLINE NAME:y NEWLINE ENDMARKER",
	       "implicit line joining inside brackets");
	lex_is("x = 1 + \\\n    2\n", "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE ENDMARKER",
	       "backslash continuation");
	lex_is("x = 1 + \\\r\n    2\r\n", "NAME:x OP:= NUMBER:1 OP:+ NUMBER:2 NEWLINE ENDMARKER",
	       "backslash continuation with CRLF");
}

static void test_line_endings(void)
{
	lex_is("if x:\r\n    y\r\nz\r\n",
	       "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE DEDENT NAME:z NEWLINE ENDMARKER",
	       "CRLF");
	lex_is("a\rb\r", "NAME:a NEWLINE NAME:b NEWLINE ENDMARKER", "lone CR");
	char *p = pos_str("a\r\nbb\rc", 7);
	tap_is_str(p, "1:1-1:2 2:1-2:3 3:1-3:2", "positions across CRLF and CR");
	free(p);
	lex_is("\xEF\xBB\xBFx = 1\n", "NAME:x OP:= NUMBER:1 NEWLINE ENDMARKER", "BOM skipped");
	p = pos_str("\xEF\xBB\xBFx", 4);
	tap_is_str(p, "1:1-1:2", "BOM does not count as a column");
	free(p);
}

static void test_strings(void)
{
	lex_is("'a' \"b\" '''c''' \"\"\"d\"\"\"\n",
	       "STRING:'a' STRING:\"b\" STRING:'''c''' STRING:\"\"\"d\"\"\" NEWLINE ENDMARKER",
	       "quote kinds");
	lex_is("r'a' u'b' b'c' br'd' rb'e' f'f' fr'g' rf'h' R'i' BR'j' Rb'k' F'l' fR'm'\n",
	       "STRING:r'a' STRING:u'b' STRING:b'c' STRING:br'd' STRING:rb'e' STRING:f'f' "
	       "STRING:fr'g' STRING:rf'h' STRING:R'i' STRING:BR'j' STRING:Rb'k' STRING:F'l' "
	       "STRING:fR'm' NEWLINE ENDMARKER",
	       "every string prefix");
	lex_is("ur'x'\n", "NAME:ur STRING:'x' NEWLINE ENDMARKER", "ur is no prefix");
	lex_is("'a\\'b' 'c\\\\'\n", "STRING:'a\\'b' STRING:'c\\\\' NEWLINE ENDMARKER",
	       "escaped quotes");
	lex_is("r'a\\'b'\n", "STRING:r'a\\'b' NEWLINE ENDMARKER", "raw string keeps \\' inside");
	lex_is("'''a\nb''' x\n", "STRING:'''a\nb''' NAME:x NEWLINE ENDMARKER",
	       "triple-quoted string spans lines");
	lex_is("'a\\\nb'\n", "STRING:'a\\\nb' NEWLINE ENDMARKER", "backslash-newline in string");
	lex_is("f'{x!r:>{w}}' f\"{d['k']}\"\n",
	       "STRING:f'{x!r:>{w}}' STRING:f\"{d['k']}\" NEWLINE ENDMARKER", "f-strings are one token");

	struct arena a;
	arena_init(&a);
	struct py_lexer *lx = py_lexer_new(&a, NULL, "t.py", "rb'''x'''", 9);
	struct py_token t = py_lexer_next(lx);
	tap_ok(t.kind == PY_TOK_STRING &&
	       t.flags == (PY_STR_RAW | PY_STR_BYTES | PY_STR_TRIPLE), "string flags");
	lx = py_lexer_new(&a, NULL, "t.py", "F'x' u'y'", 9);
	t = py_lexer_next(lx);
	tap_ok(t.flags == PY_STR_FMT, "f flag");
	t = py_lexer_next(lx);
	tap_ok(t.flags == PY_STR_UNICODE, "u flag");
	arena_free(&a);

	char *p = pos_str("x = '''a\nbc''' + 1", 18);
	tap_is_str(p, "1:1-1:2 1:3-1:4 1:5-2:6 2:7-2:8 2:9-2:10", "multi-line string positions");
	free(p);
}

static void test_numbers(void)
{
	lex_is("0 1_000 0x_1F 0o17 0b1_0 1.5 .5 5. 1e10 1E-5 1.5e+3 3j 1.5J 0_0\n",
	       "NUMBER:0 NUMBER:1_000 NUMBER:0x_1F NUMBER:0o17 NUMBER:0b1_0 NUMBER:1.5 NUMBER:.5 "
	       "NUMBER:5. NUMBER:1e10 NUMBER:1E-5 NUMBER:1.5e+3 NUMBER:3j NUMBER:1.5J NUMBER:0_0 "
	       "NEWLINE ENDMARKER",
	       "number forms");
	lex_is("1if x else 2\n", "NUMBER:1 NAME:if NAME:x NAME:else NUMBER:2 NEWLINE ENDMARKER",
	       "number then keyword");
	lex_is("x.y 1 .real\n", "NAME:x OP:. NAME:y NUMBER:1 OP:. NAME:real NEWLINE ENDMARKER",
	       "dots");
}

static void test_unicode(void)
{
	lex_is("caf\xC3\xA9 = \xE5\x90\x8D\n",
	       "NAME:caf\xC3\xA9 OP:= NAME:\xE5\x90\x8D NEWLINE ENDMARKER", "non-ASCII names");
	char *p = pos_str("\xC3\xA9t\xC3\xA9 = 'h\xC3\xA9'", 13);
	tap_is_str(p, "1:1-1:4 1:5-1:6 1:7-1:11", "columns count code points");
	free(p);
	lex_err("x = \xFF\xFE y\n", 9, "NAME:x OP:= ERRORTOKEN NAME:y NEWLINE ENDMARKER",
		"1:5 invalid utf-8 sequence", "invalid UTF-8");
	lex_err("ab\xC3(\n", 5, "NAME:ab ERRORTOKEN OP:( NL NEWLINE ENDMARKER", NULL,
		"truncated UTF-8 in a name");
	lex_err("'\xC3\x28'\n", 5, "ERRORTOKEN NEWLINE ENDMARKER",
		"1:2 invalid utf-8 sequence in string literal", "invalid UTF-8 in a string");
	lex_err("x = 1 $ ?\n", 10, "NAME:x OP:= NUMBER:1 ERRORTOKEN ERRORTOKEN NEWLINE ENDMARKER",
		"1:7 invalid character '$' (U+0024)", "invalid characters");
	lex_err("a\0\0\0b\n", 6, "NAME:a ERRORTOKEN NAME:b NEWLINE ENDMARKER",
		"1:2 invalid non-printable character U+0000", "NUL bytes");
}

static void test_errors(void)
{
	lex_err("x = 'abc\ny = 2\n", 15,
		"NAME:x OP:= ERRORTOKEN NEWLINE NAME:y OP:= NUMBER:2 NEWLINE ENDMARKER",
		"1:5 unterminated string literal (detected at line 1)", "unterminated string");
	lex_err("x = '''abc\ny = 2\n", 17, "NAME:x OP:= ERRORTOKEN NEWLINE ENDMARKER",
		"1:5 unterminated triple-quoted string literal (detected at line 3)",
		"unterminated triple-quoted string");
	lex_err("x = f'{a}", 9, "NAME:x OP:= ERRORTOKEN NEWLINE ENDMARKER",
		"1:5 unterminated f-string literal (detected at line 1)", "unterminated f-string");
	lex_err("x = f(1,\n  2\n", 13,
		"NAME:x OP:= NAME:f OP:( NUMBER:1 OP:, NL NUMBER:2 NL NEWLINE ENDMARKER",
		"1:6 '(' was never closed", "unclosed bracket at EOF");
	lex_err("x = f(1,\ndef g():\n    pass\n", 26,
		"NAME:x OP:= NAME:f OP:( NUMBER:1 OP:, NL NEWLINE NAME:def NAME:g OP:( OP:) OP:: "
		"NEWLINE INDENT NAME:pass NEWLINE DEDENT ENDMARKER",
		"1:6 '(' was never closed", "unclosed bracket closed before def");
	lex_err("x)\n", 3, "NAME:x OP:) NEWLINE ENDMARKER", "1:2 unmatched ')'", "unmatched closer");
	lex_err("(]\n", 3, NULL,
		"1:2 closing parenthesis ']' does not match opening parenthesis '('",
		"mismatched closer");
	lex_err("x = 1 \\ y\n", 10, NULL,
		"1:7 unexpected character after line continuation character", "stray backslash");
}

static void test_garbage(void)
{
	/* every byte value, several times: must terminate without crashing */
	char buf[4096];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + (i >> 8));
	size_t nd;
	char *got = lex_str(buf, sizeof(buf), &nd, NULL, 0);
	tap_ok(got != NULL && strstr(got, "ENDMARKER") != NULL, "binary garbage ends in ENDMARKER");
	tap_ok(nd > 0 && nd <= 51, "garbage diagnostics are capped (%zu)", nd);
	free(got);

	/* not NUL-terminated: the lexer must stop at len */
	char *heap = malloc(3);
	memcpy(heap, "'ab", 3);
	got = lex_str(heap, 3, &nd, NULL, 0);
	tap_is_str(got, "ERRORTOKEN NEWLINE ENDMARKER", "unterminated at exact end of buffer");
	free(got);
	memcpy(heap, "0x_", 3);
	got = lex_str(heap, 3, &nd, NULL, 0);
	tap_ok(strstr(got, "ENDMARKER") != NULL, "number at end of buffer");
	free(got);
	free(heap);
}

static void test_speed(void)
{
	const char *line = "    op.add_column('t', sa.Column('c', sa.String(length=50), nullable=True))  # x\n";
	size_t ll = strlen(line), n = 5 * 1024 * 1024 / ll;
	char *big = malloc(n * ll + 32);
	memcpy(big, "def f():\n", 9);
	size_t len = 9;
	for (size_t i = 0; i < n; i++, len += ll)
		memcpy(big + len, line, ll);
	struct arena a;
	arena_init(&a);
	clock_t t0 = clock();
	struct py_lexer *lx = py_lexer_new(&a, NULL, "big.py", big, len);
	size_t count = 0;
	while (py_lexer_next(lx).kind != PY_TOK_ENDMARKER)
		count++;
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	tap_ok(count > n * 20, "5 MB file tokenized (%zu tokens)", count);
	tap_ok(secs < 2.0, "5 MB file tokenized quickly (%.3f s)", secs);
	arena_free(&a);

	/* one 5 MB line of nested brackets: linear, no recursion */
	memset(big, '(', len);
	arena_init(&a);
	struct diag_list dl;
	diag_list_init(&dl, &a);
	lx = py_lexer_new(&a, &dl, "deep.py", big, len);
	count = 0;
	while (py_lexer_next(lx).kind != PY_TOK_ENDMARKER)
		count++;
	tap_ok(count == len + 1 && dl.n == 1, "5 MB of '(' tokenized with one diagnostic");
	arena_free(&a);
	free(big);
}

int main(void)
{
	test_basics();
	test_indent();
	test_line_endings();
	test_strings();
	test_numbers();
	test_unicode();
	test_errors();
	test_garbage();
	test_speed();
	return tap_done();
}
