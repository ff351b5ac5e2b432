/* fuzz_parser.c - libFuzzer target: every token of the lexer, then the
 * parser and the AST dump, in a fresh arena per input. */
#include <stddef.h>
#include <stdint.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/py_ast.h"
#include "cupel/py_token.h"
#include "cupel/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct diag_list dl;
	arena_init(&a);
	diag_list_init(&dl, &a);
	const char *src = (const char *)data;

	struct py_lexer *lx = py_lexer_new(&a, &dl, "fuzz.py", src, size);
	/* each token consumes input or is layout; bound the loop anyway */
	for (size_t i = 0; i < 4 * size + 1024; i++) {
		struct py_token t = py_lexer_next(lx);
		if (t.off + t.len > size && t.len)
			__builtin_trap();
		if (t.kind == PY_TOK_ENDMARKER)
			break;
	}

	struct py_module *m = py_parse(&a, &dl, "fuzz.py", src, size);
	struct strbuf sb = STRBUF_INIT;
	py_ast_dump(&sb, m->root);
	py_module_docstring(m);
	strbuf_release(&sb);
	arena_free(&a);
	return 0;
}
