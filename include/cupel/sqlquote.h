/* sqlquote.h - identifiers and literals quoted as SQLAlchemy 1.4 quotes them
 * for each dialect. */
#ifndef CUPEL_SQLQUOTE_H
#define CUPEL_SQLQUOTE_H

#include <stdbool.h>

#include "cupel/dialect.h"
#include "cupel/strbuf.h"

/* Does the identifier need quotes on this dialect? (reserved word of that
 * dialect, upper-case letters, a leading digit or '$', characters other
 * than [a-z0-9_$], or the empty string - on which SQLAlchemy itself raises
 * IndexError). Quirks of Python's re copied exactly: U+0131 (dotless i) and
 * U+017F (long s) count as legal lower-case letters (re.I folds them into
 * [A-Z]), and one trailing "\n" after a legal name is allowed (the regex's
 * `$` matches before it), so "abc\n" is not quoted. */
bool sqlquote_needs_quotes(const char *ident, enum dialect d);
/* Append ident, quoted with "" (and embedded " doubled) when needed. */
void sqlquote_ident(struct strbuf *out, const char *ident, enum dialect d);
/* Append schema.name, each part quoted as needed (schema may be NULL). */
void sqlquote_qualified(struct strbuf *out, const char *schema, const char *name, enum dialect d);
/* Append a string literal as SQLAlchemy's literal renderer does for the
 * dialect ('' doubling; PostgreSQL also doubles backslashes; newlines and
 * tabs stay raw). The same text is used for literal_binds values (insert,
 * bulk_insert), string server_default in CREATE TABLE / ADD COLUMN /
 * ALTER ... SET DEFAULT and COMMENT ON (all verified identical). */
void sqlquote_string(struct strbuf *out, const char *s, enum dialect d);
/* The same for a live PostgreSQL server (backslashes: false) whose
 * standard_conforming_strings is on (the default since 9.1): SQLAlchemy's
 * connected dialect then writes a backslash once; offline (backslashes:
 * true) it doubles it, as sqlquote_string does. */
void sqlquote_literal(struct strbuf *out, const char *s, enum dialect d, bool backslashes);

/* Does the paramstyle double '%' in quoted identifiers and string literals?
 * True for "format" and "pyformat" (psycopg2's default when env.py passes
 * no dialect_opts={"paramstyle": "named"}), false otherwise (pysqlite's
 * default "qmark", "named", "numeric"). */
bool sqlquote_doubles_percents(const char *paramstyle);
/* The functions above with that % doubling (they assume "named"). */
void sqlquote_ident_ex(struct strbuf *out, const char *ident, enum dialect d, bool double_percents);
void sqlquote_qualified_ex(struct strbuf *out, const char *schema, const char *name, enum dialect d,
			   bool double_percents);
void sqlquote_string_ex(struct strbuf *out, const char *s, enum dialect d, bool double_percents);

#endif
