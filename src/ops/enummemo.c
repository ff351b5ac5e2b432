/* enummemo.c - the enum types of a run, created once as Alembic does. */
#include <string.h>

#include "cupel/enummemo.h"
#include "cupel/sqltype.h"

void enum_memo_init(struct enum_memo *m)
{
	arena_init(&m->arena);
	strmap_init(&m->names, &m->arena);
}

void enum_memo_free(struct enum_memo *m)
{
	arena_free(&m->arena);
}

/* The name a native enum type of column c is created under, or NULL
 * (create_type=False counts for postgresql.ENUM only, as in render.c). */
static const char *created_type(const struct op_column *c, enum dialect d, struct arena *a)
{
	const struct sqltype *t = c->type ? sqltype_for(c->type, d) : NULL;
	if (d != DIALECT_POSTGRESQL || !t || (t->kind != SQLTYPE_ENUM && t->kind != SQLTYPE_PG_ENUM) ||
	    t->native_enum == 0 || (t->kind == SQLTYPE_PG_ENUM && t->create_type == 0) || !t->enum_name)
		return NULL;
	return t->schema ? arena_printf(a, "%s.%s", t->schema, t->enum_name) : t->enum_name;
}

static bool apply_list(struct enum_memo *m, struct strmap *local, struct arena *a, struct op *v, size_t n,
		       enum dialect d)
{
	bool seen_before = false;
	for (size_t i = 0; i < n; i++) {
		struct op *o = &v[i];
		if (o->kind == OP_AUTOCOMMIT) {
			seen_before |= apply_list(m, local, a, o->children, o->n_children, d);
			continue;
		}
		if (o->kind != OP_CREATE_TABLE)
			continue;
		for (size_t k = 0; k < o->n_columns; k++) {
			const char *name = created_type(&o->columns[k], d, a);
			if (!name)
				continue;
			size_t ignored;
			bool before = m && strmap_get(&m->names, name, &ignored);
			if (before || strmap_get(local, name, &ignored)) {
				o->columns[k].type_created = true;
				seen_before |= before;
				continue;
			}
			strmap_put(local, name, 0);
		}
	}
	return seen_before;
}

bool enum_memo_apply(struct enum_memo *m, struct op_list *ops, enum dialect d)
{
	struct arena a;
	arena_init(&a);
	struct strmap local;
	strmap_init(&local, &a);
	bool before = apply_list(m, &local, &a, ops->v, ops->n, d);
	if (m)
		for (size_t i = 0; i < local.cap; i++)
			if (local.slots && local.slots[i].key)
				strmap_put(&m->names, arena_strdup(&m->arena, local.slots[i].key), 0);
	arena_free(&a);
	return before;
}

static void created_list(const struct op *v, size_t n, enum dialect d, struct arena *a, struct strbuf *names)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == OP_AUTOCOMMIT)
			created_list(v[i].children, v[i].n_children, d, a, names);
		for (size_t k = 0; v[i].kind == OP_CREATE_TABLE && k < v[i].n_columns; k++) {
			const char *name = v[i].columns[k].type_created ? NULL : created_type(&v[i].columns[k], d, a);
			if (name)
				strbuf_add(names, name, strlen(name) + 1);
		}
	}
}

void enum_memo_created(const struct op_list *ops, enum dialect d, struct strbuf *names)
{
	struct arena a;
	arena_init(&a);
	created_list(ops->v, ops->n, d, &a, names);
	arena_free(&a);
}

bool enum_memo_has_any(const struct enum_memo *m, const char *names, size_t len)
{
	for (size_t i = 0; i < len; i += strlen(names + i) + 1)
		if (strmap_get(&m->names, names + i, NULL))
			return true;
	return false;
}

void enum_memo_add(struct enum_memo *m, const char *names, size_t len)
{
	for (size_t i = 0; i < len; i += strlen(names + i) + 1)
		strmap_put(&m->names, arena_strdup(&m->arena, names + i), 0);
}
