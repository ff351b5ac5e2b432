/* functions.c - the functions and procedures SQL makes (CREATE [OR
 * REPLACE] FUNCTION / PROCEDURE, DROP FUNCTION / PROCEDURE / ROUTINE) in
 * the schema model, by name with their volatility and body: a
 * column default that calls a VOLATILE one (PL/pgSQL and SQL functions
 * are, unless declared otherwise) rewrites the table when it is added. */
#include <string.h>

#include <cjson/cJSON.h>

#include "cupel/pgq.h"
#include "cupel/schema.h"

static struct schema_func *find(const struct schema *s, const char *schema, const char *name)
{
	for (size_t i = 0; name && i < s->n_funcs; i++) {
		struct schema_func *f = s->funcs[i];
		if (!f->dropped && !strcmp(f->name, name) && schema_same_schema(f->schema, schema))
			return f;
	}
	return NULL;
}

const struct schema_func *schema_func(const struct schema *s, const char *schema, const char *name)
{
	return s ? find(s, schema, name) : NULL;
}

void schema_func_define(struct schema *s, struct cJSON *stmt, const char *rev)
{
	const char *sch, *name;
	pgq_qualified(pgq_list(stmt, "funcname"), &sch, &name);
	if (!name)
		return;
	char vol = 'v';
	const char *lang = NULL, *body = NULL;
	for (cJSON *el = pgq_first(pgq_list(stmt, "options")); el; el = el->next) {
		cJSON *d, *arg;
		const char *dn = pgq_node(el, &d) ? pgq_str(d, "defname") : NULL;
		if (!dn)
			continue;
		arg = pgq_get(d, "arg");
		if (!strcmp(dn, "volatility") && pgq_sval(arg))
			vol = pgq_sval(arg)[0];
		else if (!strcmp(dn, "language"))
			lang = pgq_sval(arg);
		else if (!strcmp(dn, "as")) {
			cJSON *l;
			const char *lk = pgq_node(arg, &l);
			cJSON *items = lk && !strcmp(lk, "List") ? pgq_list(l, "items") : NULL;
			body = pgq_len(items) == 1 ? pgq_sval(pgq_at(items, 0)) : NULL;
		}
	}
	if (!lang && pgq_get(stmt, "sql_body"))
		lang = "sql"; /* BEGIN ATOMIC ... END: its body is a parse tree, not kept */
	struct schema_func *f = find(s, sch, name);
	if (!f) {
		if (s->n_funcs == s->cap_funcs) {
			size_t nc = s->cap_funcs ? 2 * s->cap_funcs : 8;
			s->funcs = arena_grow(&s->arena, s->funcs, s->n_funcs, nc, sizeof(*s->funcs));
			s->cap_funcs = nc;
		}
		f = arena_alloc(&s->arena, sizeof(*f));
		memset(f, 0, sizeof(*f));
		f->schema = sch ? arena_strdup(&s->arena, sch) : NULL;
		f->name = arena_strdup(&s->arena, name);
		f->created_by = rev ? arena_strdup(&s->arena, rev) : NULL;
		s->funcs[s->n_funcs++] = f;
	}
	/* overloads share the name: the last made decides */
	f->volatility = vol;
	f->language = lang ? arena_strdup(&s->arena, lang) : NULL;
	f->body = body ? arena_strdup(&s->arena, body) : NULL;
	f->sql_body = lang && !strcmp(lang, "sql") ? f->body : NULL;
	f->procedure = cJSON_IsTrue(pgq_get(stmt, "is_procedure"));
}

void schema_func_drop(struct schema *s, struct cJSON *objwithargs)
{
	const char *sch, *name;
	pgq_qualified(pgq_list(objwithargs, "objname"), &sch, &name);
	struct schema_func *f = find(s, sch, name);
	if (f)
		f->dropped = true;
}

void schema_funcs_copy(struct schema *to, const struct schema *from)
{
	to->funcs = arena_alloc(&to->arena, (from->n_funcs ? from->n_funcs : 1) * sizeof(*to->funcs));
	to->n_funcs = 0;
	for (size_t i = 0; i < from->n_funcs; i++) {
		if (from->funcs[i]->dropped)
			continue;
		/* a copy: a replay into the clone changes it in place */
		struct schema_func *f = arena_alloc(&to->arena, sizeof(*f));
		*f = *from->funcs[i];
		to->funcs[to->n_funcs++] = f;
	}
	to->cap_funcs = to->n_funcs;
}
