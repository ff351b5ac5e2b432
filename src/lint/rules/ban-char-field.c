/* ban-char-field: a new PostgreSQL column of type char(n) / character
 * (sa.CHAR, sa.NCHAR): values are blank-padded to n, comparisons and
 * lengths surprise, and it is no faster than text or varchar. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_column *col, void *arg)
{
	(void)arg;
	if (strcmp(col->type, "bpchar") != 0)
		return;
	lint_report(c, col->line, 0, "sa.Text() (with a CHECK on its length if it has one)",
		    "column %s.%s is char(n): values are blank-padded, and it is no faster than text",
		    col->table ? col->table : "?", col->name);
}

LINT_RULE(ban_char_field)
{
	if (c->pg)
		lint_each_new_column(c, check, NULL);
}

LINT_NO_GRAPH(ban_char_field)
