/* adding-field-with-volatile-default: ADD COLUMN whose value differs per
 * row (a volatile default such as random() or gen_random_uuid(), a
 * serial, an identity, a stored generated column) on an existing
 * PostgreSQL table: PostgreSQL cannot store one default in the catalog, so
 * it rewrites the table and every index under ACCESS EXCLUSIVE. The lock
 * model decides the rewrite. */
#include "../rule.h"

/* Why the column's value is per row, for the message. */
static const char *cause(cJSON *cd)
{
	cJSON *cons = pgq_list(cd, "constraints");
	for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
		cJSON *k;
		if (!pgq_node(cons_el, &k))
			continue;
		const char *ct = pgq_str(k, "contype");
		if (ct && !strcmp(ct, "CONSTR_IDENTITY"))
			return "an identity";
		if (ct && !strcmp(ct, "CONSTR_GENERATED"))
			return "a stored generated value";
	}
	cJSON *names = pgq_list(pgq_get(cd, "typeName"), "names");
	size_t n = names ? pgq_len(names) : 0;
	const char *t = n ? pgq_sval(pgq_at(names, n - 1)) : NULL;
	if (t && strstr(t, "serial"))
		return "a serial (nextval default)";
	return "a volatile default";
}

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (strcmp(a->subtype, "AT_AddColumn") != 0 || !a->def)
		return;
	if (!lint_table_existed(c, a->schema, a->table))
		return;
	bool rewrite = false;
	for (size_t i = 0; i < a->stmt->n_facts; i++)
		rewrite |= a->stmt->facts[i].rewrite == 1;
	if (!rewrite)
		return;
	const char *col = pgq_str(a->def, "colname");
	lint_report(c, a->stmt->line, 0,
		    "add the column nullable without a default, set the default after (ALTER ... SET DEFAULT), "
		    "backfill in batches; a constant or now() default needs no rewrite",
		    "column %s.%s added with %s: PostgreSQL rewrites the table and its indexes under ACCESS EXCLUSIVE",
		    a->table, col ? col : "?", cause(a->def));
}

LINT_RULE(adding_field_with_volatile_default)
{
	if (c->pg)
		lint_each_alter_cmd(c, check, NULL);
}

LINT_NO_GRAPH(adding_field_with_volatile_default)
