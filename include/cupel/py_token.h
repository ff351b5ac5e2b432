/* py_token.h - tokenizer for Python 3 source (the full lexical grammar:
 * every string prefix, triple quotes, implicit line joining, backslash
 * continuation, INDENT/DEDENT, comments kept, numbers with underscores,
 * non-ASCII identifiers, CRLF, BOM, tabs). */
#ifndef CUPEL_PY_TOKEN_H
#define CUPEL_PY_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/diag.h"

#define PY_TOKEN_KINDS(X) \
	X(ENDMARKER) X(NAME) X(NUMBER) X(STRING) X(OP) X(NEWLINE) \
	X(INDENT) X(DEDENT) X(COMMENT) X(NL) X(ERRORTOKEN)

enum py_tok_kind {
#define X(k) PY_TOK_##k,
	PY_TOKEN_KINDS(X)
#undef X
};

/* Flags of a STRING token, from its prefix. */
enum {
	PY_STR_RAW = 1 << 0,
	PY_STR_BYTES = 1 << 1,
	PY_STR_FMT = 1 << 2,
	PY_STR_UNICODE = 1 << 3, /* u'' */
	PY_STR_TRIPLE = 1 << 4,
};

struct py_token {
	enum py_tok_kind kind;
	const char *text; /* points into the source buffer */
	size_t len;       /* bytes */
	size_t off;       /* byte offset of text in the source */
	unsigned line, col;         /* start, 1-based; col in code points */
	unsigned end_line, end_col; /* one past the end, same units */
	unsigned flags;   /* PY_STR_* for strings */
};

struct py_lexer;

/* A lexer over src[0..len) (need not be NUL-terminated; a UTF-8 BOM is
 * skipped). file names the source in diagnostics. Memory comes from arena;
 * lexical errors go to diags and produce ERRORTOKEN, never abort. */
struct py_lexer *py_lexer_new(struct arena *arena, struct diag_list *diags,
			      const char *file, const char *src, size_t len);
/* Next token. COMMENT and NL tokens are returned too (like Python's
 * tokenize module); the parser skips them. After ENDMARKER, returns
 * ENDMARKER forever. */
struct py_token py_lexer_next(struct py_lexer *lx);
const char *py_tok_kind_name(enum py_tok_kind kind);

#endif
