/* source.c - the migration script with line numbers. */
#include <string.h>

#include "detail.h"

static void source_open(struct view *v)
{
	view_reset(v);
	detail_title(v, "source");
	struct script *sc = (struct script *)T.p->graph->revs[v->rev].script;
	v->script_path = sc ? sc->path : NULL;
	size_t len = 0;
	const char *src = sc ? project_script_source(T.p, sc, &len) : NULL;
	if (!src) {
		view_add(v, AREA_ERROR, "%s could not be read", sc && sc->path ? sc->path : "the script");
		return;
	}
	unsigned line = 1;
	for (size_t i = 0; i <= len;) {
		size_t n = 0;
		while (i + n < len && src[i + n] != '\n')
			n++;
		if (i == len && n == 0)
			break;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%5u  ", line);
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
	if (selected) {
		view_draw_text(v, i, y, true);
		return;
	}
	int x = tui_put(y, 0, l->text, 7 < strlen(l->text) ? 7 : strlen(l->text), theme_attr(AREA_LINE_NUMBER));
	if (strlen(l->text) > 7)
		tui_put(y, x, l->text + 7, strlen(l->text) - 7, theme_attr(AREA_DEFAULT));
}

const struct view_ops view_source_ops = { "source", source_open, source_draw, detail_action, view_match_text,
					  view_source_line_text, NULL };
