/* plan.c - upgrade, downgrade and stamp plans: the steps Alembic 1.8 runs
 * (ScriptDirectory._upgrade_revs/_downgrade_revs/_stamp_revs) and what each
 * does to the version table (runtime.migration.HeadMaintainer). Where
 * Alembic iterates a Python set (the parents a merge deletes/updates, the
 * parents an unmerge inserts), normalized down revision order is used, as
 * the canonical oracle (tests/interop/alembic_canon.py, patch 5) pins it. */
#include <string.h>

#include "cupel/plan.h"
#include "cupel/revspec.h"

/* The plan being built and the version table's rows (HeadMaintainer.heads). */
struct pb {
	const struct revgraph *g;
	struct arena *a;
	struct strbuf *err;
	size_t *rows;
	size_t n_rows, cap_rows;
	struct plan_step *steps;
	size_t n, cap;
	struct plan_step *cur;
	bool offline;
};

static bool pb_fail(struct pb *pb, const char *msg)
{
	strbuf_reset(pb->err);
	strbuf_adds(pb->err, msg);
	return false;
}

static const char *pb_id(const struct pb *pb, size_t r)
{
	return pb->g->revs[r].id;
}

static bool pb_has(const struct pb *pb, size_t r)
{
	for (size_t i = 0; i < pb->n_rows; i++)
		if (pb->rows[i] == r)
			return true;
	return false;
}

static void pb_row_add(struct pb *pb, size_t r)
{
	if (pb->n_rows == pb->cap_rows) {
		size_t nc = pb->cap_rows ? pb->cap_rows * 2 : 8;
		pb->rows = arena_grow(pb->a, pb->rows, pb->n_rows, nc, sizeof(size_t));
		pb->cap_rows = nc;
	}
	pb->rows[pb->n_rows++] = r;
}

static bool pb_row_del(struct pb *pb, size_t r)
{
	for (size_t i = 0; i < pb->n_rows; i++) {
		if (pb->rows[i] == r) {
			memmove(&pb->rows[i], &pb->rows[i + 1], (pb->n_rows - i - 1) * sizeof(size_t));
			pb->n_rows--;
			return true;
		}
	}
	/* Alembic: heads.remove() raises an uncaught KeyError */
	return pb_fail(pb, arena_printf(pb->a, "KeyError: '%s' is not in the version table", pb_id(pb, r)));
}

static void pb_vt(struct pb *pb, enum vt_kind kind, const char *from, const char *to)
{
	struct plan_step *s = pb->cur;
	s->vt = arena_grow(pb->a, s->vt, s->n_vt, s->n_vt + 1, sizeof(*s->vt));
	s->vt[s->n_vt++] = (struct vt_change){ kind, from, to };
}

static bool pb_insert(struct pb *pb, size_t r)
{
	if (pb_has(pb, r))
		return pb_fail(pb, arena_printf(pb->a, "AssertionError: '%s' is already in the version table", pb_id(pb, r)));
	pb_row_add(pb, r);
	pb_vt(pb, VT_INSERT, NULL, pb_id(pb, r));
	return true;
}

static bool pb_delete(struct pb *pb, size_t r)
{
	if (!pb_row_del(pb, r))
		return false;
	pb_vt(pb, VT_DELETE, pb_id(pb, r), NULL);
	return true;
}

static bool pb_update(struct pb *pb, size_t from, size_t to)
{
	if (pb_has(pb, to))
		return pb_fail(pb, arena_printf(pb->a, "AssertionError: '%s' is already in the version table", pb_id(pb, to)));
	if (!pb_row_del(pb, from))
		return false;
	pb_row_add(pb, to);
	pb_vt(pb, VT_UPDATE, pb_id(pb, from), pb_id(pb, to));
	return true;
}

static struct plan_step *pb_step(struct pb *pb, size_t rev, enum plan_dir dir)
{
	if (pb->n == pb->cap) {
		size_t nc = pb->cap ? pb->cap * 2 : 16;
		pb->steps = arena_grow(pb->a, pb->steps, pb->n, nc, sizeof(*pb->steps));
		pb->cap = nc;
	}
	struct plan_step *s = &pb->steps[pb->n++];
	memset(s, 0, sizeof(*s));
	s->rev = rev;
	s->dir = dir;
	/* run_migrations creates the table offline when a step starts without rows */
	s->create_version_table = pb->offline && pb->n_rows == 0;
	pb->cur = s;
	return s;
}

/* Ancestors (with dependencies) of the rows other than those in skip. */
static bool pb_other_ancestors(struct pb *pb, const size_t *skip, size_t n_skip, struct revset *out)
{
	*out = revset_new(pb->a, pb->g->n);
	bool any = false;
	for (size_t i = 0; i < pb->n_rows; i++) {
		bool skipped = false;
		for (size_t k = 0; k < n_skip && !skipped; k++)
			skipped = pb->rows[i] == skip[k];
		if (skipped)
			continue;
		revgraph_ancestors(pb->g, &pb->rows[i], 1, true, out);
		any = true;
	}
	return any;
}

static const char *pb_join(struct pb *pb, const char *const *ids, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", ids[i]);
	char *r = arena_strdup(pb->a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

/* One RevisionStep through HeadMaintainer.update_to_step. */
static bool pb_revision_step(struct pb *pb, size_t x, bool up)
{
	const struct rev *rv = &pb->g->revs[x];
	const struct idxlist *nd = &rv->normdown;
	struct plan_step *s = pb_step(pb, x, up ? PLAN_UPGRADE : PLAN_DOWNGRADE);
	/* the comment names the versioned down revisions only */
	const char *down = pb_join(pb, rv->script->down.items, rv->script->down.n);
	s->from_text = up ? down : rv->id;
	s->to_text = up ? rv->id : down;
	size_t n_in = 0, last_in = 0;
	for (size_t k = 0; k < nd->n; k++)
		if (pb_has(pb, nd->v[k])) {
			n_in++;
			last_in = nd->v[k];
		}
	if (!up) {
		bool in_rows = pb_has(pb, x);
		if (in_rows) {
			/* _unmerge_to_revisions: parents not implied by other rows */
			struct revset anc;
			bool others = pb_other_ancestors(pb, &x, 1, &anc);
			size_t *to = arena_alloc(pb->a, (nd->n + 1) * sizeof(size_t));
			size_t n_to = 0;
			for (size_t k = 0; k < nd->n; k++)
				if (!others || !revset_has(&anc, nd->v[k]))
					to[n_to++] = nd->v[k];
			if (!nd->n || !n_to)
				return pb_delete(pb, x);
			if (nd->n > 1) {
				for (size_t k = 0; k + 1 < n_to; k++)
					if (!pb_insert(pb, to[k]))
						return false;
				return pb_update(pb, x, to[n_to - 1]);
			}
			return pb_update(pb, x, nd->v[0]);
		}
		if (nd->n != 1 && n_in != 1)
			return pb_fail(pb, "AssertionError: Can't do an UPDATE because downrevision is ambiguous");
		return pb_update(pb, x, nd->n == 1 ? nd->v[0] : last_in);
	}
	if (!nd->n || !n_in)
		return pb_insert(pb, x);
	if (nd->n > 1 && n_in > 1) {
		/* merge_branch_idents: DELETE all but the last parent not
		 * implied by other rows, UPDATE the last */
		struct revset anc;
		bool others = pb_other_ancestors(pb, nd->v, nd->n, &anc);
		size_t *frm = arena_alloc(pb->a, nd->n * sizeof(size_t));
		size_t n_frm = 0;
		for (size_t k = 0; k < nd->n; k++)
			if (!others || !revset_has(&anc, nd->v[k]))
				frm[n_frm++] = nd->v[k];
		if (!n_frm)
			return pb_fail(pb, "IndexError: list index out of range");
		for (size_t k = 0; k + 1 < n_frm; k++)
			if (!pb_delete(pb, frm[k]))
				return false;
		return pb_update(pb, frm[n_frm - 1], x);
	}
	if (nd->n != 1 && n_in != 1)
		return pb_fail(pb, "AssertionError: Can't do an UPDATE because downrevision is ambiguous");
	return pb_update(pb, nd->n == 1 ? nd->v[0] : last_in, x);
}

/* A StampStep(from, to, is_upgrade, branch_move) through update_to_step. */
static bool pb_stamp_step(struct pb *pb, const size_t *from, size_t n_from, const size_t *to, size_t n_to,
			  bool up, bool branch_move)
{
	struct plan_step *s = pb_step(pb, PLAN_NO_REV, PLAN_STAMP);
	const char **fi = arena_alloc(pb->a, (n_from + 1) * sizeof(char *));
	for (size_t i = 0; i < n_from; i++)
		fi[i] = pb_id(pb, from[i]);
	s->from_text = pb_join(pb, fi, n_from);
	s->to_text = n_to ? pb_id(pb, to[0]) : "";
	if (!up && branch_move) {
		if (n_from != 1)
			return pb_fail(pb, "AssertionError: a stamp deletes one row at a time");
		return pb_delete(pb, from[0]);
	}
	bool from_missing = false, to_missing = false;
	for (size_t i = 0; i < n_from; i++)
		from_missing |= !pb_has(pb, from[i]);
	for (size_t i = 0; i < n_to; i++)
		to_missing |= !pb_has(pb, to[i]);
	if (up && (branch_move || from_missing) && to_missing)
		return pb_insert(pb, to[0]);
	if (!n_to || !n_from)
		return pb_fail(pb, "AssertionError: stamp has nothing to update");
	if (n_from > 1) {
		for (size_t i = 0; i + 1 < n_from; i++)
			if (!pb_delete(pb, from[i]))
				return false;
		return pb_update(pb, from[n_from - 1], to[0]);
	}
	return pb_update(pb, from[0], to[0]);
}

static void pb_init(struct pb *pb, const struct revgraph *g, struct arena *a, struct strbuf *err, bool offline)
{
	memset(pb, 0, sizeof(*pb));
	pb->g = g;
	pb->a = a;
	pb->err = err;
	pb->offline = offline;
}

static void pb_finish(struct pb *pb, enum plan_dir dir, struct plan *out)
{
	out->dir = dir;
	out->steps = pb->steps;
	out->n = pb->n;
	out->create_version_table = pb->n && pb->steps[0].create_version_table;
	out->drop_version_table = pb->offline && pb->n_rows == 0;
	const char **ids = arena_alloc(pb->a, (pb->n_rows + 1) * sizeof(char *));
	for (size_t i = 0; i < pb->n_rows; i++)
		ids[i] = pb_id(pb, pb->rows[i]);
	out->end_heads = ids;
	out->n_end_heads = pb->n_rows;
}

static bool pb_contains(const size_t *v, size_t n, size_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* _stamp_revs(dests, heads=current rows) and the steps applied. */
static bool pb_stamp(struct pb *pb, const char *const *dests, size_t n_dests)
{
	const struct revgraph *g = pb->g;
	struct strbuf *err = pb->err;
	static const char *const base_only[] = { "base" };
	if (!n_dests) {
		dests = base_only;
		n_dests = 1;
	}
	size_t n_heads = pb->n_rows;
	size_t *heads = arena_alloc(pb->a, (n_heads + 1) * sizeof(size_t));
	if (n_heads)
		memcpy(heads, pb->rows, n_heads * sizeof(size_t));
	/* the heads sharing lineage (dependencies included) with a destination */
	size_t *filtered = arena_alloc(pb->a, (n_heads + 1) * sizeof(size_t));
	size_t n_filtered = 0;
	for (size_t d = 0; d < n_dests; d++) {
		if (!dests[d] || !*dests[d])
			continue;
		struct idxlist against;
		if (!revspec_lineage(g, dests[d], &against, err))
			goto fail;
		for (size_t h = 0; h < n_heads; h++) {
			bool shares = against.n == 0;
			if (!shares) {
				/* two sets: a walk stops at what its set holds */
				struct revset dn = revset_new(pb->a, g->n), up = revset_new(pb->a, g->n);
				revgraph_descendants(g, &heads[h], 1, true, &dn);
				revgraph_ancestors(g, &heads[h], 1, true, &up);
				for (size_t k = 0; k < against.n && !shares; k++)
					shares = revset_has(&dn, against.v[k]) || revset_has(&up, against.v[k]);
			}
			if (shares && !pb_contains(filtered, n_filtered, heads[h]))
				filtered[n_filtered++] = heads[h];
		}
	}
	/* get_revisions(dests) or [None]: "base" entries vanish */
	struct idxlist targets = { NULL, 0 };
	for (size_t d = 0; d < n_dests; d++) {
		struct idxlist l;
		if (!revspec_get(g, dests[d], &l, err))
			goto fail;
		targets.v = arena_grow(pb->a, targets.v, targets.n, targets.n + l.n, sizeof(size_t));
		if (l.n)
			memcpy(targets.v + targets.n, l.v, l.n * sizeof(size_t));
		targets.n += l.n;
	}
	if (!targets.n) {
		for (size_t i = 0; i < n_filtered; i++)
			if (!pb_stamp_step(pb, &filtered[i], 1, NULL, 0, false, true))
				return false;
		return true;
	}
	for (size_t t = 0; t < targets.n; t++) {
		size_t dest = targets.v[t];
		if (pb_contains(filtered, n_filtered, dest))
			continue;
		struct revset desc = revset_new(pb->a, g->n), anc = revset_new(pb->a, g->n);
		revgraph_descendants(g, &dest, 1, true, &desc);
		revgraph_ancestors(g, &dest, 1, true, &anc);
		bool below = false, above = false;
		for (size_t i = 0; i < n_filtered; i++) {
			below |= revset_has(&desc, filtered[i]);
			above |= revset_has(&anc, filtered[i]);
		}
		bool ok;
		if (below)
			ok = pb_stamp_step(pb, filtered, n_filtered, &dest, 1, false, false);
		else if (above)
			ok = pb_stamp_step(pb, filtered, n_filtered, &dest, 1, true, false);
		else
			ok = pb_stamp_step(pb, NULL, 0, &dest, 1, true, true);
		if (!ok)
			return false;
	}
	return true;
fail:
	/* _stamp_revs words MultipleHeads its own way */
	if (strncmp(strbuf_str(err), "Multiple head revisions are present", 35) == 0) {
		strbuf_reset(err);
		strbuf_adds(err, "Multiple heads are present; please specify a single target revision");
	}
	return false;
}

static bool pb_run(struct pb *pb, enum plan_dir dir, const char *const *targets, size_t n_targets,
		   struct plan *out)
{
	memset(out, 0, sizeof(*out));
	struct idxlist cur = { pb->rows, pb->n_rows };
	/* the planner sees the rows as they are before any step */
	size_t *snap = arena_alloc(pb->a, (cur.n + 1) * sizeof(size_t));
	if (cur.n)
		memcpy(snap, cur.v, cur.n * sizeof(size_t));
	cur.v = snap;
	if (pb->g->cyclic || pb->g->broken)
		return pb_fail(pb, "the revision graph is broken (see `cupel check`); no plan can be made");
	if (dir == PLAN_STAMP) {
		if (!pb_stamp(pb, targets, n_targets))
			return false;
	} else {
		struct idxlist revs;
		struct strbuf warn = STRBUF_INIT;
		bool ok = dir == PLAN_UPGRADE ? revspec_upgrade_revs(pb->g, &cur, targets[0], &revs, pb->err)
					      : revspec_downgrade_revs(pb->g, &cur, targets[0], &revs, &warn, pb->err);
		if (warn.len)
			out->warning = arena_strdup(pb->a, warn.buf);
		strbuf_release(&warn);
		if (!ok)
			return false;
		for (size_t i = 0; i < revs.n; i++)
			if (!pb_revision_step(pb, revs.v[i], dir == PLAN_UPGRADE))
				return false;
	}
	const char *warning = out->warning;
	pb_finish(pb, dir, out);
	out->warning = warning;
	return true;
}

/* The starting revision of a --sql range, as get_current_heads() resolves it. */
static bool pb_start(struct pb *pb, const char *start)
{
	if (!start || !strcmp(start, "base"))
		return true;
	if (!*start)
		return pb_fail(pb, "AssertionError: an empty starting revision cannot be resolved");
	bool found;
	size_t r;
	if (!revspec_get_one(pb->g, start, &found, &r, pb->err))
		return false;
	if (!found)
		return pb_fail(pb, arena_printf(pb->a, "AttributeError: '%s' names no revision to start from", start));
	pb_row_add(pb, r);
	return true;
}

bool plan_offline_stamp(const struct revgraph *g, struct arena *a, const char *const *revs, size_t n,
			struct plan *out, struct strbuf *err)
{
	struct pb pb;
	pb_init(&pb, g, a, err, true);
	const char *start = NULL;
	bool have_start = false;
	const char **dests = arena_alloc(a, (n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(revs[i], ':');
		dests[i] = revs[i];
		if (!colon)
			continue;
		if (strchr(colon + 1, ':'))
			return pb_fail(&pb, "ValueError: too many values to unpack (expected 2)");
		const char *s = arena_strndup(a, revs[i], (size_t)(colon - revs[i]));
		dests[i] = colon + 1;
		if (have_start && strcmp(start, s) != 0)
			return pb_fail(&pb, "Stamp operation with --sql only supports a single starting revision at a time");
		start = s;
		have_start = true;
	}
	if (!pb_start(&pb, start))
		return false;
	return pb_run(&pb, PLAN_STAMP, dests, n, out);
}

bool plan_offline(const struct revgraph *g, struct arena *a, enum plan_dir dir, const char *range,
		  struct plan *out, struct strbuf *err)
{
	if (dir == PLAN_STAMP)
		return plan_offline_stamp(g, a, &range, 1, out, err);
	struct pb pb;
	pb_init(&pb, g, a, err, true);
	const char *colon = strchr(range, ':');
	const char *start = NULL, *dest = range;
	if (!colon) {
		if (dir == PLAN_DOWNGRADE)
			return pb_fail(&pb, "downgrade with --sql requires <fromrev>:<torev>");
	} else {
		if (strchr(colon + 1, ':'))
			return pb_fail(&pb, "ValueError: too many values to unpack (expected 2)");
		start = arena_strndup(a, range, (size_t)(colon - range));
		dest = colon + 1;
	}
	if (!pb_start(&pb, start))
		return false;
	return pb_run(&pb, dir, &dest, 1, out);
}

bool plan_online(const struct revgraph *g, struct arena *a, enum plan_dir dir,
		 const char *const *current, size_t n_current, const char *target,
		 struct plan *out, struct strbuf *err)
{
	return plan_online_to(g, a, dir, current, n_current, &target, 1, out, err);
}

bool plan_online_to(const struct revgraph *g, struct arena *a, enum plan_dir dir,
		    const char *const *current, size_t n_current, const char *const *targets, size_t n_targets,
		    struct plan *out, struct strbuf *err)
{
	struct pb pb;
	pb_init(&pb, g, a, err, false);
	if (dir != PLAN_STAMP && strchr(targets[0], ':'))
		return pb_fail(&pb, "Range revision not allowed");
	for (size_t i = 0; i < n_current; i++) {
		/* get_revisions(heads): each row resolved as an identifier */
		struct idxlist l;
		if (!revspec_get(g, current[i], &l, err))
			return false;
		for (size_t k = 0; k < l.n; k++)
			if (!pb_has(&pb, l.v[k]))
				pb_row_add(&pb, l.v[k]);
	}
	return pb_run(&pb, dir, targets, dir == PLAN_STAMP ? n_targets : 1, out);
}
