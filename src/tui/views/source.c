/* source.c - the migration script with line numbers; a line with lint
 * findings has their strongest level in the gutter (E, W, I in the
 * finding colours), ] and [ go to the next and previous such line. */
#include <string.h>

#include "detail.h"

/* The gutter: per script line, 0 or 1 + the strongest level found. */
struct gutter {
	unsigned char *mark;
	unsigned n;
};

static const char mark_char[3] = { 'I', 'W', 'E' };

static struct gutter *gutter_build(struct view *v, const struct rev *rv, unsigned n_lines)
{
	struct gutter *g = arena_alloc(&v->arena, sizeof(*g));
	g->n = n_lines + 1;
	g->mark = arena_alloc(&v->arena, g->n);
	memset(g->mark, 0, g->n);
	/* every finding of the revision: the rules on the whole graph too */
	tui_lint_finish();
	for (size_t i = 0; T.lint && i < T.lint->n; i++) {
		const struct lint_finding *f = &T.lint->v[i];
		if (!f->revision || strcmp(f->revision, rv->id) != 0 || f->line >= g->n)
			continue;
		if (g->mark[f->line] < 1 + (unsigned)f->level)
			g->mark[f->line] = (unsigned char)(1 + f->level);
	}
	return g;
}

static void source_open(struct view *v)
{
	view_reset(v);
	v->data = NULL;
	detail_title(v, "source");
	const struct rev *rv = &T.p->graph->revs[v->rev];
	struct script *sc = (struct script *)rv->script;
	v->script_path = sc ? sc->path : NULL;
	size_t len = 0;
	const char *src = sc ? project_script_source(T.p, sc, &len) : NULL;
	if (!src) {
		view_add(v, AREA_ERROR, "%s could not be read", sc && sc->path ? sc->path : "the script");
		return;
	}
	unsigned n_lines = 1;
	for (size_t i = 0; i < len; i++)
		n_lines += src[i] == '\n';
	struct gutter *g = gutter_build(v, rv, n_lines);
	v->data = g;
	unsigned line = 1;
	for (size_t i = 0; i <= len;) {
		size_t n = 0;
		while (i + n < len && src[i + n] != '\n')
			n++;
		if (i == len && n == 0)
			break;
		struct strbuf sb = STRBUF_INIT;
		unsigned char m = line < g->n ? g->mark[line] : 0;
		strbuf_addf(&sb, "%5u%c ", line, m ? mark_char[m - 1] : ' ');
		strbuf_add(&sb, src + i, n && src[i + n - 1] == '\r' ? n - 1 : n);
		view_add_raw(v, AREA_DEFAULT, sb.buf, sb.len, line, false);
		strbuf_release(&sb);
		line++;
		i += n + 1;
	}
}

static void source_draw(struct view *v, size_t i, int y, bool selected)
{
	const struct tline *l = &v->lines[i];
	const struct gutter *g = v->data;
	size_t len = strlen(l->text);
	if (selected || !g || len < 7) {
		view_draw_text(v, i, y, selected);
		return;
	}
	int x = tui_put(y, 0, l->text, 5, theme_attr(AREA_LINE_NUMBER));
	unsigned char m = l->src_line < g->n ? g->mark[l->src_line] : 0;
	x = tui_put(y, x, l->text + 5, 1, m ? theme_attr(tui_finding_area((enum lint_level)(m - 1))) : theme_attr(AREA_LINE_NUMBER));
	x = tui_put(y, x, l->text + 6, 1, theme_attr(AREA_LINE_NUMBER));
	tui_put(y, x, l->text + 7, len - 7, theme_attr(AREA_DEFAULT));
}

/* ] and [: the next (previous) line with a finding. */
static void next_marked(struct view *v, bool forward)
{
	const struct gutter *g = v->data;
	for (size_t i = v->cur; g && (forward ? i + 1 < v->n_lines : i > 0);) {
		i = forward ? i + 1 : i - 1;
		unsigned sl = v->lines[i].src_line;
		if (sl < g->n && g->mark[sl]) {
			v->cur = i;
			return;
		}
	}
	tui_message(AREA_INFO, "no %s line with a lint finding", forward ? "later" : "earlier");
}

static bool source_action(struct view *v, enum action a)
{
	if (a == ACT_NEXT_FINDING || a == ACT_PREV_FINDING) {
		next_marked(v, a == ACT_NEXT_FINDING);
		return true;
	}
	return detail_action(v, a);
}

const struct view_ops view_source_ops = { "source", source_open, source_draw, source_action, view_match_text,
					  view_source_line_text, NULL };
