/* pgq.h - SQL text parsed with libpg_query (PostgreSQL 15's own parser):
 * the statements of a string, each with its kind and parse tree as JSON
 * (jansson). libpg_query's own result is freed before pgq_parse returns. */
#ifndef CUPEL_PGQ_H
#define CUPEL_PGQ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "cupel/strbuf.h"

struct pgq_stmt {
	const char *kind;   /* "CreateStmt", "AlterTableStmt", "UpdateStmt" ... */
	json_t *node;       /* the statement's node (borrowed from the result) */
	int location, len;  /* its byte span in the text (len 0: to the end) */
};

struct pgq_result {
	json_t *root;
	struct pgq_stmt *stmts;
	size_t n;
};

/* Parse sql; false with "message at position N" in err. */
bool pgq_parse(const char *sql, struct pgq_result *out, struct strbuf *err);
void pgq_free(struct pgq_result *r);

/* The statements of sql without their trees (PostgreSQL's parser, no
 * JSON: cheap on large files): byte spans, leading blanks and comments
 * skipped. false with "message at position N" (1-based) in err. The
 * caller frees *out. */
struct pgq_span {
	size_t start, len;
};
bool pgq_split(const char *sql, struct pgq_span **out, size_t *n, size_t *err_pos, struct strbuf *err);

/* Helpers over the tree: the string of a {"String": {"sval": ...}} node,
 * a member's string or integer, a list member (array or NULL). */
const char *pgq_sval(json_t *node);
const char *pgq_str(json_t *obj, const char *key);
long pgq_int(json_t *obj, const char *key, long dflt);
json_t *pgq_list(json_t *obj, const char *key);
/* {"Kind": {...}} -> "Kind" and the inner object. */
const char *pgq_node(json_t *wrapped, json_t **inner);

#endif
