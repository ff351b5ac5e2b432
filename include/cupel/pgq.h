/* pgq.h - SQL text parsed with libpg_query (PostgreSQL 15's own parser):
 * the statements of a string, each with its kind and parse tree, read from
 * libpg_query's JSON with cJSON (four times faster than jansson on these
 * trees, which the lock model and the lint rules read for every statement).
 * libpg_query's own result is freed before pgq_parse returns. The tree is
 * read only through the helpers below. */
#ifndef CUPEL_PGQ_H
#define CUPEL_PGQ_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cupel/strbuf.h"

struct pgq_stmt {
	const char *kind;   /* "CreateStmt", "AlterTableStmt", "UpdateStmt" ... */
	cJSON *node;       /* the statement's node (borrowed from the result) */
	int location, len;  /* its byte span in the text (len 0: to the end) */
};

struct pgq_mem;

struct pgq_result {
	cJSON *root;
	struct pgq_stmt *stmts;
	size_t n;
	struct pgq_mem *mem; /* the tree's memory, released by pgq_free */
};

/* Parse sql; false with "message at position N" in err. */
bool pgq_parse(const char *sql, struct pgq_result *out, struct strbuf *err);
void pgq_free(struct pgq_result *r);
/* The PL/pgSQL functions of a CREATE FUNCTION statement, with libpg_query's
 * PL/pgSQL parser: out->root is the list of {"PLpgSQL_function": ...}
 * (no stmts); freed with pgq_free. false with the message in err. */
bool pgq_parse_plpgsql(const char *create_function, struct pgq_result *out, struct strbuf *err);

/* The statements of sql without their trees (PostgreSQL's parser, no
 * JSON: cheap on large files): byte spans, leading blanks and comments
 * skipped. false with "message at position N" (1-based) in err. The
 * caller frees *out. */
struct pgq_span {
	size_t start, len;
};
bool pgq_split(const char *sql, struct pgq_span **out, size_t *n, size_t *err_pos, struct strbuf *err);
/* The same with PostgreSQL's scanner only: several times cheaper, but
 * blind to syntax errors and, in rare forms (BEGIN ATOMIC bodies), wrong
 * about where a statement ends; a caller parses every piece anyway and
 * falls back to pgq_split when one does not parse. */
bool pgq_split_scan(const char *sql, struct pgq_span **out, size_t *n, size_t *err_pos, struct strbuf *err);

/* Helpers over the tree: the string of a {"String": {"sval": ...}} node,
 * a member's string or integer, a list member (array or NULL). */
const char *pgq_sval(cJSON *node);
const char *pgq_str(cJSON *obj, const char *key);
long pgq_int(cJSON *obj, const char *key, long dflt);
cJSON *pgq_list(cJSON *obj, const char *key);
/* A qualified name list ([schema,] name, as String nodes): its last two
 * names (*schema NULL when it has one). */
void pgq_qualified(cJSON *list, const char **schema, const char **name);
/* {"Kind": {...}} -> "Kind" and the inner object. */
const char *pgq_node(cJSON *wrapped, cJSON **inner);

/* An object's member (NULL when obj is not an object or lacks it). The
 * rules look members up by name all the time: the first letters are
 * compared before strcmp is called. */
static inline cJSON *pgq_get(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	for (cJSON *m = obj->child; m; m = m->next)
		if (m->string && m->string[0] == key[0] && !strcmp(m->string, key))
			return m;
	return NULL;
}

/* A list's first element, then ->next: walking a list is linear this way,
 * while pgq_len and pgq_at walk it from its head each time (for the short
 * lists of names where the last one or two are wanted). */
static inline cJSON *pgq_first(const cJSON *list)
{
	return cJSON_IsArray(list) ? list->child : NULL;
}
static inline size_t pgq_len(const cJSON *list)
{
	return cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0;
}
static inline cJSON *pgq_at(const cJSON *list, size_t i)
{
	return cJSON_IsArray(list) ? cJSON_GetArrayItem(list, (int)i) : NULL;
}

/* A timeout setting's value (lock_timeout, statement_timeout: whole
 * milliseconds, 0 .. INT_MAX) as PostgreSQL 15 reads it: a number (hex,
 * octal, decimal, exponent) with an optional unit (us, ms, s, min, h, d;
 * none is ms), rounded half to even. OFF: it rounds to 0, which disables
 * the timeout; BAD: PostgreSQL refuses it (the SET fails). */
enum pgq_timeout { PGQ_TIMEOUT_BAD, PGQ_TIMEOUT_OFF, PGQ_TIMEOUT_ON };
enum pgq_timeout pgq_timeout_value(const char *value);

/* for each member of an object: key, then value. */
#define pgq_members(obj, key, val)                                                     \
	for ((val) = cJSON_IsObject(obj) ? (obj)->child : NULL; (val) && ((key) = (val)->string, 1); \
	     (val) = (val)->next)

#endif
