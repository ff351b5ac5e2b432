/* help.c - every key, from the action table (so it is never out of date),
 * and the text views of command output and load errors. */
#include <string.h>

#include "../tui_internal.h"

static void help_open(struct view *v)
{
	view_reset(v);
	snprintf(v->title, sizeof(v->title), "help: keys (theme %s)", theme_name());
	view_add(v, AREA_HEADER, "%-18s %-22s %s", "ACTION", "KEYS", "WHAT IT DOES");
	for (int a = 1; a < ACT_COUNT; a++) {
		struct strbuf keys = STRBUF_INIT;
		keys_describe((enum action)a, &keys);
		view_add(v, AREA_DEFAULT, "%-18s %-22s %s", action_name((enum action)a), strbuf_str(&keys),
			 action_help((enum action)a));
		strbuf_release(&keys);
	}
	view_add(v, AREA_DEFAULT, "%s", "");
	view_add(v, AREA_INFO, "Keys are rebound in ~/.config/cupel/config (or $CUPEL_CONFIG): bind KEY ACTION");
	view_add(v, AREA_INFO, "Themes: --theme NAME or 'set theme NAME' there; T cycles; NO_COLOR is honoured.");
}

const struct view_ops view_help_ops = { "help", help_open, view_draw_text, NULL, view_match_text, NULL, NULL };

/* A text view filled by whoever pushed it (command output, errors). */
static void text_open(struct view *v)
{
	(void)v;
}

const struct view_ops view_text_ops = { "text", text_open, view_draw_text, NULL, view_match_text,
					view_source_line_text, NULL };
