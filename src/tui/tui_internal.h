/* tui_internal.h - what the UI's modules share. The UI is the one place
 * with global state (the screen, the theme, the view stack): struct tui. */
#ifndef CUPEL_TUI_INTERNAL_H
#define CUPEL_TUI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cupel/arena.h"
#include "cupel/conflict.h"
#include "cupel/dialect.h"
#include "cupel/layout.h"
#include "cupel/lint.h"
#include "cupel/lockmodel.h"
#include "cupel/project.h"
#include "cupel/strbuf.h"
#include "cupel/tui.h"

enum action {
	ACT_NONE = 0,
#define ACTION(e, name, keys, help) ACT_##e,
#include "actions.def"
#undef ACTION
	ACT_COUNT
};

/* Theme areas, listed once. */
#define THEME_AREAS(X) \
	X(DEFAULT, "default") X(TITLE, "title") X(STATUS, "status") X(CURSOR, "cursor") \
	X(GRAPH_LANE, "graph-lane") X(GRAPH_NODE, "graph-node") X(HEAD, "head") X(CONFLICT, "conflict") \
	X(LABEL, "label") X(ID, "id") X(ERROR, "error") X(WARNING, "warning") X(INFO, "info") \
	X(SQL_KEYWORD, "sql-keyword") X(SQL_STRING, "sql-string") X(SQL_COMMENT, "sql-comment") \
	X(LINE_NUMBER, "line-number") X(OPAQUE, "opaque") X(SEARCH, "search") X(HEADER, "header") \
	X(FINDING_ERROR, "finding-error") X(FINDING_WARNING, "finding-warning") X(FINDING_INFO, "finding-info")

enum area {
#define X(e, name) AREA_##e,
	THEME_AREAS(X)
#undef X
	AREA_COUNT
};

/* ---- theme.c ---- */
/* Load a theme (name in the theme directories, or a path); false with a
 * message. Problems of single lines go to warn ("path:line: ..."). */
bool theme_load(const char *name_or_path, struct strbuf *warn, struct strbuf *err);
/* The curses attribute of an area (after theme_apply). */
int theme_attr(enum area a);
/* Set up colour pairs for the loaded theme on the current terminal. */
void theme_apply(void);
const char *theme_name(void);
/* The themes found (built-in default first); n set. */
const char **theme_list(size_t *n);

/* ---- keys.c ---- */
void keys_init(void);
enum action keys_lookup(int key);
/* bind KEYNAME ACTION; false with a message */
bool keys_bind(const char *keyname, const char *action, struct strbuf *err);
const char *action_name(enum action a);
const char *action_help(enum action a);
/* the keys bound to a (for help), e.g. "j, Down" */
void keys_describe(enum action a, struct strbuf *out);
/* A key name (<Down>, <C-l>, x) to a curses key code, or -1. */
int keys_parse(const char *name, size_t len);

/* ---- views ---- */
struct view;
struct tui_step;

struct view_ops {
	const char *name;
	/* (re)build the lines */
	void (*open)(struct view *v);
	/* draw line i at screen row y */
	void (*draw)(struct view *v, size_t i, int y, bool selected);
	/* a view's own actions; true if handled */
	bool (*action)(struct view *v, enum action a);
	/* does line i contain the search text (lower case) */
	bool (*match)(struct view *v, size_t i, const char *needle);
	/* the script line to open in $EDITOR for line i (0: none) */
	unsigned (*source_line)(struct view *v, size_t i);
	/* can the cursor rest on line i */
	bool (*selectable)(struct view *v, size_t i);
};

/* A line of a text view: its text (control characters escaped) and area;
 * sql lines are highlighted when drawn. */
struct tline {
	const char *text;
	enum area area;
	unsigned src_line;  /* script line, for e */
	bool sql;
	const char *ref;    /* what Enter opens (a finding's rule), or NULL */
};

struct view {
	const struct view_ops *ops;
	struct arena arena;       /* the lines; reset by open */
	char title[256];
	size_t n_lines, top, cur;
	struct tline *lines;      /* text views */
	size_t cap;
	size_t rev;               /* the revision shown (detail views) */
	const char *script_path;  /* for e */
	void *data;
};

extern const struct view_ops view_graph_ops, view_overview_ops, view_sql_ops, view_source_ops,
	view_help_ops, view_text_ops, view_findings_ops, view_conflict_ops, view_locks_ops, view_step_ops;

/* text view helpers */
void view_add(struct view *v, enum area area, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void view_add_raw(struct view *v, enum area area, const char *s, size_t len, unsigned src_line, bool sql);
void view_draw_text(struct view *v, size_t i, int y, bool selected);
bool view_match_text(struct view *v, size_t i, const char *needle);
unsigned view_source_line_text(struct view *v, size_t i);
void view_reset(struct view *v);

/* ---- the UI's state ---- */
struct tui {
	const struct tui_opts *opts;
	struct project *p;
	struct layout *lay;
	struct idxlist order;       /* history order, newest first */
	bool *conflict;             /* per revision: part of a divergence */
	size_t n_conflicts;         /* heads in divergent groups */
	enum dialect dialect;
	bool downgrade;
	bool ascii, headless, quit, mouse;
	int rows, cols;
	struct view *stack[8];
	size_t depth;
	char search[128];
	char status[512];           /* a one-off message */
	enum area status_area;
	FILE *keys;                 /* headless key script */
	const char *load_errors;    /* the load's diagnostics, for the errors view */
	/* lint findings (lintwalk.c): walked while the UI waits for keys */
	struct lint_result *lint;
	struct lint_walk *lint_walk;
	unsigned (*lint_counts)[3]; /* per revision, by enum lint_level */
	unsigned char *lint_done;   /* per revision: its findings are in */
	bool lint_finished;
	bool lint_off;              /* set lint off: no walk while waiting for keys */
	int filter_level;           /* graph: only revisions with a finding at
				     * this enum lint_level or above; -1: all */
	struct conflict_report *conflicts; /* computed when the Conflict view first opens */
	unsigned char *row_lock;    /* per revision: 0 not computed, else 1 + its strongest lock */
	struct tui_step *step;      /* the Step view's connection, once opened */
	unsigned char *current;     /* per revision: in the database's version table */
};

extern struct tui T;

void tui_push(const struct view_ops *ops, size_t rev);
void tui_replace(const struct view_ops *ops, size_t rev);
struct view *tui_top(void);
void tui_message(enum area a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* the screen drawn, the question on the bottom line, one key read and
 * returned (-2 at the end of a key script) */
int tui_ask(enum area a, const char *question);
/* the strongest PostgreSQL lock of rev's upgrade on an existing table,
 * computed the first time it is asked for (graph rows) */
enum lock_mode tui_strongest_lock(size_t rev);
/* the theme area that shows a lock mode: error, warning or info */
enum area tui_lock_area(enum lock_mode m);
/* ---- lintwalk.c ---- */
/* is some of the project not linted yet */
bool tui_lint_pending(void);
/* lint for about budget_ms; true when the screen should be drawn again */
bool tui_lint_work(double budget_ms);
/* every revision linted (and the graph rules run) */
void tui_lint_finish(void);
/* rev's findings by level (enum lint_level); false while not linted */
bool tui_lint_counts(size_t rev, unsigned counts[3]);
/* has rev (linted) a finding at min_level or above */
bool tui_lint_has(size_t rev, int min_level);
void tui_lint_progress(size_t *done, size_t *total);
void tui_lint_free(void);
/* the theme area of a finding's level in badges and the gutter */
enum area tui_finding_area(enum lint_level l);
/* "E2 W1 I3" (the levels present), "" when none */
void tui_lint_badge(const unsigned counts[3], struct strbuf *out);
/* the Step view's connection closed and freed */
void tui_step_free(void);
/* the database's current revisions read again (T.current) */
void tui_step_refresh(void);
/* the screen drawn now (live progress) */
void tui_redraw(void);
/* as tui_prompt, the typed text shown as stars (passwords) */
bool tui_prompt_hidden(const char *lead, char *buf, size_t size);
/* a line typed on the bottom line after lead; false when cancelled (Esc) */
bool tui_prompt(const char *lead, char *buf, size_t size);
/* close the top view (never the graph) */
void tui_pop(void);
/* load the project again (after a write); false keeps the old one */
bool tui_reload(void);
/* draw a string clipped to the width from x; returns the new x */
int tui_put(int y, int x, const char *s, size_t len, int attr);
/* the screen as text (headless dumps) */
void tui_dump(FILE *out);

#endif
