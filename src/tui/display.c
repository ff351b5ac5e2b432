/* display.c - the screen, the view stack and the main loop: keys (or a
 * key script when headless), the status bar, the prompt, search, resize,
 * mouse, the editor, and restoring the terminal on every way out. */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "cupel/cli_cmd.h"
#include "cupel/revspec.h"
#include "cupel/text.h"
#include "tui_internal.h"

struct tui T;

static SCREEN *screen;
static FILE *null_in, *null_out;

/* ---- drawing ---- */

int tui_put(int y, int x, const char *s, size_t len, int attr)
{
	if (y < 0 || y >= T.rows || x >= T.cols)
		return x;
	attrset(attr);
	/* one character at a time so a wide or invalid one never overflows */
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t i = 0;
	while (i < len && x < T.cols) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			wc = L'?';
			n = 1;
		}
		int w = wcwidth(wc);
		if (w < 0)
			w = 1, wc = L'?';
		if (x + w > T.cols)
			break;
		cchar_t cc;
		wchar_t ws[2] = { wc, 0 };
		setcchar(&cc, ws, (attr_t)attr, (short)PAIR_NUMBER(attr), NULL);
		mvadd_wch(y, x, &cc);
		x += w;
		i += n;
	}
	/* the rest of a selected line keeps its colour */
	if (len == 0 && attr) {
		move(y, x);
		for (int k = x; k < T.cols; k++)
			addch(' ' | (chtype)attr);
	}
	attrset(A_NORMAL);
	return x;
}

void tui_message(enum area a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(T.status, sizeof(T.status), fmt, ap);
	va_end(ap);
	T.status_area = a;
}

struct view *tui_top(void)
{
	return T.depth ? T.stack[T.depth - 1] : NULL;
}

static struct view *view_new(const struct view_ops *ops, size_t rev)
{
	struct view *v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	arena_init(&v->arena);
	v->ops = ops;
	v->rev = rev;
	ops->open(v);
	/* start on a line the cursor may rest on */
	while (v->ops->selectable && v->cur + 1 < v->n_lines && !v->ops->selectable(v, v->cur))
		v->cur++;
	return v;
}

static void view_free(struct view *v)
{
	arena_free(&v->arena);
	free(v);
}

void tui_push(const struct view_ops *ops, size_t rev)
{
	if (T.depth == sizeof(T.stack) / sizeof(T.stack[0])) {
		view_free(T.stack[--T.depth]);
	}
	T.stack[T.depth++] = view_new(ops, rev);
}

void tui_replace(const struct view_ops *ops, size_t rev)
{
	if (T.depth > 1)
		view_free(T.stack[--T.depth]);
	tui_push(ops, rev);
}

static void pop(void)
{
	if (T.depth > 1)
		view_free(T.stack[--T.depth]);
	else
		T.quit = true;
}

static int body_rows(void)
{
	return T.rows > 2 ? T.rows - 2 : 1;
}

static void draw(void)
{
	erase();
	struct view *v = tui_top();
	int h = body_rows();
	/* title line */
	char title[512];
	snprintf(title, sizeof(title), " cupel  %s", v ? v->title : "");
	tui_put(0, 0, title, strlen(title), theme_attr(AREA_TITLE));
	tui_put(0, (int)strlen(title) < T.cols ? (int)strlen(title) : T.cols, "", 0, theme_attr(AREA_TITLE));
	if (v) {
		if (v->cur < v->top)
			v->top = v->cur;
		if (v->cur >= v->top + (size_t)h)
			v->top = v->cur - (size_t)h + 1;
		for (int y = 0; y < h && v->top + (size_t)y < v->n_lines; y++) {
			size_t i = v->top + (size_t)y;
			v->ops->draw(v, i, y + 1, i == v->cur);
		}
	}
	/* status bar: the message, else the project and counts and hints */
	char st[600];
	const struct revgraph *g = T.p ? T.p->graph : NULL;
	if (T.status[0]) {
		snprintf(st, sizeof(st), " %s", T.status);
	} else {
		const char *proj = T.p && T.p->script_location ? T.p->script_location : "(no project)";
		const char *base = strrchr(proj, '/');
		/* the findings filter, and how far lint is while it runs */
		char lint[64] = "";
		size_t done, total;
		tui_lint_progress(&done, &total);
		if (T.filter_level >= 0)
			snprintf(lint, sizeof(lint), " | filter: %s", T.filter_level == LINT_ERROR ? "errors"
								    : T.filter_level == LINT_WARNING ? "warnings+"
													: "findings");
		else if (T.lint_walk && !T.lint_finished)
			snprintf(lint, sizeof(lint), " | lint %zu/%zu", done, total);
		snprintf(st, sizeof(st), " %s | %zu revisions, %zu heads, %zu divergent%s | %s %s | %zu/%zu | ? help  q back  Q quit",
			 base ? base + 1 : proj, g ? g->n : 0, g ? g->heads.n : 0, T.n_conflicts, lint,
			 dialect_name(T.dialect), T.downgrade ? "down" : "up", v && v->n_lines ? v->cur + 1 : 0,
			 v ? v->n_lines : 0);
	}
	int sa = theme_attr(T.status[0] ? T.status_area : AREA_STATUS) | theme_attr(AREA_STATUS);
	tui_put(T.rows - 1, 0, st, strlen(st), sa);
	tui_put(T.rows - 1, (int)strlen(st) < T.cols ? (int)strlen(st) : T.cols, "", 0, theme_attr(AREA_STATUS));
	refresh();
}

void tui_dump(FILE *out)
{
	for (int y = 0; y < T.rows; y++) {
		char line[4096];
		size_t n = 0;
		for (int x = 0; x < T.cols && n + 8 < sizeof(line);) {
			cchar_t cc;
			wchar_t ws[CCHARW_MAX + 1];
			attr_t at;
			short pair;
			if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, ws, &at, &pair, NULL) == ERR || !ws[0]) {
				line[n++] = ' ';
				x++;
				continue;
			}
			mbstate_t st;
			memset(&st, 0, sizeof(st));
			size_t k = wcrtomb(line + n, ws[0], &st);
			n += k == (size_t)-1 ? 0 : k;
			int w = wcwidth(ws[0]);
			x += w > 0 ? w : 1;
		}
		while (n && line[n - 1] == ' ')
			n--;
		fprintf(out, "%.*s\n", (int)n, line);
	}
}

/* ---- input ---- */

/* A dump for tests: the screen, then where the cursor is (attributes are
 * not in the text). */
static void dump_with_cursor(void)
{
	tui_dump(stdout);
	struct view *v = tui_top();
	if (v && v->n_lines)
		printf("[%s: cursor on screen row %zu, line %zu of %zu]\n", v->ops->name, v->cur - v->top + 1,
		       v->cur + 1, v->n_lines);
}

/* The next key: from the terminal, or from the key script when headless
 * (EOF of the script quits). */
static int next_key(void)
{
	if (!T.headless)
		return getch();
	int c;
	for (;;) {
		c = fgetc(T.keys);
		if (c == EOF)
			return -2;
		if (c == '\n')
			continue;
		if (c == '#') { /* a comment to the end of the line */
			while ((c = fgetc(T.keys)) != EOF && c != '\n')
				;
			continue;
		}
		break;
	}
	if (c != '<')
		return c;
	char name[64];
	size_t n = 0;
	name[n++] = '<';
	while (n < sizeof(name) - 1 && (c = fgetc(T.keys)) != EOF) {
		name[n++] = (char)c;
		if (c == '>')
			break;
	}
	name[n] = 0;
	int cols, rows;
	if (sscanf(name, "<Resize %dx%d>", &cols, &rows) == 2 && cols > 0 && rows > 0 && cols < 1000 &&
	    rows < 1000) {
		resizeterm(rows, cols);
		return KEY_RESIZE;
	}
	if (!strcmp(name, "<Idle>")) { /* the user waits: the lint walk ends */
		tui_lint_finish();
		return -3;
	}
	if (!strcmp(name, "<Dump>")) {
		draw();
		dump_with_cursor();
		printf("----\n");
		return -3;
	}
	int k = keys_parse(name, n);
	return k >= 0 ? k : '<';
}

void tui_redraw(void)
{
	draw();
}

static bool prompt_line(const char *lead, char *buf, size_t size, bool hidden);

bool tui_prompt(const char *lead, char *buf, size_t size)
{
	return prompt_line(lead, buf, size, false);
}

bool tui_prompt_hidden(const char *lead, char *buf, size_t size)
{
	return prompt_line(lead, buf, size, true);
}

/* A line typed at the bottom (for / and :); false when cancelled. */
static bool prompt_line(const char *lead, char *buf, size_t size, bool hidden)
{
	size_t n = 0;
	buf[0] = 0;
	for (;;) {
		char line[600], stars[256];
		size_t ns = n < sizeof(stars) - 1 ? n : sizeof(stars) - 1;
		memset(stars, '*', ns);
		stars[ns] = 0;
		snprintf(line, sizeof(line), "%s%s", lead, hidden ? stars : buf);
		move(T.rows - 1, 0);
		clrtoeol();
		tui_put(T.rows - 1, 0, line, strlen(line), A_NORMAL);
		if (!T.headless)
			curs_set(1);
		refresh();
		int c = next_key();
		if (!T.headless)
			curs_set(0);
		if (c == -2 || c == 27) {
			if (c == -2)
				T.quit = true;
			return false;
		}
		if (c == '\n' || c == '\r' || c == KEY_ENTER)
			return true;
		if ((c == KEY_BACKSPACE || c == 127 || c == 8) && n > 0)
			buf[--n] = 0;
		else if (c >= 32 && c < 256 && n + 1 < size) {
			buf[n++] = (char)c;
			buf[n] = 0;
		}
	}
}

/* One key answering a question at the bottom, the screen drawn first:
 * what writes files asks here, and only 'y' says yes. */
int tui_ask(enum area a, const char *question)
{
	/* the question stands in the status line, where screen dumps see it */
	tui_message(a, "%s", question);
	draw();
	int c;
	while ((c = next_key()) == -3 || c == KEY_RESIZE) {
		if (c == KEY_RESIZE)
			getmaxyx(stdscr, T.rows, T.cols);
		tui_message(a, "%s", question);
		draw();
	}
	T.status[0] = 0;
	if (c == -2)
		T.quit = true;
	return c;
}

void tui_pop(void)
{
	if (T.depth > 1)
		view_free(T.stack[--T.depth]);
}

static double tui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void find_conflicts(void);

/* Every view, and what they computed from the project (before it goes). */
static void drop_views_and_analyses(void)
{
	while (T.depth)
		view_free(T.stack[--T.depth]);
	if (T.conflicts) {
		conflict_report_free(T.conflicts);
		free(T.conflicts);
		T.conflicts = NULL;
	}
	free(T.row_lock);
	T.row_lock = NULL;
	tui_lint_free();
}

/* Load the project again after cupel wrote to it (merge, rebase): the new
 * one replaces the old only when it loads with a graph; the views start
 * again from the graph. */
bool tui_reload(void)
{
	struct project_opts po = { T.opts->project, T.opts->ini_section, false };
	struct project *np = project_load(&po);
	struct idxlist order = { NULL, 0 };
	struct strbuf e = STRBUF_INIT;
	bool ok = np->graph && np->loaded && !np->graph->cyclic &&
		  revspec_history(np->graph, NULL, NULL, &order, &e);
	strbuf_release(&e);
	if (!ok) {
		project_free(np);
		return false;
	}
	drop_views_and_analyses();
	T.filter_level = -1; /* the findings are walked again */
	project_free(T.p);
	T.p = np;
	T.order = order;
	T.lay = layout_build(&T.p->arena, T.p->graph, &T.order, T.ascii ? LAYOUT_ASCII : LAYOUT_UNICODE);
	find_conflicts();
	if (T.step)
		tui_step_refresh();
	tui_push(&view_graph_ops, 0);
	return true;
}

static void move_to(struct view *v, long to)
{
	if (!v->n_lines)
		return;
	if (to < 0)
		to = 0;
	if ((size_t)to >= v->n_lines)
		to = (long)v->n_lines - 1;
	long dir = (size_t)to >= v->cur ? 1 : -1;
	/* skip lines the cursor cannot rest on, in the direction of travel */
	while (v->ops->selectable && !v->ops->selectable(v, (size_t)to)) {
		if (to + dir < 0 || (size_t)(to + dir) >= v->n_lines) {
			dir = -dir;
			if (to + dir < 0 || (size_t)(to + dir) >= v->n_lines)
				return;
		}
		to += dir;
	}
	v->cur = (size_t)to;
}

static void search(struct view *v, bool forward, bool from_here)
{
	if (!T.search[0] || !v->ops->match || !v->n_lines)
		return;
	size_t n = v->n_lines;
	for (size_t k = from_here ? 0 : 1; k <= n; k++) {
		size_t i = forward ? (v->cur + k) % n : (v->cur + n - k % n) % n;
		if (v->ops->match(v, i, T.search) && (!v->ops->selectable || v->ops->selectable(v, i))) {
			v->cur = i;
			tui_message(AREA_INFO, "/%s", T.search);
			return;
		}
	}
	tui_message(AREA_WARNING, "no match for '%s'", T.search);
}

/* `:command args`: a read-only cupel command, its output in a text view. */
static void run_command(const char *line)
{
	static const char *const allowed[] = { "heads", "branches", "history", "show", "graph", "check", "sql",
					       "current", "lint", "locks", "schema", "conflicts" };
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", line);
	char *argv[32];
	int argc = 0;
	for (char *tok = strtok(buf, " \t"); tok && argc < 31; tok = strtok(NULL, " \t"))
		argv[argc++] = tok;
	argv[argc] = NULL;
	if (!argc)
		return;
	bool ok = false;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		ok |= !strcmp(argv[0], allowed[i]);
	const struct cli_command *cmd = ok ? cli_find_command(argv[0]) : NULL;
	if (!cmd) {
		tui_message(AREA_WARNING, "'%s' is not a read-only cupel command (try heads, history, sql, check)",
			    argv[0]);
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return;
	struct cli_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.project = T.opts->project;
	ctx.name = T.opts->ini_section;
	ctx.out = mem;
	ctx.err = mem;
	int status = cmd->run(&ctx, argc, argv);
	fclose(mem);
	tui_push(&view_text_ops, 0);
	struct view *v = tui_top();
	snprintf(v->title, sizeof(v->title), ":%.200s (exit %d)", line, status);
	for (const char *s = text; s && *s;) {
		size_t n = strcspn(s, "\n");
		view_add_raw(v, AREA_DEFAULT, s, n, 0, !strcmp(argv[0], "sql"));
		s += n + (s[n] == '\n');
	}
	free(text);
}

/* e: the script in $EDITOR (or vi) at the line under the cursor. */
static void edit(struct view *v)
{
	const char *path = v->script_path;
	if (!path) {
		tui_message(AREA_WARNING, "no script to edit here (open a revision first)");
		return;
	}
	unsigned line = v->ops->source_line ? v->ops->source_line(v, v->cur) : 0;
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	if (T.headless) {
		tui_message(AREA_INFO, "would run: %s +%u %s", ed, line ? line : 1, path);
		return;
	}
	def_prog_mode();
	endwin();
	pid_t pid = fork();
	if (pid == 0) {
		char plus[32];
		snprintf(plus, sizeof(plus), "+%u", line ? line : 1);
		execlp(ed, ed, plus, path, (char *)NULL);
		_exit(127);
	}
	int st;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	reset_prog_mode();
	refresh();
	if (pid > 0)
		v->ops->open(v);
}

static void next_theme(void)
{
	static const char **names;
	static size_t n;
	if (!names)
		names = theme_list(&n);
	size_t cur = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], theme_name()))
			cur = i;
	struct strbuf warn = STRBUF_INIT, err = STRBUF_INIT;
	const char *next = names[(cur + 1) % n];
	if (theme_load(next, &warn, &err)) {
		theme_apply();
		tui_message(AREA_INFO, "theme: %s", next);
	} else {
		tui_message(AREA_ERROR, "%s", strbuf_str(&err));
	}
	strbuf_release(&warn);
	strbuf_release(&err);
}

static void handle_mouse(struct view *v)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		move_to(v, (long)v->cur - 3);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		move_to(v, (long)v->cur + 3);
	} else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED)) {
		if (ev.y >= 1 && ev.y <= body_rows() && v->top + (size_t)(ev.y - 1) < v->n_lines) {
			move_to(v, (long)(v->top + (size_t)(ev.y - 1)));
			if ((ev.bstate & BUTTON1_DOUBLE_CLICKED) && v->ops->action)
				v->ops->action(v, ACT_ENTER);
		}
	}
}

static void handle(int key)
{
	struct view *v = tui_top();
	if (key == KEY_RESIZE) {
		getmaxyx(stdscr, T.rows, T.cols);
		return;
	}
	if (key == KEY_MOUSE) {
		handle_mouse(v);
		return;
	}
	enum action a = keys_lookup(key);
	T.status[0] = 0;
	if (a == ACT_NONE)
		return;
	if (v->ops->action && v->ops->action(v, a))
		return;
	long page = body_rows();
	switch (a) {
	case ACT_MOVE_DOWN:
		move_to(v, (long)v->cur + 1);
		if (v->ops->selectable && v->cur + 1 < v->n_lines && !v->ops->selectable(v, v->cur))
			move_to(v, (long)v->cur + 1);
		break;
	case ACT_MOVE_UP:
		move_to(v, (long)v->cur - 1);
		break;
	case ACT_PAGE_DOWN:
		move_to(v, (long)v->cur + page);
		v->top = v->cur;
		break;
	case ACT_PAGE_UP:
		move_to(v, (long)v->cur - page);
		break;
	case ACT_FIRST:
		move_to(v, 0);
		break;
	case ACT_LAST:
		move_to(v, (long)v->n_lines - 1);
		break;
	case ACT_SEARCH: {
		char buf[sizeof(T.search)];
		if (tui_prompt("/", buf, sizeof(buf)) && buf[0]) {
			snprintf(T.search, sizeof(T.search), "%s", buf);
			search(v, true, false);
		}
		break;
	}
	case ACT_SEARCH_NEXT:
		search(v, true, false);
		break;
	case ACT_SEARCH_PREV:
		search(v, false, false);
		break;
	case ACT_PROMPT: {
		char buf[256];
		if (tui_prompt(":", buf, sizeof(buf)))
			run_command(buf);
		break;
	}
	case ACT_HELP:
		tui_push(&view_help_ops, 0);
		break;
	case ACT_EDIT:
		edit(v);
		break;
	case ACT_THEME_NEXT:
		next_theme();
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_BACK:
		/* Esc closes views but never quits: a stray escape sequence
		 * must not end the session */
		if (T.depth > 1 || key != 27)
			pop();
		break;
	case ACT_QUIT:
		T.quit = true;
		break;
	default:
		break;
	}
}

/* ---- divergent heads ---- */

/* Heads with the same branch labels whose histories meet are divergent
 * (the state `alembic upgrade head` refuses); they and the revision where
 * they part are marked. Heads of labelled independent branches are not. */
static void find_conflicts(void)
{
	const struct revgraph *g = T.p->graph;
	T.conflict = arena_alloc(&T.p->arena, g->n + 1);
	T.n_conflicts = 0;
	for (size_t i = 0; i < g->heads.n; i++) {
		size_t a = g->heads.v[i];
		for (size_t j = i + 1; j < g->heads.n; j++) {
			size_t b = g->heads.v[j];
			const struct rev *ra = &g->revs[a], *rb = &g->revs[b];
			bool same = ra->n_labels == rb->n_labels;
			for (size_t k = 0; same && k < ra->n_labels; k++)
				same = !strcmp(ra->labels[k], rb->labels[k]);
			if (!same)
				continue;
			struct revset sa = revset_new(&T.p->arena, g->n), sb = revset_new(&T.p->arena, g->n);
			revgraph_ancestors(g, &a, 1, true, &sa);
			revgraph_ancestors(g, &b, 1, true, &sb);
			/* the newest common ancestor in history order */
			for (size_t k = 0; k < T.order.n; k++) {
				size_t r = T.order.v[k];
				if (revset_has(&sa, r) && revset_has(&sb, r)) {
					if (!T.conflict[a])
						T.n_conflicts++;
					if (!T.conflict[b])
						T.n_conflicts++;
					T.conflict[a] = T.conflict[b] = true;
					T.conflict[r] = true;
					break;
				}
			}
		}
	}
}

/* ---- configuration ---- */

static void read_config(const char **theme, struct strbuf *warn)
{
	char path[1024];
	const char *env = getenv("CUPEL_CONFIG");
	if (env && *env)
		snprintf(path, sizeof(path), "%s", env);
	else if (getenv("HOME"))
		snprintf(path, sizeof(path), "%s/.config/cupel/config", getenv("HOME"));
	else
		return;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	static char theme_buf[256];
	char line[512];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		/* a comment is a line starting with '#' ("bind # search" is not) */
		if (line[strspn(line, " \t")] == '#')
			continue;
		char *w[4] = { 0 };
		int nw = 0;
		for (char *tok = strtok(line, " \t\r\n"); tok && nw < 4; tok = strtok(NULL, " \t\r\n"))
			w[nw++] = tok;
		if (!nw)
			continue;
		struct strbuf err = STRBUF_INIT;
		if (!strcmp(w[0], "bind") && nw == 3) {
			if (!keys_bind(w[1], w[2], &err))
				strbuf_addf(warn, "%s:%d: %s\n", path, n, strbuf_str(&err));
		} else if (!strcmp(w[0], "set") && nw == 3 && !strcmp(w[1], "theme")) {
			snprintf(theme_buf, sizeof(theme_buf), "%s", w[2]);
			*theme = theme_buf;
		} else if (!strcmp(w[0], "set") && nw == 3 && !strcmp(w[1], "mouse")) {
			T.mouse = !strcmp(w[2], "on") || !strcmp(w[2], "true") || !strcmp(w[2], "yes");
		} else if (!strcmp(w[0], "set") && nw == 3 && !strcmp(w[1], "lint")) {
			T.lint_off = !(!strcmp(w[2], "on") || !strcmp(w[2], "true") || !strcmp(w[2], "yes"));
		} else {
			strbuf_addf(warn,
				    "%s:%d: not a configuration line (bind KEY ACTION, set theme NAME, set mouse on|off, set lint on|off)\n",
				    path, n);
		}
		strbuf_release(&err);
	}
	fclose(f);
}

/* ---- start and stop ---- */

static void restore_terminal(void)
{
	if (screen && !isendwin())
		endwin();
}

static void on_signal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static bool start_curses(void)
{
	const char *hl = getenv("CUPEL_HEADLESS");
	if (hl && *hl) {
		int cols = 80, rows = 24;
		if (sscanf(hl, "%dx%d", &cols, &rows) != 2 || cols < 10 || rows < 3 || cols > 1000 || rows > 1000) {
			fprintf(stderr, "cupel: error: CUPEL_HEADLESS must be COLSxROWS, e.g. 80x24\n");
			return false;
		}
		const char *kf = getenv("CUPEL_KEYS");
		T.keys = kf && *kf ? fopen(kf, "r") : NULL;
		if (!T.keys) {
			fprintf(stderr, "cupel: error: CUPEL_KEYS must name a readable key script\n");
			return false;
		}
		null_in = fopen("/dev/null", "r");
		null_out = fopen("/dev/null", "w");
		const char *term = getenv("TERM");
		screen = newterm(term && *term ? term : "xterm-256color", null_out, null_in);
		if (!screen) {
			fprintf(stderr, "cupel: error: no terminal description for TERM=%s\n", term ? term : "");
			return false;
		}
		set_term(screen);
		resizeterm(rows, cols);
		T.headless = true;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			fprintf(stderr, "cupel: error: the terminal UI needs a terminal (try 'cupel --help' for the commands)\n");
			return false;
		}
		screen = newterm(NULL, stdout, stdin);
		if (!screen) {
			fprintf(stderr, "cupel: error: cannot use this terminal (TERM=%s)\n",
				getenv("TERM") ? getenv("TERM") : "");
			return false;
		}
		set_term(screen);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		atexit(restore_terminal);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	getmaxyx(stdscr, T.rows, T.cols);
	return true;
}

static void stop_curses(void)
{
	restore_terminal();
	if (screen)
		delscreen(screen);
	screen = NULL;
	if (null_in)
		fclose(null_in);
	if (null_out)
		fclose(null_out);
	if (T.keys)
		fclose(T.keys);
	null_in = null_out = NULL;
	T.keys = NULL;
}

/* The project's diagnostics as a view (a project that failed to load opens
 * on them instead of the graph). */
static void push_diags(void)
{
	tui_push(&view_text_ops, 0);
	struct view *v = tui_top();
	snprintf(v->title, sizeof(v->title), "problems loading the project (%zu)", T.p->diags.n);
	for (size_t i = 0; i < T.p->diags.n; i++) {
		const struct diag *d = &T.p->diags.items[i];
		struct strbuf sb = STRBUF_INIT;
		if (d->span.file)
			strbuf_addf(&sb, "%s:%u:%u: ", d->span.file, d->span.line, d->span.col);
		strbuf_addf(&sb, "%s[%s]: %s", diag_level_name(d->level), d->code, d->msg);
		view_add_raw(v, d->level == DIAG_ERROR ? AREA_ERROR : d->level == DIAG_WARNING ? AREA_WARNING : AREA_INFO,
			     sb.buf, sb.len, d->span.line, false);
		strbuf_release(&sb);
	}
}

int tui_run(const struct tui_opts *o)
{
	memset(&T, 0, sizeof(T));
	T.opts = o;
	T.filter_level = -1;
	T.mouse = o->mouse;
	setlocale(LC_ALL, "");
	keys_init();
	const char *theme = NULL;
	struct strbuf warn = STRBUF_INIT, err = STRBUF_INIT;
	read_config(&theme, &warn);
	if (o->theme)
		theme = o->theme;
	if (!theme_load(theme ? theme : "default", &warn, &err)) {
		fprintf(stderr, "cupel: error: %s\n", strbuf_str(&err));
		strbuf_release(&warn);
		strbuf_release(&err);
		return 2;
	}
	const char *cs = nl_langinfo(CODESET);
	T.ascii = o->ascii || !cs || strcmp(cs, "UTF-8") != 0;
	struct project_opts po = { o->project, o->ini_section, false };
	T.p = project_load(&po);
	double t1 = tui_now(), t2 = t1, t3 = t1, t4 = t1;
	if (T.p->graph && T.p->loaded && !T.p->graph->cyclic) {
		struct strbuf e2 = STRBUF_INIT;
		if (revspec_history(T.p->graph, NULL, NULL, &T.order, &e2)) {
			t2 = tui_now();
			T.lay = layout_build(&T.p->arena, T.p->graph, &T.order, T.ascii ? LAYOUT_ASCII : LAYOUT_UNICODE);
			t3 = tui_now();
			find_conflicts();
			t4 = tui_now();
		}
		strbuf_release(&e2);
	}
	const char *timing = getenv("CUPEL_TIMING");
	bool timed = timing && *timing && *timing != '0';
	T.dialect = DIALECT_POSTGRESQL;
	if (T.p->sqlalchemy_url)
		(void)dialect_from_name(T.p->sqlalchemy_url, &T.dialect);
	if (!start_curses()) {
		stop_curses();
		project_free(T.p);
		strbuf_release(&warn);
		strbuf_release(&err);
		return 2;
	}
	theme_apply();
	if (T.mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
	tui_push(&view_graph_ops, 0);
	if (!T.lay || T.p->diags.n) {
		if (!T.lay || diag_count(&T.p->diags, DIAG_ERROR))
			push_diags();
	}
	if (warn.len)
		tui_message(AREA_WARNING, "%.*s", (int)strcspn(warn.buf, "\n"), warn.buf);
	else if (!T.lay)
		tui_message(AREA_ERROR, "the project could not be loaded: q quits");
	bool redraw = true;
	while (!T.quit) {
		if (redraw)
			draw();
		if (timed) {
			/* where the first screen's time went (bench/tui.sh) */
			fprintf(stderr, "cupel: timing: config %.1f ms, list %.1f ms, read+parse %.1f ms, graph %.1f ms, "
					"history %.1f ms, lanes %.1f ms, conflicts %.1f ms, screen %.1f ms\n",
				T.p->timing.config * 1e3, T.p->timing.list * 1e3, T.p->timing.read * 1e3,
				T.p->timing.graph * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t4 - t3) * 1e3,
				(tui_now() - t4) * 1e3);
			timed = false;
		}
		redraw = true;
		int key;
		if (!T.headless && !T.lint_off && tui_lint_pending()) {
			/* no key waiting: lint a little (a key waits 5 ms at most),
			 * now and then draw the new badges */
			timeout(0);
			key = getch();
			timeout(-1);
			if (key == ERR) {
				redraw = tui_lint_work(5);
				continue;
			}
		} else {
			key = next_key();
		}
		if (key == -2)
			break;
		if (key == -3 || key == ERR)
			continue;
		handle(key);
	}
	if (T.headless) {
		draw();
		dump_with_cursor();
	}
	drop_views_and_analyses();
	tui_step_free();
	stop_curses();
	project_free(T.p);
	strbuf_release(&warn);
	strbuf_release(&err);
	return 0;
}
