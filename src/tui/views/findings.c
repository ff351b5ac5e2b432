/* findings.c - the lint findings of a revision (cupel lint, run once for
 * the project when this view first opens), each with its line: e opens
 * the script there. */
#include <stdlib.h>
#include <string.h>

#include "cupel/xalloc.h"
#include "detail.h"

static void findings_open(struct view *v)
{
	view_reset(v);
	detail_title(v, "findings");
	const struct rev *rv = &T.p->graph->revs[v->rev];
	v->script_path = rv->script ? rv->script->path : NULL;
	if (!T.lint) {
		T.lint = xcalloc(1, sizeof(*T.lint));
		/* the project's [cupel] targets and rule levels, as cupel lint */
		struct lint_config cfg;
		struct diag_list cd;
		diag_list_init(&cd, &T.p->arena);
		lint_config_read(T.p, &T.p->arena, &cd, &cfg);
		struct lint_opts o = { true, true, NULL, 0, NULL, 0, cfg.levels, cfg.n_levels, cfg.params, cfg.n_params };
		if (cfg.has_dialects) {
			o.pg = cfg.pg;
			o.sqlite = cfg.sqlite;
		}
		lint_run(T.p, &o, T.lint);
	}
	size_t n = 0;
	for (size_t i = 0; i < T.lint->n; i++) {
		const struct lint_finding *f = &T.lint->v[i];
		if (!f->revision || strcmp(f->revision, rv->id) != 0)
			continue;
		n++;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "line %-5u %s[%s]: %s", f->line, lint_level_name(f->level), f->rule, f->message);
		view_add_raw(v, f->level == LINT_ERROR ? AREA_ERROR : f->level == LINT_WARNING ? AREA_WARNING : AREA_INFO,
			     sb.buf, sb.len, f->line, false);
		strbuf_reset(&sb);
		if (f->hint) {
			strbuf_addf(&sb, "           hint: %s", f->hint);
			view_add_raw(v, AREA_INFO, sb.buf, sb.len, f->line, false);
		}
		strbuf_release(&sb);
	}
	if (!n)
		view_add(v, AREA_DEFAULT, "no findings for %s (rules: cupel lint --list-rules)", rv->id);
}

const struct view_ops view_findings_ops = { "findings", findings_open, view_draw_text, detail_action,
					    view_match_text, view_source_line_text, NULL };
