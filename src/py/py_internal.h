/* py_internal.h - what the lexer, parser and dumper share privately. */
#ifndef CUPEL_PY_INTERNAL_H
#define CUPEL_PY_INTERNAL_H

#include <stddef.h>

#include "cupel/py_token.h"

/* A lexer over a fragment of a file (an f-string replacement field): token
 * positions start at line:col, newlines are blanks, and no NEWLINE, NL,
 * INDENT or DEDENT tokens are produced. */
struct py_lexer *py_lexer_new_fragment(struct arena *arena, struct diag_list *diags,
				       const char *file, const char *src, size_t len,
				       unsigned line, unsigned col);

/* Length (2..4) of the valid UTF-8 multi-byte sequence at s[0..n), or 0 when
 * it is not one (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t py_utf8_seq_len(const unsigned char *s, size_t n);

#endif
