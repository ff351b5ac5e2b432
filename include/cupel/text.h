/* text.h - Python's string semantics on UTF-8 bytes (strip, splitlines) and
 * making untrusted text safe for a terminal. */
#ifndef CUPEL_TEXT_H
#define CUPEL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/strbuf.h"

/* str.strip(): a copy without leading and trailing Unicode whitespace. */
char *text_py_strip(struct arena *a, const char *s, size_t len);
/* str.splitlines(): lines without their terminators. */
void text_py_splitlines(struct arena *a, const char *s, size_t len,
			const char ***lines, size_t *n);
/* Append s with C0/C1 control characters (and DEL, invalid UTF-8) escaped
 * as \xNN, \r, \t ...; '\n' is kept when keep_newline. */
void text_escape_controls(struct strbuf *out, const char *s, size_t len, bool keep_newline);
/* Does s contain anything text_escape_controls would change? */
bool text_has_controls(const char *s, size_t len, bool keep_newline);
/* The non-empty lines of x that y lacks, as "- line", then those of y that
 * x lacks, as "+ line" (texts compared as sets of lines). */
void text_line_diff(struct strbuf *out, const char *x, const char *y);
/* Length in bytes of the valid UTF-8 sequence at s (1..4), 0 if invalid. */
size_t text_utf8_len(const unsigned char *s, size_t avail, unsigned *cp);

#endif
