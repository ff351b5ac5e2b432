/* adding-not-nullable-field: alter_column(nullable=False) on an existing
 * PostgreSQL table: SET NOT NULL scans the whole table under ACCESS
 * EXCLUSIVE, blocking reads and writes. PostgreSQL 12+ skips the scan when
 * a valid CHECK (col IS NOT NULL) is on the table: one the schema model
 * has (Alembic's constraints are always valid), or one this migration
 * validates before the SET NOT NULL. */
#include <ctype.h>
#include <stdio.h>

#include "../rule.h"

/* What the migration's SQL does with CHECK constraints before a line. */
struct checks {
	struct {
		const char *table, *name, *col; /* col: the one it says IS NOT NULL, or NULL */
		unsigned line;
		bool validate;
	} v[64];
	size_t n;
};

static void collect(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	struct checks *k = arg;
	if (k->n == sizeof(k->v) / sizeof(k->v[0]) || !a->table)
		return;
	if (!strcmp(a->subtype, "AT_ValidateConstraint")) {
		k->v[k->n].table = lint_strdup(c, a->table);
		k->v[k->n].name = lint_strdup(c, pgq_str(a->cmd, "name"));
		k->v[k->n].col = NULL;
		k->v[k->n].line = a->stmt->line;
		k->v[k->n++].validate = true;
		return;
	}
	const char *ct = a->def ? pgq_str(a->def, "contype") : NULL;
	if (strcmp(a->subtype, "AT_AddConstraint") != 0 || !ct || strcmp(ct, "CONSTR_CHECK") != 0)
		return;
	cJSON *nt;
	const char *ek = pgq_node(pgq_get(a->def, "raw_expr"), &nt);
	const char *col = NULL;
	if (ek && !strcmp(ek, "NullTest") && pgq_str(nt, "nulltesttype") &&
	    !strcmp(pgq_str(nt, "nulltesttype"), "IS_NOT_NULL")) {
		cJSON *cr;
		const char *ck = pgq_node(pgq_get(nt, "arg"), &cr);
		cJSON *fields = ck && !strcmp(ck, "ColumnRef") ? pgq_list(cr, "fields") : NULL;
		size_t nf = fields ? pgq_len(fields) : 0;
		col = nf ? pgq_sval(pgq_at(fields, nf - 1)) : NULL;
	}
	k->v[k->n].table = lint_strdup(c, a->table);
	k->v[k->n].name = lint_strdup(c, pgq_str(a->def, "conname"));
	k->v[k->n].col = lint_strdup(c, col);
	k->v[k->n].line = a->stmt->line;
	/* added valid: as good as validated */
	k->v[k->n++].validate = !cJSON_IsTrue(pgq_get(a->def, "skip_validation"));
}

static const char *key(char *buf, size_t n, const char *what, const char *table, const char *name)
{
	snprintf(buf, n, "%s:%s.%s", what, table, name);
	return buf;
}

/* The column a CHECK named name on t says IS NOT NULL: from this
 * migration's SQL, the schema model's text, or what an earlier
 * migration's SQL added (the model keeps no text for those). */
static const char *check_column(struct lint_ctx *c, const struct checks *k, const char *table,
				const struct schema_table *t, const char *name, const char *column)
{
	char b[512];
	for (size_t j = 0; j < k->n; j++)
		if (k->v[j].col && k->v[j].name && !strcmp(k->v[j].name, name) && !strcmp(k->v[j].table, table))
			return k->v[j].col;
	for (size_t j = 0; t && j < t->n_cons; j++)
		if (t->cons[j].kind == SCON_CHECK && t->cons[j].name && !strcmp(t->cons[j].name, name)) {
			if (schema_check_is_not_null(t->cons[j].sqltext, column))
				return column;
			return lint_kept(c, key(b, sizeof(b), "expr", t->name, name));
		}
	return NULL;
}

/* Is a valid CHECK (column IS NOT NULL) on the table at line? t: the
 * schema model's table, NULL when it does not know it (lint --sql: a
 * table the file does not create) */
static bool checked(struct lint_ctx *c, const struct checks *k, const char *table, const struct schema_table *t,
		    const char *column, unsigned line)
{
	char b[512];
	for (size_t i = 0; t && i < t->n_cons; i++) {
		const struct schema_constraint *sc = &t->cons[i];
		if (sc->kind != SCON_CHECK)
			continue;
		if (!sc->not_valid && schema_check_is_not_null(sc->sqltext, column))
			return true; /* Alembic's are added valid; SQL's may be NOT VALID */
		const char *kc = sc->name ? lint_kept(c, key(b, sizeof(b), "expr", t->name, sc->name)) : NULL;
		if (kc && !strcmp(kc, column) && lint_kept(c, key(b, sizeof(b), "valid", t->name, sc->name)))
			return true; /* added NOT VALID and validated earlier */
	}
	for (size_t i = 0; i < k->n; i++) {
		if (!k->v[i].validate || k->v[i].line >= line || strcmp(k->v[i].table, table) != 0)
			continue;
		if (k->v[i].col && !strcmp(k->v[i].col, column))
			return true; /* added valid here */
		const char *cc = k->v[i].name ? check_column(c, k, table, t, k->v[i].name, column) : NULL;
		if (cc && !strcmp(cc, column))
			return true; /* validated here */
	}
	/* a table the model does not know: what earlier units validated */
	return !t && lint_kept(c, key(b, sizeof(b), "checked", table, column));
}

/* A CHECK (col IS NOT NULL) validated (or added valid) by entry i, noted
 * by column for the units after this one: on a table the schema model
 * does not know (lint --sql) its constraints cannot be looked up. */
static void keep_checked(struct lint_ctx *c, const struct checks *k, size_t i)
{
	char b[512];
	const char *col = k->v[i].col;
	for (size_t j = 0; !col && j < k->n; j++)
		if (k->v[j].col && k->v[j].name && !strcmp(k->v[j].name, k->v[i].name) &&
		    !strcmp(k->v[j].table, k->v[i].table))
			col = k->v[j].col;
	if (!col)
		col = lint_kept(c, key(b, sizeof(b), "expr", k->v[i].table, k->v[i].name));
	if (col)
		lint_keep(c, key(b, sizeof(b), "checked", k->v[i].table, col), "yes");
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	const struct checks *k = arg;
	if (o->kind != OP_ALTER_COLUMN || o->alter.nullable != 0)
		return;
	const char *table = o->table ? o->table : parent ? parent->table : NULL;
	const char *schema = o->table ? o->schema : parent ? parent->schema : NULL;
	if (!lint_table_existed(c, schema, table))
		return;
	const struct schema_table *t = schema_table(c->before, schema, table);
	const struct schema_column *col = schema_column(t, o->alter.column);
	if (col && !col->nullable)
		return; /* already NOT NULL: nothing to check */
	if (checked(c, k, table, t, o->alter.column, o->line))
		return; /* PostgreSQL 12+ proves it from the valid CHECK: no scan */
	lint_report(c, o->line, o->col,
		    "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in another transaction, then SET NOT NULL "
		    "(PostgreSQL 12+ skips the scan)",
		    "SET NOT NULL on %s.%s scans the whole table under ACCESS EXCLUSIVE", table, o->alter.column);
}

/* the same in op.execute SQL (and plain SQL files) */
static void raw(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	const struct checks *k = arg;
	const char *column = pgq_str(a->cmd, "name");
	if (strcmp(a->subtype, "AT_SetNotNull") != 0 || !column || !lint_stmt_raw(c, a->i) ||
	    !lint_table_existed(c, a->schema, a->table))
		return;
	const struct schema_table *t = schema_table(c->before, a->schema, a->table);
	const struct schema_column *col = schema_column(t, column);
	if ((col && !col->nullable) || checked(c, k, a->table, t, column, a->stmt->line))
		return;
	lint_report(c, a->stmt->line, 0,
		    "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in another transaction, then SET NOT NULL "
		    "(PostgreSQL 12+ skips the scan)",
		    "SET NOT NULL on %s.%s scans the whole table under ACCESS EXCLUSIVE", a->table, column);
}

LINT_RULE(adding_not_nullable_field)
{
	if (!c->pg)
		return;
	struct checks k;
	k.n = 0;
	lint_each_alter_cmd(c, collect, &k);
	lint_each_op(c, &c->up_pg, check, &k);
	lint_each_alter_cmd(c, raw, &k);
	/* for the migrations after this one */
	char b[512];
	for (size_t i = 0; i < k.n; i++) {
		if (!k.v[i].name)
			continue;
		if (k.v[i].col)
			lint_keep(c, key(b, sizeof(b), "expr", k.v[i].table, k.v[i].name), k.v[i].col);
		if (k.v[i].validate) {
			lint_keep(c, key(b, sizeof(b), "valid", k.v[i].table, k.v[i].name), "yes");
			keep_checked(c, &k, i);
		}
	}
}

LINT_NO_GRAPH(adding_not_nullable_field)
