/* identifier-too-long: a name longer than 63 bytes in the statements
 * (table, column, index, constraint ... names, quoted or not). PostgreSQL
 * truncates it silently to 63 bytes (NAMEDATALEN - 1), so two long names
 * can collide, and a later drop or rename by the full name fails. The
 * parser has truncated them already, so the rule reads the statement's
 * text: identifiers outside strings, comments and dollar quotes. */
#include <ctype.h>

#include "../rule.h"

#define NAME_MAX_BYTES 63

static bool ident_start(unsigned char ch)
{
	return isalpha(ch) || ch == '_' || ch >= 0x80;
}

static bool ident_char(unsigned char ch)
{
	return isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80;
}

static void each(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node, void *arg)
{
	(void)kind;
	(void)node;
	size_t *last = arg;
	if (*last == i + 1)
		return; /* the text of a statement holding several: read once */
	*last = i + 1;
	const char *s = lp->stmts[i].sql;
	for (size_t k = 0; s && s[k];) {
		size_t from = k, len = 0;
		unsigned char ch = (unsigned char)s[k];
		if (ch == '\'') {
			for (k++; s[k] && !(s[k] == '\'' && s[k + 1] != '\''); k += s[k] == '\'' ? 2 : 1)
				;
			k += s[k] ? 1 : 0;
			continue;
		}
		if (ch == '-' && s[k + 1] == '-') {
			while (s[k] && s[k] != '\n')
				k++;
			continue;
		}
		if (ch == '/' && s[k + 1] == '*') {
			const char *e = strstr(s + k + 2, "*/");
			k = e ? (size_t)(e - s) + 2 : strlen(s);
			continue;
		}
		if (ch == '$') {
			size_t t = k + 1;
			while (ident_char((unsigned char)s[t]) && s[t] != '$')
				t++;
			if (s[t] == '$') {
				/* $tag$ ... $tag$ */
				size_t tl = t - k + 1;
				const char *e = s + t + 1;
				while ((e = strchr(e, '$')) && strncmp(e, s + k, tl))
					e++;
				k = e ? (size_t)(e - s) + tl : strlen(s);
				continue;
			}
			k++;
			continue;
		}
		if (ch == '"') {
			for (k++; s[k] && !(s[k] == '"' && s[k + 1] != '"'); k += s[k] == '"' ? 2 : 1)
				len++;
			k += s[k] ? 1 : 0;
			from++;
		} else if (ident_start(ch) && (k == 0 || !ident_char((unsigned char)s[k - 1]))) {
			while (ident_char((unsigned char)s[k]))
				k++;
			len = k - from;
		} else {
			k++;
			continue;
		}
		if (len > NAME_MAX_BYTES) {
			lint_report(c, lp->stmts[i].line, 0, "a shorter name (naming_convention in MetaData, op.f())",
				    "name %.*s... is %zu bytes: PostgreSQL cuts it to %d", 20, s + from, len, NAME_MAX_BYTES);
		}
	}
}

LINT_RULE(identifier_too_long)
{
	size_t last = 0;
	if (c->pg)
		lint_each_sql(c, each, &last);
}

LINT_NO_GRAPH(identifier_too_long)
