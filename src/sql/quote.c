/* quote.c - identifier and string-literal quoting as SQLAlchemy 1.4.46's
 * IdentifierPreparer and String literal processor do it for PostgreSQL and
 * SQLite. */
#include <stdlib.h>
#include <string.h>

#include "cupel/sqlquote.h"

/* The reserved_words sets of PGIdentifierPreparer (postgresql/base.py
 * RESERVED_WORDS) and SQLiteIdentifierPreparer, sorted for bsearch (all
 * lower-case ASCII, so strcmp order). tests/sqlparity/types_oracle.py checks
 * every word against the installed SQLAlchemy. */
static const char *const pg_reserved[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
	"between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
	"cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
	"current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else",
	"end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group",
	"having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join",
	"leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "new", "not",
	"notnull", "null", "of", "off", "offset", "old", "on", "only", "or", "order", "outer", "over",
	"overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user",
	"similar", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique",
	"user", "using", "variadic", "verbose", "when", "where", "window", "with",
};
static const char *const sqlite_reserved[] = {
	"add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement",
	"before", "begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column",
	"commit", "conflict", "constraint", "create", "cross", "current_date", "current_time",
	"current_timestamp", "database", "default", "deferrable", "deferred", "delete", "desc", "detach",
	"distinct", "drop", "each", "else", "end", "escape", "except", "exclusive", "exists", "explain",
	"fail", "false", "for", "foreign", "from", "full", "glob", "group", "having", "if", "ignore",
	"immediate", "in", "index", "indexed", "initially", "inner", "insert", "instead", "intersect",
	"into", "is", "isnull", "join", "key", "left", "like", "limit", "match", "natural", "not",
	"notnull", "null", "of", "offset", "on", "or", "order", "outer", "plan", "pragma", "primary",
	"query", "raise", "references", "reindex", "rename", "replace", "restrict", "right", "rollback",
	"row", "select", "set", "table", "temp", "temporary", "then", "to", "transaction", "trigger",
	"true", "union", "unique", "update", "using", "vacuum", "values", "view", "virtual", "when",
	"where",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define RESERVED_MIN 2
#define RESERVED_MAX 17

static int cmp_word(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

static bool is_reserved(const char *s, size_t n, enum dialect d)
{
	if (n < RESERVED_MIN || n > RESERVED_MAX)
		return false;
	const char *const *tab = d == DIALECT_POSTGRESQL ? pg_reserved : sqlite_reserved;
	size_t ntab = d == DIALECT_POSTGRESQL ? NELEM(pg_reserved) : NELEM(sqlite_reserved);
	return bsearch(s, tab, ntab, sizeof(*tab), cmp_word) != NULL;
}

/* SQLAlchemy: quote when lower(v) is reserved, v[0] is a digit or '$', v
 * does not match ^[A-Z0-9_$]+$ (re.I), or lower(v) != v. For anything that
 * passes the regex, "lower(v) == v" means: no ASCII upper case, no U+0130
 * or U+212A (which re.I also lets through). What is left as legal and
 * lower-case: [a-z0-9_$], U+0131, U+017F, plus the trailing "\n" that `$`
 * tolerates. A name with one of the two odd letters or the "\n" is never a
 * reserved word. */
bool sqlquote_needs_quotes(const char *ident, enum dialect d)
{
	const unsigned char *s = (const unsigned char *)ident;
	if (!s || !*s)
		return true;
	if ((*s >= '0' && *s <= '9') || *s == '$')
		return true;
	size_t i = 0;
	bool plain = true; /* only [a-z0-9_$] */
	for (;;) {
		unsigned char c = s[i];
		if (c == '\0')
			break;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$') {
			i++;
		} else if ((c == 0xC4 && s[i + 1] == 0xB1) || (c == 0xC5 && s[i + 1] == 0xBF)) {
			plain = false;
			i += 2;
		} else if (c == '\n' && s[i + 1] == '\0' && i > 0) {
			plain = false;
			i++;
		} else {
			return true;
		}
	}
	return plain && is_reserved(ident, i, d);
}

static void add_quoted(struct strbuf *out, const char *s, bool double_percents)
{
	strbuf_addc(out, '"');
	for (;;) {
		size_t n = strcspn(s, double_percents ? "\"%" : "\"");
		strbuf_add(out, s, n);
		s += n;
		if (!*s)
			break;
		strbuf_addc(out, *s);
		strbuf_addc(out, *s);
		s++;
	}
	strbuf_addc(out, '"');
}

void sqlquote_ident_ex(struct strbuf *out, const char *ident, enum dialect d, bool double_percents)
{
	if (sqlquote_needs_quotes(ident, d))
		add_quoted(out, ident ? ident : "", double_percents);
	else
		strbuf_adds(out, ident);
}

void sqlquote_ident(struct strbuf *out, const char *ident, enum dialect d)
{
	sqlquote_ident_ex(out, ident, d, false);
}

void sqlquote_qualified_ex(struct strbuf *out, const char *schema, const char *name, enum dialect d,
			   bool double_percents)
{
	if (schema) {
		sqlquote_ident_ex(out, schema, d, double_percents);
		strbuf_addc(out, '.');
	}
	sqlquote_ident_ex(out, name, d, double_percents);
}

void sqlquote_qualified(struct strbuf *out, const char *schema, const char *name, enum dialect d)
{
	sqlquote_qualified_ex(out, schema, name, d, false);
}

/* String.literal_processor: ' -> '', then % -> %% under format/pyformat,
 * wrapped in quotes; PGCompiler.render_literal_value then doubles every
 * backslash (_backslash_escapes is True without a live connection). */
static void quote_lit(struct strbuf *out, const char *s, bool double_percents, bool backslashes)
{
	char stop[4] = "'";
	size_t k = 1;
	if (double_percents)
		stop[k++] = '%';
	if (backslashes)
		stop[k++] = '\\';
	stop[k] = '\0';
	strbuf_addc(out, '\'');
	for (;;) {
		size_t n = strcspn(s, stop);
		strbuf_add(out, s, n);
		s += n;
		if (!*s)
			break;
		strbuf_addc(out, *s);
		strbuf_addc(out, *s);
		s++;
	}
	strbuf_addc(out, '\'');
}

void sqlquote_string_ex(struct strbuf *out, const char *s, enum dialect d, bool double_percents)
{
	quote_lit(out, s, double_percents, d == DIALECT_POSTGRESQL);
}

void sqlquote_literal(struct strbuf *out, const char *s, enum dialect d, bool backslashes)
{
	quote_lit(out, s, false, d == DIALECT_POSTGRESQL && backslashes);
}

void sqlquote_string(struct strbuf *out, const char *s, enum dialect d)
{
	sqlquote_string_ex(out, s, d, false);
}

bool sqlquote_doubles_percents(const char *paramstyle)
{
	return paramstyle && (strcmp(paramstyle, "format") == 0 || strcmp(paramstyle, "pyformat") == 0);
}
