/* theme.c - colour themes: files of `color AREA FG BG ATTRS`, `mono AREA
 * ATTRS` and `inherit NAME` lines (cupel-theme(5)). The default theme is
 * compiled in; NO_COLOR or a terminal without colours uses the mono lines. */
#include <ctype.h>
#include <curses.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/path.h"
#include "tui_internal.h"

static const char default_theme[] =
#include "src/tui/default_theme.inc"
	;

static const char *const area_names[] = {
#define X(e, name) name,
	THEME_AREAS(X)
#undef X
};

/* One area's settings: colour choices (fallback lists) and attributes. */
struct area_style {
	char fg[64], bg[64];
	int attrs, mono_attrs;
	bool set, mono_set;
};

static struct area_style styles[AREA_COUNT];
static int attrs_now[AREA_COUNT];
static char loaded_name[128] = "default";
static const char *found[32];
static size_t n_found;

static int parse_attrs(const char *s, bool *ok)
{
	int a = 0;
	*ok = true;
	if (!strcmp(s, "-"))
		return 0;
	char buf[128];
	snprintf(buf, sizeof(buf), "%s", s);
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		if (!strcmp(tok, "bold"))
			a |= A_BOLD;
		else if (!strcmp(tok, "underline"))
			a |= A_UNDERLINE;
		else if (!strcmp(tok, "reverse"))
			a |= A_REVERSE;
		else if (!strcmp(tok, "dim"))
			a |= A_DIM;
		else if (!strcmp(tok, "italic"))
			a |= A_ITALIC;
		else if (!strcmp(tok, "standout"))
			a |= A_STANDOUT;
		else if (!strcmp(tok, "blink"))
			a |= A_BLINK;
		else if (strcmp(tok, "normal") != 0)
			*ok = false;
	}
	return a;
}

static int area_index(const char *name)
{
	for (int i = 0; i < AREA_COUNT; i++)
		if (!strcmp(area_names[i], name))
			return i;
	return -1;
}

static bool theme_parse(const char *text, const char *file, int depth, struct strbuf *warn);

/* The text of a theme by name (directories) or path; NULL if none. */
static char *theme_read(const char *name, const char **file)
{
	static char pathbuf[1024];
	if (!strcmp(name, "default")) {
		*file = "default (built in)";
		return strdup(default_theme);
	}
	const char *dirs[3] = { getenv("CUPEL_THEME_DIR"), CUPEL_THEMEDIR, CUPEL_SRC_THEMEDIR };
	for (int i = -1; i < 3; i++) {
		if (i == -1 && !strchr(name, '/'))
			continue;
		if (i >= 0 && (!dirs[i] || strchr(name, '/')))
			continue;
		if (i == -1)
			snprintf(pathbuf, sizeof(pathbuf), "%s", name);
		else
			snprintf(pathbuf, sizeof(pathbuf), "%s/%s.theme", dirs[i], name);
		FILE *f = fopen(pathbuf, "r");
		if (!f)
			continue;
		struct strbuf sb = STRBUF_INIT;
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && sb.len < 1 << 20)
			strbuf_add(&sb, chunk, n);
		fclose(f);
		*file = pathbuf;
		char *r = strdup(strbuf_str(&sb));
		strbuf_release(&sb);
		return r;
	}
	return NULL;
}

static bool theme_parse(const char *text, const char *file, int depth, struct strbuf *warn)
{
	char fname[1024];
	snprintf(fname, sizeof(fname), "%s", file);
	int lineno = 0;
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) - 1 ? n : sizeof(line) - 1), s);
		s += n + (nl ? 1 : 0);
		lineno++;
		/* a comment is a line starting with '#' (#rrggbb is a colour) */
		if (line[strspn(line, " \t")] == '#')
			continue;
		char *w[6] = { 0 };
		int nw = 0;
		for (char *tok = strtok(line, " \t\r"); tok && nw < 6; tok = strtok(NULL, " \t\r"))
			w[nw++] = tok;
		if (nw == 0)
			continue;
		if (!strcmp(w[0], "inherit") && nw == 2) {
			const char *f2;
			char *t2 = depth < 4 ? theme_read(w[1], &f2) : NULL;
			if (!t2) {
				strbuf_addf(warn, "%s:%d: cannot inherit from '%s'\n", fname, lineno, w[1]);
				continue;
			}
			theme_parse(t2, f2, depth + 1, warn);
			free(t2);
			continue;
		}
		int area = nw >= 2 ? area_index(w[1]) : -1;
		bool ok = true;
		if (!strcmp(w[0], "color") && nw == 5 && area >= 0) {
			struct area_style *st = &styles[area];
			snprintf(st->fg, sizeof(st->fg), "%s", w[2]);
			snprintf(st->bg, sizeof(st->bg), "%s", w[3]);
			st->attrs = parse_attrs(w[4], &ok);
			st->set = true;
		} else if (!strcmp(w[0], "mono") && nw == 3 && area >= 0) {
			styles[area].mono_attrs = parse_attrs(w[2], &ok);
			styles[area].mono_set = true;
		} else {
			ok = false;
		}
		if (!ok)
			strbuf_addf(warn, "%s:%d: not a theme line (color AREA FG BG ATTRS, mono AREA ATTRS, inherit NAME)\n",
				    fname, lineno);
	}
	return true;
}

bool theme_load(const char *name, struct strbuf *warn, struct strbuf *err)
{
	const char *file;
	char *text = theme_read(name, &file);
	if (!text) {
		strbuf_addf(err, "no theme '%s' (looked in $CUPEL_THEME_DIR, %s)", name, CUPEL_THEMEDIR);
		return false;
	}
	memset(styles, 0, sizeof(styles));
	/* every theme starts from the built-in default */
	if (strcmp(name, "default") != 0)
		theme_parse(default_theme, "default", 1, warn);
	theme_parse(text, file, 0, warn);
	free(text);
	const char *base = strrchr(name, '/');
	snprintf(loaded_name, sizeof(loaded_name), "%s", base ? base + 1 : name);
	char *dot = strstr(loaded_name, ".theme");
	if (dot)
		*dot = 0;
	return true;
}

const char *theme_name(void)
{
	return loaded_name;
}

static const struct {
	const char *name;
	int color;
} color_names[] = {
	{ "black", COLOR_BLACK }, { "red", COLOR_RED },   { "green", COLOR_GREEN }, { "yellow", COLOR_YELLOW },
	{ "blue", COLOR_BLUE },   { "magenta", COLOR_MAGENTA }, { "cyan", COLOR_CYAN }, { "white", COLOR_WHITE },
	{ "default", -1 },
};

/* The xterm-256 index nearest to #rrggbb (the 6x6x6 cube or the greys). */
static int hex_to_256(const char *h)
{
	unsigned r, g, b;
	if (strlen(h) != 7 || sscanf(h + 1, "%2x%2x%2x", &r, &g, &b) != 3)
		return -2;
	static const int steps[6] = { 0, 95, 135, 175, 215, 255 };
	int ci[3];
	unsigned v[3] = { r, g, b };
	int dist = 0;
	for (int k = 0; k < 3; k++) {
		int best = 0;
		for (int i = 1; i < 6; i++)
			if (abs((int)v[k] - steps[i]) < abs((int)v[k] - steps[best]))
				best = i;
		ci[k] = best;
		dist += abs((int)v[k] - steps[best]);
	}
	int grey = ((int)r + (int)g + (int)b) / 3;
	int gi = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
	int gv = 8 + gi * 10;
	int gdist = abs((int)r - gv) + abs((int)g - gv) + abs((int)b - gv);
	return gdist < dist ? 232 + gi : 16 + 36 * ci[0] + 6 * ci[1] + ci[2];
}

/* The first choice of "a|b|c" the terminal can show; -1 default. */
static int pick_color(const char *spec)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", spec);
	int fallback = -1;
	for (char *tok = strtok(buf, "|"); tok; tok = strtok(NULL, "|")) {
		int c = -2;
		for (size_t i = 0; i < sizeof(color_names) / sizeof(color_names[0]); i++)
			if (!strcmp(tok, color_names[i].name))
				c = color_names[i].color;
		if (c == -2 && tok[0] == '#')
			c = hex_to_256(tok);
		if (c == -2 && isdigit((unsigned char)tok[0]))
			c = atoi(tok);
		if (c == -2)
			continue;
		if (c < COLORS)
			return c;
		fallback = -1;
	}
	return fallback;
}

void theme_apply(void)
{
	bool color = has_colors() && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	if (color) {
		start_color();
		use_default_colors();
	}
	for (int a = 0; a < AREA_COUNT; a++) {
		struct area_style *st = &styles[a];
		if (!color || COLOR_PAIRS < AREA_COUNT + 1) {
			attrs_now[a] = st->mono_set ? st->mono_attrs : (st->set ? st->attrs & (int)(A_BOLD | A_UNDERLINE) : 0);
			if (a == AREA_CURSOR && !(attrs_now[a] & (A_REVERSE | A_STANDOUT)))
				attrs_now[a] |= A_REVERSE;
			continue;
		}
		if (!st->set) {
			attrs_now[a] = a == AREA_CURSOR ? A_REVERSE : 0;
			continue;
		}
		init_pair((short)(a + 1), (short)pick_color(st->fg), (short)pick_color(st->bg));
		attrs_now[a] = (int)COLOR_PAIR(a + 1) | st->attrs;
	}
}

int theme_attr(enum area a)
{
	return attrs_now[a];
}

const char **theme_list(size_t *n)
{
	n_found = 0;
	found[n_found++] = "default";
	const char *dirs[3] = { getenv("CUPEL_THEME_DIR"), CUPEL_THEMEDIR, CUPEL_SRC_THEMEDIR };
	for (int i = 0; i < 3 && n_found == 1; i++) {
		if (!dirs[i])
			continue;
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		struct dirent *e;
		char *names[32];
		size_t k = 0;
		while ((e = readdir(d)) && k < 31) {
			size_t l = strlen(e->d_name);
			if (l > 6 && !strcmp(e->d_name + l - 6, ".theme") && strncmp(e->d_name, "default.", 8) != 0)
				names[k++] = strndup(e->d_name, l - 6);
		}
		closedir(d);
		/* sorted: the order T walks them */
		for (size_t a = 0; a < k; a++)
			for (size_t b = a + 1; b < k; b++)
				if (strcmp(names[b], names[a]) < 0) {
					char *t = names[a];
					names[a] = names[b];
					names[b] = t;
				}
		for (size_t a = 0; a < k; a++)
			found[n_found++] = names[a];
	}
	*n = n_found;
	return found;
}
