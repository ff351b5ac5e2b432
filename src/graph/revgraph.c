/* revgraph.c - Alembic's RevisionMap, rebuilt step by step in the same
 * order so that every observable (heads order, labels, errors) matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/revgraph.h"
#include "cupel/strbuf.h"

struct revset revset_new(struct arena *a, size_t n)
{
	struct revset s;
	s.n = n;
	s.bits = arena_alloc(a, n / 8 + 1);
	return s;
}

/* A growable index list built on the heap, then frozen into the arena. */
struct ivec {
	size_t *v;
	size_t n, cap;
};

static void ivec_push(struct ivec *iv, size_t x)
{
	if (iv->n == iv->cap) {
		iv->cap = iv->cap ? iv->cap * 2 : 8;
		size_t *nv = realloc(iv->v, iv->cap * sizeof(*nv));
		if (!nv)
			abort();
		iv->v = nv;
	}
	iv->v[iv->n++] = x;
}

static bool idx_contains(const size_t *v, size_t n, size_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static struct idxlist idx_freeze(struct arena *a, const size_t *v, size_t n)
{
	struct idxlist l = { arena_alloc(a, (n ? n : 1) * sizeof(size_t)), n };
	if (n)
		memcpy(l.v, v, n * sizeof(size_t));
	return l;
}

bool revgraph_lookup(const struct revgraph *g, const char *key, size_t *idx)
{
	return strmap_get(&g->map, key, idx);
}

static struct span rev_span(const struct rev *r, const struct script_decl *d)
{
	struct span s = { r->script->path, 0, 0, 0 };
	if (d && d->present) {
		s.line = d->val_line ? d->val_line : d->line;
		s.col = d->val_line ? d->val_col : d->col;
	}
	return s;
}

enum rev_edges { EDGES_DOWN, EDGES_NORMDOWN, EDGES_ALLDOWN, EDGES_NEXT, EDGES_ALLNEXT };

static const struct idxlist *rev_edges(const struct rev *r, enum rev_edges e)
{
	switch (e) {
	case EDGES_DOWN: return &r->down;
	case EDGES_NORMDOWN: return &r->normdown;
	case EDGES_ALLDOWN: return &r->alldown;
	case EDGES_NEXT: return &r->nextrev;
	case EDGES_ALLNEXT: return &r->allnext;
	}
	return &r->down;
}

/* Everything reachable from the starts (included) through one edge kind. */
static void revgraph_walk(const struct revgraph *g, const size_t *starts, size_t n,
			  enum rev_edges edges, struct revset *out)
{
	struct ivec stack = { 0 };
	for (size_t i = 0; i < n; i++)
		ivec_push(&stack, starts[i]);
	while (stack.n) {
		size_t r = stack.v[--stack.n];
		if (revset_has(out, r))
			continue;
		revset_add(out, r);
		const struct idxlist *next = rev_edges(&g->revs[r], edges);
		for (size_t k = 0; k < next->n; k++)
			if (!revset_has(out, next->v[k]))
				ivec_push(&stack, next->v[k]);
	}
	free(stack.v);
}

void revgraph_ancestors(const struct revgraph *g, const size_t *starts, size_t n,
			bool with_deps, struct revset *out)
{
	revgraph_walk(g, starts, n, with_deps ? EDGES_NORMDOWN : EDGES_DOWN, out);
}

/* The walk revgraph_first_overlap does without the one-pass order: one
 * ancestor set per revision listed. */
static size_t revgraph_first_overlap_walked(const struct revgraph *g, const size_t *revs, size_t n)
{
	size_t bytes = g->n / 8 + 1;
	struct revset s = { calloc(1, bytes), g->n };
	if (!s.bits)
		abort();
	size_t found = n;
	for (size_t i = 0; i < n && found == n; i++) {
		memset(s.bits, 0, bytes);
		revgraph_walk(g, &revs[i], 1, EDGES_NORMDOWN, &s);
		for (size_t k = 0; k < n; k++)
			if (k != i && revs[k] != revs[i] && revset_has(&s, revs[k]))
				found = i;
	}
	free(s.bits);
	return found;
}

size_t revgraph_first_overlap(const struct revgraph *g, const size_t *revs, size_t n)
{
	if (n < 2)
		return n;
	/* parents first (a depth-first post-order over normdown), each
	 * revision learning whether a listed one is among its ancestors or
	 * itself: one pass over the graph instead of a walk per revision */
	unsigned char *state = calloc(g->n + 1, 1);  /* 0 new, 1 open, 2 done */
	unsigned char *listed = calloc(g->n + 1, 1);
	unsigned char *below = calloc(g->n + 1, 1);  /* a listed one is an ancestor or itself */
	unsigned char *strict = calloc(g->n + 1, 1); /* a listed one is a proper ancestor */
	size_t *next = calloc(g->n + 1, sizeof(*next));
	struct ivec stack = { 0 };
	if (!state || !listed || !below || !strict || !next)
		abort();
	for (size_t i = 0; i < n; i++)
		listed[revs[i]] = 1;
	bool cycle = false;
	for (size_t root = 0; root < g->n && !cycle; root++) {
		if (state[root])
			continue;
		state[root] = 1;
		ivec_push(&stack, root);
		while (stack.n && !cycle) {
			size_t r = stack.v[stack.n - 1];
			const struct idxlist *up = &g->revs[r].normdown;
			if (next[r] < up->n) {
				size_t p = up->v[next[r]++];
				if (state[p] == 1)
					cycle = true;
				else if (state[p] == 0) {
					state[p] = 1;
					ivec_push(&stack, p);
				}
				continue;
			}
			stack.n--;
			state[r] = 2;
			for (size_t k = 0; k < up->n; k++)
				strict[r] |= below[up->v[k]];
			below[r] = listed[r] | strict[r];
		}
	}
	size_t found = n;
	for (size_t i = 0; i < n && found == n && !cycle; i++)
		if (strict[revs[i]])
			found = i;
	free(state);
	free(listed);
	free(below);
	free(strict);
	free(next);
	free(stack.v);
	/* a cycle through dependencies has no such order */
	return cycle ? revgraph_first_overlap_walked(g, revs, n) : found;
}

void revgraph_descendants(const struct revgraph *g, const size_t *starts, size_t n,
			  bool with_deps, struct revset *out)
{
	revgraph_walk(g, starts, n, with_deps ? EDGES_ALLNEXT : EDGES_NEXT, out);
}

/* Resolve a name as `map_[name]` does: revision ids and branch labels. */
static bool revgraph_key(const struct revgraph *g, const char *name, size_t *idx)
{
	return strmap_get(&g->map, name, idx);
}

static void revgraph_map_labels(struct revgraph *g, struct diag_list *diags)
{
	for (size_t i = 0; i < g->n; i++) {
		struct rev *r = &g->revs[i];
		const struct strlist *labels = &r->script->labels;
		for (size_t k = 0; k < labels->n; k++) {
			size_t other;
			if (revgraph_key(g, labels->items[k], &other)) {
				diag_push(diags, DIAG_ERROR, "graph-label", rev_span(r, &r->script->labels_decl),
					  "branch name '%s' in revision %s already used by revision %s",
					  labels->items[k], r->id, g->revs[other].id)->revision = r->id;
				g->broken = true;
				continue;
			}
			strmap_put(&g->map, labels->items[k], i);
		}
	}
}

static void revgraph_resolve_deps(struct revgraph *g, struct diag_list *diags)
{
	struct ivec iv = { 0 };
	for (size_t i = 0; i < g->n; i++) {
		struct rev *r = &g->revs[i];
		iv.n = 0;
		for (size_t k = 0; k < r->script->depends.n; k++) {
			size_t d;
			const char *name = r->script->depends.items[k];
			if (!revgraph_key(g, name, &d)) {
				diag_push(diags, DIAG_ERROR, "graph-missing", rev_span(r, &r->script->depends_decl),
					  "revision %s in depends_on of %s is not present", name, r->id)->revision = r->id;
				g->broken = true;
				continue;
			}
			if (d == i)
				continue; /* reported as a self-loop by the script reader */
			if (!idx_contains(iv.v, iv.n, d))
				ivec_push(&iv, d);
		}
		r->deps = idx_freeze(g->arena, iv.v, iv.n);
	}
	free(iv.v);
}

/* Link children to parents, over the revisions the map points to. */
static void revgraph_link(struct revgraph *g, struct diag_list *diags)
{
	struct ivec iv = { 0 };
	for (size_t i = 0; i < g->n; i++) {
		struct rev *r = &g->revs[i];
		if (r->shadowed)
			continue;
		iv.n = 0;
		for (size_t k = 0; k < r->script->down.n; k++) {
			size_t d;
			const char *name = r->script->down.items[k];
			if (strcmp(name, r->id) == 0)
				continue; /* self-loop, already reported */
			if (!revgraph_key(g, name, &d)) {
				diag_push(diags, DIAG_ERROR, "graph-missing", rev_span(r, &r->script->down_decl),
					  "revision %s referenced from %s is not present", name, r->id)
					->revision = r->id;
				g->broken = true;
				continue;
			}
			if (!idx_contains(iv.v, iv.n, d))
				ivec_push(&iv, d);
		}
		r->down = idx_freeze(g->arena, iv.v, iv.n);
		/* _all_down_revisions = dedupe(down + resolved deps) */
		for (size_t k = 0; k < r->deps.n; k++)
			if (!idx_contains(iv.v, iv.n, r->deps.v[k]))
				ivec_push(&iv, r->deps.v[k]);
		r->alldown = idx_freeze(g->arena, iv.v, iv.n);
	}
	free(iv.v);
	/* children lists: count, allocate once, fill (in map order) */
	size_t *n_all = calloc(g->n ? g->n : 1, sizeof(size_t));
	size_t *n_next = calloc(g->n ? g->n : 1, sizeof(size_t));
	if (!n_all || !n_next)
		abort();
	for (size_t i = 0; i < g->n; i++) {
		const struct rev *r = &g->revs[i];
		if (r->shadowed)
			continue;
		for (size_t k = 0; k < r->alldown.n; k++) {
			n_all[r->alldown.v[k]]++;
			if (idx_contains(r->down.v, r->down.n, r->alldown.v[k]))
				n_next[r->alldown.v[k]]++;
		}
	}
	for (size_t i = 0; i < g->n; i++) {
		g->revs[i].allnext.v = n_all[i] ? arena_alloc(g->arena, n_all[i] * sizeof(size_t)) : NULL;
		g->revs[i].nextrev.v = n_next[i] ? arena_alloc(g->arena, n_next[i] * sizeof(size_t)) : NULL;
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct rev *r = &g->revs[i];
		if (r->shadowed)
			continue;
		for (size_t k = 0; k < r->alldown.n; k++) {
			struct rev *p = &g->revs[r->alldown.v[k]];
			p->allnext.v[p->allnext.n++] = i;
			if (idx_contains(r->down.v, r->down.n, r->alldown.v[k]))
				p->nextrev.v[p->nextrev.n++] = i;
		}
	}
	free(n_all);
	free(n_next);
}

/* Revisions ordered so that every parent (through down) comes before its
 * children; revisions on a cycle come in some order (the cycle is reported). */
static size_t *revgraph_parents_first(const struct revgraph *g)
{
	size_t *out = malloc((g->n ? g->n : 1) * sizeof(*out));
	unsigned char *state = calloc(g->n ? g->n : 1, 1); /* 0 new, 1 open, 2 done */
	struct ivec stack = { 0 };
	if (!out || !state)
		abort();
	size_t n = 0;
	for (size_t root = 0; root < g->n; root++) {
		if (state[root])
			continue;
		ivec_push(&stack, root);
		while (stack.n) {
			size_t r = stack.v[stack.n - 1];
			if (state[r] == 0) {
				state[r] = 1;
				const struct idxlist *d = &g->revs[r].down;
				for (size_t k = 0; k < d->n; k++)
					if (!state[d->v[k]])
						ivec_push(&stack, d->v[k]);
			} else {
				stack.n--;
				if (state[r] == 1) {
					state[r] = 2;
					out[n++] = r;
				}
			}
		}
	}
	free(stack.v);
	free(state);
	return out;
}

/* _normalize_depends_on: drop dependencies that an ancestor (through
 * down_revision only) already declares. The dependencies declared above
 * each revision are accumulated parents-first as bitsets over the
 * dependency targets. Declared order is kept where Alembic 1.8 uses
 * Python set order. */
static void revgraph_normalize_deps(struct revgraph *g)
{
	struct ivec iv = { 0 };
	size_t *slot = malloc((g->n ? g->n : 1) * sizeof(*slot)); /* rev -> target bit */
	if (!slot)
		abort();
	size_t n_targets = 0;
	for (size_t i = 0; i < g->n; i++)
		slot[i] = SIZE_MAX;
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->revs[i].deps.n; k++)
			if (slot[g->revs[i].deps.v[k]] == SIZE_MAX)
				slot[g->revs[i].deps.v[k]] = n_targets++;
	size_t words = n_targets / 64 + 1;
	uint64_t *above = n_targets ? calloc(g->n * words, sizeof(uint64_t)) : NULL;
	if (n_targets && !above)
		abort();
	const size_t *order = g->parents_first.v;
	for (size_t o = 0; o < g->n; o++) {
		size_t i = order[o];
		struct rev *r = &g->revs[i];
		if (n_targets) {
			uint64_t *mine = above + i * words;
			for (size_t k = 0; k < r->down.n; k++) {
				size_t p = r->down.v[k];
				const uint64_t *theirs = above + p * words;
				for (size_t w = 0; w < words; w++)
					mine[w] |= theirs[w];
				for (size_t d = 0; d < g->revs[p].deps.n; d++) {
					size_t b = slot[g->revs[p].deps.v[d]];
					mine[b / 64] |= 1ull << (b % 64);
				}
			}
			iv.n = 0;
			for (size_t d = 0; d < r->deps.n; d++) {
				size_t b = slot[r->deps.v[d]];
				if (!(mine[b / 64] & (1ull << (b % 64))))
					ivec_push(&iv, r->deps.v[d]);
			}
			r->deps_norm = idx_freeze(g->arena, iv.v, iv.n);
		}
		iv.n = 0;
		for (size_t k = 0; k < r->down.n; k++)
			ivec_push(&iv, r->down.v[k]);
		for (size_t k = 0; k < r->deps_norm.n; k++)
			if (!idx_contains(iv.v, iv.n, r->deps_norm.v[k]))
				ivec_push(&iv, r->deps_norm.v[k]);
		r->normdown = idx_freeze(g->arena, iv.v, iv.n);
	}
	free(above);
	free(slot);
	free(iv.v);
}

static int revgraph_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The message lists revisions: every one (map order) when there is no head
 * or no base, else the sorted ids off every base-to-head path. */
static void revgraph_cycle_diag(struct revgraph *g, struct diag_list *diags, const char *what,
				const struct revset *bad)
{
	struct strbuf ids = STRBUF_INIT, files = STRBUF_INIT;
	size_t cnt = 0;
	const char **names = malloc((g->n ? g->n : 1) * sizeof(*names));
	const char **paths = malloc((g->n ? g->n : 1) * sizeof(*paths));
	if (!names || !paths)
		abort();
	for (size_t i = 0; i < g->n; i++) {
		if (g->revs[i].shadowed || (bad && !revset_has(bad, i)))
			continue;
		names[cnt] = g->revs[i].id;
		paths[cnt++] = g->revs[i].script->path;
	}
	if (bad)
		qsort(names, cnt, sizeof(*names), revgraph_cmp_str);
	for (size_t i = 0; i < cnt; i++) {
		strbuf_adds(&ids, i ? ", " : "");
		strbuf_adds(&ids, names[i]);
		if (i < 10) {
			strbuf_adds(&files, i ? "\n" : "");
			strbuf_adds(&files, paths[i]);
		}
	}
	struct span none = { NULL, 0, 0, 0 };
	struct diag *d = diag_push(diags, DIAG_ERROR, "graph-cycle", none, "%s is detected in revisions (%s)",
				   what, strbuf_str(&ids));
	d->detail = arena_printf(g->arena, "files involved:\n%s%s", strbuf_str(&files), cnt > 10 ? "\n..." : "");
	g->broken = true;
	strbuf_release(&ids);
	strbuf_release(&files);
	free(names);
	free(paths);
}

static bool revgraph_detect_cycles(struct revgraph *g, struct diag_list *diags)
{
	size_t live = 0;
	struct ivec heads = { 0 }, bases = { 0 }, rheads = { 0 }, rbases = { 0 };
	for (size_t i = 0; i < g->n; i++) {
		struct rev *r = &g->revs[i];
		if (r->shadowed)
			continue;
		live++;
		if (r->nextrev.n == 0)
			ivec_push(&heads, i);
		if (r->allnext.n == 0)
			ivec_push(&rheads, i);
		/* a revision whose parents are all missing (already reported,
		 * and fatal for Alembic) counts as a base here, so that the
		 * cycle check does not report it again */
		if (r->is_base || r->down.n == 0)
			ivec_push(&bases, i);
		if (r->is_real_base || r->alldown.n == 0)
			ivec_push(&rbases, i);
	}
	bool ok = true;
	if (live) {
		for (int pass = 0; pass < 2 && ok; pass++) {
			const char *what = pass ? "Dependency cycle" : "Cycle";
			struct ivec *h = pass ? &rheads : &heads, *b = pass ? &rbases : &bases;
			if (!h->n || !b->n) {
				revgraph_cycle_diag(g, diags, what, NULL);
				ok = false;
				break;
			}
			struct revset up = revset_new(g->arena, g->n), downs = revset_new(g->arena, g->n);
			revgraph_walk(g, h->v, h->n, pass ? EDGES_ALLDOWN : EDGES_DOWN, &up);
			revgraph_walk(g, b->v, b->n, pass ? EDGES_ALLNEXT : EDGES_NEXT, &downs);
			struct revset bad = revset_new(g->arena, g->n);
			bool any = false;
			for (size_t i = 0; i < g->n; i++) {
				if (g->revs[i].shadowed)
					continue;
				if (!(revset_has(&up, i) && revset_has(&downs, i))) {
					revset_add(&bad, i);
					any = true;
				}
			}
			if (any) {
				revgraph_cycle_diag(g, diags, what, &bad);
				ok = false;
			}
		}
	}
	free(heads.v);
	free(bases.v);
	free(rheads.v);
	free(rbases.v);
	return ok;
}

/* _add_branches: a label spreads to every descendant (through
 * down_revision), then from the last node of that walk down the single
 * parent chain until a real branch point, a merge point or a base. The
 * result does not depend on the order labelled revisions are taken in, so
 * it is computed in two linear passes. Label sets are bitsets over the distinct labels: histories with hundreds
 * of labels and merges give every late revision hundreds of labels. */
struct labelsets {
	size_t n_labels, words;
	const char **names;   /* label id -> name */
	uint64_t *bits;       /* n revisions x words */
};

static uint64_t *labelset_of(struct labelsets *ls, size_t rev)
{
	return ls->bits + rev * ls->words;
}

static void labelset_or(struct labelsets *ls, uint64_t *dst, const uint64_t *src)
{
	for (size_t w = 0; w < ls->words; w++)
		dst[w] |= src[w];
}

static int revgraph_cmp_label(const void *a, const void *b, void *names)
{
	const char *const *n = names;
	return strcmp(n[*(const size_t *)a], n[*(const size_t *)b]);
}

static void revgraph_spread_labels(struct revgraph *g)
{
	struct labelsets ls = { 0 };
	struct strmap ids;
	strmap_init(&ids, g->arena);
	struct ivec declared = { 0 }; /* label id per declaration, in order */
	for (size_t i = 0; i < g->n; i++) {
		const struct strlist *l = &g->revs[i].script->labels;
		for (size_t k = 0; k < l->n; k++) {
			size_t id;
			if (!strmap_get(&ids, l->items[k], &id)) {
				id = ls.n_labels++;
				strmap_put(&ids, l->items[k], id);
			}
			ivec_push(&declared, id);
		}
	}
	if (!ls.n_labels)
		return;
	ls.names = arena_alloc(g->arena, ls.n_labels * sizeof(*ls.names));
	for (size_t i = 0; i < ids.cap; i++)
		if (ids.slots[i].key)
			ls.names[ids.slots[i].value] = ids.slots[i].key;
	ls.words = (ls.n_labels + 63) / 64;
	ls.bits = calloc(g->n * ls.words, sizeof(uint64_t));
	uint64_t *snap = calloc(ls.words, sizeof(uint64_t));
	if (!ls.bits || !snap)
		abort();
	/* own labels */
	size_t d = 0;
	for (size_t i = 0; i < g->n; i++) {
		uint64_t *own = labelset_of(&ls, i);
		for (size_t k = 0; k < g->revs[i].script->labels.n; k++, d++)
			own[declared.v[d] / 64] |= 1ull << (declared.v[d] % 64);
	}
	/* (1) every descendant through down_revision gets the labels: one
	 * parents-first pass instead of a walk per labelled revision */
	const size_t *order_pf = g->parents_first.v;
	for (size_t o = 0; o < g->n; o++) {
		size_t i = order_pf[o];
		const struct idxlist *down = &g->revs[i].down;
		for (size_t k = 0; k < down->n; k++)
			labelset_or(&ls, labelset_of(&ls, i), labelset_of(&ls, down->v[k]));
	}
	/* (2) Alembic then walks down from the last node of each labelled
	 * revision's descendant walk, while nodes are neither real branch points
	 * nor merge points. That passes the labelled revision only when its
	 * descendants are one clean chain; then its ancestors down to the
	 * nearest branch or merge point get its labels too. */
	for (size_t i = 0; i < g->n; i++) {
		struct rev *r = &g->revs[i];
		if (!r->script->labels.n)
			continue;
		const struct rev *c = r;
		bool clean = true;
		while (clean && c->nextrev.n == 1) {
			clean = !c->is_real_branch_point && !c->is_merge_point;
			c = &g->revs[c->nextrev.v[0]];
		}
		if (!clean || c->nextrev.n > 1 || c->is_real_branch_point || c->is_merge_point)
			continue;
		memcpy(snap, labelset_of(&ls, i), ls.words * sizeof(uint64_t));
		struct rev *p = r;
		while (!p->is_real_branch_point && !p->is_merge_point) {
			labelset_or(&ls, labelset_of(&ls, p->idx), snap);
			if (p->script->down.n == 1 && p->down.n == 1)
				p = &g->revs[p->down.v[0]];
			else
				break;
		}
	}
	/* each revision's labels as names, sorted */
	size_t *order = malloc(ls.n_labels * sizeof(*order));
	if (!order)
		abort();
	for (size_t k = 0; k < ls.n_labels; k++)
		order[k] = k;
	qsort_r(order, ls.n_labels, sizeof(*order), revgraph_cmp_label, ls.names);
	/* most revisions carry the same set as their first parent: share the
	 * array then (a history with hundreds of labels would otherwise hold
	 * hundreds of pointers per revision) */
	const size_t *pf = g->parents_first.v;
	for (size_t o = 0; o < g->n; o++) {
		size_t i = pf[o];
		const uint64_t *set = labelset_of(&ls, i);
		struct rev *r = &g->revs[i];
		if (r->down.n && !memcmp(set, labelset_of(&ls, r->down.v[0]), ls.words * sizeof(uint64_t))) {
			r->labels = g->revs[r->down.v[0]].labels;
			r->n_labels = g->revs[r->down.v[0]].n_labels;
			continue;
		}
		size_t cnt = 0;
		for (size_t w = 0; w < ls.words; w++)
			cnt += (size_t)__builtin_popcountll(set[w]);
		if (!cnt)
			continue;
		const char **names = arena_alloc(g->arena, cnt * sizeof(*names));
		for (size_t k = 0; k < ls.n_labels; k++)
			if (set[order[k] / 64] & (1ull << (order[k] % 64)))
				names[r->n_labels++] = ls.names[order[k]];
		r->labels = names;
	}
	free(order);
	free(declared.v);
	free(snap);
	free(ls.bits);
}

struct revgraph *revgraph_build(struct arena *a, struct diag_list *diags,
				struct script *const *scripts, size_t n)
{
	struct revgraph *g = arena_alloc(a, sizeof(*g));
	g->arena = a;
	g->n = n;
	g->revs = arena_alloc(a, (n ? n : 1) * sizeof(*g->revs));
	strmap_init(&g->map, a);
	strmap_reserve(&g->map, n + n / 4);
	for (size_t i = 0; i < n; i++) {
		struct rev *r = &g->revs[i];
		r->script = scripts[i];
		r->id = scripts[i]->revision;
		r->idx = i;
		size_t prev;
		if (strmap_get(&g->map, r->id, &prev)) {
			g->revs[prev].shadowed = true;
			struct diag *d = diag_push(diags, DIAG_ERROR, "graph-duplicate", rev_span(r, &r->script->revision_decl),
						   "revision %s is present more than once", r->id);
			d->revision = r->id;
			d->detail = arena_printf(a, "also declared in %s", g->revs[prev].script->path);
			g->broken = true;
		}
		strmap_put(&g->map, r->id, i);
		r->is_base = r->script->down.n == 0;
		r->is_real_base = r->is_base && r->script->depends.n == 0;
		r->is_merge_point = r->script->down.n > 1;
	}
	revgraph_map_labels(g, diags);
	revgraph_resolve_deps(g, diags);
	revgraph_link(g, diags);
	size_t *pf = revgraph_parents_first(g);
	g->parents_first = idx_freeze(a, pf, g->n);
	free(pf);
	revgraph_normalize_deps(g);
	struct ivec h = { 0 }, rh = { 0 }, b = { 0 }, rb = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct rev *r = &g->revs[i];
		r->is_head = r->nextrev.n == 0;
		r->is_real_head = r->allnext.n == 0;
		r->is_branch_point = r->nextrev.n > 1;
		r->is_real_branch_point = r->allnext.n > 1;
		if (r->is_head)
			ivec_push(&h, i);
		if (r->is_real_head)
			ivec_push(&rh, i);
		if (r->is_base)
			ivec_push(&b, i);
		if (r->is_real_base)
			ivec_push(&rb, i);
	}
	g->heads = idx_freeze(a, h.v, h.n);
	g->real_heads = idx_freeze(a, rh.v, rh.n);
	g->bases = idx_freeze(a, b.v, b.n);
	g->real_bases = idx_freeze(a, rb.v, rb.n);
	free(h.v);
	free(rh.v);
	free(b.v);
	free(rb.v);
	if (revgraph_detect_cycles(g, diags))
		revgraph_spread_labels(g);
	else
		g->cyclic = true;
	return g;
}

/* Whether one revision is an ancestor of another (through normdown, itself
 * included): the exact sets Alembic's sort consults, answered without
 * walking at every merge. A revision with one normdown parent has its
 * parent's ancestors and itself, so only the others need a set of their
 * own: the revisions whose single-parent links lead up to the same
 * revision (their segment's root) form a tree, and an ancestor is either
 * above the revision in that tree (an interval test) or an ancestor of
 * the root (the root's bitset; a base has none to add). On 10,000
 * revisions that is ~900 bitsets instead of 10,000 (12.5 MB, the n*n
 * closure this replaced). */
struct reach {
	size_t *root;      /* per revision: its segment's root */
	size_t *tin, *tout;/* per revision: its interval in the tree of its segment */
	size_t *row;       /* per revision: its bitset if it is a root with parents, else SIZE_MAX */
	uint64_t *bits;
	size_t words;
};

static void reach_free(struct reach *R)
{
	if (!R)
		return;
	free(R->root);
	free(R->tin);
	free(R->tout);
	free(R->row);
	free(R->bits);
	free(R);
}

/* Is u an ancestor of v, or v itself? */
static bool reach_has(const struct reach *R, size_t v, size_t u)
{
	size_t r = R->root[v];
	if (R->root[u] == r)
		return R->tin[u] <= R->tin[v] && R->tout[v] <= R->tout[u];
	if (R->row[r] == SIZE_MAX)
		return false;
	return (R->bits[R->row[r] * R->words + u / 64] >> (u % 64)) & 1u;
}

/* u and its ancestors into a root's bitset (u up to its own root, then
 * that root's set) */
static void reach_add(const struct revgraph *g, struct reach *R, uint64_t *dst, size_t u)
{
	for (;;) {
		dst[u / 64] |= (uint64_t)1 << (u % 64);
		if (g->revs[u].normdown.n != 1)
			break;
		u = g->revs[u].normdown.v[0];
	}
	if (R->row[u] != SIZE_MAX) {
		const uint64_t *src = R->bits + R->row[u] * R->words;
		for (size_t w = 0; w < R->words; w++)
			dst[w] |= src[w];
	}
}

#define REACH_MAX_BYTES ((size_t)256 << 20)

/* NULL when the bitsets would not fit in REACH_MAX_BYTES, or on a cycle */
static struct reach *reach_build(const struct revgraph *g)
{
	size_t n = g->n;
	struct reach *R = calloc(1, sizeof(*R));
	size_t *first = malloc((n + 1) * sizeof(size_t)), *kids = malloc((n ? n : 1) * sizeof(size_t));
	size_t *stack = malloc((n ? n : 1) * sizeof(size_t)), *next = malloc((n ? n : 1) * sizeof(size_t));
	if (!R || !first || !kids || !stack || !next)
		abort();
	R->root = malloc((n ? n : 1) * sizeof(size_t));
	R->tin = malloc((n ? n : 1) * sizeof(size_t));
	R->tout = malloc((n ? n : 1) * sizeof(size_t));
	R->row = malloc((n ? n : 1) * sizeof(size_t));
	if (!R->root || !R->tin || !R->tout || !R->row)
		abort();
	R->words = (n + 63) / 64 ? (n + 63) / 64 : 1;
	/* children through single-parent links, by counting */
	memset(first, 0, (n + 1) * sizeof(size_t));
	size_t n_rows = 0;
	for (size_t i = 0; i < n; i++) {
		R->row[i] = SIZE_MAX;
		R->root[i] = SIZE_MAX;
		if (g->revs[i].normdown.n == 1)
			first[g->revs[i].normdown.v[0] + 1]++;
		else if (g->revs[i].normdown.n > 1)
			R->row[i] = n_rows++;
	}
	bool fits = n_rows <= REACH_MAX_BYTES / (R->words * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	memcpy(next, first, n * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		if (g->revs[i].normdown.n == 1)
			kids[next[g->revs[i].normdown.v[0]]++] = i;
	/* each segment's tree, depth first: entry and exit times */
	size_t clock = 0, seen = 0;
	for (size_t r = 0; r < n && fits; r++) {
		if (g->revs[r].normdown.n == 1)
			continue;
		size_t sp = 0;
		stack[sp++] = r;
		next[r] = first[r];
		R->root[r] = r;
		R->tin[r] = clock++;
		seen++;
		while (sp) {
			size_t x = stack[sp - 1];
			if (next[x] < first[x + 1]) {
				size_t c = kids[next[x]++];
				R->root[c] = r;
				R->tin[c] = clock++;
				next[c] = first[c];
				seen++;
				stack[sp++] = c;
			} else {
				R->tout[x] = clock++;
				sp--;
			}
		}
	}
	free(first);
	free(kids);
	free(stack);
	free(next);
	if (!fits || seen != n) { /* a cycle leaves revisions without a root */
		reach_free(R);
		return NULL;
	}
	R->bits = calloc(n_rows ? n_rows : 1, R->words * sizeof(uint64_t));
	if (!R->bits)
		abort();
	/* the roots' sets, parents first (g->parents_first follows down only:
	 * a root's normdown parents may be dependencies, so order by demand) */
	unsigned char *done = calloc(n ? n : 1, 1);
	size_t cap = n ? n : 1;
	size_t *st = malloc(cap * sizeof(size_t));
	if (!done || !st)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (R->row[i] == SIZE_MAX || done[i])
			continue;
		size_t sp = 0;
		st[sp++] = i;
		while (sp) {
			size_t m = st[sp - 1];
			bool ready = true;
			for (size_t k = 0; k < g->revs[m].normdown.n; k++) {
				size_t q = R->root[g->revs[m].normdown.v[k]];
				if (R->row[q] != SIZE_MAX && !done[q]) {
					ready = false;
					/* at most every edge and every root once more */
					if (sp == cap) {
						cap *= 2;
						st = realloc(st, cap * sizeof(size_t));
						if (!st)
							abort();
					}
					st[sp++] = q;
				}
			}
			if (!ready)
				continue;
			sp--;
			if (done[m])
				continue;
			uint64_t *dst = R->bits + R->row[m] * R->words;
			dst[m / 64] |= (uint64_t)1 << (m % 64);
			for (size_t k = 0; k < g->revs[m].normdown.n; k++)
				reach_add(g, R, dst, g->revs[m].normdown.v[k]);
			done[m] = 1;
		}
	}
	free(done);
	free(st);
	return R;
}

/* A current head of the sort and its ancestors: with reach the head
 * answers for them, else a walked bitset. */
struct topo_anc {
	size_t head;
	struct revset set;
};

void revgraph_toposort(const struct revgraph *g, const struct revset *wanted,
		       const size_t *heads, size_t n_heads, struct idxlist *out)
{
	size_t bytes = ((g->n + 63) / 64) * sizeof(uint64_t);
	if (!bytes)
		bytes = sizeof(uint64_t);
	struct revset pending = revset_new(g->arena, g->n);
	memcpy(pending.bits, wanted->bits, g->n / 8 + 1);
	struct ivec cur = { 0 }, res = { 0 };
	/* current heads: unique, pending, map order */
	struct revset tmp = revset_new(g->arena, g->n);
	for (size_t i = 0; i < n_heads; i++)
		if (revset_has(&pending, heads[i]))
			revset_add(&tmp, heads[i]);
	for (size_t i = 0; i < g->n; i++)
		if (revset_has(&tmp, i))
			ivec_push(&cur, i);
	struct reach *R = reach_build(g);
	size_t anc_cap = cur.n ? cur.n * 2 : 4, pool_cap = anc_cap;
	struct topo_anc *anc = malloc(anc_cap * sizeof(*anc));
	if (!anc)
		abort();
	/* with reach a head's set is the head itself; without, one walked
	 * bitset per current head, recycled through the pool */
	struct revset *pool = malloc(pool_cap * sizeof(*pool));
	size_t n_pool = 0;
	if (!pool)
		abort();
#define NEW_ANC(dst, h) do { \
		size_t h_ = (h); \
		(dst).head = h_; \
		if (R) break; \
		if (n_pool) { dst.set = pool[--n_pool]; memset(dst.set.bits, 0, bytes); } \
		else { dst.set.n = g->n; dst.set.bits = calloc(1, bytes); if (!dst.set.bits) abort(); } \
		revgraph_ancestors(g, &h_, 1, true, &dst.set); } while (0)
#define DROP_ANC(a_) do { \
		if (R) break; \
		if (n_pool == pool_cap) { pool_cap *= 2; pool = realloc(pool, pool_cap * sizeof(*pool)); if (!pool) abort(); } \
		pool[n_pool++] = (a_).set; } while (0)
	for (size_t i = 0; i < cur.n; i++)
		NEW_ANC(anc[i], cur.v[i]);
	size_t ci = 0;
	while (cur.n) {
		size_t cand = cur.v[ci];
		bool moved = false;
		for (size_t j = 0; j < cur.n; j++) {
			if (j != ci && (R ? reach_has(R, anc[j].head, cand) : revset_has(&anc[j].set, cand))) {
				ci = j;
				moved = true;
				break;
			}
		}
		if (moved)
			continue;
		if (revset_has(&pending, cand)) {
			ivec_push(&res, cand);
			revset_del(&pending, cand);
		}
		const struct rev *cr = &g->revs[cand];
		struct ivec add = { 0 };
		for (size_t k = 0; k < cr->normdown.n; k++) {
			size_t r = cr->normdown.v[k];
			if (revset_has(&pending, r) && !idx_contains(cur.v, cur.n, r))
				ivec_push(&add, r);
		}
		if (!add.n) {
			DROP_ANC(anc[ci]);
			memmove(&cur.v[ci], &cur.v[ci + 1], (cur.n - ci - 1) * sizeof(size_t));
			memmove(&anc[ci], &anc[ci + 1], (cur.n - ci - 1) * sizeof(*anc));
			cur.n--;
			ci = ci > 0 ? ci - 1 : 0;
		} else if (cr->deps_norm.n == 0 && cr->script->down.n == 1) {
			/* Alembic drops the candidate from the set: that is
			 * exactly the new head's own set */
			cur.v[ci] = add.v[0];
			anc[ci].head = add.v[0];
			if (!R)
				revset_del(&anc[ci].set, cand);
		} else {
			cur.v[ci] = add.v[0];
			anc[ci].head = add.v[0];
			if (!R) {
				memset(anc[ci].set.bits, 0, bytes);
				revgraph_ancestors(g, &add.v[0], 1, true, &anc[ci].set);
			}
			for (size_t k = 1; k < add.n; k++) {
				if (cur.n == anc_cap) {
					anc_cap *= 2;
					anc = realloc(anc, anc_cap * sizeof(*anc));
					if (!anc)
						abort();
				}
				ivec_push(&cur, add.v[k]);
				NEW_ANC(anc[cur.n - 1], add.v[k]);
			}
		}
		free(add.v);
	}
#undef NEW_ANC
#undef DROP_ANC
	for (size_t i = 0; i < n_pool; i++)
		free(pool[i].bits);
	free(pool);
	free(anc);
	free(cur.v);
	reach_free(R);
	*out = idx_freeze(g->arena, res.v, res.n);
	free(res.v);
}
