/* test_py_parser.c - the Python parser, checked through the AST dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/py_ast.h"
#include "cupel/strbuf.h"
#include "../lib/tap.h"

struct result {
	char *dump;      /* body statements only, without the MODULE wrapper */
	char *diag;      /* first diagnostic "line:col code msg", or "" */
	size_t n_diags;
	unsigned n_errors;
};

static struct result parse_n(const char *src, size_t len)
{
	struct arena a;
	struct diag_list dl;
	struct strbuf sb = STRBUF_INIT;
	struct result r;
	arena_init(&a);
	diag_list_init(&dl, &a);
	struct py_module *m = py_parse(&a, &dl, "t.py", src, len);
	const struct py_list *body = &m->root->u.module.body;
	for (size_t i = 0; i < body->n; i++) {
		if (i)
			strbuf_addc(&sb, ' ');
		py_ast_dump(&sb, body->items[i]);
	}
	r.dump = strbuf_detach(&sb, NULL);
	strbuf_init(&sb);
	if (dl.n)
		strbuf_addf(&sb, "%u:%u %s %s", dl.items[0].span.line, dl.items[0].span.col,
			    dl.items[0].code, dl.items[0].msg);
	r.diag = strbuf_detach(&sb, NULL);
	r.n_diags = dl.n;
	r.n_errors = m->n_errors;
	arena_free(&a);
	return r;
}

static void result_free(struct result *r)
{
	free(r->dump);
	free(r->diag);
}

/* Parses cleanly and dumps as want. */
static void ok(const char *src, const char *want, const char *name)
{
	struct result r = parse_n(src, strlen(src));
	tap_is_str(r.dump, want, name);
	if (!tap_ok(r.n_diags == 0 && r.n_errors == 0, "  %s: no errors", name))
		printf("# diag: %s\n", r.diag);
	result_free(&r);
}

/* Has an error; the dump and first diagnostic are as given (NULL: any). */
static void bad(const char *src, size_t len, const char *want, const char *want_diag,
		const char *name)
{
	struct result r = parse_n(src, len);
	tap_ok(r.n_errors > 0 || r.n_diags > 0, "%s: error reported", name);
	if (want)
		tap_is_str(r.dump, want, "  dump");
	if (want_diag)
		tap_is_str(r.diag, want_diag, "  diagnostic");
	result_free(&r);
}

static void test_statements(void)
{
	ok("x = 1\n", "(ASSIGN@1:1 (NAME@1:1 x) (CONSTANT@1:5 int 1))", "assignment");
	ok("a = b = 1\n", "(ASSIGN@1:1 (NAME@1:1 a) (NAME@1:5 b) (CONSTANT@1:9 int 1))",
	   "chained assignment");
	ok("x: int\n", "(ANNASSIGN@1:1 (NAME@1:1 x) (NAME@1:4 int) -)", "annotation only");
	ok("x += 1\ny **= 2\n",
	   "(AUGASSIGN@1:1 (NAME@1:1 x) += (CONSTANT@1:6 int 1)) "
	   "(AUGASSIGN@2:1 (NAME@2:1 y) **= (CONSTANT@2:7 int 2))",
	   "augmented assignment");
	ok("a, *b = c\n",
	   "(ASSIGN@1:1 (TUPLE@1:1 (NAME@1:1 a) (STARRED@1:4 (NAME@1:5 b))) (NAME@1:9 c))",
	   "tuple and star target");
	ok("[a, b] = x, y = 1, 2\n",
	   "(ASSIGN@1:1 (LIST@1:1 (NAME@1:2 a) (NAME@1:5 b)) (TUPLE@1:10 (NAME@1:10 x) "
	   "(NAME@1:13 y)) (TUPLE@1:17 (CONSTANT@1:17 int 1) (CONSTANT@1:20 int 2)))",
	   "list target and tuple");
	ok("import a.b as c, d\n",
	   "(IMPORT@1:1 (ALIAS@1:8 a.b as c) (ALIAS@1:18 d))", "import");
	ok("from x import (a, b as c,)\n",
	   "(IMPORT_FROM@1:1 x (ALIAS@1:16 a) (ALIAS@1:19 b as c))", "from import in brackets");
	ok("from . import x\nfrom ..a.b import *\nfrom ... import y\n",
	   "(IMPORT_FROM@1:1 . (ALIAS@1:15 x)) (IMPORT_FROM@2:1 ..a.b (ALIAS@2:19 *)) "
	   "(IMPORT_FROM@3:1 ... (ALIAS@3:17 y))",
	   "relative imports");
	ok("pass; break; continue\n", "(PASS@1:1) (BREAK@1:7) (CONTINUE@1:14)",
	   "simple statements separated by ;");
	ok("x = 1;\n", "(ASSIGN@1:1 (NAME@1:1 x) (CONSTANT@1:5 int 1))", "trailing semicolon");
	ok("return\nreturn 1, 2\n",
	   "(RETURN@1:1 -) (RETURN@2:1 (TUPLE@2:8 (CONSTANT@2:8 int 1) (CONSTANT@2:11 int 2)))",
	   "return");
	ok("raise\nraise E from e\n",
	   "(RAISE@1:1 - -) (RAISE@2:1 (NAME@2:7 E) (NAME@2:14 e))", "raise");
	ok("del a, b[0]\n",
	   "(DEL@1:1 (NAME@1:5 a) (SUBSCRIPT@1:8 (NAME@1:8 b) (CONSTANT@1:10 int 0)))", "del");
	ok("global a, b\nnonlocal c\n",
	   "(GLOBAL@1:1 (NAME@1:8 a) (NAME@1:11 b)) (NONLOCAL@2:1 (NAME@2:10 c))",
	   "global and nonlocal");
	ok("assert x, 'm'\n", "(ASSERT@1:1 (NAME@1:8 x) (CONSTANT@1:11 str \"m\"))", "assert");
}

static void test_compound(void)
{
	ok("if a:\n    x\nelif b:\n    y\nelse:\n    z\n",
	   "(IF@1:1 (NAME@1:4 a) (body (EXPR_STMT@2:5 (NAME@2:5 x))) (orelse (IF@3:1 (NAME@3:6 b) "
	   "(body (EXPR_STMT@4:5 (NAME@4:5 y))) (orelse (EXPR_STMT@6:5 (NAME@6:5 z))))))",
	   "if/elif/else");
	ok("if x: pass\n", "(IF@1:1 (NAME@1:4 x) (body (PASS@1:7)))", "one-line body");
	ok("for i, j in x:\n    pass\nelse:\n    pass\n",
	   "(FOR@1:1 (TUPLE@1:5 (NAME@1:5 i) (NAME@1:8 j)) (NAME@1:13 x) (body (PASS@2:5)) "
	   "(orelse (PASS@4:5)))",
	   "for/else");
	ok("while x:\n    break\nelse:\n    pass\n",
	   "(WHILE@1:1 (NAME@1:7 x) (body (BREAK@2:5)) (orelse (PASS@4:5)))", "while/else");
	ok("with a as b, c:\n    pass\n",
	   "(WITH@1:1 (WITH_ITEM@1:6 (NAME@1:6 a) as (NAME@1:11 b)) (WITH_ITEM@1:14 (NAME@1:14 c)) "
	   "(body (PASS@2:5)))",
	   "with several items");
	ok("with (a as b,\n      c as d):\n    pass\n",
	   "(WITH@1:1 (WITH_ITEM@1:7 (NAME@1:7 a) as (NAME@1:12 b)) (WITH_ITEM@2:7 (NAME@2:7 c) as "
	   "(NAME@2:12 d)) (body (PASS@3:5)))",
	   "parenthesised with items");
	ok("with (open(f)) as g:\n    pass\n",
	   "(WITH@1:1 (WITH_ITEM@1:6 (CALL@1:7 (NAME@1:7 open) (NAME@1:12 f)) as (NAME@1:19 g)) "
	   "(body (PASS@2:5)))",
	   "parenthesised context expression");
	ok("try:\n    x\nexcept E as e:\n    y\nexcept (A, B):\n    pass\nexcept:\n    pass\n"
	   "else:\n    z\nfinally:\n    w\n",
	   "(TRY@1:1 (body (EXPR_STMT@2:5 (NAME@2:5 x))) (handlers (EXCEPT_HANDLER@3:1 (NAME@3:8 E) "
	   "as e (body (EXPR_STMT@4:5 (NAME@4:5 y)))) (EXCEPT_HANDLER@5:1 (TUPLE@5:8 (NAME@5:9 A) "
	   "(NAME@5:12 B)) (body (PASS@6:5))) (EXCEPT_HANDLER@7:1 - (body (PASS@8:5)))) "
	   "(orelse (EXPR_STMT@10:5 (NAME@10:5 z))) (finally (EXPR_STMT@12:5 (NAME@12:5 w))))",
	   "try/except/else/finally");
	ok("try:\n    pass\nfinally:\n    pass\n",
	   "(TRY@1:1 (body (PASS@2:5)) (finally (PASS@4:5)))", "try/finally");
	ok("@dec\n@mod.dec(1)\nasync def f(a, b: int = 1, /, c=2, *args, d, e: str, **kw) -> None:\n"
	   "    pass\n",
	   "(FUNCTION_DEF@3:1 async f (decorators (NAME@1:2 dec) (CALL@2:2 (ATTRIBUTE@2:2 "
	   "(NAME@2:2 mod) dec) (CONSTANT@2:10 int 1))) (args (ARG@3:13 a) (ARG@3:16 b (annotation "
	   "(NAME@3:19 int)) (default (CONSTANT@3:25 int 1))) (ARG@3:28 /) (ARG@3:31 c (default "
	   "(CONSTANT@3:33 int 2))) (ARG@3:36 *args) (ARG@3:43 d) (ARG@3:46 e (annotation (NAME@3:49 "
	   "str))) (ARG@3:54 **kw)) (returns (CONSTANT@3:63 None)) (body (PASS@4:5)))",
	   "def with everything");
	ok("def f(*, a):\n    return a\n",
	   "(FUNCTION_DEF@1:1 f (args (ARG@1:7 *) (ARG@1:10 a)) (body (RETURN@2:5 (NAME@2:12 a))))",
	   "bare star marker");
	ok("class C(Base, metaclass=M):\n    x = 1\n",
	   "(CLASS_DEF@1:1 C (bases (NAME@1:9 Base)) (keywords (KEYWORD@1:15 metaclass (NAME@1:25 "
	   "M))) (body (ASSIGN@2:5 (NAME@2:5 x) (CONSTANT@2:9 int 1))))",
	   "class with bases and keywords");
	ok("async def f():\n    async for x in y:\n        await z\n    async with a:\n        pass\n",
	   "(FUNCTION_DEF@1:1 async f (body (FOR@2:5 async (NAME@2:15 x) (NAME@2:20 y) (body "
	   "(EXPR_STMT@3:9 (AWAIT@3:9 (NAME@3:15 z))))) (WITH@4:5 async (WITH_ITEM@4:16 (NAME@4:16 "
	   "a)) (body (PASS@5:9)))))",
	   "async for/with/await");
	ok("match = 1\n", "(ASSIGN@1:1 (NAME@1:1 match) (CONSTANT@1:9 int 1))",
	   "soft keyword as a name");
}

static void test_expressions(void)
{
	ok("a or b and not c\n",
	   "(EXPR_STMT@1:1 (BOOL_OP@1:1 or (NAME@1:1 a) (BOOL_OP@1:6 and (NAME@1:6 b) "
	   "(UNARY_OP@1:12 not (NAME@1:16 c)))))",
	   "boolean precedence");
	ok("a < b <= c not in d is not e\n",
	   "(EXPR_STMT@1:1 (COMPARE@1:1 (NAME@1:1 a) < (NAME@1:5 b) <= (NAME@1:10 c) not in "
	   "(NAME@1:19 d) is not (NAME@1:28 e)))",
	   "comparison chain");
	ok("a | b ^ c & d << e + f * g ** -h\n",
	   "(EXPR_STMT@1:1 (BIN_OP@1:1 | (NAME@1:1 a) (BIN_OP@1:5 ^ (NAME@1:5 b) (BIN_OP@1:9 & "
	   "(NAME@1:9 c) (BIN_OP@1:13 << (NAME@1:13 d) (BIN_OP@1:18 + (NAME@1:18 e) (BIN_OP@1:22 * "
	   "(NAME@1:22 f) (BIN_OP@1:26 ** (NAME@1:26 g) (UNARY_OP@1:31 - (NAME@1:32 h))))))))))",
	   "binary precedence");
	ok("a - b - c\n",
	   "(EXPR_STMT@1:1 (BIN_OP@1:1 - (BIN_OP@1:1 - (NAME@1:1 a) (NAME@1:5 b)) (NAME@1:9 c)))",
	   "left associativity");
	ok("a ** b ** c\n",
	   "(EXPR_STMT@1:1 (BIN_OP@1:1 ** (NAME@1:1 a) (BIN_OP@1:6 ** (NAME@1:6 b) (NAME@1:11 c))))",
	   "power is right associative");
	ok("x // y % z @ w\n",
	   "(EXPR_STMT@1:1 (BIN_OP@1:1 @ (BIN_OP@1:1 % (BIN_OP@1:1 // (NAME@1:1 x) (NAME@1:6 y)) "
	   "(NAME@1:10 z)) (NAME@1:14 w)))",
	   "term operators");
	ok("-x + ~y\n",
	   "(EXPR_STMT@1:1 (BIN_OP@1:1 + (UNARY_OP@1:1 - (NAME@1:2 x)) (UNARY_OP@1:6 ~ (NAME@1:7 y))))",
	   "unary operators");
	ok("lambda x, *a, k=1, **kw: x\n",
	   "(EXPR_STMT@1:1 (LAMBDA@1:1 (args (ARG@1:8 x) (ARG@1:11 *a) (ARG@1:15 k (default "
	   "(CONSTANT@1:17 int 1))) (ARG@1:20 **kw)) (NAME@1:26 x)))",
	   "lambda");
	ok("a if b else c\n",
	   "(EXPR_STMT@1:1 (IF_EXP@1:1 (NAME@1:6 b) (NAME@1:1 a) (NAME@1:13 c)))",
	   "conditional expression");
	ok("if (n := len(a)) > 1: pass\n",
	   "(IF@1:1 (COMPARE@1:4 (NAMED_EXPR@1:5 (NAME@1:5 n) (CALL@1:10 (NAME@1:10 len) "
	   "(NAME@1:14 a))) > (CONSTANT@1:20 int 1)) (body (PASS@1:23)))",
	   "walrus");
	ok("f(a, *b, c=1, **d)\n",
	   "(EXPR_STMT@1:1 (CALL@1:1 (NAME@1:1 f) (NAME@1:3 a) (STARRED@1:6 (NAME@1:7 b)) "
	   "(KEYWORD@1:10 c (CONSTANT@1:12 int 1)) (KEYWORD@1:15 ** (NAME@1:17 d))))",
	   "call arguments");
	ok("a.b[1:2, ::3](x)[:]\n",
	   "(EXPR_STMT@1:1 (SUBSCRIPT@1:1 (CALL@1:1 (SUBSCRIPT@1:1 (ATTRIBUTE@1:1 (NAME@1:1 a) b) "
	   "(TUPLE@1:5 (SLICE@1:5 (CONSTANT@1:5 int 1) (CONSTANT@1:7 int 2) -) (SLICE@1:10 - - "
	   "(CONSTANT@1:12 int 3)))) (NAME@1:15 x)) (SLICE@1:18 - - -)))",
	   "trailers and slices");
	ok("(), (1,), [1, *a], {1, 2}, {}, {'a': 1, **d}\n",
	   "(EXPR_STMT@1:1 (TUPLE@1:1 (TUPLE@1:1) (TUPLE@1:5 (CONSTANT@1:6 int 1)) (LIST@1:11 "
	   "(CONSTANT@1:12 int 1) (STARRED@1:15 (NAME@1:16 a))) (SET@1:20 (CONSTANT@1:21 int 1) "
	   "(CONSTANT@1:24 int 2)) (DICT@1:28) (DICT@1:32 (CONSTANT@1:33 str \"a\") (CONSTANT@1:38 "
	   "int 1) ** (NAME@1:43 d))))",
	   "displays");
	ok("[x for x in y if x if z for w in x]\n",
	   "(EXPR_STMT@1:1 (LIST_COMP@1:1 (NAME@1:2 x) (COMPREHENSION@1:4 (NAME@1:8 x) (NAME@1:13 y) "
	   "(if (NAME@1:18 x) (NAME@1:23 z))) (COMPREHENSION@1:25 (NAME@1:29 w) (NAME@1:34 x))))",
	   "list comprehension");
	ok("{k: v for k, v in d}, {x async for x in y}, (x for x in y), f(x for x in y)\n",
	   "(EXPR_STMT@1:1 (TUPLE@1:1 (DICT_COMP@1:1 (NAME@1:2 k) (NAME@1:5 v) (COMPREHENSION@1:7 "
	   "(TUPLE@1:11 (NAME@1:11 k) (NAME@1:14 v)) (NAME@1:19 d))) (SET_COMP@1:23 (NAME@1:24 x) "
	   "(COMPREHENSION@1:26 async (NAME@1:36 x) (NAME@1:41 y))) (GENERATOR_EXP@1:45 (NAME@1:46 x) "
	   "(COMPREHENSION@1:48 (NAME@1:52 x) (NAME@1:57 y))) (CALL@1:61 (NAME@1:61 f) "
	   "(GENERATOR_EXP@1:63 (NAME@1:63 x) (COMPREHENSION@1:65 (NAME@1:69 x) (NAME@1:74 y))))))",
	   "dict/set comprehensions and generators");
	ok("def g():\n    x = yield\n    yield from y\n    z = (yield 1)\n",
	   "(FUNCTION_DEF@1:1 g (body (ASSIGN@2:5 (NAME@2:5 x) (YIELD@2:9 -)) (EXPR_STMT@3:5 "
	   "(YIELD_FROM@3:5 (NAME@3:16 y))) (ASSIGN@4:5 (NAME@4:5 z) (YIELD@4:10 (CONSTANT@4:16 int "
	   "1)))))",
	   "yield forms");
	ok("x = 0x1F, 1.5, 2j, 1e3, ..., True, False, None\n",
	   "(ASSIGN@1:1 (NAME@1:1 x) (TUPLE@1:5 (CONSTANT@1:5 int 0x1F) (CONSTANT@1:11 float 1.5) "
	   "(CONSTANT@1:16 imag 2j) (CONSTANT@1:20 float 1e3) (CONSTANT@1:25 Ellipsis) "
	   "(CONSTANT@1:30 True) (CONSTANT@1:36 False) (CONSTANT@1:43 None)))",
	   "constants");
}

static void test_strings(void)
{
	ok("'a' \"b\" '''c'''\n", "(EXPR_STMT@1:1 (CONSTANT@1:1 str \"abc\"))",
	   "implicit concatenation");
	ok("b'a' b'\\xff'\n", "(EXPR_STMT@1:1 (CONSTANT@1:1 bytes b\"a\\xff\"))", "bytes");
	ok("'\\n\\t\\x41\\u00e9\\U0001F600\\101\\\\\\'\\q\\N{DASH}'\n",
	   "(EXPR_STMT@1:1 (CONSTANT@1:1 str \"\\n\\tA\xC3\xA9\xF0\x9F\x98\x80" "A\\\\'\\\\q\\\\N{DASH}\"))",
	   "escapes decoded, unknown ones kept");
	ok("r'\\n\\x41'\n", "(EXPR_STMT@1:1 (CONSTANT@1:1 str \"\\\\n\\\\x41\"))", "raw string");
	ok("'a\\0b'\n", "(EXPR_STMT@1:1 (CONSTANT@1:1 str \"a\\x00b\"))", "embedded NUL");
	ok("'''a\r\nb'''\n", "(EXPR_STMT@1:1 (CONSTANT@1:1 str \"a\\nb\"))",
	   "CRLF in a string reads as LF");
	ok("f'a{x!r:>{w}}b{{c}}'\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (CONSTANT@1:3 str \"a\") (FORMATTED_VALUE@1:4 (NAME@1:5 x) "
	   "!r (JOINED_STR@1:8 (CONSTANT@1:9 str \">\") (FORMATTED_VALUE@1:10 (NAME@1:11 w)))) "
	   "(CONSTANT@1:14 str \"b{c}\")))",
	   "f-string with conversion and nested spec");
	ok("f'{x=}' f\"{y = :>3}\"\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (CONSTANT@1:4 str \"x=\") (FORMATTED_VALUE@1:3 "
	   "(NAME@1:4 x) !r) (CONSTANT@1:12 str \"y = \") (FORMATTED_VALUE@1:11 (NAME@1:12 y) "
	   "(JOINED_STR@1:16 (CONSTANT@1:17 str \">3\")))))",
	   "self-documenting f-string");
	ok("'a' f'{d[\"k\"]}' 'c'\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (CONSTANT@1:1 str \"a\") (FORMATTED_VALUE@1:7 "
	   "(SUBSCRIPT@1:8 (NAME@1:8 d) (CONSTANT@1:10 str \"k\"))) (CONSTANT@1:17 str \"c\")))",
	   "f-string in a concatenation, nested quotes");
	ok("f'''{\n  a +\n  b}'''\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (FORMATTED_VALUE@1:5 (BIN_OP@2:3 + (NAME@2:3 a) "
	   "(NAME@3:3 b)))))",
	   "multi-line field keeps file positions");
	ok("rf'\\d{x}'\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (CONSTANT@1:4 str \"\\\\d\") (FORMATTED_VALUE@1:6 "
	   "(NAME@1:7 x))))",
	   "raw f-string");
	ok("f'{a!s}{b!a}{f\"{c}\"}'\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (FORMATTED_VALUE@1:3 (NAME@1:4 a) !s) "
	   "(FORMATTED_VALUE@1:8 (NAME@1:9 b) !a) (FORMATTED_VALUE@1:13 (JOINED_STR@1:14 "
	   "(FORMATTED_VALUE@1:16 (NAME@1:17 c))))))",
	   "conversions and nested f-string");
	bad("f'{}'\n", 6, NULL, "1:3 py-syntax f-string: empty expression not allowed",
	    "empty f-string field");
	bad("f'{x'\n", 6, NULL, "1:3 py-syntax f-string: expecting '}'", "unclosed field");
	bad("f'}'\n", 5, NULL, "1:3 py-syntax f-string: single '}' is not allowed", "single }");
	bad("f'{x!z}'\n", 9, NULL, "1:6 py-syntax f-string: invalid conversion character",
	    "bad conversion");
	bad("f'{a b}'\n", 9, NULL, NULL, "bad field expression");
	bad("'a' b'b'\n", 9, NULL, "1:5 py-syntax cannot mix bytes and nonbytes literals",
	    "bytes and str mixed");
}

static void test_recovery(void)
{
	bad("x = 1\ny = = 2\nz = 3\n", 20,
	    "(ASSIGN@1:1 (NAME@1:1 x) (CONSTANT@1:5 int 1)) (ERROR@2:1 \"invalid syntax near '='\") "
	    "(ASSIGN@3:1 (NAME@3:1 z) (CONSTANT@3:5 int 3))",
	    "2:5 py-syntax invalid syntax near '='", "bad line in the middle");
	bad("def f():\n    x = (1,\n    y = 2\n    return 1\ndef g():\n    pass\n", 62, NULL,
	    NULL, "unclosed bracket inside a function");
	struct result r = parse_n("def f():\n    x = (1,\n    y = 2\n    return 1\ndef g():\n    pass\n",
				  62);
	tap_ok(strstr(r.dump, "(FUNCTION_DEF@5:1 g") != NULL, "  the next def is still parsed");
	result_free(&r);
	bad("if x\n    y = 1\nz = 2\n", 20,
	    "(ERROR@1:1 \"expected ':'\") (ASSIGN@3:1 (NAME@3:1 z) (CONSTANT@3:5 int 2))",
	    "1:5 py-syntax expected ':'", "bad block header skips its block");
	bad("if x:\ny = 1\n", 12,
	    "(ERROR@1:1 \"expected an indented block\") (ASSIGN@2:1 (NAME@2:1 y) (CONSTANT@2:5 int 1))",
	    "2:1 py-syntax expected an indented block", "missing indented block");
	bad("x = 1\n    y = 2\n    w = 3\nz = 3\n", 32,
	    "(ASSIGN@1:1 (NAME@1:1 x) (CONSTANT@1:5 int 1)) (ERROR@2:1 \"unexpected indent\") "
	    "(ASSIGN@4:1 (NAME@4:1 z) (CONSTANT@4:5 int 3))",
	    "2:1 py-syntax unexpected indent", "unexpected indent");
	bad("def f():\n    a = 1\n    b = )\n    c = 2\nd = 4\n", 45,
	    "(FUNCTION_DEF@1:1 f (body (ASSIGN@2:5 (NAME@2:5 a) (CONSTANT@2:9 int 1)) (ERROR@3:5 "
	    "\"invalid syntax near ')'\") (ASSIGN@4:5 (NAME@4:5 c) (CONSTANT@4:9 int 2)))) "
	    "(ASSIGN@5:1 (NAME@5:1 d) (CONSTANT@5:5 int 4))",
	    NULL, "error inside a block");
	bad("f() = 1\n", 8, NULL, "1:1 py-syntax cannot assign to function call",
	    "assignment to a call");
	bad("1 += 1\n", 7, NULL, "1:1 py-syntax cannot assign to literal", "augassign to literal");
	bad("try:\n    pass\nx = 1\n", 19, NULL, NULL, "try without except");
	bad("x = 'abc\ny = 2\n", 15,
	    "(ERROR@1:1 \"invalid token\") (ASSIGN@2:1 (NAME@2:1 y) (CONSTANT@2:5 int 2))",
	    "1:5 py-lex unterminated string literal (detected at line 1)", "unterminated string");
	bad("x = 1\ny = '''abc\n", 17, "(ASSIGN@1:1 (NAME@1:1 x) (CONSTANT@1:5 int 1)) "
	    "(ERROR@2:1 \"invalid token\")",
	    "2:5 py-lex unterminated triple-quoted string literal (detected at line 3)",
	    "unterminated triple-quoted string");
	bad("x = f'{a\n", 9, NULL, "1:5 py-lex unterminated f-string literal (detected at line 1)",
	    "unterminated f-string");
	bad("x = \xff\xfe\ny = 1\n", 13,
	    "(ERROR@1:1 \"invalid token\") (ASSIGN@2:1 (NAME@2:1 y) (CONSTANT@2:5 int 1))",
	    "1:5 py-lex invalid utf-8 sequence", "invalid UTF-8");
	bad("x = 1\n\0\0\0garbage\0\ny = 2\n", 25, NULL, NULL, "NUL bytes");
	r = parse_n("x = 1\n\0\0\0garbage\0\ny = 2\n", 25);
	tap_ok(strstr(r.dump, "(ASSIGN@3:1 (NAME@3:1 y)") != NULL, "  the line after NULs parses");
	result_free(&r);
	bad("else:\n    pass\nx = 1\n", 21, "(ERROR@1:1 \"invalid syntax near 'else'\") "
	    "(ASSIGN@3:1 (NAME@3:1 x) (CONSTANT@3:5 int 1))", NULL, "stray else");
	bad("x = (1,\n", 8, NULL, "1:5 py-lex '(' was never closed", "unclosed bracket at EOF");
	bad("class C:\n  def f(self):\n\tpass\n", 30, NULL, NULL, "tabs after spaces");
}

static void test_layout(void)
{
	ok("if x:\r\n    y = 1\r\nz = 2\r\n",
	   "(IF@1:1 (NAME@1:4 x) (body (ASSIGN@2:5 (NAME@2:5 y) (CONSTANT@2:9 int 1)))) "
	   "(ASSIGN@3:1 (NAME@3:1 z) (CONSTANT@3:5 int 2))",
	   "CRLF line endings");
	ok("\xEF\xBB\xBF\"\"\"doc\"\"\"\nx = 1\n",
	   "(EXPR_STMT@1:1 (CONSTANT@1:1 str \"doc\")) (ASSIGN@2:1 (NAME@2:1 x) (CONSTANT@2:5 int 1))",
	   "BOM then docstring");
	ok("if x:\n\ty = 1\n\tif z:\n\t\tw = 2\n",
	   "(IF@1:1 (NAME@1:4 x) (body (ASSIGN@2:2 (NAME@2:2 y) (CONSTANT@2:6 int 1)) (IF@3:2 "
	   "(NAME@3:5 z) (body (ASSIGN@4:3 (NAME@4:3 w) (CONSTANT@4:7 int 2))))))",
	   "tab indentation, a tab is one column");
	ok("x = [1,\n# c\n  2] \\\n  + y\n",
	   "(ASSIGN@1:1 (NAME@1:1 x) (BIN_OP@1:5 + (LIST@1:5 (CONSTANT@1:6 int 1) (CONSTANT@3:3 int 2)) "
	   "(NAME@4:5 y)))",
	   "implicit joining, comment and backslash");
	ok("caf\xC3\xA9 = '\xC3\xA9'\n",
	   "(ASSIGN@1:1 (NAME@1:1 caf\xC3\xA9) (CONSTANT@1:8 str \"\xC3\xA9\"))",
	   "non-ASCII name, columns in code points");
	ok("", "", "empty file");
	ok("# only a comment", "", "only a comment");
}

static void test_depth(void)
{
	size_t n = 100000;
	char *s = malloc(2 * n + 16);
	memset(s, '(', n);
	memset(s + n, ')', n);
	struct result r = parse_n(s, 2 * n);
	tap_ok(r.n_errors == 1, "100,000 nested brackets: one error node");
	tap_ok(strstr(r.diag, "nesting too deep") != NULL, "  depth diagnostic (%s)", r.diag);
	result_free(&r);

	r = parse_n(s, n); /* and never closed */
	tap_ok(r.n_errors == 1 && r.n_diags == 2, "100,000 unclosed brackets (%zu diags)", r.n_diags);
	result_free(&r);

	/* long left-deep chains and unary runs are bounded too */
	for (size_t i = 0; i < n; i++)
		s[i] = (i & 1) ? '+' : '1';
	s[n - 1] = '1';
	r = parse_n(s, n);
	tap_ok(r.n_errors == 1 && strstr(r.diag, "nesting too deep"), "50,000-term sum bounded");
	result_free(&r);
	memset(s, '-', n);
	s[n - 1] = '1';
	r = parse_n(s, n);
	tap_ok(r.n_errors == 1, "100,000 unary minus bounded");
	result_free(&r);
	for (size_t i = 0; i < n; i++)
		s[i] = (i & 1) ? '.' : 'a';
	s[n - 1] = 'a';
	r = parse_n(s, n);
	tap_ok(r.n_errors == 1, "50,000 attribute chain bounded");
	result_free(&r);
	memcpy(s, "x = ", 4);
	for (size_t i = 4; i < n; i++)
		s[i] = "[{("[i % 3];
	r = parse_n(s, n);
	tap_ok(r.n_errors == 1, "mixed nesting bounded");
	result_free(&r);
	free(s);

	/* deeply nested blocks */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 300; i++) {
		for (int j = 0; j < i; j++)
			strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, "if x:\n");
	}
	for (int j = 0; j < 300; j++)
		strbuf_addc(&sb, ' ');
	strbuf_adds(&sb, "pass\ny = 1\n");
	r = parse_n(sb.buf, sb.len);
	tap_ok(r.n_errors == 1 && strstr(r.dump, "(ASSIGN@302:1 (NAME@302:1 y)"),
	       "300 nested blocks: error, then the next statement");
	result_free(&r);
	strbuf_release(&sb);

	/* a 250-deep f-string nesting is bounded by the f-string limit */
	ok("f'{f\"{x}\"}'\n",
	   "(EXPR_STMT@1:1 (JOINED_STR@1:1 (FORMATTED_VALUE@1:3 (JOINED_STR@1:4 "
	   "(FORMATTED_VALUE@1:6 (NAME@1:7 x))))))",
	   "nested f-string");
	bad("f'{x:{y:{z:{w}}}}'\n", 19, NULL, "1:12 py-syntax f-string: expressions nested too deeply",
	    "format spec nesting bounded");
}

static const char migration[] =
	"\"\"\"add account table\n"
	"\n"
	"Revision ID: 1a2b3c4d5e6f\n"
	"Revises: 0f0e0d0c0b0a\n"
	"Create Date: 2024-05-01 10:00:00.000000\n"
	"\n"
	"\"\"\"\n"
	"from typing import Sequence, Union\n"
	"\n"
	"from alembic import op\n"
	"import sqlalchemy as sa\n"
	"\n"
	"\n"
	"# revision identifiers, used by Alembic.\n"
	"revision: str = \"1a2b3c4d5e6f\"\n"
	"down_revision: Union[str, Sequence[str], None] = (\"0f0e0d0c0b0a\", \"99aa\")\n"
	"branch_labels = None\n"
	"depends_on = None\n"
	"\n"
	"\n"
	"def upgrade() -> None:\n"
	"    # ### commands auto generated by Alembic - please adjust! ###\n"
	"    op.create_table(\n"
	"        \"account\",\n"
	"        sa.Column(\"id\", sa.Integer(), nullable=False),\n"
	"        sa.Column(\"name\", sa.String(length=50), nullable=False),\n"
	"        sa.PrimaryKeyConstraint(\"id\"),\n"
	"    )\n"
	"    with op.batch_alter_table(\"t\") as batch_op:\n"
	"        batch_op.add_column(sa.Column(\"c\", sa.Text(), nullable=True))\n"
	"        batch_op.create_index(batch_op.f(\"ix_t_c\"), [\"c\"], unique=False)\n"
	"    for table in (\"a\", \"b\"):\n"
	"        op.execute(f\"UPDATE {table} SET c = '{DEFAULT!s}' WHERE id > {LIMIT:d}\")\n"
	"\n"
	"\n"
	"def downgrade() -> None:\n"
	"    with op.batch_alter_table(\"t\") as batch_op:\n"
	"        batch_op.drop_column(\"c\")\n"
	"    op.drop_table(\"account\")  # cupel: ignore[drop-table]\n";

static void test_migration(void)
{
	struct arena a;
	struct diag_list dl;
	arena_init(&a);
	diag_list_init(&dl, &a);
	struct py_module *m = py_parse(&a, &dl, "versions/1a2b.py", migration, sizeof(migration) - 1);
	tap_ok(dl.n == 0 && m->n_errors == 0, "migration parses cleanly");
	const struct py_node *doc = py_module_docstring(m);
	tap_ok(doc && strstr(doc->u.constant.value, "Revision ID: 1a2b3c4d5e6f\n"),
	       "docstring with Revision ID header");
	const struct py_list *body = &m->root->u.module.body;
	tap_is_int((long)body->n, 10, "ten top-level statements");
	struct strbuf sb = STRBUF_INIT;
	py_ast_dump(&sb, body->items[4]);
	tap_is_str(sb.buf, "(ANNASSIGN@15:1 (NAME@15:1 revision) (NAME@15:11 str) (CONSTANT@15:17 str "
		   "\"1a2b3c4d5e6f\"))", "revision: str = ...");
	strbuf_reset(&sb);
	py_ast_dump(&sb, body->items[5]);
	tap_is_str(sb.buf, "(ANNASSIGN@16:1 (NAME@16:1 down_revision) (SUBSCRIPT@16:16 (NAME@16:16 "
		   "Union) (TUPLE@16:22 (NAME@16:22 str) (SUBSCRIPT@16:27 (NAME@16:27 Sequence) "
		   "(NAME@16:36 str)) (CONSTANT@16:42 None))) (TUPLE@16:50 (CONSTANT@16:51 str "
		   "\"0f0e0d0c0b0a\") (CONSTANT@16:67 str \"99aa\")))", "down_revision tuple");
	strbuf_reset(&sb);
	py_ast_dump(&sb, body->items[6]);
	tap_is_str(sb.buf, "(ASSIGN@17:1 (NAME@17:1 branch_labels) (CONSTANT@17:17 None))",
		   "branch_labels");
	const struct py_node *up = body->items[8];
	tap_ok(up->kind == PY_FUNCTION_DEF && strcmp(up->u.function_def.name, "upgrade") == 0 &&
	       up->u.function_def.body.n == 3 && up->end_line == 33, "upgrade() with three statements");
	const struct py_node *w = up->u.function_def.body.items[1];
	tap_ok(w->kind == PY_WITH && w->u.with.body.n == 2 &&
	       strcmp(w->u.with.items.items[0]->u.with_item.optional_vars->u.name.id, "batch_op") == 0,
	       "with op.batch_alter_table(...) as batch_op");
	strbuf_reset(&sb);
	py_ast_dump(&sb, up->u.function_def.body.items[2]->u.for_.body.items[0]);
	tap_is_str(sb.buf, "(EXPR_STMT@33:9 (CALL@33:9 (ATTRIBUTE@33:9 (NAME@33:9 op) execute) "
		   "(JOINED_STR@33:20 (CONSTANT@33:22 str \"UPDATE \") (FORMATTED_VALUE@33:29 "
		   "(NAME@33:30 table)) (CONSTANT@33:36 str \" SET c = '\") (FORMATTED_VALUE@33:46 "
		   "(NAME@33:47 DEFAULT) !s) (CONSTANT@33:57 str \"' WHERE id > \") "
		   "(FORMATTED_VALUE@33:70 (NAME@33:71 LIMIT) (JOINED_STR@33:76 (CONSTANT@33:77 str "
		   "\"d\"))))))", "f-string in op.execute");
	tap_is_int((long)m->n_comments, 3, "comments kept");
	tap_ok(m->n_comments == 3 && m->comments[2].line == 39 && m->comments[2].col == 31 &&
	       strcmp(m->comments[2].text, "# cupel: ignore[drop-table]") == 0,
	       "comment text and position");
	strbuf_release(&sb);
	arena_free(&a);
}

static void test_speed(void)
{
	size_t ml = sizeof(migration) - 1, n = (1300 * 1024) / ml + 1;
	char *big = malloc(n * ml);
	for (size_t i = 0; i < n; i++)
		memcpy(big + i * ml, migration, ml);
	struct arena a;
	struct diag_list dl;
	arena_init(&a);
	diag_list_init(&dl, &a);
	clock_t t0 = clock();
	struct py_module *m = py_parse(&a, &dl, "big.py", big, n * ml);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	tap_ok(m->n_errors == 0 && m->root->u.module.body.n == 10 * n,
	       "1.3 MB of migrations parsed (%zu statements)", m->root->u.module.body.n);
	tap_ok(secs < 1.0, "1.3 MB parsed in %.3f s (sanitizer build)", secs);
	arena_free(&a);
	free(big);
}

/* Inputs the fuzzer found; each must just finish. */
static void test_fuzz_regressions(void)
{
	static const struct { const char *src; size_t len; } cases[] = {
		{ "f'{", 3 },
		{ "f'{'", 4 },
		{ "f'{x:{'", 7 },
		{ "f'\\N{'", 6 },
		{ "(\n\n)", 4 },
		{ "with (a, b):\n", 13 },
		{ "@x\n", 3 },
		{ "x = 'a' \\", 9 },
		{ "if 1:\n  x\n y\n", 13 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct result r = parse_n(cases[i].src, cases[i].len);
		tap_ok(r.dump != NULL, "fuzz regression %zu", i);
		result_free(&r);
	}
}

int main(void)
{
	test_statements();
	test_compound();
	test_expressions();
	test_strings();
	test_recovery();
	test_layout();
	test_depth();
	test_migration();
	test_speed();
	test_fuzz_regressions();
	return tap_done();
}
