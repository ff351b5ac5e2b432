/* revgraph.h - the revision graph exactly as Alembic 1.8's RevisionMap
 * builds it: heads, bases, branch and merge points, branch labels and how
 * they spread, depends_on (resolved and normalised), and the errors Alembic
 * raises while building it. Revisions are indices in "map order" (the order
 * files were read: version locations in order, names sorted). */
#ifndef CUPEL_REVGRAPH_H
#define CUPEL_REVGRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/script.h"
#include "cupel/strmap.h"

struct idxlist {
	size_t *v;
	size_t n;
};

struct rev {
	const struct script *script;
	const char *id;
	size_t idx;              /* map order */
	bool shadowed;           /* an earlier file with a duplicate id */
	struct idxlist down;     /* _versioned_down_revisions present in the map */
	struct idxlist deps;     /* _resolved_dependencies */
	struct idxlist deps_norm;/* _normalized_resolved_dependencies (declared order) */
	struct idxlist normdown; /* _normalized_down_revisions: down + deps_norm, deduped */
	struct idxlist alldown;  /* _all_down_revisions: down + deps, deduped */
	struct idxlist nextrev;  /* children through down_revision, map order */
	struct idxlist allnext;  /* children and dependents, map order */
	const char *const *labels; /* branch labels after propagation, sorted (may be shared) */
	size_t n_labels;
	bool is_head, is_real_head, is_base, is_real_base;
	bool is_branch_point, is_real_branch_point, is_merge_point;
};

struct revgraph {
	struct arena *arena;
	struct rev *revs;
	size_t n;
	struct strmap map;        /* revision ids and branch labels -> index */
	struct idxlist heads;     /* is_head, map order (what `alembic heads` lists) */
	struct idxlist real_heads;
	struct idxlist bases;
	struct idxlist real_bases;
	struct idxlist parents_first; /* every revision after its parents (down) */
	bool broken;              /* Alembic would refuse to build this map */
	bool cyclic;              /* a cycle: walks are refused */
};

/* Build the graph from scripts in map order. Errors are pushed to diags
 * (graph-missing, graph-duplicate, graph-cycle, graph-label ...) naming the
 * files; the graph is still built from what is consistent. */
struct revgraph *revgraph_build(struct arena *a, struct diag_list *diags,
				struct script *const *scripts, size_t n);

/* Index of a revision id or branch label (exact), or false. */
bool revgraph_lookup(const struct revgraph *g, const char *key, size_t *idx);

/* Marks for walks: a bitset over the revisions. */
struct revset {
	unsigned char *bits;
	size_t n;
};
struct revset revset_new(struct arena *a, size_t n);
static inline bool revset_has(const struct revset *s, size_t i)
{
	return (s->bits[i >> 3] >> (i & 7)) & 1;
}
static inline void revset_add(struct revset *s, size_t i)
{
	s->bits[i >> 3] |= (unsigned char)(1u << (i & 7));
}
static inline void revset_del(struct revset *s, size_t i)
{
	s->bits[i >> 3] &= (unsigned char)~(1u << (i & 7));
}

/* Ancestors (including the starts) through normdown (with_deps) or down,
 * added to out; what out already holds is taken as visited. */
void revgraph_ancestors(const struct revgraph *g, const size_t *starts, size_t n,
			bool with_deps, struct revset *out);
/* The index of the first of revs that has another of them (a different
 * revision) among its ancestors through normdown, or n if none does:
 * what Alembic's overlap check looks for, in one pass over the graph. */
size_t revgraph_first_overlap(const struct revgraph *g, const size_t *revs, size_t n);
/* Descendants (including the starts) through allnext (with_deps) or nextrev. */
void revgraph_descendants(const struct revgraph *g, const size_t *starts, size_t n,
			  bool with_deps, struct revset *out);

/* Alembic's _topological_sort: the revisions in `wanted`, newest first,
 * starting from `heads` (taken in map order). Returns the order in *out. */
void revgraph_toposort(const struct revgraph *g, const struct revset *wanted,
		       const size_t *heads, size_t n_heads, struct idxlist *out);

#endif
