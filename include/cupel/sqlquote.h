/* sqlquote.h - identifiers and literals quoted as SQLAlchemy 1.4 quotes them
 * for each dialect. */
#ifndef CUPEL_SQLQUOTE_H
#define CUPEL_SQLQUOTE_H

#include <stdbool.h>

#include "cupel/dialect.h"
#include "cupel/strbuf.h"

/* Does the identifier need quotes on this dialect? (reserved word of that
 * dialect, upper-case letters, a leading digit or '$', characters other
 * than [a-z0-9_$], or the empty string) */
bool sqlquote_needs_quotes(const char *ident, enum dialect d);
/* Append ident, quoted with "" (and embedded " doubled) when needed. */
void sqlquote_ident(struct strbuf *out, const char *ident, enum dialect d);
/* Append schema.name, each part quoted as needed (schema may be NULL). */
void sqlquote_qualified(struct strbuf *out, const char *schema, const char *name, enum dialect d);
/* Append a string literal as SQLAlchemy's literal renderer does for the
 * dialect ('' doubling; PostgreSQL also doubles backslashes). */
void sqlquote_string(struct strbuf *out, const char *s, enum dialect d);

#endif
