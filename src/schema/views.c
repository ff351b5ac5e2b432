/* views.c - the views and materialized views of the schema model, made by
 * SQL (Alembic has no operation for them): what each one's query names,
 * so that the lock model can expand a view where PostgreSQL's rewriter
 * does, and a CASCADE drops the views built on what it drops. */
#include <string.h>

#include <cjson/cJSON.h>

#include "cupel/pgq.h"
#include "cupel/schema.h"

static struct schema_view *find(const struct schema *s, const char *schema, const char *name)
{
	for (size_t i = 0; name && i < s->n_views; i++) {
		struct schema_view *v = s->views[i];
		if (!v->dropped && !strcmp(v->name, name) && schema_same_schema(v->schema, schema))
			return v;
	}
	return NULL;
}

const struct schema_view *schema_view(const struct schema *s, const char *schema, const char *name)
{
	return s ? find(s, schema, name) : NULL;
}

bool schema_view_reads(const struct schema_view *v, const char *schema, const char *name, const char *col)
{
	bool rel = false;
	for (size_t i = 0; !rel && i < v->n_reads; i++)
		rel = !strcmp(v->reads[i].name, name) && schema_same_schema(v->reads[i].schema, schema);
	if (!rel || !col || v->all_cols)
		return rel;
	for (size_t i = 0; i < v->n_cols; i++)
		if (!strcmp(v->cols[i], col))
			return true;
	return false;
}

/* What a query names: relations (not its WITH names) and the last name
 * of each column reference; a * stands for every column. */
struct names {
	struct arena *a;
	const char *ctes[16];
	size_t n_ctes;
	struct schema_parent *reads;
	size_t n_reads, cap_reads;
	const char **cols;
	size_t n_cols, cap_cols;
	bool all_cols;
};

static void find_ctes(cJSON *j, struct names *n)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *e = pgq_first(j); e; e = e->next)
			find_ctes(e, n);
		return;
	}
	const char *key;
	cJSON *v;
	pgq_members(j, key, v) {
		if (!strcmp(key, "CommonTableExpr") && pgq_str(v, "ctename") &&
		    n->n_ctes < sizeof(n->ctes) / sizeof(n->ctes[0]))
			n->ctes[n->n_ctes++] = pgq_str(v, "ctename");
		find_ctes(v, n);
	}
}

static void push_read(struct names *n, const char *schema, const char *name)
{
	for (size_t i = 0; i < n->n_ctes && !schema; i++)
		if (!strcmp(n->ctes[i], name))
			return;
	for (size_t i = 0; i < n->n_reads; i++)
		if (!strcmp(n->reads[i].name, name) && schema_same_schema(n->reads[i].schema, schema))
			return;
	if (n->n_reads == n->cap_reads) {
		size_t nc = n->cap_reads ? 2 * n->cap_reads : 4;
		n->reads = arena_grow(n->a, n->reads, n->n_reads, nc, sizeof(*n->reads));
		n->cap_reads = nc;
	}
	n->reads[n->n_reads].schema = schema ? arena_strdup(n->a, schema) : NULL;
	n->reads[n->n_reads++].name = arena_strdup(n->a, name);
}

static void push_col(struct names *n, const char *col)
{
	for (size_t i = 0; i < n->n_cols; i++)
		if (!strcmp(n->cols[i], col))
			return;
	if (n->n_cols == n->cap_cols) {
		size_t nc = n->cap_cols ? 2 * n->cap_cols : 8;
		n->cols = arena_grow(n->a, n->cols, n->n_cols, nc, sizeof(*n->cols));
		n->cap_cols = nc;
	}
	n->cols[n->n_cols++] = arena_strdup(n->a, col);
}

static void find_names(cJSON *j, struct names *n)
{
	if (cJSON_IsArray(j)) {
		for (cJSON *e = pgq_first(j); e; e = e->next)
			find_names(e, n);
		return;
	}
	const char *key;
	cJSON *v;
	pgq_members(j, key, v) {
		if (!strcmp(key, "RangeVar") && pgq_str(v, "relname")) {
			push_read(n, pgq_str(v, "schemaname"), pgq_str(v, "relname"));
		} else if (!strcmp(key, "ColumnRef")) {
			cJSON *last = NULL;
			for (cJSON *e = pgq_first(pgq_list(v, "fields")); e; e = e->next)
				last = e;
			cJSON *inner;
			const char *k = last ? pgq_node(last, &inner) : NULL;
			if (k && !strcmp(k, "A_Star"))
				n->all_cols = true;
			else if (k && !strcmp(k, "String") && pgq_str(inner, "sval"))
				push_col(n, pgq_str(inner, "sval"));
		} else {
			find_names(v, n);
		}
	}
}

void schema_view_define(struct schema *s, const char *schema, const char *name, bool materialized,
			struct cJSON *query, const char *rev)
{
	if (!name)
		return;
	struct schema_view *v = find(s, schema, name);
	if (!v) {
		if (s->n_views == s->cap_views) {
			size_t nc = s->cap_views ? 2 * s->cap_views : 8;
			s->views = arena_grow(&s->arena, s->views, s->n_views, nc, sizeof(*s->views));
			s->cap_views = nc;
		}
		v = arena_alloc(&s->arena, sizeof(*v));
		memset(v, 0, sizeof(*v));
		v->schema = schema && *schema ? arena_strdup(&s->arena, schema) : NULL;
		v->name = arena_strdup(&s->arena, name);
		v->created_by = rev ? arena_strdup(&s->arena, rev) : NULL;
		s->views[s->n_views++] = v;
	}
	/* CREATE OR REPLACE: the new query is what it reads now */
	struct names n = { .a = &s->arena };
	find_ctes(query, &n);
	find_names(query, &n);
	v->materialized = materialized;
	v->reads = n.reads;
	v->n_reads = n.n_reads;
	v->cols = n.cols;
	v->n_cols = n.n_cols;
	v->all_cols = n.all_cols;
}

void schema_add_known_view(struct schema *s, const char *schema, const char *name, bool materialized,
			   const char *read_schema, const char *read_name, const char *const *cols, size_t n_cols)
{
	struct schema_view *v = find(s, schema, name);
	if (v && (!v->created_by || strcmp(v->created_by, "(database)") != 0))
		return; /* the migrations' own */
	if (!v) {
		schema_view_define(s, schema, name, materialized, NULL, "(database)");
		v = find(s, schema, name);
	}
	struct names n = { .a = &s->arena,
			   .reads = v->reads,
			   .n_reads = v->n_reads,
			   .cap_reads = v->n_reads,
			   .cols = v->cols,
			   .n_cols = v->n_cols,
			   .cap_cols = v->n_cols };
	push_read(&n, read_schema, read_name);
	for (size_t i = 0; i < n_cols; i++)
		push_col(&n, cols[i]);
	v->reads = n.reads;
	v->n_reads = n.n_reads;
	v->cols = n.cols;
	v->n_cols = n.n_cols;
}

bool schema_view_drop(struct schema *s, const char *schema, const char *name)
{
	struct schema_view *v = find(s, schema, name);
	if (v)
		v->dropped = true;
	return v != NULL;
}

void schema_view_drop_dependents(struct schema *s, const char *schema, const char *name, const char *col)
{
	for (size_t i = 0; i < s->n_views; i++) {
		struct schema_view *v = s->views[i];
		if (v->dropped || !schema_view_reads(v, schema, name, col))
			continue;
		v->dropped = true;
		schema_view_drop_dependents(s, v->schema, v->name, NULL);
	}
}

void schema_view_rename_rel(struct schema *s, const char *old_schema, const char *old_name, const char *new_schema,
			    const char *new_name)
{
	for (size_t i = 0; i < s->n_views; i++) {
		struct schema_view *v = s->views[i];
		for (size_t k = 0; !v->dropped && k < v->n_reads; k++)
			if (!strcmp(v->reads[k].name, old_name) && schema_same_schema(v->reads[k].schema, old_schema)) {
				v->reads[k].name = new_name;
				v->reads[k].schema = new_schema;
			}
	}
}

bool schema_view_rename(struct schema *s, const char *schema, const char *name, const char *to_schema,
			const char *to)
{
	struct schema_view *v = find(s, schema, name);
	if (!v)
		return false;
	const char *os = v->schema, *on = v->name;
	v->schema = to_schema && *to_schema ? arena_strdup(&s->arena, to_schema) : NULL;
	v->name = arena_strdup(&s->arena, to);
	schema_view_rename_rel(s, os, on, v->schema, v->name);
	return true;
}

void schema_views_copy(struct schema *to, const struct schema *from)
{
	to->views = arena_alloc(&to->arena, (from->n_views ? from->n_views : 1) * sizeof(*to->views));
	to->n_views = to->cap_views = 0;
	for (size_t i = 0; i < from->n_views; i++) {
		if (from->views[i]->dropped)
			continue;
		struct schema_view *v = arena_alloc(&to->arena, sizeof(*v));
		*v = *from->views[i];
		/* renames write the reads in place */
		v->reads = arena_alloc(&to->arena, (v->n_reads ? v->n_reads : 1) * sizeof(*v->reads));
		memcpy(v->reads, from->views[i]->reads, v->n_reads * sizeof(*v->reads));
		to->views[to->n_views++] = v;
	}
	to->cap_views = to->n_views;
}
