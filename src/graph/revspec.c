/* revspec.c - revision specifiers, following RevisionMap's resolution
 * rules and its error messages as the Alembic CLI prints them. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/revspec.h"

/* Errors while resolving: the kind decides the CLI's wording. */
enum rs_err { RS_OK, RS_RESOLUTION, RS_MULTIPLE_HEADS, RS_RANGE, RS_REVISION };

struct rs {
	const struct revgraph *g;
	struct arena *a;
	enum rs_err err;
	struct strbuf *msg;  /* message (RS_REVISION) or argument (others) */
};

static bool rs_fail(struct rs *rs, enum rs_err kind, const char *text)
{
	if (rs->err == RS_OK) {
		rs->err = kind;
		strbuf_reset(rs->msg);
		strbuf_adds(rs->msg, text);
	}
	return false;
}

static bool rs_word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* The tail "(\w+)?((?:\+|-)\d+)" at s: greedy word, then backtrack. */
static bool rs_rel_tail(struct arena *a, const char *s, const char **symbol, long *steps)
{
	size_t w = 0;
	while (s[w] && rs_word_char((unsigned char)s[w]))
		w++;
	for (size_t k = w + 1; k-- > 0;) {
		if ((s[k] == '+' || s[k] == '-') && isdigit((unsigned char)s[k + 1])) {
			size_t d = k + 1;
			while (isdigit((unsigned char)s[d]))
				d++;
			*symbol = k ? arena_strndup(a, s, k) : NULL;
			char *num = arena_strndup(a, s + k, d - k);
			errno = 0;
			*steps = strtol(num, NULL, 10);
			return errno == 0;
		}
	}
	return false;
}

bool revspec_relative(struct arena *a, const char *s, const char **label, const char **symbol,
		      long *steps)
{
	/* (?:(.+?)@)? is tried first, with the shortest label */
	for (const char *at = strchr(s + (s[0] ? 1 : 0), '@'); at && at > s; at = strchr(at + 1, '@')) {
		if (rs_rel_tail(a, at + 1, symbol, steps)) {
			*label = arena_strndup(a, s, (size_t)(at - s));
			return true;
		}
	}
	*label = NULL;
	return rs_rel_tail(a, s, symbol, steps);
}

/* Python's int() on the whole string (sign, digits, underscores, spaces). */
static bool rs_py_int(const char *s, long *v)
{
	while (isspace((unsigned char)*s))
		s++;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	char buf[64];
	size_t n = 0;
	buf[n++] = *s == '-' ? '-' : '+';
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof(buf))
				return false;
			buf[n++] = *p;
		} else if (*p == '_' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[-1])) {
			continue;
		} else {
			break;
		}
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		return false;
	buf[n] = '\0';
	errno = 0;
	*v = strtol(buf, NULL, 10);
	return errno == 0;
}

static void rs_list_push(struct rs *rs, struct idxlist *l, size_t x)
{
	l->v = arena_grow(rs->a, l->v, l->n, l->n + 1, sizeof(size_t));
	l->v[l->n++] = x;
}

/* Has target a descendant or ancestor (or itself) among against[]? */
static bool rs_shares_lineage(struct rs *rs, size_t target, const size_t *against, size_t n)
{
	if (!n)
		return true;
	/* two sets: a walk stops at what its set already holds */
	struct revset down = revset_new(rs->a, rs->g->n), up = revset_new(rs->a, rs->g->n);
	revgraph_descendants(rs->g, &target, 1, false, &down);
	revgraph_ancestors(rs->g, &target, 1, false, &up);
	for (size_t i = 0; i < n; i++)
		if (revset_has(&down, against[i]) || revset_has(&up, against[i]))
			return true;
	return false;
}

static bool rs_revision_for_ident(struct rs *rs, const char *id, const char *check_branch,
				  bool *found, size_t *out);

/* _resolve_branch: a label, else any revision identifier. A failure
 * reads "No such branch" inside Alembic; its CLI shows the argument only. */
static bool rs_resolve_branch(struct rs *rs, const char *label, size_t *out)
{
	if (revgraph_lookup(rs->g, label, out))
		return true;
	bool found;
	if (!rs_revision_for_ident(rs, label, NULL, &found, out)) {
		rs->err = RS_OK;
		return rs_fail(rs, RS_RESOLUTION, label);
	}
	return found;
}

/* _revision_for_ident: exact key (ids and labels), else a unique prefix
 * among keys longer than 3 characters. found=false means "base". */
static bool rs_revision_for_ident(struct rs *rs, const char *id, const char *check_branch,
				  bool *found, size_t *out)
{
	size_t branch_rev = 0;
	bool has_branch = false;
	*found = false;
	if (check_branch && *check_branch) {
		if (!rs_resolve_branch(rs, check_branch, &branch_rev))
			return false;
		has_branch = true;
	}
	size_t r;
	if (!revgraph_lookup(rs->g, id, &r)) {
		/* a partial lookup over every map key, in map order */
		size_t matches[1];
		size_t n = 0;
		const struct strmap *m = &rs->g->map;
		size_t idlen = strlen(id);
		/* keys in map order: revision ids by index, then labels */
		for (size_t i = 0; i < rs->g->n; i++) {
			const struct rev *rv = &rs->g->revs[i];
			if (rv->shadowed)
				continue;
			if (strlen(rv->id) > 3 && strncmp(rv->id, id, idlen) == 0) {
				if (has_branch && !rs_shares_lineage(rs, i, &branch_rev, 1))
					continue;
				if (n < 1)
					matches[n] = i;
				n++;
			}
		}
		for (size_t i = 0; i < rs->g->n; i++) {
			const struct strlist *labels = &rs->g->revs[i].script->labels;
			for (size_t k = 0; k < labels->n; k++) {
				size_t owner;
				if (strlen(labels->items[k]) > 3 && strncmp(labels->items[k], id, idlen) == 0 &&
				    strmap_get(m, labels->items[k], &owner) && owner == i) {
					if (has_branch && !rs_shares_lineage(rs, i, &branch_rev, 1))
						continue;
					if (n < 1)
						matches[n] = i;
					n++;
				}
			}
		}
		if (n == 0)
			return rs_fail(rs, RS_RESOLUTION, id);
		if (n > 1) /* "Multiple revisions start with ..." is lost by the CLI too */
			return rs_fail(rs, RS_RESOLUTION, id);
		r = matches[0];
	}
	if (has_branch && !rs_shares_lineage(rs, r, &branch_rev, 1))
		return rs_fail(rs, RS_RESOLUTION, id);
	*found = true;
	*out = r;
	return true;
}

/* filter_for_lineage(targets, check_against) */
static void rs_filter_lineage(struct rs *rs, const struct idxlist *targets, const char *label,
			      struct idxlist *out)
{
	out->v = NULL;
	out->n = 0;
	size_t against;
	if (!rs_resolve_branch(rs, label, &against))
		return;
	for (size_t i = 0; i < targets->n; i++)
		if (rs_shares_lineage(rs, targets->v[i], &against, 1))
			rs_list_push(rs, out, targets->v[i]);
}

static bool rs_multiple_heads(struct rs *rs, const char *arg)
{
	return rs_fail(rs, RS_MULTIPLE_HEADS, arg);
}

/* _walk: steps > 0 up (children), < 0 down (parents). found=false: base. */
static bool rs_walk(struct rs *rs, bool have_start, size_t start, long steps, const char *label,
		    bool *found, size_t *out)
{
	bool at_base = !have_start; /* None: the virtual base below everything */
	bool is_base_symbol = false;
	size_t cur = start;
	long n = steps < 0 ? -steps : steps;
	for (long i = 0; i < n; i++) {
		struct idxlist children = { NULL, 0 };
		struct idxlist tmp = { NULL, 0 };
		if (steps > 0) {
			const struct idxlist *up = at_base ? &rs->g->bases : &rs->g->revs[cur].nextrev;
			if (label) {
				rs_filter_lineage(rs, up, label, &tmp);
				if (rs->err)
					return false;
				children = tmp;
			} else {
				children = *up;
			}
		} else {
			if (is_base_symbol) {
				children.n = 0;
			} else if (at_base) {
				children = rs->g->heads;
			} else {
				children = rs->g->revs[cur].down;
				if (!children.n) {
					is_base_symbol = true;
					at_base = false;
					continue;
				}
			}
		}
		if (!children.n) {
			*found = false;
			return rs_fail(rs, RS_REVISION, "walked too far");
		}
		if (children.n > 1)
			return rs_fail(rs, RS_REVISION, "Ambiguous walk");
		cur = children.v[0];
		at_base = false;
	}
	if (is_base_symbol || at_base) {
		*found = false;
		return true;
	}
	*found = true;
	*out = cur;
	return true;
}

static bool rs_get_revisions(struct rs *rs, const char *spec, struct idxlist *out);

static bool rs_get_current_head(struct rs *rs, const char *label, bool *found, size_t *out)
{
	struct idxlist heads = rs->g->heads;
	struct idxlist filtered;
	if (label) {
		rs_filter_lineage(rs, &rs->g->heads, label, &filtered);
		if (rs->err)
			return false;
		heads = filtered;
	}
	if (heads.n > 1)
		return rs_multiple_heads(rs, label ? arena_printf(rs->a, "%s@head", label) : "head");
	*found = heads.n == 1;
	if (*found)
		*out = heads.v[0];
	return true;
}

static bool rs_get_revisions(struct rs *rs, const char *spec, struct idxlist *out)
{
	out->v = NULL;
	out->n = 0;
	/* "a b": a tuple of revisions, each resolved (a database's heads) */
	if (spec && strchr(spec, ' ')) {
		for (const char *s = spec; *s;) {
			size_t n = strcspn(s, " ");
			if (n) {
				struct idxlist one;
				if (!rs_get_revisions(rs, arena_strndup(rs->a, s, n), &one))
					return false;
				for (size_t i = 0; i < one.n; i++) {
					bool dup = false;
					for (size_t k = 0; k < out->n; k++)
						dup |= out->v[k] == one.v[i];
					if (!dup)
						rs_list_push(rs, out, one.v[i]);
				}
			}
			s += n + (s[n] == ' ');
		}
		return true;
	}
	const char *label = NULL;
	const char *id = spec;
	const char *at = spec ? strchr(spec, '@') : NULL;
	if (at) {
		label = arena_strndup(rs->a, spec, (size_t)(at - spec));
		id = at + 1;
	}
	if (!id || strcmp(id, "base") == 0)
		return true;
	if (strcmp(id, "heads") == 0) {
		if (label && *label) {
			rs_filter_lineage(rs, &rs->g->heads, label, out);
			return rs->err == RS_OK;
		}
		*out = rs->g->real_heads;
		return true;
	}
	if (strcmp(id, "head") == 0) {
		bool found;
		size_t h;
		if (!rs_get_current_head(rs, label && *label ? label : NULL, &found, &h))
			return false;
		if (!found)
			return true;
		/* then resolved like any id, checked against the branch */
		id = rs->g->revs[h].id;
	}
	long v;
	if (rs_py_int(id, &v) && v < 0) {
		struct idxlist heads;
		if (!rs_get_revisions(rs, "heads", &heads))
			return false;
		for (size_t i = 0; i < heads.n; i++) {
			if (label && *label) {
				const struct rev *hr = &rs->g->revs[heads.v[i]];
				bool has = false;
				for (size_t k = 0; k < hr->n_labels && !has; k++)
					has = strcmp(hr->labels[k], label) == 0;
				if (!has)
					continue;
			}
			bool found;
			size_t r;
			if (!rs_walk(rs, true, heads.v[i], v, NULL, &found, &r)) {
				if (rs->err == RS_REVISION && strcmp(rs->msg->buf, "walked too far") == 0) {
					/* _walk returns None here; Alembic then fails on it */
					rs->err = RS_OK;
					return rs_fail(rs, RS_RESOLUTION, id);
				}
				return false;
			}
			if (found)
				rs_list_push(rs, out, r);
		}
		return true;
	}
	bool found;
	size_t r;
	if (!rs_revision_for_ident(rs, id, label && *label ? label : NULL, &found, &r))
		return false;
	if (found)
		rs_list_push(rs, out, r);
	return true;
}

/* The message the CLI prints for an error (its _catch_revision_errors). */
static void rs_cli_message(struct rs *rs, const char *start, const char *end)
{
	struct strbuf arg = STRBUF_INIT;
	strbuf_adds(&arg, strbuf_str(rs->msg));
	strbuf_reset(rs->msg);
	switch (rs->err) {
	case RS_RESOLUTION:
		strbuf_addf(rs->msg, "Can't locate revision identified by '%s'", strbuf_str(&arg));
		break;
	case RS_MULTIPLE_HEADS: {
		const char *h = end ? end : strbuf_str(&arg);
		strbuf_addf(rs->msg,
			    "Multiple head revisions are present for given argument '%s'; please specify a specific "
			    "target revision, '<branchname>@%s' to narrow to a specific head, or 'heads' for all heads",
			    h, h);
		break;
	}
	case RS_RANGE:
		strbuf_addf(rs->msg,
			    "Requested range %s:%s does not refer to ancestor/descendant revisions along the same branch",
			    start, end);
		break;
	case RS_REVISION:
		strbuf_adds(rs->msg, strbuf_str(&arg));
		break;
	case RS_OK:
		break;
	}
	strbuf_release(&arg);
}

bool revspec_get(const struct revgraph *g, const char *spec, struct idxlist *out, struct strbuf *err)
{
	struct arena *a = g->arena;
	struct rs rs = { g, a, RS_OK, err };
	if (rs_get_revisions(&rs, spec, out))
		return true;
	rs_cli_message(&rs, NULL, NULL);
	return false;
}

/* Fail when one of the targets is an ancestor of another (check=True). */
static bool rs_check_overlap(struct rs *rs, const struct idxlist *t)
{
	if (t->n < 2)
		return true;
	/* only the first revision that overlaps needs its ancestors walked,
	 * for the message */
	size_t first = revgraph_first_overlap(rs->g, t->v, t->n);
	for (size_t i = first; i < t->n; i++) {
		struct revset s = revset_new(rs->a, rs->g->n);
		revgraph_ancestors(rs->g, &t->v[i], 1, true, &s);
		struct strbuf sb = STRBUF_INIT;
		for (size_t k = 0; k < t->n; k++)
			if (k != i && t->v[k] != t->v[i] && revset_has(&s, t->v[k]))
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", rs->g->revs[t->v[k]].id);
		if (sb.len) {
			char *m = arena_printf(rs->a, "Requested revision %s overlaps with other requested revisions %s",
					       rs->g->revs[t->v[i]].id, sb.buf);
			strbuf_release(&sb);
			return rs_fail(rs, RS_REVISION, m);
		}
		strbuf_release(&sb);
	}
	return true;
}

/* _parse_upgrade_target for the upper end of a range. */
static bool rs_upgrade_target(struct rs *rs, const char *lower, const char *upper, struct idxlist *out)
{
	const char *label, *symbol;
	long rel;
	if (!revspec_relative(rs->a, upper, &label, &symbol, &rel))
		return rs_get_revisions(rs, upper, out);
	out->v = NULL;
	out->n = 0;
	char *relstr = arena_printf(rs->a, "%+ld", rel);
	if (rel > 0) {
		bool found;
		size_t r;
		if (!symbol) {
			struct idxlist cur;
			if (!rs_get_revisions(rs, lower, &cur))
				return false;
			if (cur.n > 1)
				return rs_fail(rs, RS_REVISION, "Ambiguous upgrade from multiple current revisions");
			if (!rs_walk(rs, cur.n == 1, cur.n ? cur.v[0] : 0, rel, label, &found, &r) || !found) {
				rs->err = RS_OK;
				return rs_fail(rs, RS_REVISION, arena_printf(rs->a, "Relative revision %s didn't produce %ld migrations",
									     relstr + (relstr[0] == '+'), rel));
			}
		} else {
			struct idxlist s;
			if (!rs_get_revisions(rs, symbol, &s))
				return false;
			if (s.n > 1)
				return rs_multiple_heads(rs, symbol);
			if (!rs_walk(rs, s.n == 1, s.n ? s.v[0] : 0, rel, label, &found, &r))
				return false;
			if (!found)
				return true;
		}
		rs_list_push(rs, out, r);
		return true;
	}
	if (!symbol)
		return rs_fail(rs, RS_REVISION, arena_printf(rs->a, "Relative revision %ld didn't produce %ld migrations",
							     rel, -rel));
	struct idxlist s;
	if (!rs_get_revisions(rs, label ? arena_printf(rs->a, "%s@%s", label, symbol) : symbol, &s))
		return false;
	if (s.n > 1)
		return rs_multiple_heads(rs, symbol);
	bool found;
	size_t r;
	if (!rs_walk(rs, s.n == 1, s.n ? s.v[0] : 0, rel, NULL, &found, &r))
		return false;
	if (found)
		rs_list_push(rs, out, r);
	return true;
}

bool revspec_history(const struct revgraph *g, const char *base, const char *head,
		     struct idxlist *out, struct strbuf *err)
{
	struct arena *a = g->arena;
	struct rs rs = { g, a, RS_OK, err };
	const char *lower = base && *base ? base : "base";
	const char *upper = head && *head ? head : "heads";
	out->v = NULL;
	out->n = 0;
	struct idxlist targets;
	if (!rs_upgrade_target(&rs, lower, upper, &targets))
		goto fail;
	/* "label@..." as the lower end keeps only targets on that branch */
	const char *at = strchr(lower, '@');
	if (at) {
		char *branch = arena_strndup(a, lower, (size_t)(at - lower));
		struct idxlist br;
		if (!rs_get_revisions(&rs, branch, &br))
			goto fail;
		if (br.n == 1 && strcmp(g->revs[br.v[0]].id, branch) == 0 && g->revs[br.v[0]].n_labels == 1)
			branch = (char *)g->revs[br.v[0]].labels[0];
		struct idxlist kept = { NULL, 0 };
		for (size_t i = 0; i < targets.n; i++) {
			const struct rev *t = &g->revs[targets.v[i]];
			for (size_t k = 0; k < t->n_labels; k++)
				if (strcmp(t->labels[k], branch) == 0) {
					rs_list_push(&rs, &kept, targets.v[i]);
					break;
				}
		}
		targets = kept;
	}
	if (!rs_check_overlap(&rs, &targets))
		goto fail;
	struct revset required = revset_new(a, g->n);
	revgraph_ancestors(g, targets.v, targets.n, true, &required);
	struct idxlist current;
	if (!rs_get_revisions(&rs, lower, &current))
		goto fail;
	for (size_t i = 0; i < current.n; i++) {
		if (!revset_has(&required, current.v[i])) {
			rs.err = RS_RANGE;
			goto fail;
		}
	}
	if (!rs_check_overlap(&rs, &current))
		goto fail;
	struct revset have = revset_new(a, g->n);
	revgraph_ancestors(g, current.v, current.n, true, &have);
	struct revset needs = revset_new(a, g->n);
	for (size_t i = 0; i < g->n; i++)
		if (revset_has(&required, i) && !revset_has(&have, i))
			revset_add(&needs, i);
	for (size_t i = 0; i < current.n; i++) /* inclusive */
		revset_add(&needs, current.v[i]);
	if (current.n) {
		struct revset desc = revset_new(a, g->n);
		revgraph_descendants(g, current.v, current.n, false, &desc);
		for (size_t i = 0; i < g->n; i++)
			if (!revset_has(&desc, i))
				revset_del(&needs, i);
	}
	revgraph_toposort(g, &needs, targets.v, targets.n, out);
	return true;
fail:
	rs_cli_message(&rs, lower, upper);
	return false;
}

/* ------------------------------------------------------------------ */
/* Plans: _parse_upgrade_target / _parse_downgrade_target from a tuple of
 * current revisions, and _collect_upgrade/downgrade_revisions as the
 * upgrade and downgrade commands call them (implicit_base=True for
 * upgrade, inclusive=False, assert_relative_length=True). */

/* get_revision(spec): like get_revisions but more than one is MultipleHeads
 * and "-N" is not walked (it is looked up as an identifier). */
static bool rs_get_revision(struct rs *rs, const char *spec, bool *found, size_t *out)
{
	*found = false;
	const char *at = spec ? strchr(spec, '@') : NULL;
	const char *id = at ? at + 1 : spec;
	const char *label = at ? arena_strndup(rs->a, spec, (size_t)(at - spec)) : NULL;
	if (!id || !strcmp(id, "heads") || !strcmp(id, "head") || !strcmp(id, "base")) {
		struct idxlist l;
		if (!rs_get_revisions(rs, spec, &l))
			return false;
		if (l.n > 1)
			return rs_multiple_heads(rs, spec);
		*found = l.n == 1;
		if (*found)
			*out = l.v[0];
		return true;
	}
	return rs_revision_for_ident(rs, id, label && *label ? label : NULL, found, out);
}

/* The revisions of `active` that are not a normalized down revision of
 * another one of them (the "tips"), map order. */
static void rs_tips(struct rs *rs, const struct revset *active, struct idxlist *out)
{
	struct revset below = revset_new(rs->a, rs->g->n);
	for (size_t i = 0; i < rs->g->n; i++)
		if (revset_has(active, i))
			for (size_t k = 0; k < rs->g->revs[i].normdown.n; k++)
				revset_add(&below, rs->g->revs[i].normdown.v[k]);
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < rs->g->n; i++)
		if (revset_has(active, i) && !revset_has(&below, i))
			rs_list_push(rs, out, i);
}

static bool rs_walk_failed_too_far(struct rs *rs)
{
	return rs->err == RS_REVISION && strcmp(strbuf_str(rs->msg), "walked too far") == 0;
}

/* _parse_upgrade_target(current_revisions=cur, target) */
static bool rs_upgrade_target_cur(struct rs *rs, const struct idxlist *cur, const char *target,
				  struct idxlist *out)
{
	const char *label, *symbol;
	long rel;
	if (!revspec_relative(rs->a, target, &label, &symbol, &rel))
		return rs_get_revisions(rs, target, out);
	out->v = NULL;
	out->n = 0;
	/* the regex group keeps the sign: "+2", "-1" */
	char *relstr = arena_printf(rs->a, "%+ld", rel);
	long absrel = rel < 0 ? -rel : rel;
	bool found;
	size_t r;
	if (rel > 0 && !symbol) {
		struct idxlist start = *cur;
		bool start_base = cur->n == 0;
		if (label) {
			rs_filter_lineage(rs, cur, label, &start);
			if (rs->err)
				return false;
			start_base = false;
			if (!start.n) {
				/* back to the branch point: the tips of the current
				 * ancestors that are on the branch */
				struct revset act = revset_new(rs->a, rs->g->n);
				revgraph_ancestors(rs->g, cur->v, cur->n, true, &act);
				struct idxlist all = { NULL, 0 }, on;
				for (size_t i = 0; i < rs->g->n; i++)
					if (revset_has(&act, i))
						rs_list_push(rs, &all, i);
				rs_filter_lineage(rs, &all, label, &on);
				if (rs->err)
					return false;
				struct revset onset = revset_new(rs->a, rs->g->n);
				for (size_t i = 0; i < on.n; i++)
					revset_add(&onset, on.v[i]);
				rs_tips(rs, &onset, &start);
				start_base = start.n == 0;
			}
		}
		if (start.n > 1)
			return rs_fail(rs, RS_REVISION, "Ambiguous upgrade from multiple current revisions");
		if (!rs_walk(rs, !start_base, start_base ? 0 : start.v[0], rel, label, &found, &r) || !found) {
			if (rs->err != RS_OK && !rs_walk_failed_too_far(rs))
				return false;
			rs->err = RS_OK;
			return rs_fail(rs, RS_REVISION,
				       arena_printf(rs->a, "Relative revision %s didn't produce %ld migrations", relstr, absrel));
		}
		rs_list_push(rs, out, r);
		return true;
	}
	if (rel > 0) {
		bool have;
		size_t s;
		if (!rs_get_revision(rs, symbol, &have, &s))
			return false;
		if (!rs_walk(rs, have, s, rel, label, &found, &r)) {
			if (!rs_walk_failed_too_far(rs))
				return false;
			rs->err = RS_OK;
			/* _walk gives None; Alembic then fails on it */
			return rs_fail(rs, RS_REVISION, arena_printf(rs->a, "Relative revision %s didn't produce %ld migrations",
								     relstr, absrel));
		}
		if (found)
			rs_list_push(rs, out, r);
		return true;
	}
	if (!symbol)
		return rs_fail(rs, RS_REVISION,
			       arena_printf(rs->a, "Relative revision %ld didn't produce %ld migrations", rel, absrel));
	bool have;
	size_t s;
	if (!rs_get_revision(rs, label ? arena_printf(rs->a, "%s@%s", label, symbol) : symbol, &have, &s))
		return false;
	if (!rs_walk(rs, have, s, rel, NULL, &found, &r)) {
		if (!rs_walk_failed_too_far(rs))
			return false;
		rs->err = RS_OK;
		found = false;
	}
	/* a walk to base or past it: Alembic's is_revision() assertion fails */
	if (!found)
		return rs_fail(rs, RS_REVISION, arena_printf(rs->a, "AssertionError: %s walks down to base", target));
	rs_list_push(rs, out, r);
	return true;
}

static void rs_plan_message(struct rs *rs, const char *what, const char *target)
{
	if (rs->err == RS_RANGE) {
		strbuf_reset(rs->msg);
		strbuf_addf(rs->msg, "Destination %s is not a valid %s target from current head(s)", target, what);
		return;
	}
	rs_cli_message(rs, NULL, target);
}

bool revspec_upgrade_revs(const struct revgraph *g, const struct idxlist *current, const char *target,
			  struct idxlist *out, struct strbuf *err)
{
	struct arena *a = g->arena;
	struct rs rs = { g, a, RS_OK, err };
	out->v = NULL;
	out->n = 0;
	struct idxlist targets;
	if (!rs_upgrade_target_cur(&rs, current, target, &targets))
		goto fail;
	if (!rs_check_overlap(&rs, &targets))
		goto fail;
	struct revset required = revset_new(a, g->n);
	revgraph_ancestors(g, targets.v, targets.n, true, &required);
	if (!rs_check_overlap(&rs, current))
		goto fail;
	struct revset have = revset_new(a, g->n);
	revgraph_ancestors(g, current->v, current->n, true, &have);
	struct revset needs = revset_new(a, g->n);
	for (size_t i = 0; i < g->n; i++)
		if (revset_has(&required, i) && !revset_has(&have, i))
			revset_add(&needs, i);
	struct idxlist order;
	revgraph_toposort(g, &needs, targets.v, targets.n, &order);
	/* newest first: upgrades run it reversed */
	out->v = arena_alloc(a, (order.n ? order.n : 1) * sizeof(size_t));
	for (size_t i = 0; i < order.n; i++)
		out->v[i] = order.v[order.n - 1 - i];
	out->n = order.n;
	return true;
fail:
	rs_plan_message(&rs, "upgrade", target);
	return false;
}

/* _parse_downgrade_target(current_revisions=cur, target): the branch label
 * (or NULL) and the target (found=false: base). */
static bool rs_downgrade_target_cur(struct rs *rs, const struct idxlist *cur, const char *target,
				    const char **branch, bool *found, size_t *out, struct strbuf *warn)
{
	const char *label, *symbol;
	long rel;
	*branch = NULL;
	*found = false;
	if (revspec_relative(rs->a, target, &label, &symbol, &rel)) {
		/* Alembic names the relative part as written ("-0", "+01") */
		const char *relstr = target + strlen(target);
		while (relstr > target && relstr[-1] >= '0' && relstr[-1] <= '9')
			relstr--;
		if (relstr > target && (relstr[-1] == '+' || relstr[-1] == '-'))
			relstr--;
		long absrel = rel < 0 ? -rel : rel;
		if (rel >= 0) {
			if (!symbol)
				return rs_fail(rs, RS_REVISION, arena_printf(rs->a, "Relative revision %s didn't produce %ld migrations",
									     relstr, absrel));
			bool have;
			size_t s;
			if (!rs_get_revision(rs, symbol, &have, &s))
				return false;
			if (!rs_walk(rs, have, s, rel, label, found, out)) {
				if (!rs_walk_failed_too_far(rs))
					return false;
				rs->err = RS_OK;
				return rs_fail(rs, RS_REVISION, "Walked too far");
			}
			*branch = label;
			return true;
		}
		bool relative_revision = symbol == NULL;
		if (relative_revision) {
			if (label) {
				struct idxlist sl;
				rs_filter_lineage(rs, cur, label, &sl);
				if (rs->err)
					return false;
				if (!sl.n) {
					/* _get_all_current: the branch heads among the
					 * current revisions and their ancestors */
					struct revset all = revset_new(rs->a, rs->g->n);
					revgraph_ancestors(rs->g, cur->v, cur->n, true, &all);
					struct idxlist heads = { NULL, 0 };
					for (size_t i = 0; i < rs->g->n; i++) {
						if (!revset_has(&all, i))
							continue;
						struct revset d = revset_new(rs->a, rs->g->n);
						revgraph_descendants(rs->g, &i, 1, false, &d);
						bool other = false;
						for (size_t k = 0; k < rs->g->n && !other; k++)
							other = k != i && revset_has(&d, k) && revset_has(&all, k);
						if (!other)
							rs_list_push(rs, &heads, i);
					}
					rs_filter_lineage(rs, &heads, label, &sl);
					if (rs->err)
						return false;
				}
				if (sl.n != 1)
					return rs_fail(rs, RS_REVISION, "AssertionError");
				symbol = rs->g->revs[sl.v[0]].id;
			} else {
				if (!cur->n)
					return rs_fail(rs, RS_REVISION,
						       arena_printf(rs->a, "Relative revision %s didn't produce %ld migrations",
								    relstr, absrel));
				if (cur->n > 1 && warn)
					strbuf_adds(warn, "downgrade -1 from multiple heads is ambiguous; this usage will be "
							  "disallowed in a future release.");
				symbol = rs->g->revs[cur->v[0]].id;
				label = symbol;
			}
		}
		bool have;
		size_t s;
		if (!rs_get_revision(rs, label ? arena_printf(rs->a, "%s@%s", label, symbol) : symbol, &have, &s))
			return false;
		if (!rs_walk(rs, have, s, rel, NULL, found, out)) {
			if (!rs_walk_failed_too_far(rs))
				return false;
			rs->err = RS_OK;
			if (relative_revision)
				return rs_fail(rs, RS_REVISION, arena_printf(rs->a, "Relative revision %s didn't produce %ld migrations",
									     relstr, absrel));
			return rs_fail(rs, RS_REVISION, "Walked too far");
		}
		*branch = label;
		return true;
	}
	/* absolute: target.rpartition("@"), the symbol resolved alone */
	const char *at = strrchr(target, '@');
	const char *sym = at ? at + 1 : target;
	if (at && at > target)
		*branch = arena_strndup(rs->a, target, (size_t)(at - target));
	return rs_get_revision(rs, sym, found, out);
}

bool revspec_downgrade_revs(const struct revgraph *g, const struct idxlist *current, const char *target,
			    struct idxlist *out, struct strbuf *warn, struct strbuf *err)
{
	struct arena *a = g->arena;
	struct rs rs = { g, a, RS_OK, err };
	out->v = NULL;
	out->n = 0;
	const char *branch;
	bool found;
	size_t t = 0;
	if (!rs_downgrade_target_cur(&rs, current, target, &branch, &found, &t, warn))
		goto fail;
	struct idxlist roots = { NULL, 0 };
	if (!found) {
		/* back to base: every revision without a down_revision */
		for (size_t i = 0; i < g->n; i++)
			if (!g->revs[i].shadowed && g->revs[i].script->down.n == 0)
				rs_list_push(&rs, &roots, i);
	} else {
		roots = g->revs[t].nextrev;
	}
	if (branch && roots.n > 1) {
		size_t b;
		if (!rs_resolve_branch(&rs, branch, &b))
			goto fail;
		struct revset anc = revset_new(a, g->n);
		revgraph_ancestors(g, &b, 1, false, &anc);
		struct idxlist kept = { NULL, 0 };
		for (size_t i = 0; i < roots.n; i++)
			if (revset_has(&anc, roots.v[i]))
				rs_list_push(&rs, &kept, roots.v[i]);
		if (!kept.n) {
			rs_fail(&rs, RS_REVISION, "Not a valid downgrade target from current heads");
			goto fail;
		}
		roots = kept;
	}
	struct revset drop = revset_new(a, g->n), active = revset_new(a, g->n);
	revgraph_descendants(g, roots.v, roots.n, true, &drop);
	revgraph_ancestors(g, current->v, current->n, true, &active);
	struct revset todo = revset_new(a, g->n);
	bool any = false;
	for (size_t i = 0; i < g->n; i++)
		if (revset_has(&drop, i) && revset_has(&active, i)) {
			revset_add(&todo, i);
			any = true;
		}
	if (found && !any) {
		bool in_heads = false;
		for (size_t i = 0; i < current->n && !in_heads; i++)
			in_heads = current->v[i] == t;
		if (!in_heads) {
			rs.err = RS_RANGE;
			goto fail;
		}
	}
	revgraph_toposort(g, &todo, current->v, current->n, out);
	return true;
fail:
	rs_plan_message(&rs, "downgrade", target);
	return false;
}

bool revspec_get_one(const struct revgraph *g, const char *spec, bool *found, size_t *out, struct strbuf *err)
{
	struct rs rs = { g, g->arena, RS_OK, err };
	if (rs_get_revision(&rs, spec, found, out))
		return true;
	rs_cli_message(&rs, NULL, NULL);
	return false;
}

bool revspec_lineage(const struct revgraph *g, const char *spec, struct idxlist *out, struct strbuf *err)
{
	struct rs rs = { g, g->arena, RS_OK, err };
	out->v = NULL;
	out->n = 0;
	const char *at = spec ? strchr(spec, '@') : NULL;
	const char *id = at ? at + 1 : spec;
	if (at) {
		/* the label itself, looked up as an identifier */
		bool f;
		size_t r;
		if (!rs_revision_for_ident(&rs, arena_strndup(g->arena, spec, (size_t)(at - spec)), NULL, &f, &r))
			goto fail;
		if (f)
			rs_list_push(&rs, out, r);
	}
	if (!id || !strcmp(id, "base"))
		return true;
	struct idxlist ids;
	if (!strcmp(id, "heads") || !strcmp(id, "head")) {
		if (!rs_get_revisions(&rs, spec, &ids))
			goto fail;
	} else {
		bool f;
		size_t r;
		if (!rs_revision_for_ident(&rs, id, NULL, &f, &r))
			goto fail;
		ids.v = &r;
		ids.n = f;
		for (size_t i = 0; i < ids.n; i++)
			rs_list_push(&rs, out, ids.v[i]);
		return true;
	}
	for (size_t i = 0; i < ids.n; i++)
		rs_list_push(&rs, out, ids.v[i]);
	return true;
fail:
	rs_cli_message(&rs, NULL, NULL);
	return false;
}
