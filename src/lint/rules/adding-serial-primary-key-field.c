/* adding-serial-primary-key-field: a PRIMARY KEY added to an existing
 * PostgreSQL table by building its index in place: ADD PRIMARY KEY (cols)
 * or a new column declared PRIMARY KEY (a serial one also rewrites the
 * table). The index build holds ACCESS EXCLUSIVE: no reads, no writes. */
#include "../rule.h"

static bool has_pk(cJSON *list)
{
	for (cJSON *list_el = pgq_first(list); list_el; list_el = list_el->next) {
		cJSON *k;
		const char *ct = pgq_node(list_el, &k) ? pgq_str(k, "contype") : NULL;
		if (ct && !strcmp(ct, "CONSTR_PRIMARY"))
			return true;
	}
	return false;
}

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	if (!a->def || !lint_table_existed(c, a->schema, a->table))
		return;
	bool add_pk = !strcmp(a->subtype, "AT_AddConstraint") && pgq_str(a->def, "contype") &&
		      !strcmp(pgq_str(a->def, "contype"), "CONSTR_PRIMARY") && !pgq_str(a->def, "indexname");
	bool pk_col = !strcmp(a->subtype, "AT_AddColumn") && has_pk(pgq_list(a->def, "constraints"));
	if (!add_pk && !pk_col)
		return;
	lint_report(c, a->stmt->line, 0,
		    "build the index first: CREATE UNIQUE INDEX CONCURRENTLY (autocommit_block), then "
		    "op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY USING INDEX ...\")",
		    "primary key added to %s builds its index under ACCESS EXCLUSIVE: reads and writes wait",
		    a->table);
}

LINT_RULE(adding_serial_primary_key_field)
{
	if (c->pg)
		lint_each_alter_cmd(c, check, NULL);
}

LINT_NO_GRAPH(adding_serial_primary_key_field)
