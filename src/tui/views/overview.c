/* overview.c - a revision at a glance: metadata, docstring, file, and the
 * operations of upgrade() (or downgrade()) with opaque steps marked. */
#include <string.h>

#include "detail.h"

static void list_revs(struct view *v, const char *what, const struct idxlist *l)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < l->n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", T.p->graph->revs[l->v[i]].id);
	view_add(v, AREA_DEFAULT, "%-14s %s", what, l->n ? strbuf_str(&sb) : "-");
	strbuf_release(&sb);
}

static void describe_op(struct view *v, const struct op *o, int depth)
{
	const char *name = op_kind_name(o->kind);
	const char *target = o->table ? o->table : o->index.table ? o->index.table : "";
	const char *extra = o->kind == OP_ADD_COLUMN    ? o->column.name
			    : o->kind == OP_DROP_COLUMN  ? o->column_name
			    : o->kind == OP_ALTER_COLUMN ? o->alter.column
			    : o->kind == OP_CREATE_INDEX || o->kind == OP_DROP_INDEX ? o->index.name
			    : o->constraint.name;
	if (o->kind == OP_OPAQUE) {
		view_add(v, AREA_OPAQUE, "%*sline %-5u OPAQUE  %s", depth * 2, "", o->line,
			 o->reason ? o->reason : "not modelled");
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%*sline %-5u %s", depth * 2, "", o->line, name);
	if (*target)
		strbuf_addf(&sb, " %s", target);
	if (extra && *extra)
		strbuf_addf(&sb, " %s", extra);
	if (o->kind == OP_EXECUTE && o->sql)
		strbuf_addf(&sb, ": %.*s", (int)strcspn(o->sql, "\n"), o->sql);
	if (o->kind == OP_CREATE_INDEX && o->index.pg_concurrently)
		strbuf_adds(&sb, " (concurrently)");
	if (o->reason)
		strbuf_addf(&sb, "  -- %s", o->reason);
	view_add_raw(v, o->reason ? AREA_WARNING : AREA_DEFAULT, sb.buf, sb.len, o->line, false);
	strbuf_release(&sb);
	for (size_t i = 0; i < o->n_children; i++)
		describe_op(v, &o->children[i], depth + 1);
}

static void overview_open(struct view *v)
{
	view_reset(v);
	const struct revgraph *g = T.p->graph;
	const struct rev *rv = &g->revs[v->rev];
	const struct script *sc = rv->script;
	detail_title(v, "overview");
	v->script_path = sc ? sc->path : NULL;
	view_add(v, AREA_HEADER, "Revision       %s", rv->id);
	list_revs(v, "Parents", &rv->down);
	list_revs(v, "Children", &rv->nextrev);
	list_revs(v, "Depends on", &rv->deps);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < rv->n_labels; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", rv->labels[i]);
	view_add(v, AREA_LABEL, "%-14s %s", "Branch labels", sb.len ? strbuf_str(&sb) : "-");
	strbuf_reset(&sb);
	if (rv->is_head)
		strbuf_adds(&sb, "head ");
	if (rv->is_base)
		strbuf_adds(&sb, "base ");
	if (rv->is_merge_point)
		strbuf_adds(&sb, "merge ");
	if (rv->is_branch_point)
		strbuf_adds(&sb, "branch-point ");
	if (T.conflict && T.conflict[v->rev])
		strbuf_adds(&sb, "divergent ");
	view_add(v, T.conflict && T.conflict[v->rev] ? AREA_CONFLICT : AREA_DEFAULT, "%-14s %s", "Marks",
		 sb.len ? strbuf_str(&sb) : "-");
	strbuf_release(&sb);
	view_add(v, AREA_DEFAULT, "%-14s %s", "Path", sc && sc->path ? sc->path : "-");
	view_add(v, AREA_DEFAULT, "%s", "");
	const char *doc = sc && sc->longdoc ? sc->longdoc : "";
	for (const char *s = doc; *s;) {
		size_t n = strcspn(s, "\n");
		view_add_raw(v, AREA_INFO, s, n, 0, false);
		s += n + (s[n] == '\n');
	}
	view_add(v, AREA_DEFAULT, "%s", "");
	view_add(v, AREA_HEADER, "Operations of %s() for %s:", T.downgrade ? "downgrade" : "upgrade",
		 dialect_name(T.dialect));
	struct op_list ops = detail_ops(v);
	size_t opaque = 0;
	for (size_t i = 0; i < ops.n; i++) {
		describe_op(v, &ops.v[i], 1);
		opaque += ops.v[i].kind == OP_OPAQUE;
	}
	if (ops.n == 0)
		view_add(v, AREA_DEFAULT, "  (none)");
	if (opaque)
		view_add(v, AREA_OPAQUE, "%zu opaque step(s): cupel cannot know what they do without running Python",
			 opaque);
}

const struct view_ops view_overview_ops = { "overview", overview_open, view_draw_text, detail_action,
					    view_match_text, view_source_line_text, NULL };
