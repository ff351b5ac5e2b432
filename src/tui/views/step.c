/* step.c - the Step view: a live database's revisions, a target, the plan
 * to it, and one migration at a time: each step's SQL and locks shown in a
 * dialog whose default is Cancel (y applies; a step that drops a table or
 * a column wants the database's name typed), run by cupel's runner with
 * every statement's time shown as it runs. The connection lives in T.step
 * until the UI ends, so the graph can mark the current revisions. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/dburl.h"
#include "cupel/envpy.h"
#include "cupel/lockplan.h"
#include "cupel/plan.h"
#include "cupel/reflect.h"
#include "cupel/runner.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"
#include "cupel/text.h"
#include "cupel/vtable.h"
#include "cupel/xalloc.h"
#include "detail.h"

struct tui_step {
	struct arena arena;       /* the URL, the heads, the log lines */
	struct dburl url;
	struct db *db;
	struct envpy_config env;
	struct vtable vt;
	const char **heads;
	size_t n_heads;
	bool read_ok;
	char target[128];
	const char **log;
	enum area *log_area;
	size_t n_log, cap_log;
};

static void logf_(enum area a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(enum area a, const char *fmt, ...)
{
	struct tui_step *st = T.step;
	if (st->n_log == st->cap_log) {
		size_t c = st->cap_log ? st->cap_log * 2 : 32;
		st->log = arena_grow(&st->arena, st->log, st->n_log, c, sizeof(*st->log));
		st->log_area = arena_grow(&st->arena, st->log_area, st->n_log, c, sizeof(*st->log_area));
		st->cap_log = c;
	}
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	st->log[st->n_log] = arena_strdup(&st->arena, strbuf_str(&sb));
	st->log_area[st->n_log++] = a;
	strbuf_release(&sb);
}

void tui_step_free(void)
{
	if (!T.step)
		return;
	db_close(T.step->db);
	arena_free(&T.step->arena);
	free(T.step);
	T.step = NULL;
	free(T.current);
	T.current = NULL;
}

/* The version table's rows, and which revisions they are, for the graph. */
void tui_step_refresh(void)
{
	struct tui_step *st = T.step;
	struct db_error e;
	st->read_ok = st->db && vtable_read(&st->vt, &st->arena, &st->heads, &st->n_heads, &e);
	if (st->db && !st->read_ok) {
		struct strbuf sb = STRBUF_INIT;
		db_error_format(&sb, st->db, &e);
		logf_(AREA_ERROR, "could not read the version table: %s", strbuf_str(&sb));
		strbuf_release(&sb);
	}
	const struct revgraph *g = T.p->graph;
	free(T.current);
	T.current = xcalloc(g->n + 1, 1);
	for (size_t i = 0; st->read_ok && i < st->n_heads; i++) {
		size_t r;
		if (revgraph_lookup(g, st->heads[i], &r))
			T.current[r] = 1;
	}
}

static bool is_password_error(const char *msg)
{
	return strstr(msg, "password") != NULL;
}

/* Connect to $CUPEL_DATABASE_URL or sqlalchemy.url, else a typed URL; a
 * password the server asks for is typed hidden. */
static bool step_connect(void)
{
	struct tui_step *st = T.step;
	if (st->db)
		return true;
	const char *url = getenv("CUPEL_DATABASE_URL");
	if (!url || !*url)
		url = T.p->sqlalchemy_url;
	char typed[512];
	if (!url || !*url) {
		if (!tui_prompt("database URL (postgresql://... or sqlite:///file): ", typed, sizeof(typed)) || !typed[0])
			return false;
		url = typed;
	}
	struct strbuf err = STRBUF_INIT;
	bool ok = dburl_parse(&st->arena, url, &st->url, &err);
	if (ok && !db_connect(&st->url, 10, &st->db, &err)) {
		ok = false;
		char pw[256];
		if (st->url.dialect == DIALECT_POSTGRESQL && is_password_error(strbuf_str(&err)) &&
		    tui_prompt_hidden("password: ", pw, sizeof(pw))) {
			st->url.password = arena_strdup(&st->arena, pw);
			memset(pw, 0, sizeof(pw));
			strbuf_reset(&err);
			ok = db_connect(&st->url, 10, &st->db, &err);
		}
	}
	if (!ok) {
		/* the message never holds the password: dburl masks it */
		logf_(AREA_ERROR, "%s", strbuf_str(&err));
		tui_message(AREA_ERROR, "not connected: %.200s", strbuf_str(&err));
		strbuf_release(&err);
		st->db = NULL;
		return false;
	}
	strbuf_release(&err);
	/* env.py as Alembic runs it online, and the session settings it gives
	 * its connection (SET search_path ...) */
	struct envpy_source src = { true, T.p->ini, T.p->section };
	envpy_read_from(&st->arena, &T.p->diags, T.p->script_location, &src, &st->env);
	size_t bad = 0;
	struct db_error e;
	if (!db_exec_each(st->db, &st->arena, st->env.session, st->env.n_session, &bad, &e)) {
		struct strbuf sb = STRBUF_INIT;
		db_error_format(&sb, st->db, &e);
		tui_message(AREA_ERROR, "env.py's \"%.60s\" failed: %.200s", st->env.session[bad], strbuf_str(&sb));
		strbuf_release(&sb);
		db_close(st->db);
		st->db = NULL;
		return false;
	}
	vtable_init(&st->vt, st->db, &st->env);
	logf_(AREA_INFO, "connected to %s", st->url.masked);
	tui_step_refresh();
	return true;
}

/* The plan from the current revisions to the target: an upgrade when
 * Alembic would take the target as one, else a downgrade. */
static bool step_plan(struct arena *a, struct plan *out, struct strbuf *err)
{
	struct tui_step *st = T.step;
	const struct revgraph *g = T.p->graph;
	if (plan_online(g, a, PLAN_UPGRADE, st->heads, st->n_heads, st->target, out, err))
		return true;
	struct strbuf e2 = STRBUF_INIT;
	bool ok = plan_online(g, a, PLAN_DOWNGRADE, st->heads, st->n_heads, st->target, out, &e2);
	if (ok)
		strbuf_reset(err);
	strbuf_release(&e2);
	return ok;
}

static const char *step_word(const struct plan_step *s)
{
	return s->dir == PLAN_UPGRADE ? "upgrade" : s->dir == PLAN_DOWNGRADE ? "downgrade" : "stamp";
}

static void step_open(struct view *v)
{
	view_reset(v);
	snprintf(v->title, sizeof(v->title), "step: %s", T.step && T.step->db ? T.step->url.masked : "not connected");
	if (!T.step) {
		T.step = xcalloc(1, sizeof(*T.step));
		arena_init(&T.step->arena);
		snprintf(T.step->target, sizeof(T.step->target), "heads");
		/* the title is set again once connected */
		if (step_connect())
			snprintf(v->title, sizeof(v->title), "step: %s", T.step->url.masked);
	}
	struct tui_step *st = T.step;
	if (!st->db) {
		view_add(v, AREA_WARNING, "not connected: S again to retry (the URL comes from $CUPEL_DATABASE_URL, else "
					  "sqlalchemy.url, else is asked for)");
	} else {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < st->n_heads; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", st->heads[i]);
		view_add(v, AREA_HEADER, "Database  %s", st->url.masked);
		view_add(v, AREA_HEAD, "Current   %s", !st->read_ok ? "unknown" : st->n_heads ? strbuf_str(&sb) : "(empty: base)");
		view_add(v, AREA_DEFAULT, "Target    %s   (t changes it: heads, head, +1, -1, base, a revision)", st->target);
		strbuf_release(&sb);
		struct plan plan;
		struct strbuf err = STRBUF_INIT;
		if (!st->read_ok) {
		} else if (!step_plan(&v->arena, &plan, &err)) {
			view_add(v, AREA_ERROR, "Plan      %s", strbuf_str(&err));
		} else if (!plan.n) {
			view_add(v, AREA_INFO, "Plan      nothing to do: the database is at the target");
		} else {
			view_add(v, AREA_DEFAULT, "Plan      %zu step%s (a applies the first; its SQL and locks are shown first)",
				 plan.n, plan.n == 1 ? "" : "s");
			for (size_t i = 0; i < plan.n; i++) {
				const struct plan_step *s = &plan.steps[i];
				const char *doc = "";
				if (s->rev != PLAN_NO_REV && T.p->graph->revs[s->rev].script &&
				    T.p->graph->revs[s->rev].script->doc)
					doc = T.p->graph->revs[s->rev].script->doc;
				struct strbuf l = STRBUF_INIT;
				strbuf_addf(&l, "  %zu. %s %s -> %s  ", i + 1, step_word(s), s->from_text, s->to_text);
				text_escape_controls(&l, doc, strcspn(doc, "\n"), false);
				view_add_raw(v, i ? AREA_DEFAULT : AREA_HEAD, l.buf, l.len, 0, false);
				strbuf_release(&l);
			}
		}
		strbuf_release(&err);
	}
	if (st->n_log) {
		view_add(v, AREA_DEFAULT, "%s", "");
		view_add(v, AREA_HEADER, "%s", "Log");
	}
	for (size_t i = 0; i < st->n_log; i++) {
		struct strbuf l = STRBUF_INIT;
		strbuf_adds(&l, "  ");
		text_escape_controls(&l, st->log[i], strlen(st->log[i]), false);
		view_add_raw(v, st->log_area[i], l.buf, l.len, 0, false);
		strbuf_release(&l);
	}
	if (v->cur >= v->n_lines)
		v->cur = v->n_lines ? v->n_lines - 1 : 0;
}

/* ---- applying one step ---- */

struct collect {
	struct arena *a;
	const char **v;
	size_t n, cap;
	struct db *db;  /* SQLite: batch tables reflected for the preview */
};

static void collect(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op)
{
	struct collect *c = ctx;
	if (kind != SQLRENDER_STATEMENT && kind != SQLRENDER_NOT_RENDERED && kind != SQLRENDER_NEEDS_TABLE)
		return;
	if (kind == SQLRENDER_NEEDS_TABLE && c->db && c->db->dialect == DIALECT_SQLITE) {
		/* the table as it is now (the runner reflects it again when the
		 * batch runs, after the step's earlier statements) */
		struct strbuf err = STRBUF_INIT;
		const struct op *t;
		bool ok = reflect_sqlite_table(c->db, c->a, op->table, &t, &err);
		strbuf_release(&err);
		if (ok) {
			struct sqlrender_stats rs = { 0, 0 };
			collect(c, SQLRENDER_STATEMENT,
				arena_printf(c->a, "-- batch \"move and copy\" of %s, from the live table:", op->table),
				op);
			sqlrender_batch_reflected(op, t, DIALECT_SQLITE, collect, c, &rs);
			return;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		c->v = arena_grow(c->a, c->v, c->n, cap, sizeof(*c->v));
		c->cap = cap;
	}
	if (kind == SQLRENDER_NEEDS_TABLE)
		/* the runner reflects the table when the batch runs; the table
		 * is dropped after the copy, so the step counts as destructive */
		c->v[c->n++] = arena_printf(c->a,
					    "-- batch \"move and copy\" of %s from the live table when it runs:\n"
					    "-- CREATE TABLE _alembic_tmp_%s, INSERT ... SELECT, DROP TABLE %s, RENAME, indexes",
					    op->table, op->table, op->table);
	else
		c->v[c->n++] = kind == SQLRENDER_STATEMENT ? arena_strdup(c->a, text)
							   : arena_printf(c->a, "-- not rendered: %s", text ? text : "an opaque step");
}

/* What the step destroys, or NULL: a table or a column dropped, a table
 * truncated, in the statements it runs. */
static const char *destructive(struct arena *a, const struct collect *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const char *s = c->v[i];
		if (strcasestr(s, "DROP TABLE") || strcasestr(s, "DROP COLUMN") || strcasestr(s, "TRUNCATE"))
			return arena_printf(a, "%.*s", (int)strcspn(s, "\n"), s);
	}
	return NULL;
}

static void on_event(void *ctx, const struct runner_event *ev)
{
	(void)ctx;
	if (ev->kind == RUNNER_STATEMENT) {
		logf_(AREA_DEFAULT, "%8.1f ms  %.*s", ev->ms, (int)strcspn(ev->sql ? ev->sql : "", "\n"),
		      ev->sql ? ev->sql : "");
	} else if (ev->kind == RUNNER_STEP_DONE) {
		logf_(AREA_HEAD, "%s %s -> %s committed in %.1f ms", step_word(ev->step), ev->step->from_text,
		      ev->step->to_text, ev->ms);
	} else {
		logf_(AREA_INFO, "%s %s -> %s ...", step_word(ev->step), ev->step->from_text, ev->step->to_text);
	}
	/* live progress: the view shows the log as it grows */
	struct view *v = tui_top();
	if (v && v->ops == &view_step_ops) {
		v->ops->open(v);
		v->cur = v->n_lines ? v->n_lines - 1 : 0;
	}
	tui_redraw();
}

static void step_apply(struct view *v)
{
	struct tui_step *st = T.step;
	if (!st || !st->db) {
		tui_message(AREA_WARNING, "not connected");
		return;
	}
	struct arena a;
	arena_init(&a);
	struct strbuf err = STRBUF_INIT;
	if (!runner_lock(&st->vt, &a, 5, &err)) {
		tui_message(AREA_ERROR, "%.300s", strbuf_str(&err));
		goto out;
	}
	tui_step_refresh();
	struct plan plan;
	if (!st->read_ok || !step_plan(&a, &plan, &err) || !plan.n) {
		tui_message(AREA_INFO, "%s", err.len ? strbuf_str(&err) : "nothing to do: the database is at the target");
		runner_unlock(&st->vt, &a);
		goto out;
	}
	const struct plan_step *s = &plan.steps[0];
	/* the dialog: the step's SQL for this database, and its locks */
	struct collect c = { &a, NULL, 0, 0, st->db };
	struct op_list ops = { NULL, 0 };
	struct diag_list diags;
	diag_list_init(&diags, &a);
	if (s->rev != PLAN_NO_REV && sqlgen_step_ops(T.p, &a, &diags, s, st->url.dialect, false, &ops)) {
		struct sqlrender_stats rs = { 0, 0 };
		sqlrender_items(ops.v, ops.n, st->url.dialect, collect, &c, &rs);
	}
	tui_push(&view_text_ops, 0);
	struct view *dv = tui_top();
	snprintf(dv->title, sizeof(dv->title), "%s %s -> %s", step_word(s), s->from_text, s->to_text);
	view_add(dv, AREA_HEADER, "%s", "SQL");
	for (size_t i = 0; i < c.n; i++)
		for (const char *l = c.v[i]; *l;) {
			size_t n = strcspn(l, "\n");
			view_add_raw(dv, AREA_DEFAULT, l, n, 0, true);
			l += n + (l[n] == '\n');
		}
	if (!c.n)
		view_add(dv, AREA_INFO, "%s", "(no statement: only the version table changes)");
	if (st->url.dialect == DIALECT_POSTGRESQL && ops.n) {
		struct lockplan lp;
		lockplan_build(&a, ops.v, ops.n, NULL, &lp);
		view_add(dv, AREA_DEFAULT, "%s", "");
		view_add(dv, AREA_HEADER, "%s", "Locks (held until the step commits)");
		for (size_t h = 0; h < lp.n_holds; h++) {
			const struct lockplan_hold *x = &lp.holds[h];
			view_add(dv, x->new_table ? AREA_INFO : tui_lock_area(x->mode), "  %-20s %-22s blocks %s%s", x->table,
				 lock_mode_name(x->mode), x->new_table ? "no one (created here)" : lock_mode_blocks(x->mode),
				 x->rewrite ? "; rewrites it" : "");
		}
		if (!lp.n_holds)
			view_add(dv, AREA_INFO, "%s", "  none on existing tables");
	}
	const char *kill = destructive(&a, &c);
	bool yes;
	if (kill) {
		const char *name = st->url.database ? st->url.database : st->url.path ? st->url.path : "";
		const char *b = strrchr(name, '/');
		name = b ? b + 1 : name;
		view_add(dv, AREA_DEFAULT, "%s", "");
		view_add(dv, AREA_ERROR, "This step destroys data: %s", kill);
		char lead[300], typed[200];
		snprintf(lead, sizeof(lead), "destructive: type %.200s to apply it (Esc cancels): ", name);
		/* the prompt draws its line only: the dialog must be on screen */
		tui_redraw();
		yes = tui_prompt(lead, typed, sizeof(typed)) && !strcmp(typed, name);
	} else {
		char q[300];
		snprintf(q, sizeof(q), "apply %s %.100s -> %.100s? y applies, any other key cancels", step_word(s),
			 s->from_text, s->to_text);
		yes = tui_ask(AREA_WARNING, q) == 'y';
	}
	tui_pop();
	if (!yes) {
		runner_unlock(&st->vt, &a);
		tui_message(AREA_INFO, "cancelled: nothing applied");
		goto out;
	}
	struct plan one = plan;
	one.n = 1;
	struct runner_opts ro;
	memset(&ro, 0, sizeof(ro));
	ro.lock_wait = 5;
	ro.event = on_event;
	size_t done = 0;
	struct runner_failure f;
	memset(&f, 0, sizeof(f));
	bool ok = runner_run(T.p, &st->vt, &one, &ro, &a, &done, &f);
	runner_unlock(&st->vt, &a);
	if (!ok) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s %s -> %s failed", step_word(s), s->from_text, s->to_text);
		if (f.line)
			strbuf_addf(&sb, " (line %u)", f.line);
		strbuf_adds(&sb, ": ");
		if (f.message)
			strbuf_adds(&sb, f.message);
		if (f.has_err) {
			/* a message of cupel's own ends in ": " when the server's
			 * words complete it */
			size_t ml = f.message ? strlen(f.message) : 0;
			if (ml && f.message[ml - 1] != ' ')
				strbuf_adds(&sb, ": ");
			db_error_format(&sb, st->db, &f.err);
		}
		logf_(AREA_ERROR, "%s", strbuf_str(&sb));
		if (f.statement)
			logf_(AREA_ERROR, "statement: %.*s", (int)strcspn(f.statement, "\n"), f.statement);
		logf_(AREA_INFO, "%s", "rolled back: the version table is where it was");
		tui_message(AREA_ERROR, "%.300s", strbuf_str(&sb));
		strbuf_release(&sb);
	} else {
		tui_message(AREA_INFO, "%s %s -> %s done", step_word(s), s->from_text, s->to_text);
	}
	tui_step_refresh();
out:
	strbuf_release(&err);
	arena_free(&a);
	v->ops->open(v);
}

static bool step_action(struct view *v, enum action a)
{
	switch (a) {
	case ACT_STEP_APPLY:
		step_apply(v);
		return true;
	case ACT_STEP_TARGET: {
		if (!T.step)
			return true;
		char buf[128];
		if (tui_prompt("target (heads, head, +1, -1, base, a revision): ", buf, sizeof(buf)) && buf[0]) {
			snprintf(T.step->target, sizeof(T.step->target), "%s", buf);
			v->ops->open(v);
		}
		return true;
	}
	case ACT_VIEW_STEP:
		/* S again: read the version table again (another tool may have
		 * moved it), or connect when the first try failed */
		if (T.step && T.step->db)
			tui_step_refresh();
		else if (T.step && step_connect())
			snprintf(v->title, sizeof(v->title), "step: %s", T.step->url.masked);
		v->ops->open(v);
		return true;
	default:
		return false;
	}
}

const struct view_ops view_step_ops = { "step", step_open, view_draw_text, step_action, view_match_text,
					view_source_line_text, NULL };
