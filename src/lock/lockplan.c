/* lockplan.c - one migration's statements, their transactions and the
 * table locks each transaction holds, from the lock model. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cupel/enummemo.h"
#include "cupel/lockplan.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"
#include "cupel/pgq.h"
#include "cupel/xalloc.h"
#include "lockfact.h"
#include "lockform.h"

struct collect {
	struct arena *a;
	struct lockplan *p;
	size_t cap;
	size_t txn;
	bool in_autocommit;
};

static void add_stmt(struct collect *c, const char *text, const struct op *op, const struct sqlrender_form *form)
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
	s->op = op;
	if (form) {
		s->form = *form;
		/* the type text lives in the renderer's buffer: point into the copy */
		if (form->type_sql)
			s->form.type_sql = s->sql + (form->type_sql - text);
	}
	s->autocommit = c->in_autocommit;
	/* in an autocommit block every statement commits on its own */
	if (c->in_autocommit)
		c->txn++;
	s->txn = c->txn;
}

static void on_item(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op,
		    const struct sqlrender_form *form)
{
	struct collect *c = ctx;
	switch (kind) {
	case SQLRENDER_STATEMENT:
		add_stmt(c, text, op, form);
		break;
	case SQLRENDER_NOT_RENDERED:
	case SQLRENDER_NEEDS_TABLE: /* PostgreSQL reflection is not modelled */
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

/* The statements of the operations, in their transactions. */
static void collect(struct arena *a, const struct op *ops, size_t n, struct lockplan *out)
{
	memset(out, 0, sizeof(*out));
	struct collect c = { a, out, 0, 0, false };
	struct sqlrender_stats rs = { 0, 0 };
	sqlrender_items_described(ops, n, DIALECT_POSTGRESQL, on_item, &c, &rs);
	out->n_txns = out->n ? out->stmts[out->n - 1].txn + 1 : 0;
	/* tests/locks/routes.sh: CUPEL_LOCK_ROUTE=parse parses every
	 * statement (both routes must agree), =form parses none (what the
	 * forms cover) */
	const char *route = getenv("CUPEL_LOCK_ROUTE");
	for (size_t i = 0; route && !strcmp(route, "parse") && i < out->n; i++)
		out->stmts[i].form.kind = SQLFORM_OTHER;
	out->form_only = route && !strcmp(route, "form");
}

/* Parse statements [lo, hi) that need it (all: every one). Errors are
 * kept in err[] (malloc'd): the arena is not for other threads. */
struct parse_part {
	struct lockplan *lp;
	size_t lo, hi;
	bool all;
	char **err;
	pthread_t th;
};

static void *parse_part(void *arg)
{
	struct parse_part *pp = arg;
	for (size_t i = pp->lo; i < pp->hi; i++) {
		struct lockplan_stmt *s = &pp->lp->stmts[i];
		if (!pp->all && lockform_known(&s->form, s->op))
			continue;
		if (pp->lp->form_only) {
			s->error = "not parsed (CUPEL_LOCK_ROUTE=form)";
			continue;
		}
		struct pgq_result *r = xcalloc(1, sizeof(*r));
		struct strbuf err = STRBUF_INIT;
		if (pgq_parse(s->sql, r, &err)) {
			s->tree = r;
		} else {
			free(r);
			pp->err[i] = xstrdup(strbuf_str(&err));
		}
		strbuf_release(&err);
	}
	return NULL;
}

/* Parse what the form does not settle (all: every statement): the
 * expensive half, no schema needed. split: a long plan (a large SQL file
 * of lint --sql) is parsed on two threads; the walk's workers, already
 * one per core, do not split. */
static void parse_stmts(struct arena *a, struct lockplan *lp, bool all, bool split)
{
	char **err = xcalloc(lp->n + 1, sizeof(*err));
	struct parse_part parts[2] = { { lp, 0, lp->n, all, err, 0 }, { lp, lp->n, lp->n, all, err, 0 } };
	bool two = split && lp->n >= 64 && sysconf(_SC_NPROCESSORS_ONLN) > 1;
	if (two) {
		parts[0].hi = parts[1].lo = lp->n / 2;
		two = pthread_create(&parts[1].th, NULL, parse_part, &parts[1]) == 0;
		if (!two)
			parts[0].hi = lp->n;
	}
	parse_part(&parts[0]);
	if (two)
		pthread_join(parts[1].th, NULL);
	for (size_t i = 0; i < lp->n; i++)
		if (err[i]) {
			lp->stmts[i].error = arena_strdup(a, err[i]);
			free(err[i]);
		}
	free(err);
}

void lockplan_free_trees(struct lockplan *lp)
{
	for (size_t i = 0; i < lp->n; i++)
		if (lp->stmts[i].tree) {
			pgq_free(lp->stmts[i].tree);
			free(lp->stmts[i].tree);
			lp->stmts[i].tree = NULL;
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

static void judge_reset(struct lockplan *out)
{
	out->n_unknown = 0;
	out->holds = NULL;
	out->n_holds = 0;
	out->strongest = LOCK_NONE;
	out->strongest_table = NULL;
}

/* One statement's facts against schema s. */
static void judge_stmt(struct arena *a, const struct schema *s, struct lockplan *out, struct lockplan_stmt *st)
{
	st->parsed = true;
	/* the rows of an INSERT into a partitioned table decide which
	 * partitions it locks: read from the statement (rare, so here) */
	const struct schema_table *pt = !st->tree && st->form.kind == SQLFORM_INSERT && s && s->n_inherit
						? schema_table(s, st->form.schema, st->form.table)
						: NULL;
	if (pt && pt->partitioned) {
		struct pgq_result *r = xcalloc(1, sizeof(*r));
		struct strbuf err = STRBUF_INIT;
		if (pgq_parse(st->sql, r, &err))
			st->tree = r;
		else
			free(r);
		strbuf_release(&err);
	}
	if (st->tree)
		lockmodel_facts(a, st->sql, st->tree, s, &st->facts, &st->n_facts);
	else if (!lockform_facts(a, &st->form, st->op, s, &st->facts, &st->n_facts))
		st->parsed = false;
	if (!st->parsed)
		out->n_unknown++;
	for (size_t q = 0; st->parsed && q < st->n_facts; q++)
		if (!st->facts[q].known)
			out->n_unknown++;
}

static bool same_rel(const struct lock_rel *r, const struct lock_rel *x)
{
	return !strcmp(r->name, x->name) && same(r->schema, x->schema);
}

/* Did a statement of the transaction before stmts[i] write rows of the
 * table r names (inserted, updated, or rewrote it)? */
static bool own_rows(const struct lockplan *out, size_t i, const struct lock_rel *r)
{
	if (out->stmts[i].autocommit)
		return false;
	for (size_t j = i; j-- > 0 && out->stmts[j].txn == out->stmts[i].txn;) {
		const struct lockplan_stmt *b = &out->stmts[j];
		for (size_t q = 0; q < b->n_facts; q++) {
			const struct lock_fact *f = &b->facts[q];
			bool dml = f->kind && (!strcmp(f->kind, "InsertStmt") || !strcmp(f->kind, "UpdateStmt"));
			if (f->n_rels && (dml || f->rewrite == 1) && same_rel(&f->rels[0], r))
				return true;
		}
	}
	return false;
}

/* An UPDATE that leaves a foreign key's columns alone skips its check,
 * except for rows this transaction wrote (PostgreSQL's RI trigger checks
 * those whatever the key): after a rewrite, an INSERT or an UPDATE of the
 * table in the same transaction, the referenced tables get ROW SHARE. */
static void judge_own_rows(struct arena *a, const struct schema *s, struct lockplan *out, size_t i)
{
	struct lockplan_stmt *st = &out->stmts[i];
	for (size_t q = 0; s && q < st->n_facts; q++) {
		struct lock_fact *f = &st->facts[q];
		if (!f->known || !f->kind || strcmp(f->kind, "UpdateStmt") != 0 || !f->n_rels || !own_rows(out, i, &f->rels[0]))
			continue;
		size_t had = f->n_rels;
		const struct schema_table *t = lockfact_table(s, f->rels[0].schema, f->rels[0].name);
		if (t && !t->ri_off)
			lockfact_fk_checks(a, f, s, f->rels[0].schema, f->rels[0].name, NULL);
		if (f->n_rels > had)
			f->note = "the transaction wrote rows of this table before: their foreign keys are checked "
				  "whatever the UPDATE sets (when no row matches, nothing is locked)";
	}
}

/* SET CONSTRAINTS ... IMMEDIATE runs the checks the transaction's
 * earlier statements left pending for their deferred keys (all, or the
 * keys it names): their ROW SHARE is taken there. Those of the same
 * statement's text are added by the model; here the earlier statements'. */
static void judge_deferred(struct arena *a, struct lockplan *out)
{
	for (size_t i = 0; i < out->n; i++) {
		struct lockplan_stmt *st = &out->stmts[i];
		for (size_t q = 0; q < st->n_facts; q++) {
			struct lock_fact *f = &st->facts[q];
			if (f->constraints_mode != 1)
				continue;
			size_t n = q, cap = q + 4;
			const struct lock_fact **e = arena_alloc(a, cap * sizeof(*e));
			for (size_t r = q; r-- > 0;)
				e[q - 1 - r] = &st->facts[r];
			for (size_t j = i; j-- > 0 && out->stmts[j].txn == st->txn;) {
				const struct lockplan_stmt *b = &out->stmts[j];
				for (size_t r = b->n_facts; r-- > 0;) {
					if (n == cap) {
						e = arena_grow(a, e, n, cap * 2, sizeof(*e));
						cap *= 2;
					}
					e[n++] = &b->facts[r];
				}
			}
			/* the model added the same text's own: only the rest here */
			lockfact_run_pending(a, f, e, n, q);
		}
	}
}

/* The locks each transaction holds, from the statements' facts. */
static void judge_holds(struct arena *a, const struct op *ops, size_t n, struct lockplan *out)
{
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


/* The facts of every statement against the schema before the migration,
 * then the locks each transaction holds. */
void lockplan_judge(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
		    struct lockplan *out)
{
	judge_reset(out);
	for (size_t i = 0; i < out->n; i++) {
		judge_stmt(a, before, out, &out->stmts[i]);
		judge_own_rows(a, before, out, i);
	}
	judge_deferred(a, out);
	judge_holds(a, ops, n, out);
}

/* Is x the operation o, or one of its batch's? A batch's operations are
 * one array: a range test, then only the children that have their own. */
static bool op_within(const struct op *o, const struct op *x)
{
	if (o == x)
		return true;
	if (!o->n_children)
		return false;
	uintptr_t lo = (uintptr_t)o->children, hi = (uintptr_t)(o->children + o->n_children);
	if ((uintptr_t)x >= lo && (uintptr_t)x < hi)
		return true;
	for (size_t i = 0; i < o->n_children; i++)
		if (o->children[i].n_children && op_within(&o->children[i], x))
			return true;
	return false;
}

/* Operation o onto s; its statements are stmts[lo, hi): op.execute's SQL
 * comes from the trees already parsed for the locks where the text is
 * the same (no second parse). */
/* What lockplan_judge_along applies at a time: an operation, or one of
 * a batch's or an autocommit block's (each statement of a batch is
 * judged after the batch's operations before it). */
struct unit {
	const struct op *op, *parent;
	const char *ctx_schema, *ctx_table;
};

static void units_of(struct arena *a, const struct op *o, const struct op *parent, const char *cs, const char *ct,
		     struct unit **v, size_t *n, size_t *cap)
{
	if (o->n_children && (o->kind == OP_BATCH || o->kind == OP_AUTOCOMMIT)) {
		const char *s = o->kind == OP_BATCH ? o->schema : cs, *t = o->kind == OP_BATCH ? o->table : ct;
		for (size_t i = 0; i < o->n_children; i++)
			units_of(a, &o->children[i], i ? NULL : o, s, t, v, n, cap);
		return;
	}
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		*v = arena_grow(a, *v, *n, nc, sizeof(**v));
		*cap = nc;
	}
	(*v)[(*n)++] = (struct unit){ o, parent, cs, ct };
}

/* Is statement op x the unit's (its batch's own statements go with the
 * batch's first operation)? */
static bool unit_has(const struct unit *u, const struct op *x)
{
	return (u->parent && u->parent == x) || u->op == x || op_within(u->op, x);
}

static void apply_op(struct schema *s, const struct lockplan *lp, size_t lo, size_t hi, const struct unit *un,
		     const char *rev, struct arena *a)
{
	const struct op *o = un->op;
	struct schema_parsed *v = NULL;
	size_t n = 0;
	for (size_t i = lo; i < hi; i++) {
		const struct lockplan_stmt *st = &lp->stmts[i];
		if (st->tree && st->op && st->op->kind == OP_EXECUTE && st->op->sql && !strcmp(st->sql, st->op->sql)) {
			if (!v)
				v = arena_alloc(a, (hi - lo + 1) * sizeof(*v));
			v[n].op = st->op;
			v[n++].tree = st->tree;
		}
	}
	schema_apply_in(s, o, un->ctx_schema, un->ctx_table, rev, v, n);
}

void lockplan_judge_along(struct arena *a, const struct op *ops, size_t n, struct schema *s, const char *rev,
			  struct lockplan *out)
{
	if (!s) {
		lockplan_judge(a, ops, n, NULL, out);
		return;
	}
	judge_reset(out);
	schema_constraints_reset(s);
	struct unit *units = NULL;
	size_t n_units = 0, cap_units = 0;
	for (size_t k = 0; k < n; k++)
		units_of(a, &ops[k], NULL, NULL, NULL, &units, &n_units, &cap_units);
	/* statements come in operation order: each one's unit first (an
	 * index into units; one without stays with the one before) */
	size_t *top = arena_alloc(a, (out->n + 1) * sizeof(*top));
	for (size_t i = 0, t = 0; i < out->n; i++) {
		const struct op *x = out->stmts[i].op;
		if (x) {
			size_t u = t;
			while (u < n_units && !unit_has(&units[u], x))
				u++;
			if (u < n_units)
				t = u;
		}
		top[i] = t;
	}
	/* before the first statement of units[t], the units before t are
	 * applied, each with its own statements (those of top k) */
	size_t k = 0, j = 0;
	for (size_t i = 0; i <= out->n; i++) {
		size_t until = i < out->n ? top[i] : n_units;
		while (k < until) {
			while (j < out->n && top[j] < k)
				j++;
			size_t e = j;
			while (e < out->n && top[e] == k)
				e++;
			apply_op(s, out, j, e, &units[k], rev, a);
			j = e;
			k++;
		}
		if (i < out->n) {
			if (i && out->stmts[i].txn != out->stmts[i - 1].txn)
				schema_constraints_reset(s);
			judge_stmt(a, s, out, &out->stmts[i]);
			judge_own_rows(a, s, out, i);
		}
	}
	judge_deferred(a, out);
	judge_holds(a, ops, n, out);
}

void lockplan_build(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
		    struct lockplan *out)
{
	collect(a, ops, n, out);
	parse_stmts(a, out, false, false);
	lockplan_judge(a, ops, n, before, out);
	lockplan_free_trees(out);
}

void lockplan_build_along(struct arena *a, const struct op *ops, size_t n, struct schema *s, const char *rev,
			  struct lockplan *out)
{
	collect(a, ops, n, out);
	parse_stmts(a, out, false, false);
	lockplan_judge_along(a, ops, n, s, rev, out);
	lockplan_free_trees(out);
}

void lockplan_build_parsed(struct arena *a, const struct op *ops, size_t n, const struct schema *before,
			   struct lockplan *out)
{
	collect(a, ops, n, out);
	parse_stmts(a, out, true, true);
	lockplan_judge(a, ops, n, before, out);
}

bool lockplan_take_tree(struct lockplan *lp, size_t i, struct pgq_result *out)
{
	struct pgq_result *t = i < lp->n ? lp->stmts[i].tree : NULL;
	if (!t)
		return false;
	*out = *t;
	free(t);
	lp->stmts[i].tree = NULL;
	return true;
}

/* ---- the walk: workers read scripts and build plans ahead ---- */

struct slot {
	struct arena arena;
	struct op_list ops;
	bool ops_ok;
	struct lockplan lp;
	struct strbuf enums; /* the enum types the step makes (enum_memo_created) */
	size_t index;        /* the step it holds */
	int state;           /* 0 free, 1 being filled, 2 ready */
};

struct walk {
	struct project *p;
	const struct plan *plan;
	struct slot *slots;
	size_t n_slots;
	size_t next;         /* the next step a worker takes */
	size_t consumed;     /* steps handed to fn so far */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* Read step i into sl. memo: the run's enum types, when the step is read
 * again on the consumer's thread (it makes a type an earlier step made);
 * NULL on a worker, which notes the types the step makes instead. */
static void fill(struct walk *w, struct slot *sl, size_t i, struct enum_memo *memo)
{
	const struct plan_step *st = &w->plan->steps[i];
	memset(&sl->lp, 0, sizeof(sl->lp));
	strbuf_reset(&sl->enums);
	sl->ops.v = NULL;
	sl->ops.n = 0;
	sl->ops_ok = false;
	if (st->rev == PLAN_NO_REV || st->dir != PLAN_UPGRADE)
		return;
	struct diag_list diags;
	diag_list_init(&diags, &sl->arena);
	sl->ops_ok = sqlgen_step_ops(w->p, &sl->arena, &diags, st, DIALECT_POSTGRESQL, true, &sl->ops);
	if (sl->ops_ok) {
		if (memo)
			enum_memo_apply(memo, &sl->ops, DIALECT_POSTGRESQL);
		else
			enum_memo_created(&sl->ops, DIALECT_POSTGRESQL, &sl->enums);
		collect(&sl->arena, sl->ops.v, sl->ops.n, &sl->lp);
		parse_stmts(&sl->arena, &sl->lp, false, false);
	}
}

static void *worker(void *arg)
{
	struct walk *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		if (w->next >= w->plan->n)
			break;
		size_t i = w->next;
		struct slot *sl = &w->slots[i % w->n_slots];
		/* the slot still holds a step the consumer has not taken */
		if (sl->state != 0) {
			pthread_cond_wait(&w->cv, &w->mu);
			continue;
		}
		w->next++;
		sl->state = 1;
		sl->index = i;
		pthread_mutex_unlock(&w->mu);
		fill(w, sl, i, NULL);
		pthread_mutex_lock(&w->mu);
		sl->state = 2;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

void lockplan_walk(struct project *p, const struct plan *plan, struct schema *s, lockplan_prep_fn prep,
		   lockplan_fn fn, void *ctx)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k = plan->n < 32 || cpus < 2 ? 0 : (size_t)(cpus > 8 ? 8 : cpus);
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.plan = plan;
	w.n_slots = k ? 8 * k : 1;
	w.slots = calloc(w.n_slots, sizeof(*w.slots));
	pthread_t *th = calloc(k + 1, sizeof(*th));
	if (!w.slots || !th)
		abort();
	for (size_t i = 0; i < w.n_slots; i++)
		arena_init(&w.slots[i].arena);
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	size_t started = 0;
	for (size_t t = 0; t < k; t++, started++)
		if (pthread_create(&th[t], NULL, worker, &w) != 0)
			break;
	struct arena call;
	arena_init(&call);
	struct enum_memo memo;
	enum_memo_init(&memo);
	for (size_t i = 0; i < plan->n; i++) {
		struct slot *sl = &w.slots[i % w.n_slots];
		if (started) {
			pthread_mutex_lock(&w.mu);
			while (!(sl->state == 2 && sl->index == i))
				pthread_cond_wait(&w.cv, &w.mu);
			pthread_mutex_unlock(&w.mu);
		} else {
			fill(&w, sl, i, NULL);
		}
		const struct plan_step *st = &plan->steps[i];
		/* Alembic's DDL runner makes an enum type once per command: a
		 * step that makes one an earlier step made is read again with
		 * the run's types (rare), as cupel sql does */
		if (sl->ops_ok && sl->enums.len) {
			if (enum_memo_has_any(&memo, sl->enums.buf, sl->enums.len)) {
				lockplan_free_trees(&sl->lp);
				arena_reset(&sl->arena);
				fill(&w, sl, i, &memo);
			} else {
				enum_memo_add(&memo, sl->enums.buf, sl->enums.len);
			}
		}
		if (st->rev != PLAN_NO_REV && st->dir == PLAN_UPGRADE) {
			/* each statement's facts need the schema just before it:
			 * judged here, from the trees the workers parsed, while
			 * the migration's operations are applied one by one */
			if (sl->ops_ok) {
				if (prep) {
					lockplan_judge(&sl->arena, sl->ops.v, sl->ops.n, s, &sl->lp);
					prep(ctx, &sl->lp, s);
				}
				lockplan_judge_along(&sl->arena, sl->ops.v, sl->ops.n, s, p->graph->revs[st->rev].id,
						     &sl->lp);
			}
			fn(ctx, st, sl->ops_ok ? &sl->ops : NULL, &sl->lp, s, &call);
			arena_reset(&call);
		}
		lockplan_free_trees(&sl->lp);
		arena_reset(&sl->arena);
		if (started) {
			pthread_mutex_lock(&w.mu);
			sl->state = 0;
			pthread_cond_broadcast(&w.cv);
			pthread_mutex_unlock(&w.mu);
		}
	}
	for (size_t t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	arena_free(&call);
	enum_memo_free(&memo);
	for (size_t i = 0; i < w.n_slots; i++) {
		arena_free(&w.slots[i].arena);
		strbuf_release(&w.slots[i].enums);
	}
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	free(w.slots);
	free(th);
}
