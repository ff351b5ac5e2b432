/* domains.c - the domains SQL makes (CREATE / ALTER / DROP DOMAIN) in the
 * schema model: the base type and whether any constraint holds, which
 * decide whether a type change to or from one, or a new column of one,
 * rewrites the table, and which tables ALTER DOMAIN reads. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cupel/pgq.h"
#include "cupel/schema.h"

static struct schema_domain *find(const struct schema *s, const char *schema, const char *name)
{
	for (size_t i = 0; s && name && i < s->n_domains; i++) {
		struct schema_domain *d = s->domains[i];
		if (!d->dropped && !strcmp(d->name, name) && (!schema || schema_same_schema(d->schema, schema)))
			return d;
	}
	return NULL;
}

const struct schema_domain *schema_domain(const struct schema *s, const char *schema, const char *name)
{
	return find(s, schema, name);
}

const struct schema_domain *schema_domain_of_type(const struct schema *s, const char *type_text)
{
	for (size_t i = 0; s && type_text && i < s->n_domains; i++) {
		const struct schema_domain *d = s->domains[i];
		if (!d->dropped && !strcasecmp(d->name, type_text))
			return d;
	}
	return NULL;
}

/* CREATE DOMAIN's constraints: CHECKs counted, NOT NULL noted. */
static void constraints(struct schema_domain *d, cJSON *list)
{
	for (cJSON *el = pgq_first(list); el; el = el->next) {
		cJSON *c;
		const char *ct = pgq_node(el, &c) ? pgq_str(c, "contype") : NULL;
		if (ct && !strcmp(ct, "CONSTR_CHECK"))
			d->n_checks++;
		else if (ct && !strcmp(ct, "CONSTR_NOTNULL"))
			d->not_null = true;
	}
}

void schema_domain_define(struct schema *s, struct cJSON *stmt, const char *base_text, const char *rev)
{
	const char *sch, *name;
	pgq_qualified(pgq_list(stmt, "domainname"), &sch, &name);
	if (!name)
		return;
	if (s->n_domains == s->cap_domains) {
		size_t nc = s->cap_domains ? 2 * s->cap_domains : 8;
		s->domains = arena_grow(&s->arena, s->domains, s->n_domains, nc, sizeof(*s->domains));
		s->cap_domains = nc;
	}
	struct schema_domain *d = arena_alloc(&s->arena, sizeof(*d));
	memset(d, 0, sizeof(*d));
	d->schema = sch ? arena_strdup(&s->arena, sch) : NULL;
	d->name = arena_strdup(&s->arena, name);
	d->base_text = base_text;
	cJSON *tn = pgq_get(stmt, "typeName");
	size_t n = pgq_len(pgq_list(tn, "names"));
	const char *bn = n ? pgq_sval(pgq_at(pgq_list(tn, "names"), n - 1)) : NULL;
	d->base_name = bn ? arena_strdup(&s->arena, bn) : NULL;
	for (cJSON *el = pgq_first(pgq_list(tn, "typmods")); el && d->n_mods < 4; el = el->next) {
		const char *text;
		bool is_int;
		if (!schema_pg_const(el, s->src, &s->arena, &text, &is_int) || !is_int) {
			d->base_name = NULL; /* a modifier cupel cannot read */
			break;
		}
		d->mods[d->n_mods++] = strtol(text, NULL, 10);
	}
	d->array = pgq_len(pgq_list(tn, "arrayBounds")) > 0;
	d->created_by = rev ? arena_strdup(&s->arena, rev) : NULL;
	constraints(d, pgq_list(stmt, "constraints"));
	s->domains[s->n_domains++] = d;
}

void schema_domain_alter(struct schema *s, struct cJSON *stmt)
{
	const char *sch, *name;
	pgq_qualified(pgq_list(stmt, "typeName"), &sch, &name);
	struct schema_domain *d = find(s, sch, name);
	const char *sub = pgq_str(stmt, "subtype");
	if (!d || !sub)
		return;
	cJSON *def;
	if (sub[0] == 'C' && pgq_node(pgq_get(stmt, "def"), &def)) {
		const char *ct = pgq_str(def, "contype");
		if (ct && !strcmp(ct, "CONSTR_CHECK"))
			d->n_checks++;
		else if (ct && !strcmp(ct, "CONSTR_NOTNULL"))
			d->not_null = true;
	} else if (sub[0] == 'X' && d->n_checks) {
		d->n_checks--;
	} else if (sub[0] == 'O') {
		d->not_null = true;
	} else if (sub[0] == 'N') {
		d->not_null = false;
	}
}

void schema_domain_drop(struct schema *s, const char *schema, const char *name)
{
	struct schema_domain *d = find(s, schema, name);
	if (d)
		d->dropped = true;
}

void schema_domains_copy(struct schema *to, const struct schema *from)
{
	to->domains = arena_alloc(&to->arena, (from->n_domains ? from->n_domains : 1) * sizeof(*to->domains));
	to->n_domains = 0;
	for (size_t i = 0; i < from->n_domains; i++) {
		if (from->domains[i]->dropped)
			continue;
		/* a copy: ALTER DOMAIN in the clone changes it in place */
		struct schema_domain *d = arena_alloc(&to->arena, sizeof(*d));
		*d = *from->domains[i];
		to->domains[to->n_domains++] = d;
	}
	to->cap_domains = to->n_domains;
}
