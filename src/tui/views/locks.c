/* locks.c - the Locks view: a revision's PostgreSQL statements with the
 * lock each takes on each table (upgrade, or downgrade with u), then per
 * transaction the strongest lock on each table and the statements it is
 * held across; and the strongest lock of a revision for its graph row,
 * computed when the row is first drawn. */
#include <stdlib.h>
#include <string.h>

#include "cupel/lockplan.h"
#include "cupel/sqlgen.h"
#include "cupel/text.h"
#include "cupel/xalloc.h"
#include "detail.h"

/* The operations of rev for PostgreSQL, in a. */
static bool pg_ops(size_t rev, bool down, struct arena *a, struct op_list *ops)
{
	struct plan_step step;
	memset(&step, 0, sizeof(step));
	step.rev = rev;
	step.dir = down ? PLAN_DOWNGRADE : PLAN_UPGRADE;
	struct diag_list diags;
	diag_list_init(&diags, a);
	return sqlgen_step_ops(T.p, a, &diags, &step, DIALECT_POSTGRESQL, true, ops);
}

enum lock_mode tui_strongest_lock(size_t rev)
{
	const struct revgraph *g = T.p->graph;
	if (rev >= g->n)
		return LOCK_NONE;
	if (!T.row_lock)
		T.row_lock = xcalloc(g->n + 1, 1);
	/* 0: not computed yet, else 1 + the mode */
	if (!T.row_lock[rev]) {
		struct arena a;
		arena_init(&a);
		struct op_list ops;
		enum lock_mode m = LOCK_NONE;
		if (pg_ops(rev, false, &a, &ops)) {
			struct lockplan lp;
			lockplan_build(&a, ops.v, ops.n, NULL, &lp);
			m = lp.strongest;
		}
		arena_free(&a);
		T.row_lock[rev] = (unsigned char)(1 + m);
	}
	return (enum lock_mode)(T.row_lock[rev] - 1);
}

enum area tui_lock_area(enum lock_mode m)
{
	return m >= LOCK_EXCLUSIVE ? AREA_ERROR : m >= LOCK_SHARE_UPDATE_EXCLUSIVE ? AREA_WARNING : AREA_INFO;
}

static void locks_open(struct view *v)
{
	view_reset(v);
	detail_title(v, T.downgrade ? "downgrade locks" : "locks");
	const struct rev *rv = &T.p->graph->revs[v->rev];
	v->script_path = rv->script ? rv->script->path : NULL;
	struct op_list ops;
	if (!pg_ops(v->rev, T.downgrade, &v->arena, &ops)) {
		view_add(v, AREA_ERROR, "the script could not be read again");
		return;
	}
	/* the schema the statements meet: before the upgrade, or after the
	 * revision for its downgrade */
	struct schema *s = NULL;
	struct strbuf err = STRBUF_INIT;
	(void)schema_replay_at(T.p, v->rev, T.downgrade, DIALECT_POSTGRESQL, &s, &err);
	strbuf_release(&err);
	struct lockplan lp;
	lockplan_build_along(&v->arena, ops.v, ops.n, s, T.p->graph->revs[v->rev].id, &lp);
	if (!lp.n)
		view_add(v, AREA_INFO, "no SQL statement: no lock%s",
			 lp.n_not_rendered ? " known (the steps render no SQL: opaque)" : "");
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < lp.n; k++) {
		const struct lockplan_stmt *st = &lp.stmts[k];
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%zu. ", k + 1);
		text_escape_controls(&sb, st->sql, strcspn(st->sql, "\n"), false);
		if (strchr(st->sql, '\n'))
			strbuf_adds(&sb, " ...");
		if (st->autocommit)
			strbuf_adds(&sb, "   [autocommit]");
		view_add_raw(v, AREA_DEFAULT, sb.buf, sb.len, st->line, true);
		if (!st->parsed)
			view_add(v, AREA_WARNING, "     locks unknown: not parsed (%s)", st->error ? st->error : "?");
		for (size_t q = 0; q < st->n_facts; q++) {
			const struct lock_fact *f = &st->facts[q];
			if (!f->known) {
				view_add(v, AREA_WARNING, "     locks unknown: %s", f->unknown ? f->unknown : "?");
				continue;
			}
			for (size_t r = 0; r < f->n_rels; r++) {
				const struct lock_rel *lr = &f->rels[r];
				strbuf_reset(&sb);
				strbuf_addf(&sb, "     %s: %s (%s) - blocks %s", lr->name, lock_mode_name(lr->mode),
					    lr->why ? lr->why : "", lock_mode_blocks(lr->mode));
				view_add_raw(v, tui_lock_area(lr->mode), sb.buf, sb.len, st->line, false);
			}
			view_add(v, f->rewrite == 1 ? AREA_ERROR : AREA_DEFAULT, "     rewrite: %s, reads every row: %s%s",
				 f->rewrite < 0 ? "unknown" : f->rewrite ? "yes" : "no", f->scan ? "yes" : "no",
				 f->in_transaction ? "" : ", cannot run in a transaction block");
			if (f->note)
				view_add(v, AREA_INFO, "     note: %s", f->note);
		}
	}
	size_t txn = (size_t)-1;
	for (size_t h = 0; h < lp.n_holds; h++) {
		const struct lockplan_hold *x = &lp.holds[h];
		if (x->txn != txn) {
			txn = x->txn;
			view_add(v, AREA_DEFAULT, "%s", "");
			view_add(v, AREA_HEADER, "Held in transaction %zu, per table:", txn + 1);
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "  %-20s %-22s statements %zu-%zu", x->table, lock_mode_name(x->mode), x->first + 1,
			    x->last + 1);
		if (x->new_table)
			strbuf_adds(&sb, "  created here: blocks no one");
		else
			strbuf_addf(&sb, "  blocks %s", lock_mode_blocks(x->mode));
		if (x->rewrite)
			strbuf_adds(&sb, "; rewrites it");
		else if (x->scan || x->index_build)
			strbuf_adds(&sb, "; reads every row");
		view_add_raw(v, x->new_table ? AREA_INFO : tui_lock_area(x->mode), sb.buf, sb.len,
			     lp.stmts[x->first].line, false);
	}
	if (lp.n_not_rendered)
		view_add(v, AREA_OPAQUE, "%zu step(s) render no SQL (opaque): their locks are not known",
			 lp.n_not_rendered);
	view_add(v, AREA_DEFAULT, "%s", "");
	if (rv->down.n == 1)
		view_add(v, AREA_INFO, "sizes and durations: cupel locks %s:%s --db URL",
			 T.p->graph->revs[rv->down.v[0]].id, rv->id);
	else
		view_add(v, AREA_INFO, "sizes and durations: cupel locks %s%s --db URL", rv->down.n ? "" : "base:",
			 rv->id);
	strbuf_release(&sb);
	schema_free(s);
}

const struct view_ops view_locks_ops = { "locks", locks_open, view_draw_text, detail_action, view_match_text,
					 view_source_line_text, NULL };
