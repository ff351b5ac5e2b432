/* revformat.c - Alembic's revision text forms. */
#include <string.h>

#include "cupel/revformat.h"
#include "cupel/text.h"

static void revformat_join(struct strbuf *out, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(out, ", ");
		strbuf_adds(out, items[i]);
	}
}

void revformat_down(struct strbuf *out, const struct rev *r)
{
	if (!r->script->down.n)
		strbuf_adds(out, "<base>");
	else
		revformat_join(out, r->script->down.items, r->script->down.n);
}

void revformat_line(struct strbuf *out, const struct revgraph *g, size_t idx, unsigned flags)
{
	const struct rev *r = &g->revs[idx];
	if (flags & REVFMT_PARENTS) {
		revformat_down(out, r);
		if (r->script->depends.n) {
			strbuf_adds(out, " (");
			revformat_join(out, r->script->depends.items, r->script->depends.n);
			strbuf_adds(out, ")");
		}
		strbuf_adds(out, " -> ");
	}
	strbuf_adds(out, r->id);
	if ((flags & REVFMT_BRANCHES) && r->n_labels) {
		strbuf_adds(out, " (");
		revformat_join(out, r->labels, r->n_labels);
		strbuf_adds(out, ")");
	}
	if (r->is_real_head)
		strbuf_adds(out, " (head)");
	else if (r->is_head)
		strbuf_adds(out, " (effective head)");
	if (flags & REVFMT_CURRENT)
		strbuf_adds(out, " (current)");
	if (flags & REVFMT_TREE) {
		if (r->is_branch_point)
			strbuf_adds(out, " (branchpoint)");
		if (r->is_merge_point)
			strbuf_adds(out, " (mergepoint)");
	}
	if (flags & REVFMT_DOC) {
		strbuf_adds(out, ", ");
		strbuf_adds(out, r->script->doc);
	}
}

void revformat_log_entry(struct strbuf *out, const struct revgraph *g, size_t idx, bool current)
{
	const struct rev *r = &g->revs[idx];
	strbuf_addf(out, "Rev: %s%s%s%s%s\n", r->id, r->is_head ? " (head)" : "",
		    r->is_branch_point ? " (branchpoint)" : "", r->is_merge_point ? " (mergepoint)" : "",
		    current ? " (current)" : "");
	strbuf_adds(out, r->is_merge_point ? "Merges: " : "Parent: ");
	revformat_down(out, r);
	strbuf_addc(out, '\n');
	if (r->script->depends.n) {
		strbuf_adds(out, "Also depends on: ");
		revformat_join(out, r->script->depends.items, r->script->depends.n);
		strbuf_addc(out, '\n');
	}
	if (r->is_branch_point) {
		strbuf_adds(out, "Branches into: ");
		for (size_t i = 0; i < r->nextrev.n; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", g->revs[r->nextrev.v[i]].id);
		strbuf_addc(out, '\n');
	}
	if (r->n_labels) {
		strbuf_adds(out, "Branch names: ");
		revformat_join(out, r->labels, r->n_labels);
		strbuf_addc(out, '\n');
	}
	strbuf_addf(out, "Path: %s\n\n", r->script->path);
	const char **lines;
	size_t n;
	text_py_splitlines(g->arena, r->script->longdoc, strlen(r->script->longdoc), &lines, &n);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(out, '\n');
		strbuf_addf(out, "    %s", lines[i]);
	}
	strbuf_addc(out, '\n');
}
