/* lintwalk.c - the project's lint findings for the UI (graph badges, the
 * Findings view, the Source view's gutter, the findings filter). A
 * revision's findings depend on every revision before it in upgrade
 * order (the schema they leave, what rules keep), so the newest rows
 * cannot be linted alone: the walk goes through the project a few
 * revisions at a time while the UI waits for keys (headless: at <Idle>),
 * and a view that needs findings at once finishes the walk first. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cupel/revgraph.h"
#include "cupel/xalloc.h"
#include "tui_internal.h"

static struct lint_opts opts;
static struct lint_config cfg;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The walk set up (nothing linted yet): the project's [cupel] targets and
 * rule levels, else the dialect of sqlalchemy.url, as cupel lint. */
static bool start(void)
{
	if (T.lint_walk || !T.p || !T.p->graph || !T.lay)
		return T.lint_walk != NULL;
	struct diag_list cd;
	diag_list_init(&cd, &T.p->arena);
	lint_config_read(T.p, &T.p->arena, &cd, &cfg);
	memset(&opts, 0, sizeof(opts));
	opts.pg = opts.sqlite = true;
	enum dialect ud;
	if (cfg.has_dialects) {
		opts.pg = cfg.pg;
		opts.sqlite = cfg.sqlite;
	} else if (T.p->sqlalchemy_url && dialect_from_name(T.p->sqlalchemy_url, &ud)) {
		opts.pg = ud == DIALECT_POSTGRESQL;
		opts.sqlite = ud == DIALECT_SQLITE;
	}
	opts.levels = cfg.levels;
	opts.n_levels = cfg.n_levels;
	opts.params = cfg.params;
	opts.n_params = cfg.n_params;
	size_t n = T.p->graph->n + 1;
	T.lint = xcalloc(1, sizeof(*T.lint));
	T.lint_counts = xcalloc(n, sizeof(*T.lint_counts));
	T.lint_done = xcalloc(n, 1);
	T.lint_walk = lint_walk_new(T.p, &opts, T.lint);
	return true;
}

/* One step of the walk; the new findings counted on their revisions. */
static bool step(void)
{
	if (!start() || T.lint_finished)
		return false;
	size_t before = T.lint->n, rev;
	if (!lint_walk_step(T.lint_walk, &rev)) {
		T.lint_finished = true;
		return false;
	}
	for (size_t i = before; i < T.lint->n; i++) {
		const struct lint_finding *f = &T.lint->v[i];
		size_t r = rev;
		/* the rules on the whole graph name their revision */
		if (rev == LINT_WALK_GRAPH && !(f->revision && revgraph_lookup(T.p->graph, f->revision, &r)))
			continue;
		if (r < T.p->graph->n && f->level <= LINT_ERROR)
			T.lint_counts[r][f->level]++;
	}
	if (rev != LINT_WALK_GRAPH && rev < T.p->graph->n)
		T.lint_done[rev] = 1;
	if (lint_walk_finished(T.lint_walk))
		T.lint_finished = true;
	return true;
}

bool tui_lint_pending(void)
{
	return T.lay && T.p && T.p->graph && !T.lint_finished;
}

bool tui_lint_work(double budget_ms)
{
	static double drawn;
	double t = now_ms(), end = t + budget_ms;
	while (step() && now_ms() < end)
		;
	/* the badges and the progress a few times a second, and at the end:
	 * a redraw after every short slice would cost more than the slice */
	if (!T.lint_finished && now_ms() - drawn < 150)
		return false;
	drawn = now_ms();
	return true;
}

/* What may take long says so on the screen first. */
static void announce(void)
{
	size_t done = 0, total = 0;
	if (T.lint_walk)
		lint_walk_progress(T.lint_walk, &done, &total);
	else if (T.p && T.p->graph)
		total = T.p->graph->n;
	if (total - done > 200) {
		char save[sizeof(T.status)];
		memcpy(save, T.status, sizeof(save));
		enum area sa = T.status_area;
		tui_message(AREA_INFO, "linting %zu revisions ...", total - done);
		tui_redraw();
		memcpy(T.status, save, sizeof(save));
		T.status_area = sa;
	}
}

void tui_lint_finish(void)
{
	if (!tui_lint_pending())
		return;
	announce();
	while (step())
		;
}

bool tui_lint_counts(size_t rev, unsigned counts[3])
{
	if (!T.lint_done || !T.p || rev >= T.p->graph->n || !T.lint_done[rev])
		return false;
	for (int l = 0; l < 3; l++)
		counts[l] = T.lint_counts[rev][l];
	return true;
}

bool tui_lint_has(size_t rev, int min_level)
{
	unsigned c[3];
	if (!tui_lint_counts(rev, c))
		return false;
	for (int l = min_level < 0 ? 0 : min_level; l < 3; l++)
		if (c[l])
			return true;
	return false;
}

void tui_lint_progress(size_t *done, size_t *total)
{
	*done = *total = 0;
	if (T.lint_walk)
		lint_walk_progress(T.lint_walk, done, total);
}

void tui_lint_free(void)
{
	lint_walk_free(T.lint_walk);
	T.lint_walk = NULL;
	if (T.lint) {
		lint_result_free(T.lint);
		free(T.lint);
		T.lint = NULL;
	}
	free(T.lint_counts);
	free(T.lint_done);
	T.lint_counts = NULL;
	T.lint_done = NULL;
	T.lint_finished = false;
}

enum area tui_finding_area(enum lint_level l)
{
	return l == LINT_ERROR ? AREA_FINDING_ERROR : l == LINT_WARNING ? AREA_FINDING_WARNING : AREA_FINDING_INFO;
}

void tui_lint_badge(const unsigned counts[3], struct strbuf *out)
{
	static const char mark[3] = { 'I', 'W', 'E' };
	const char *sep = "";
	for (int l = LINT_ERROR; l >= LINT_INFO; l--) {
		if (counts[l]) {
			strbuf_addf(out, "%s%c%u", sep, mark[l], counts[l]);
			sep = " ";
		}
	}
}
