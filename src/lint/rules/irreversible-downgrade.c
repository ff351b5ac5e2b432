/* irreversible-downgrade: a downgrade() that does nothing (missing, empty,
 * pass, a docstring) or raises, while upgrade() changes something. Merge
 * revisions are exempt: they have nothing to undo. */
#include "../rule.h"

LINT_RULE(irreversible_downgrade)
{
	const struct rev *rv = &c->p->graph->revs[c->rev];
	if (rv->down.n > 1 || (c->up_pg.n == 0 && c->up_sqlite.n == 0))
		return;
	const struct py_node *fn = lint_function(c->module, "downgrade");
	const char *hint = "write a downgrade() that undoes upgrade() operation by operation "
			   "(drop what was added, restore what was dropped or altered)";
	if (!fn) {
		lint_report(c, 1, 1, hint, "no downgrade() function: this migration cannot be rolled back");
		return;
	}
	const struct py_list *body = &fn->u.function_def.body;
	const struct py_node *at = NULL;
	for (size_t i = 0; i < body->n; i++) {
		const struct py_node *s = body->items[i];
		if (s->kind == PY_PASS) {
			if (!at)
				at = s;
			continue;
		}
		if (s->kind == PY_EXPR_STMT && s->u.expr_stmt.value && s->u.expr_stmt.value->kind == PY_CONSTANT)
			continue; /* a docstring or ... */
		if (s->kind == PY_RAISE) {
			lint_report(c, s->line, s->col, hint, "downgrade() raises: this migration cannot be rolled back");
			return;
		}
		return; /* it does something */
	}
	const struct py_node *where = at ? at : fn;
	lint_report(c, where->line, where->col, hint, "downgrade() does nothing while upgrade() changes the schema");
}

LINT_NO_GRAPH(irreversible_downgrade)
