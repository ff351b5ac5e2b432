/* lockplan.c - one migration's statements, their transactions and the
 * table locks each transaction holds, from the lock model. */
#include <string.h>

#include "cupel/lockplan.h"
#include "cupel/sqlrender.h"

struct collect {
	struct arena *a;
	struct lockplan *p;
	size_t cap;
	size_t txn;
	bool in_autocommit;
	const struct schema *before;
};

static void add_stmt(struct collect *c, const char *text, const struct op *op)
{
	struct lockplan *p = c->p;
	if (p->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		p->stmts = arena_grow(c->a, p->stmts, p->n, cap, sizeof(*p->stmts));
		c->cap = cap;
	}
	struct lockplan_stmt *s = &p->stmts[p->n++];
	memset(s, 0, sizeof(*s));
	s->sql = arena_strdup(c->a, text);
	s->line = op ? op->line : 0;
	s->autocommit = c->in_autocommit;
	/* in an autocommit block every statement commits on its own */
	if (c->in_autocommit)
		c->txn++;
	s->txn = c->txn;
	struct strbuf err = STRBUF_INIT;
	s->parsed = lockmodel_analyze(c->a, text, c->before, &s->facts, &s->n_facts, &err);
	if (!s->parsed) {
		s->error = arena_strdup(c->a, strbuf_str(&err));
		p->n_unknown++;
	}
	for (size_t i = 0; s->parsed && i < s->n_facts; i++)
		if (!s->facts[i].known)
			p->n_unknown++;
	strbuf_release(&err);
}

static void on_item(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op)
{
	struct collect *c = ctx;
	switch (kind) {
	case SQLRENDER_STATEMENT:
		add_stmt(c, text, op);
		break;
	case SQLRENDER_NOT_RENDERED:
		c->p->n_not_rendered++;
		break;
	case SQLRENDER_AUTOCOMMIT_BEGIN:
		c->in_autocommit = true;
		break;
	case SQLRENDER_AUTOCOMMIT_END:
		/* the migration's transaction begins again after the block */
		c->in_autocommit = false;
		c->txn++;
		break;
	}
}

/* Tables the migration itself creates: nobody else sees them until it
 * commits, so their locks block no one. */
static bool created_here(const struct op *v, size_t n, const char *schema, const char *table)
{
	for (size_t i = 0; i < n; i++) {
		const struct op *o = &v[i];
		if (o->kind == OP_CREATE_TABLE && o->table && !strcmp(o->table, table) &&
		    ((!o->schema && !schema) || (o->schema && schema && !strcmp(o->schema, schema))))
			return true;
		if (created_here(o->children, o->n_children, schema, table))
			return true;
	}
	return false;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

void lockplan_build(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
		    struct lockplan *out)
{
	memset(out, 0, sizeof(*out));
	struct collect c = { a, out, 0, 0, false, before };
	struct sqlrender_stats rs = { 0, 0 };
	sqlrender_items(ops, n, DIALECT_POSTGRESQL, on_item, &c, &rs);
	out->n_txns = out->n ? out->stmts[out->n - 1].txn + 1 : 0;
	/* the holds: per transaction and table, the strongest mode */
	size_t cap = 0;
	for (size_t i = 0; i < out->n; i++) {
		const struct lockplan_stmt *s = &out->stmts[i];
		for (size_t q = 0; q < s->n_facts; q++) {
			const struct lock_fact *f = &s->facts[q];
			for (size_t r = 0; r < f->n_rels; r++) {
				const struct lock_rel *lr = &f->rels[r];
				size_t h = 0;
				while (h < out->n_holds && !(out->holds[h].txn == s->txn && same(out->holds[h].schema, lr->schema) &&
							     same(out->holds[h].table, lr->name)))
					h++;
				if (h == out->n_holds) {
					if (out->n_holds == cap) {
						size_t nc = cap ? cap * 2 : 8;
						out->holds = arena_grow(a, out->holds, out->n_holds, nc, sizeof(*out->holds));
						cap = nc;
					}
					struct lockplan_hold *x = &out->holds[out->n_holds++];
					memset(x, 0, sizeof(*x));
					x->schema = lr->schema;
					x->table = lr->name;
					x->txn = s->txn;
					x->mode = lr->mode;
					x->first = x->strongest_at = i;
				} else if (lr->mode > out->holds[h].mode) {
					out->holds[h].mode = lr->mode;
					out->holds[h].strongest_at = i;
				}
				struct lockplan_hold *x = &out->holds[h];
				/* what the statement does to the first table it names */
				if (r == 0) {
					x->rewrite |= f->rewrite == 1;
					x->scan |= f->scan;
					x->index_build |= f->kind && (!strcmp(f->kind, "IndexStmt") || !strcmp(f->kind, "ReindexStmt"));
				}
			}
		}
	}
	/* a lock is held until its transaction ends: its last statement */
	for (size_t h = 0; h < out->n_holds; h++) {
		struct lockplan_hold *x = &out->holds[h];
		x->last = x->first;
		for (size_t i = x->first; i < out->n && out->stmts[i].txn == x->txn; i++)
			x->last = i;
		x->new_table = created_here(ops, n, x->schema, x->table);
		if (x->new_table)
			continue;
		if (x->mode > out->strongest) {
			out->strongest = x->mode;
			out->strongest_table = x->table;
		}
	}
}
