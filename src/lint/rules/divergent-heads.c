/* divergent-heads: more than one head with the same branch labels whose
 * histories meet: `alembic upgrade head` refuses ("Multiple head
 * revisions"), deploys stop. Labelled independent branches are not. */
#include "cupel/revgraph.h"
#include "../rule.h"

LINT_RULE(divergent_heads)
{
	(void)c;
}

void lint_rule_divergent_heads_graph(struct lint_ctx *c);
void lint_rule_divergent_heads_graph(struct lint_ctx *c)
{
	const struct revgraph *g = c->p->graph;
	for (size_t i = 0; i < g->heads.n; i++) {
		size_t a = g->heads.v[i];
		for (size_t j = 0; j < g->heads.n; j++) {
			size_t b = g->heads.v[j];
			if (a == b)
				continue;
			const struct rev *ra = &g->revs[a], *rb = &g->revs[b];
			bool same = ra->n_labels == rb->n_labels;
			for (size_t k = 0; same && k < ra->n_labels; k++)
				same = !strcmp(ra->labels[k], rb->labels[k]);
			if (!same)
				continue;
			struct revset sa = revset_new(&c->p->arena, g->n), sb = revset_new(&c->p->arena, g->n);
			revgraph_ancestors(g, &a, 1, true, &sa);
			revgraph_ancestors(g, &b, 1, true, &sb);
			bool meet = false;
			for (size_t r = 0; r < g->n && !meet; r++)
				meet = revset_has(&sa, r) && revset_has(&sb, r);
			if (!meet)
				continue;
			c->rev = a;
			c->script = ra->script;
			lint_report(c, ra->script ? ra->script->revision_decl.line : 1, 1,
				    "alembic merge -m \"merge\" heads (or cupel merge), or rebase one branch onto the other",
				    "head %s diverges from head %s: no merge joins them", ra->id, rb->id);
			break;
		}
	}
	c->rev = (size_t)-1;
	c->script = NULL;
}
