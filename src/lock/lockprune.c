/* lockprune.c - the partitions a statement on a partitioned table locks:
 * PostgreSQL 12+ prunes partitions while planning, before it locks them
 * (a WHERE on the key), and INSERT locks a partition when its first row
 * is routed there. Checked against PostgreSQL 15 in tests/locks/cases.txt.
 * Comparisons are the model's (integers, ISO dates, equal strings);
 * anything else leaves a partition in (may hold rows) and a route
 * unknown. */
#include <string.h>

#include "cupel/pgq.h"
#include "lockfact.h"
#include "lockprune.h"

/* The partitions of t, their links to it, and whether every bound is
 * known; at most cap. */
static size_t parts_of(const struct schema *s, const struct schema_table *t, const struct schema_table **v,
		       const struct schema_bound **b, size_t cap, bool *known)
{
	size_t n = 0;
	*known = true;
	for (size_t i = 0; s && i < s->n_tables; i++) {
		const struct schema_table *c = s->tables[i];
		if (c->dropped)
			continue;
		for (size_t k = 0; k < c->n_parents; k++) {
			const struct schema_parent *p = &c->parents[k];
			if (!p->partition || strcmp(p->name, t->name) != 0 || !schema_same_schema(p->schema, t->schema))
				continue;
			if (n == cap || !p->bound.kind) {
				*known = false;
				return n;
			}
			v[n] = c;
			b[n++] = &p->bound;
		}
	}
	return n;
}

#define MAX_PARTS 256

/* Is v a string literal that reads as an integer ('3' where the key is
 * an integer: PostgreSQL casts it)? */
static bool int_text(const char *v)
{
	const char *c = v + (*v == '-' || *v == '+');
	if (!*c)
		return false;
	for (; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return strlen(v) < 19;
}

/* a against b, both of one kind (ints); 2: not comparable */
static int cmp(const char *a, bool ai, const char *b, bool bi)
{
	if (ai != bi && int_text(ai ? b : a))
		ai = bi = true;
	return ai == bi ? schema_const_cmp(a, b, ai) : 2;
}

/* Are a and b the same value: 1 yes, 0 no, -1 not known. Strings are
 * equal only byte for byte (deterministic collations), but two ISO dates
 * of different lengths (a date and a timestamp) are not known. */
static int same_value(const char *a, bool ai, const char *b, bool bi)
{
	if (ai != bi && int_text(ai ? b : a))
		ai = bi = true;
	if (ai != bi)
		return -1;
	int c = schema_const_cmp(a, b, ai);
	if (c == 0 || c == -1 || c == 1)
		return c == 0;
	size_t la = strlen(a), lb = strlen(b);
	bool dates = la >= 10 && lb >= 10 && a[4] == '-' && b[4] == '-' && a[7] == '-' && b[7] == '-';
	return dates && la != lb ? -1 : 0;
}

/* May a partition bounded by b hold a row whose key satisfies term x?
 * (Each term alone: PostgreSQL intersects what each leaves.) */
static bool may_hold(const struct schema_bound *b, const struct schema_check_term *x)
{
	if (x->op == 'N')
		return b->kind == 'r' || b->n_vals > 0;
	if (x->op == 'Z')
		return b->kind == 'l' && b->nulls;
	if (b->kind == 'l') {
		for (size_t i = 0; i < b->n_vals; i++) {
			bool ok = false;
			if (x->op == '=' || x->op == 'I') {
				for (size_t j = 0; !ok && j < x->n_vals; j++)
					ok = same_value(b->vals[i], b->ints, x->vals[j], x->ints) != 0;
			} else {
				int c = cmp(b->vals[i], b->ints, x->vals[0], x->ints);
				ok = c == 2 || (x->op == 'G' && c >= 0) || (x->op == '>' && c == 1) ||
				     (x->op == 'L' && c <= 0) || (x->op == '<' && c == -1);
			}
			if (ok)
				return true;
		}
		return false;
	}
	/* a range [lo, hi): is some value of it admitted? */
	if (x->op == '=' || x->op == 'I') {
		for (size_t j = 0; j < x->n_vals; j++) {
			int l = b->lo ? cmp(b->lo, b->ints, x->vals[j], x->ints) : -1;
			int h = b->hi ? cmp(x->vals[j], x->ints, b->hi, b->ints) : -1;
			if ((l == 2 || l <= 0) && (h == 2 || h == -1))
				return true;
		}
		return false;
	}
	if (x->op == 'G' || x->op == '>') {
		int h = b->hi ? cmp(x->vals[0], x->ints, b->hi, b->ints) : -1;
		return h == 2 || h == -1;
	}
	int l = b->lo ? cmp(b->lo, b->ints, x->vals[0], x->ints) : -1;
	return l == 2 || l == -1 || (x->op == 'L' && l == 0);
}

/* Is value v (not NULL) in a partition other than the default one, for
 * sure? */
static bool placed(const struct schema_bound *const *b, size_t n, const char *v, bool ints)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i]->kind == 'l') {
			for (size_t k = 0; k < b[i]->n_vals; k++)
				if (same_value(b[i]->vals[k], b[i]->ints, v, ints) == 1)
					return true;
		} else if (b[i]->kind == 'r') {
			int l = b[i]->lo ? cmp(b[i]->lo, b[i]->ints, v, ints) : -1;
			int h = b[i]->hi ? cmp(v, ints, b[i]->hi, b[i]->ints) : -1;
			if ((l == -1 || l == 0) && h == -1)
				return true;
		}
	}
	return false;
}

/* Does the default partition stay in? PostgreSQL keeps it for a list
 * partitioning unless every value an equality admits has a partition of
 * its own, and for a range when the range the terms admit is not covered
 * by the other partitions end to end. */
static bool default_stays(const struct schema_table *t, const struct schema_bound *const *b, size_t n,
			  const struct schema_check_term *const *k, size_t nk)
{
	const struct schema_check_term *eq = NULL;
	for (size_t i = 0; i < nk; i++)
		if (k[i]->op == 'Z') {
			/* NULL keys: a list partition that takes NULL, else the
			 * default one */
			for (size_t j = 0; t->partition_strategy == 'l' && j < n; j++)
				if (b[j]->kind == 'l' && b[j]->nulls)
					return false;
			return true;
		}
	for (size_t i = 0; i < nk; i++)
		if (k[i]->op == '=' || k[i]->op == 'I')
			eq = k[i];
		else if (k[i]->op != 'N' && t->partition_strategy == 'l')
			return true;
	if (eq) {
		for (size_t j = 0; j < eq->n_vals; j++) {
			/* a value another term rules out needs no partition */
			bool admitted = true;
			for (size_t i = 0; admitted && i < nk; i++) {
				if (k[i] == eq || k[i]->op == 'N')
					continue;
				struct schema_bound one = { .kind = 'l', .vals = &eq->vals[j], .n_vals = 1, .ints = eq->ints };
				admitted = may_hold(&one, k[i]);
			}
			if (admitted && !placed(b, n, eq->vals[j], eq->ints))
				return true;
		}
		return false;
	}
	if (t->partition_strategy != 'r')
		return true;
	/* the admitted range: from the greatest lower term to the least
	 * upper one (NULL: unbounded) */
	const struct schema_check_term *lo = NULL, *hi = NULL;
	for (size_t i = 0; i < nk; i++) {
		const struct schema_check_term *x = k[i];
		if (x->op == 'G' || x->op == '>') {
			int c = lo ? cmp(x->vals[0], x->ints, lo->vals[0], lo->ints) : 1;
			if (c == 2)
				return true;
			if (c == 1 || (c == 0 && x->op == '>'))
				lo = x;
		} else if (x->op == 'L' || x->op == '<') {
			int c = hi ? cmp(x->vals[0], x->ints, hi->vals[0], hi->ints) : -1;
			if (c == 2)
				return true;
			if (c == -1 || (c == 0 && x->op == '<'))
				hi = x;
		}
	}
	/* walk the partitions from the range's start: a point no partition
	 * holds is the default partition's */
	const char *cur = lo ? lo->vals[0] : NULL;
	bool ints = lo ? lo->ints : false;
	for (size_t step = 0; step <= n; step++) {
		const struct schema_bound *next = NULL;
		for (size_t i = 0; i < n && !next; i++) {
			if (b[i]->kind != 'r')
				continue;
			int l = !b[i]->lo ? -1 : cur ? cmp(b[i]->lo, b[i]->ints, cur, ints) : 1;
			int h = !b[i]->hi ? -1 : cur ? cmp(cur, ints, b[i]->hi, b[i]->ints) : -1;
			if (l == 2 || h == 2)
				return true;
			if (l <= 0 && h == -1)
				next = b[i];
		}
		if (!next)
			return true;
		if (!next->hi)
			return false;
		cur = next->hi;
		ints = next->ints;
		if (hi) {
			int c = cmp(cur, ints, hi->vals[0], hi->ints);
			if (c == 2)
				return true;
			if (c == 1 || (c == 0 && hi->op == '<'))
				return false;
		}
	}
	return true;
}

/* What pruning reads besides the tree: the statement's text (constants),
 * the name the WHERE qualifies the table's columns by, whether an
 * unqualified column may be another table's, and whether a term on a
 * partition key was met at all. */
struct prune {
	struct arena *a;
	const char *sql, *own;
	bool qualified, used;
};

/* The terms of one leaf of a WHERE on t's key, into k (at most cap). */
static size_t key_terms(struct prune *p, const struct schema_table *t, cJSON *leaf,
			const struct schema_check_term **k, size_t nk, size_t cap)
{
	size_t n;
	const struct schema_check_term *terms = schema_expr_terms(p->a, leaf, p->sql, &n);
	for (size_t i = 0; i < n && nk < cap; i++) {
		bool mine = terms[i].qual ? !strcmp(terms[i].qual, p->own) : !p->qualified;
		if (mine && !strcmp(terms[i].col, t->partition_key))
			k[nk++] = &terms[i];
	}
	return nk;
}

static bool bool_expr(cJSON *e, const char *op, cJSON **args)
{
	cJSON *in;
	const char *k = pgq_node(e, &in);
	if (!k || strcmp(k, "BoolExpr") != 0 || !pgq_str(in, "boolop") || strcmp(pgq_str(in, "boolop"), op) != 0)
		return false;
	*args = pgq_list(in, "args");
	return true;
}

/* sel[i]: may partition i of t (bounds b, np of them) hold a row the
 * expression e admits? AND intersects what its parts admit (its plain
 * terms together, as PostgreSQL combines them), OR unites; anything else
 * admits every partition. */
static void admit(struct prune *p, const struct schema_table *t, const struct schema_bound *const *b, size_t np,
		  cJSON *e, bool *sel, int depth)
{
	for (size_t i = 0; i < np; i++)
		sel[i] = true;
	cJSON *args;
	if (depth > 8)
		return;
	if (bool_expr(e, "OR_EXPR", &args)) {
		bool part[MAX_PARTS];
		for (size_t i = 0; i < np; i++)
			sel[i] = false;
		for (cJSON *x = pgq_first(args); x; x = x->next) {
			admit(p, t, b, np, x, part, depth + 1);
			for (size_t i = 0; i < np; i++)
				sel[i] = sel[i] || part[i];
		}
		return;
	}
	const struct schema_check_term *k[32];
	size_t nk = 0;
	bool is_and = bool_expr(e, "AND_EXPR", &args);
	for (cJSON *x = is_and ? pgq_first(args) : e; x; x = is_and ? x->next : NULL) {
		cJSON *sub;
		if (bool_expr(x, "OR_EXPR", &sub) || bool_expr(x, "AND_EXPR", &sub)) {
			bool part[MAX_PARTS];
			admit(p, t, b, np, x, part, depth + 1);
			for (size_t i = 0; i < np; i++)
				sel[i] = sel[i] && part[i];
		} else {
			nk = key_terms(p, t, x, k, nk, sizeof(k) / sizeof(k[0]));
		}
	}
	if (!nk)
		return;
	p->used = true;
	const struct schema_bound *others[MAX_PARTS];
	size_t no = 0;
	for (size_t i = 0; i < np; i++)
		if (b[i]->kind != 'd')
			others[no++] = b[i];
	for (size_t i = 0; i < np; i++) {
		bool in = true;
		if (b[i]->kind == 'd')
			in = default_stays(t, others, no, k, nk);
		else
			for (size_t j = 0; in && j < nk; j++)
				in = may_hold(b[i], k[j]);
		sel[i] = sel[i] && in;
	}
}

/* The partitions of t where admits, mode m, each partitioned one by its
 * own key; false when a bound is not known. */
static bool prune_table(struct prune *p, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
			cJSON *where, enum lock_mode m)
{
	if (!t->partitioned || !t->partition_key || (t->partition_strategy != 'l' && t->partition_strategy != 'r'))
		return false;
	const struct schema_table *pv[MAX_PARTS];
	const struct schema_bound *bv[MAX_PARTS];
	bool known, sel[MAX_PARTS];
	size_t np = parts_of(s, t, pv, bv, MAX_PARTS, &known);
	if (!known)
		return false;
	admit(p, t, bv, np, where, sel, 0);
	for (size_t i = 0; i < np; i++) {
		if (!sel[i])
			continue;
		lockfact_rel(p->a, f, pv[i]->schema, pv[i]->name, m, "a partition its WHERE may reach");
		if (pv[i]->partitioned && !prune_table(p, f, s, pv[i], where, m))
			lockfact_partitions(p->a, f, s, pv[i]->schema, pv[i]->name, m,
					    "a partition of the table the statement works on");
	}
	return true;
}

bool lockprune_where(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
		     cJSON *where, const char *sql, const char *own, bool qualified, enum lock_mode m)
{
	struct prune p = { a, sql, own, qualified, false };
	/* a first pass on a copy: no term on any key leaves the statement
	 * to the plain recursion into every partition */
	struct lock_fact scratch;
	memset(&scratch, 0, sizeof(scratch));
	if (!where || !prune_table(&p, &scratch, s, t, where, m) || !p.used)
		return false;
	for (size_t i = 0; i < scratch.n_rels; i++)
		lockfact_rel(a, f, scratch.rels[i].schema, scratch.rels[i].name, scratch.rels[i].mode, scratch.rels[i].why);
	return true;
}

bool lockprune_route(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
		     const struct lockprune_value *vals, size_t n, enum lock_mode m)
{
	if (!t->partitioned || !t->partition_key || (t->partition_strategy != 'l' && t->partition_strategy != 'r'))
		return false;
	const struct lockprune_value *v = NULL;
	for (size_t i = 0; i < n && !v; i++)
		if (!strcmp(vals[i].col, t->partition_key))
			v = &vals[i];
	if (!v) {
		/* left out: its default, or NULL */
		const struct schema_column *c = schema_column(t, t->partition_key);
		if (!c || c->default_sql)
			return false;
	}
	if (v && v->unknown)
		return false;
	const char *text = v ? v->text : NULL;
	const struct schema_table *pv[MAX_PARTS];
	const struct schema_bound *bv[MAX_PARTS];
	bool known;
	size_t np = parts_of(s, t, pv, bv, MAX_PARTS, &known);
	if (!known)
		return false;
	const struct schema_table *to = NULL, *def = NULL;
	for (size_t i = 0; i < np && !to; i++) {
		const struct schema_bound *b = bv[i];
		if (b->kind == 'd') {
			def = pv[i];
		} else if (!text) {
			if (b->kind == 'l' && b->nulls)
				to = pv[i];
		} else if (b->kind == 'l') {
			for (size_t k = 0; k < b->n_vals && !to; k++) {
				int c = same_value(b->vals[k], b->ints, text, v->ints);
				if (c < 0)
					return false;
				if (c)
					to = pv[i];
			}
		} else {
			int l = b->lo ? cmp(b->lo, b->ints, text, v->ints) : -1;
			int h = b->hi ? cmp(text, v->ints, b->hi, b->ints) : -1;
			if (l == 2 || h == 2)
				return false;
			if (l <= 0 && h == -1)
				to = pv[i];
		}
	}
	if (!to)
		to = def;
	if (!to)
		return false; /* no partition for the row: the INSERT fails */
	lockfact_rel(a, f, to->schema, to->name, m, "a partition its rows are routed to");
	return !to->partitioned || lockprune_route(a, f, s, to, vals, n, m);
}
