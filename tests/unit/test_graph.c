/* test_graph.c - the revision graph, specifiers and formats on a small
 * history whose expected output was produced by Alembic 1.8.1:
 *   aaaa -> bbbb -> cccc (label L) -> dddd -> mmmm (merge of dddd, xxxx)
 *   aaaa -> xxxx -> wwww;  zzzz (base) depends_on "L" */
#include <string.h>

#include "../lib/tap.h"
#include "cupel/layout.h"
#include "cupel/revformat.h"
#include "cupel/revgraph.h"
#include "cupel/revspec.h"

static struct strlist mklist(struct arena *a, const char *s1, const char *s2)
{
	struct strlist l = { arena_alloc(a, 2 * sizeof(char *)), 0 };
	if (s1)
		l.items[l.n++] = s1;
	if (s2)
		l.items[l.n++] = s2;
	return l;
}

static struct script *mk(struct arena *a, const char *id, struct strlist down, struct strlist labels,
			 struct strlist deps)
{
	struct script *s = arena_alloc(a, sizeof(*s));
	s->revision = id;
	s->path = arena_printf(a, "/p/versions/%s.py", id);
	s->filename = s->path + 12;
	s->down = down;
	s->labels = labels;
	s->depends = deps;
	s->longdoc = id;
	s->doc = id;
	return s;
}

static char *lines(const struct revgraph *g, const struct idxlist *l, unsigned flags, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		revformat_line(&sb, g, l->v[i], flags);
		strbuf_addc(&sb, '\n');
	}
	char *r = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

int main(void)
{
	struct arena a;
	arena_init(&a);
	struct diag_list dl;
	diag_list_init(&dl, &a);
	struct strlist none = { NULL, 0 };
	struct script *s[8] = {
		mk(&a, "aaaa", none, none, none),
		mk(&a, "bbbb", mklist(&a, "aaaa", NULL), none, none),
		mk(&a, "cccc", mklist(&a, "bbbb", NULL), mklist(&a, "L", NULL), none),
		mk(&a, "dddd", mklist(&a, "cccc", NULL), none, none),
		mk(&a, "mmmm", mklist(&a, "dddd", "xxxx"), none, none),
		mk(&a, "wwww", mklist(&a, "xxxx", NULL), none, none),
		mk(&a, "xxxx", mklist(&a, "aaaa", NULL), none, none),
		mk(&a, "zzzz", none, none, mklist(&a, "L", NULL)),
	};
	struct revgraph *g = revgraph_build(&a, &dl, s, 8);
	tap_is_int((long)dl.n, 0, "no diagnostics");
	tap_is_str(lines(g, &g->heads, REVFMT_BRANCHES, &a), "mmmm (L) (head)\nwwww (head)\nzzzz (head)\n",
		   "heads as alembic heads");
	struct idxlist order;
	struct strbuf err = STRBUF_INIT;
	tap_ok(revspec_history(g, NULL, NULL, &order, &err), "history walks");
	tap_is_str(lines(g, &order, REVFMT_BRANCHES | REVFMT_DOC | REVFMT_PARENTS | REVFMT_TREE, &a),
		   "dddd, xxxx -> mmmm (L) (head) (mergepoint), mmmm\n"
		   "cccc -> dddd (L), dddd\n"
		   "<base> (L) -> zzzz (head), zzzz\n"
		   "xxxx -> wwww (head), wwww\n"
		   "bbbb -> cccc (L), cccc\n"
		   "aaaa -> bbbb, bbbb\n"
		   "aaaa -> xxxx (branchpoint), xxxx\n"
		   "<base> -> aaaa (branchpoint), aaaa\n",
		   "history order and lines as alembic history");
	/* the lanes, as plain text (checked by eye against the graph above) */
	struct layout *lay = layout_build(&a, g, &order, LAYOUT_ASCII);
	struct strbuf lanes = STRBUF_INIT;
	for (size_t i = 0; i < lay->n; i++) {
		if (lay->rows[i].pre)
			strbuf_addf(&lanes, "%s\n", lay->rows[i].pre);
		strbuf_addf(&lanes, "%s %s\n", lay->rows[i].node, g->revs[lay->rows[i].rev].id);
		if (lay->rows[i].post)
			strbuf_addf(&lanes, "%s\n", lay->rows[i].post);
	}
	tap_is_str(strbuf_str(&lanes),
		   "* mmmm\n"
		   "+-.\n"
		   "* | dddd\n"
		   "| | * zzzz\n"
		   "| | * wwww\n"
		   "* | | cccc\n"
		   "* | | bbbb\n"
		   "| +-'\n"
		   "| * xxxx\n"
		   "+-'\n"
		   "* aaaa\n",
		   "lane layout as text");
	strbuf_release(&lanes);
	tap_ok(revspec_history(g, "bbbb", "dddd", &order, &err), "history -r bbbb:dddd");
	tap_is_str(lines(g, &order, 0, &a), "dddd\ncccc\nbbbb\n", "range is inclusive");
	tap_ok(!revspec_history(g, "wwww", "dddd", &order, &err), "unrelated range fails");
	tap_is_str(strbuf_str(&err),
		   "Requested range wwww:dddd does not refer to ancestor/descendant revisions along the same branch",
		   "range error text");
	struct idxlist r;
	tap_ok(revspec_get(g, "mm", &r, &err) && r.n == 1 && !strcmp(g->revs[r.v[0]].id, "mmmm"),
	       "short prefix resolves");
	tap_ok(revspec_get(g, "L@head", &r, &err) && r.n == 1 && !strcmp(g->revs[r.v[0]].id, "mmmm"),
	       "label@head");
	tap_ok(revspec_get(g, "L", &r, &err) && r.n == 1 && !strcmp(g->revs[r.v[0]].id, "cccc"),
	       "a label alone names its revision");
	tap_ok(!revspec_get(g, "head", &r, &err), "head with several heads fails");
	tap_ok(strstr(strbuf_str(&err), "Multiple head revisions are present for given argument 'head'") != NULL,
	       "multiple heads message");
	tap_ok(!revspec_get(g, "qq", &r, &err) && !strcmp(strbuf_str(&err), "Can't locate revision identified by 'qq'"),
	       "unknown revision message");
	tap_ok(revspec_get(g, "heads", &r, &err) && r.n == 3, "heads specifier: real heads");
	tap_ok(!revspec_get(g, "L@-1", &r, &err) && !strcmp(strbuf_str(&err), "Ambiguous walk"),
	       "label@-1 from a merge point is an ambiguous walk");

	/* errors: a cycle and a missing parent */
	struct diag_list d2;
	diag_list_init(&d2, &a);
	struct script *c[2] = {
		mk(&a, "c1", mklist(&a, "c2", NULL), none, none),
		mk(&a, "c2", mklist(&a, "c1", NULL), none, none),
	};
	struct revgraph *gc = revgraph_build(&a, &d2, c, 2);
	tap_ok(gc->cyclic && d2.n == 1 && !strcmp(d2.items[0].msg, "Cycle is detected in revisions (c1, c2)"),
	       "cycle without head or base lists every revision");
	struct diag_list d3;
	diag_list_init(&d3, &a);
	struct script *m[2] = {
		mk(&a, "m1", none, none, none),
		mk(&a, "m2", mklist(&a, "zz", NULL), none, none),
	};
	revgraph_build(&a, &d3, m, 2);
	tap_ok(d3.n >= 1 && !strcmp(d3.items[0].code, "graph-missing") && d3.items[0].span.file &&
		       strstr(d3.items[0].span.file, "m2.py"),
	       "missing parent names the file");
	/* the one-pass overlap check against a walk per revision: every
	 * ordered pair and triple of the first graph (zzzz depends on L, so
	 * cccc and what is below it are its ancestors), and the cycle */
	unsigned bad = 0;
	for (size_t i = 0; i < g->n; i++)
		for (size_t j = 0; j < g->n; j++)
			for (size_t k = 0; k <= g->n; k++) {
				size_t v[3] = { i, j, k }, n = k == g->n ? 2 : 3, want = n;
				for (size_t x = 0; x < n && want == n; x++) {
					struct revset anc = revset_new(&a, g->n);
					revgraph_ancestors(g, &v[x], 1, true, &anc);
					for (size_t y = 0; y < n; y++)
						if (y != x && v[y] != v[x] && revset_has(&anc, v[y]))
							want = x;
				}
				bad += revgraph_first_overlap(g, v, n) != want;
			}
	tap_is_int((long)bad, 0, "first overlap as a walk per revision finds it");
	size_t zb[2], ww[2];
	tap_ok(revgraph_lookup(g, "zzzz", &zb[0]) && revgraph_lookup(g, "bbbb", &zb[1]) &&
		       revgraph_first_overlap(g, zb, 2) == 0,
	       "a dependency's ancestors overlap");
	tap_ok(revgraph_lookup(g, "wwww", &ww[0]) && revgraph_lookup(g, "mmmm", &ww[1]) &&
		       revgraph_first_overlap(g, ww, 2) == 2,
	       "two heads do not overlap");
	size_t cyc[2] = { 0, 1 };
	tap_ok(revgraph_first_overlap(gc, cyc, 2) == 0, "a cycle falls back to walking");
	strbuf_release(&err);
	arena_free(&a);
	return tap_done();
}
