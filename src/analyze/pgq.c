/* pgq.c - libpg_query's JSON parse tree, decoded with jansson. */
#include <stdlib.h>
#include <string.h>

#include <pg_query.h>

#include "cupel/pgq.h"
#include "cupel/xalloc.h"

bool pgq_parse(const char *sql, struct pgq_result *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	PgQueryParseResult r = pg_query_parse(sql);
	if (r.error) {
		strbuf_addf(err, "%s at position %d", r.error->message, r.error->cursorpos);
		pg_query_free_parse_result(r);
		return false;
	}
	json_error_t je;
	out->root = json_loads(r.parse_tree, 0, &je);
	pg_query_free_parse_result(r);
	if (!out->root) {
		strbuf_addf(err, "could not read libpg_query's parse tree: %s", je.text);
		return false;
	}
	json_t *stmts = json_object_get(out->root, "stmts");
	size_t n = json_is_array(stmts) ? json_array_size(stmts) : 0;
	out->stmts = xcalloc(n + 1, sizeof(*out->stmts));
	for (size_t i = 0; i < n; i++) {
		json_t *raw = json_array_get(stmts, i);
		json_t *inner = NULL;
		const char *kind = pgq_node(json_object_get(raw, "stmt"), &inner);
		if (!kind)
			continue;
		struct pgq_stmt *s = &out->stmts[out->n++];
		s->kind = kind;
		s->node = inner;
		s->location = (int)pgq_int(raw, "stmt_location", 0);
		s->len = (int)pgq_int(raw, "stmt_len", 0);
	}
	return true;
}

/* Blanks and comments before a statement (libpg_query's span starts
 * right after the previous ';'). */
static size_t skip_blank(const char *s, size_t i, size_t end)
{
	while (i < end) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')
			i++;
		else if (s[i] == '-' && i + 1 < end && s[i + 1] == '-')
			while (i < end && s[i] != '\n')
				i++;
		else if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
			/* nested, as PostgreSQL's lexer reads them */
			int depth = 0;
			do {
				if (s[i] == '/' && i + 1 < end && s[i + 1] == '*') {
					depth++;
					i += 2;
				} else if (s[i] == '*' && i + 1 < end && s[i + 1] == '/') {
					depth--;
					i += 2;
				} else {
					i++;
				}
			} while (i < end && depth > 0);
		} else
			break;
	}
	return i;
}

bool pgq_split(const char *sql, struct pgq_span **out, size_t *n, size_t *err_pos, struct strbuf *err)
{
	*out = NULL;
	*n = 0;
	PgQuerySplitResult r = pg_query_split_with_parser(sql);
	if (r.error) {
		strbuf_adds(err, r.error->message);
		*err_pos = r.error->cursorpos > 0 ? (size_t)r.error->cursorpos : 1;
		pg_query_free_split_result(r);
		return false;
	}
	size_t total = strlen(sql);
	*out = xcalloc((size_t)r.n_stmts + 1, sizeof(**out));
	for (int i = 0; i < r.n_stmts; i++) {
		size_t from = (size_t)r.stmts[i]->stmt_location;
		size_t end = r.stmts[i]->stmt_len ? from + (size_t)r.stmts[i]->stmt_len : total;
		from = skip_blank(sql, from, end);
		if (from < end) {
			(*out)[*n].start = from;
			(*out)[*n].len = end - from;
			(*n)++;
		}
	}
	pg_query_free_split_result(r);
	return true;
}

void pgq_free(struct pgq_result *r)
{
	json_decref(r->root);
	free(r->stmts);
	memset(r, 0, sizeof(*r));
}

const char *pgq_node(json_t *wrapped, json_t **inner)
{
	if (!json_is_object(wrapped) || json_object_size(wrapped) != 1)
		return NULL;
	const char *key;
	json_t *val;
	json_object_foreach(wrapped, key, val)
	{
		*inner = val;
		return key;
	}
	return NULL;
}

const char *pgq_sval(json_t *node)
{
	json_t *inner;
	const char *k = pgq_node(node, &inner);
	if (!k || strcmp(k, "String") != 0)
		return NULL;
	return pgq_str(inner, "sval");
}

const char *pgq_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

long pgq_int(json_t *obj, const char *key, long dflt)
{
	json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? (long)json_integer_value(v) : dflt;
}

json_t *pgq_list(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_array(v) ? v : NULL;
}
