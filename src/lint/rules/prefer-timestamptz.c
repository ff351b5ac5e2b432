/* prefer-timestamptz: a new PostgreSQL column of type TIMESTAMP WITHOUT
 * TIME ZONE (sa.DateTime() without timezone=True): the UTC offset is lost,
 * and the session time zone silently shifts values. */
#include "cupel/sqltype.h"
#include "../rule.h"

static void col(struct lint_ctx *c, const struct op_column *oc, const char *table, unsigned line)
{
	struct strbuf sb = STRBUF_INIT;
	if (oc->type && sqltype_render(&sb, oc->type, DIALECT_POSTGRESQL, NULL) &&
	    !strcmp(strbuf_str(&sb), "TIMESTAMP WITHOUT TIME ZONE"))
		lint_report(c, line, 1, "sa.DateTime(timezone=True) (timestamptz)",
			    "column %s.%s is a timestamp without time zone", table, oc->name);
	strbuf_release(&sb);
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)arg;
	if (o->kind == OP_CREATE_TABLE)
		for (size_t i = 0; i < o->n_columns; i++)
			col(c, &o->columns[i], o->table, o->columns[i].line ? o->columns[i].line : o->line);
	if (o->kind == OP_ADD_COLUMN)
		col(c, &o->column, o->table ? o->table : parent ? parent->table : "?", o->line);
}

/* the same in op.execute SQL (and plain SQL files): the statements the
 * operations above do not see */
static void raw(struct lint_ctx *c, const struct lint_column *col, void *arg)
{
	(void)arg;
	if (strcmp(col->type, "timestamp") != 0)
		return;
	/* the new columns of op.execute SQL only: those of the operations
	 * are reported above, at their sa.Column line */
	if (!lint_line_raw(c, col->line))
		return;
	lint_report(c, col->line, 0, "timestamptz (sa.DateTime(timezone=True))",
		    "column %s.%s is a timestamp without time zone", col->table ? col->table : "?", col->name);
}

LINT_RULE(prefer_timestamptz)
{
	if (c->pg)
		lint_each_op(c, &c->up_pg, check, NULL);
	if (c->pg)
		lint_each_new_column(c, raw, NULL);
}

LINT_NO_GRAPH(prefer_timestamptz)
