/* runner.c - executing migrations online. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cupel/enummemo.h"
#include "cupel/reflect.h"
#include "cupel/runner.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"

/* One item of a rendered body, kept until the step runs. */
struct item {
	enum sqlrender_item kind;
	const char *text;
	unsigned line;
	const struct op *op;  /* SQLRENDER_NEEDS_TABLE: the batch */
};

struct items {
	struct arena *a;
	struct item *v;
	size_t n, cap;
};

static void collect(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op)
{
	struct items *it = ctx;
	if (it->n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 16;
		it->v = arena_grow(it->a, it->v, it->n, cap, sizeof(*it->v));
		it->cap = cap;
	}
	it->v[it->n].kind = kind;
	it->v[it->n].text = arena_strdup(it->a, text);
	it->v[it->n].line = op ? op->line : 0;
	it->v[it->n].op = op;
	it->n++;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A 63-bit key from the version table's name: runners of one table share
 * it, two projects in one database with their own tables do not. */
static long long lock_key(const struct vtable *vt)
{
	unsigned long long h = 1469598103934665603ULL;
	const char *parts[3] = { "cupel:", vt->schema ? vt->schema : "", vt->table };
	for (int i = 0; i < 3; i++)
		for (const char *c = parts[i]; *c; c++) {
			h ^= (unsigned char)*c;
			h *= 1099511628211ULL;
		}
	return (long long)(h >> 1);
}

bool runner_lock(struct vtable *vt, struct arena *a, int wait_seconds, struct strbuf *err)
{
	if (vt->db->dialect != DIALECT_POSTGRESQL)
		return true;
	char key[32];
	snprintf(key, sizeof(key), "%lld", lock_key(vt));
	const char *params[1] = { key };
	double until = now_ms() + (double)wait_seconds * 1e3;
	for (;;) {
		struct db_rows rows;
		struct db_error e;
		if (!db_query(vt->db, a, "SELECT pg_try_advisory_lock($1::bigint)", params, 1, &rows, &e)) {
			strbuf_adds(err, "could not take the runner lock: ");
			db_error_format(err, vt->db, &e);
			return false;
		}
		if (rows.n_rows == 1 && rows.cells[0] && strcmp(rows.cells[0], "t") == 0)
			return true;
		if (now_ms() >= until) {
			strbuf_addf(err,
				    "another migration runner holds the lock of this database's version table "
				    "(waited %d s; advisory lock %s)",
				    wait_seconds, key);
			return false;
		}
		struct timespec ts = { 0, 100 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

void runner_unlock(struct vtable *vt, struct arena *a)
{
	if (vt->db->dialect != DIALECT_POSTGRESQL)
		return;
	char key[32];
	snprintf(key, sizeof(key), "%lld", lock_key(vt));
	const char *params[1] = { key };
	struct db_rows rows;
	struct db_error e;
	(void)db_query(vt->db, a, "SELECT pg_advisory_unlock($1::bigint)", params, 1, &rows, &e);
}

static bool begin(struct vtable *vt, struct arena *a, const struct runner_opts *o, struct db_error *e,
		  const char **failed_sql)
{
	bool pg = vt->db->dialect == DIALECT_POSTGRESQL;
	*failed_sql = pg ? "BEGIN" : "BEGIN IMMEDIATE";
	if (!db_exec(vt->db, a, *failed_sql, e))
		return false;
	if (!pg)
		return true;
	char sql[160];
	if (o->lock_timeout) {
		snprintf(sql, sizeof(sql), "SET LOCAL lock_timeout = '%s'", o->lock_timeout);
		*failed_sql = arena_strdup(a, sql);
		if (!db_exec(vt->db, a, sql, e))
			return false;
	}
	if (o->statement_timeout) {
		snprintf(sql, sizeof(sql), "SET LOCAL statement_timeout = '%s'", o->statement_timeout);
		*failed_sql = arena_strdup(a, sql);
		if (!db_exec(vt->db, a, sql, e))
			return false;
	}
	return true;
}

static void rollback(struct vtable *vt, struct arena *a)
{
	struct db_error e;
	(void)db_exec(vt->db, a, "ROLLBACK", &e);
}

static bool fail_db(struct runner_failure *f, const struct plan_step *step, const char *sql, unsigned line,
		    const struct db_error *e)
{
	f->step = step;
	f->statement = sql;
	f->line = line;
	f->err = *e;
	f->has_err = true;
	return false;
}

/* The items of a step's body, or false (with f set) when it cannot run
 * without Python: a step runs whole or not at all. */
static bool prepare_step(struct project *p, struct vtable *vt, const struct plan_step *step, struct arena *a,
			 struct items *it, struct runner_failure *f, struct diag_list *diags, struct enum_memo *memo)
{
	it->a = a;
	it->v = NULL;
	it->n = it->cap = 0;
	struct op_list ops;
	if (!sqlgen_step_ops(p, a, diags, step, vt->db->dialect, false, &ops)) {
		f->step = step;
		f->message = "the migration script could not be read again";
		return false;
	}
	/* an enum type an earlier step of the run made is not made again */
	enum_memo_apply(memo, &ops, vt->db->dialect);
	struct sqlrender_stats st = { 0, 0 };
	sqlrender_items(ops.v, ops.n, vt->db->dialect, collect, it, &st);
	/* pysqlite runs one statement per execute() */
	for (size_t i = 0; vt->db->dialect == DIALECT_SQLITE && i < it->n; i++)
		if (it->v[i].kind == SQLRENDER_STATEMENT && it->v[i].op && it->v[i].op->kind == OP_EXECUTE &&
		    !db_sqlite_one_statement(it->v[i].text)) {
			f->step = step;
			f->line = it->v[i].line;
			f->message = arena_printf(a, "line %u: execute is refused: You can only execute one statement at "
						     "a time. (Python's sqlite3 module, which Alembic runs it with)",
						  it->v[i].line);
			f->as_alembic = true;
			return false;
		}
	/* connection.execute("...") on SQLite: pysqlite binds no parameters */
	for (size_t i = 0; vt->db->dialect == DIALECT_SQLITE && i < it->n; i++) {
		const struct op *o = it->v[i].op;
		size_t np = it->v[i].kind == SQLRENDER_STATEMENT && o && o->kind == OP_EXECUTE && o->driver_sql
				    ? db_sqlite_parameters(it->v[i].text)
				    : 0;
		if (np) {
			f->step = step;
			f->line = it->v[i].line;
			f->message = arena_printf(a, "line %u: execute is refused: Incorrect number of bindings supplied. "
						     "The current statement uses %zu, and there are 0 supplied. "
						     "(connection.execute of a plain string: Python's sqlite3 module)",
						  it->v[i].line, np);
			f->as_alembic = true;
			return false;
		}
	}
	for (size_t i = 0; i < it->n; i++)
		/* a batch recreate reflects its table when it runs (SQLite only:
		 * PostgreSQL's reflection is not modelled) */
		if (it->v[i].kind == SQLRENDER_NOT_RENDERED ||
		    (it->v[i].kind == SQLRENDER_NEEDS_TABLE && vt->db->dialect != DIALECT_SQLITE)) {
			char msg[600];
			if (it->v[i].kind == SQLRENDER_NEEDS_TABLE)
				snprintf(msg, sizeof(msg),
					 "line %u: batch_alter_table(\"%s\") recreates its table, and cupel reflects "
					 "live tables on SQLite only; pass copy_from, or --alembic",
					 it->v[i].line, it->v[i].op->table);
			else if (it->v[i].op && it->v[i].op->kind != OP_OPAQUE) {
				/* an operation Alembic refuses too, or one cupel does
				 * not model: the reason says which */
				snprintf(msg, sizeof(msg), "line %u: %s is refused: %s", it->v[i].line,
					 op_kind_name(it->v[i].op->kind), it->v[i].text);
				f->as_alembic = it->v[i].kind == SQLRENDER_NOT_RENDERED;
			} else
				snprintf(msg, sizeof(msg), "line %u cannot run without Python: %s", it->v[i].line,
					 it->v[i].text);
			f->step = step;
			f->line = it->v[i].line;
			f->message = arena_strdup(a, msg);
			return false;
		}
	return true;
}

/* Whether a step can go in one round trip: PostgreSQL, no autocommit
 * block (CONCURRENTLY refuses the pipeline's implicit transaction), no
 * string of several statements (the extended protocol takes one). */
static bool can_pipeline(const struct vtable *vt, const struct items *it)
{
	if (vt->db->dialect != DIALECT_POSTGRESQL)
		return false;
	for (size_t i = 0; i < it->n; i++)
		if (it->v[i].kind != SQLRENDER_STATEMENT || strchr(it->v[i].text, ';'))
			return false;
	return true;
}

/* A pipelined step on its way to the server. */
struct sent_step {
	struct db_batch_item *b;
	unsigned *lines;
	size_t n, first_vt, n_begin;
	bool commit;
	struct db_batch_run run;
};

/* BEGIN, the SET LOCALs, the body, the version table: one round trip,
 * sent; finish_step reads it, checks the version table's row counts and
 * only then sends COMMIT (when commit), so that a mismatch rolls the
 * migration back as Alembic's does. */
static void send_step(struct vtable *vt, const struct plan_step *step, const struct items *it,
		      const struct runner_opts *o, struct arena *a, bool in_txn, bool commit, struct sent_step *s)
{
	size_t cap = it->n + step->n_vt + 4, n = 0;
	struct db_batch_item *b = arena_alloc(a, cap * sizeof(*b));
	unsigned *lines = arena_alloc(a, cap * sizeof(*lines));
	/* an arena's memory may be reused: no item without parameters by chance */
	memset(b, 0, cap * sizeof(*b));
	memset(lines, 0, cap * sizeof(*lines));
	s->n_begin = 0;
	if (!in_txn) {
		b[n++].sql = "BEGIN";
		if (o->lock_timeout)
			b[n++].sql = arena_printf(a, "SET LOCAL lock_timeout = '%s'", o->lock_timeout);
		if (o->statement_timeout)
			b[n++].sql = arena_printf(a, "SET LOCAL statement_timeout = '%s'", o->statement_timeout);
		s->n_begin = n;
	}
	for (size_t i = 0; i < it->n; i++) {
		lines[n] = it->v[i].line;
		b[n++].sql = it->v[i].text;
	}
	s->first_vt = n;
	for (size_t i = 0; i < step->n_vt; i++) {
		const char **params = arena_alloc(a, 2 * sizeof(*params));
		vtable_change_sql(vt, a, &step->vt[i], &b[n].sql, params, &b[n].n_params);
		b[n].reuse = true; /* the same text every migration: parsed once */
		b[n++].params = params;
	}
	s->b = b;
	s->lines = lines;
	s->n = n;
	s->commit = commit;
	db_batch_send(vt->db, a, b, n, &s->run);
}

static bool finish_step(struct vtable *vt, const struct plan_step *step, struct sent_step *s, struct arena *a,
			struct runner_failure *f, bool *in_txn)
{
	size_t failed;
	struct db_error e;
	bool ok = db_batch_finish(vt->db, a, &s->run, &failed, &e);
	*in_txn = true; /* until the COMMIT below went through */
	if (!ok) {
		if (failed >= s->first_vt && failed < s->first_vt + step->n_vt)
			return fail_db(f, step, vtable_change_text(vt, a, &step->vt[failed - s->first_vt]), 0, &e);
		return fail_db(f, step, s->b[failed].sql,
			       failed >= s->n_begin && failed < s->first_vt ? s->lines[failed] : 0, &e);
	}
	for (size_t i = s->first_vt; i < s->first_vt + step->n_vt; i++)
		if (!vtable_check_rows(vt, a, &step->vt[i - s->first_vt], s->b[i].rows, &e)) {
			f->message = "the version table did not match the plan";
			return fail_db(f, step, NULL, 0, &e);
		}
	if (s->commit) {
		if (!db_exec(vt->db, a, "COMMIT", &e))
			return fail_db(f, step, "COMMIT", 0, &e);
		*in_txn = false;
	}
	return true;
}

static bool run_statement(struct vtable *vt, const struct plan_step *step, const char *sql, unsigned line,
			  size_t index, size_t total, const struct runner_opts *o, struct arena *a,
			  struct runner_failure *f)
{
	struct db_error e;
	double t0 = now_ms();
	if (!db_exec(vt->db, a, sql, &e))
		return fail_db(f, step, sql, line, &e);
	if (o->event) {
		struct runner_event ev = { RUNNER_STATEMENT, step, index, total, sql, now_ms() - t0 };
		o->event(o->event_ctx, &ev);
	}
	return true;
}

/* A batch's "move and copy" as Alembic runs it online: the table
 * reflected now, inside the migration's transaction (earlier statements
 * of the step may have changed it), then rendered and run. */
static bool run_batch_live(struct vtable *vt, const struct plan_step *step, const struct item *x, size_t index,
			   size_t total, const struct runner_opts *o, struct arena *a, struct runner_failure *f)
{
	const struct op *b = x->op;
	if (b->schema) {
		f->step = step;
		f->line = x->line;
		f->message = arena_printf(a, "batch_alter_table(\"%s\", schema=\"%s\"): cupel reflects tables of the "
					  "main database only", b->table, b->schema);
		return false;
	}
	struct strbuf err = STRBUF_INIT;
	const struct op *table;
	if (!reflect_sqlite_table(vt->db, a, b->table, &table, &err)) {
		f->step = step;
		f->line = x->line;
		f->message = arena_printf(a, "batch_alter_table(\"%s\"): %s", b->table, strbuf_str(&err));
		strbuf_release(&err);
		return false;
	}
	strbuf_release(&err);
	struct items it = { a, NULL, 0, 0 };
	struct sqlrender_stats st = { 0, 0 };
	sqlrender_batch_reflected(b, table, vt->db->dialect, collect, &it, &st);
	for (size_t i = 0; i < it.n; i++)
		if (it.v[i].kind != SQLRENDER_STATEMENT) {
			f->step = step;
			f->line = x->line;
			f->message = arena_printf(a, "batch_alter_table(\"%s\") cannot be recreated: %s", b->table,
						  it.v[i].text);
			return false;
		}
	for (size_t i = 0; i < it.n; i++)
		if (!run_statement(vt, step, it.v[i].text, x->line, index, total, o, a, f)) {
			f->message = arena_printf(a, "batch_alter_table(\"%s\") \"move and copy\": ", b->table);
			return false;
		}
	return true;
}

static void keep(struct runner_failure *f, size_t ran, unsigned first, unsigned last)
{
	f->kept = ran;
	f->kept_from = first;
	f->kept_to = last;
}

/* The body of one step, its version table changes, in the open
 * transaction (autocommit blocks commit it and begin again). */
static bool run_step(struct vtable *vt, const struct plan_step *step, const struct items *it, size_t index,
		     size_t total, const struct runner_opts *o, struct arena *a, struct runner_failure *f,
		     bool *in_txn)
{
	struct db_error e;
	size_t ran = 0; /* statements of the body that went through */
	unsigned first = 0, last = 0;
	for (size_t i = 0; i < it->n; i++) {
		const struct item *x = &it->v[i];
		const char *bsql;
		bool in_block = !*in_txn;
		switch (x->kind) {
		case SQLRENDER_AUTOCOMMIT_BEGIN:
			if (*in_txn && !db_exec(vt->db, a, "COMMIT", &e))
				return fail_db(f, step, "COMMIT", x->line, &e);
			*in_txn = false;
			/* what ran before the block is committed with it (in
			 * --one-transaction, the steps before this one too) */
			keep(f, ran, first, last);
			f->block_reached = true;
			break;
		case SQLRENDER_AUTOCOMMIT_END:
			if (!begin(vt, a, o, &e, &bsql))
				return fail_db(f, step, bsql, x->line, &e);
			*in_txn = true;
			break;
		case SQLRENDER_STATEMENT:
			if (!run_statement(vt, step, x->text, x->line, index, total, o, a, f))
				return false;
			break;
		case SQLRENDER_NEEDS_TABLE:
			if (!run_batch_live(vt, step, x, index, total, o, a, f))
				return false;
			break;
		case SQLRENDER_NOT_RENDERED:
			break;
		}
		if (x->kind == SQLRENDER_STATEMENT || x->kind == SQLRENDER_NEEDS_TABLE) {
			ran++;
			first = first ? first : x->line;
			last = x->line;
			if (in_block) /* autocommit: it stays whatever comes after */
				keep(f, ran, first, last);
		}
	}
	for (size_t i = 0; i < step->n_vt; i++) {
		const char *sql, *params[2];
		size_t np;
		struct db_rows rows;
		vtable_change_sql(vt, a, &step->vt[i], &sql, params, &np);
		if (!db_query(vt->db, a, sql, params, np, &rows, &e))
			return fail_db(f, step, vtable_change_text(vt, a, &step->vt[i]), 0, &e);
		/* a row count that did not match: no statement failed */
		if (!vtable_check_rows(vt, a, &step->vt[i], rows.n_rows, &e))
			return fail_db(f, step, NULL, 0, &e);
	}
	return true;
}

/* Every step's items before the first runs (no hand-off): a step cupel
 * cannot run refuses the whole plan while nothing is committed. NULL
 * (f set, f->up_front) on such a step. A step that fails as it fails in
 * Alembic ends the list instead (*n_ready steps, its failure in *late):
 * the steps before it run, then it fails, as in Alembic. */
static struct items *prepare_all(struct project *p, struct vtable *vt, const struct plan *plan, struct arena *a,
				 struct runner_failure *f, struct enum_memo *memo, size_t *n_ready,
				 struct runner_failure *late)
{
	struct items *all = arena_alloc(a, (plan->n + 1) * sizeof(*all));
	*n_ready = plan->n;
	for (size_t i = 0; i < plan->n; i++)
		if (!prepare_step(p, vt, &plan->steps[i], a, &all[i], late, &p->diags, memo)) {
			if (late->as_alembic) {
				*n_ready = i;
				return all;
			}
			*f = *late;
			f->up_front = true;
			f->index = i;
			return NULL;
		}
	return all;
}

static bool same_heads(const char *const *x, size_t nx, const char *const *y, size_t ny)
{
	if (nx != ny)
		return false;
	for (size_t i = 0; i < nx; i++) {
		size_t j = 0;
		while (j < ny && strcmp(x[i], y[j]) != 0)
			j++;
		if (j == ny)
			return false;
	}
	return true;
}

static void heads_text(struct strbuf *sb, const char *const *h, size_t n)
{
	if (!n)
		strbuf_adds(sb, "no row");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", h[i]);
}

/* In the first transaction (SQLite: it holds the write lock now): false,
 * with f set and the transaction rolled back, when the version table no
 * longer holds the rows the plan was made from. */
static bool heads_unmoved(struct vtable *vt, struct arena *a, const struct runner_opts *o, struct runner_failure *f)
{
	if (!o->planned_heads || vt->db->dialect != DIALECT_SQLITE)
		return true;
	const char **now;
	size_t n_now;
	struct db_error e;
	bool exists = true;
	if (!o->n_planned_heads && (!vtable_exists(vt, a, &exists, &e) || !exists))
		return true; /* no table yet: nobody moved it (or the create says why) */
	if (!vtable_read(vt, a, &now, &n_now, &e)) {
		rollback(vt, a);
		return fail_db(f, NULL, NULL, 0, &e);
	}
	if (same_heads(o->planned_heads, o->n_planned_heads, now, n_now))
		return true;
	rollback(vt, a);
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "the version table changed while cupel waited for the database's write lock "
			 "(another migration runner?): it holds ");
	heads_text(&sb, now, n_now);
	strbuf_adds(&sb, ", the plan was made from ");
	heads_text(&sb, o->planned_heads, o->n_planned_heads);
	strbuf_adds(&sb, "; nothing was run, run the command again");
	f->message = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return false;
}

static bool run_plan(struct project *p, struct vtable *vt, const struct plan *plan, const struct runner_opts *o,
		     struct arena *a, size_t *done, struct runner_failure *f, struct enum_memo *memo)
{
	memset(f, 0, sizeof(*f));
	*done = 0;
	struct items *all = NULL;
	size_t n_ready = plan->n;
	struct runner_failure late;
	memset(&late, 0, sizeof(late));
	if (!o->handoff && !(all = prepare_all(p, vt, plan, a, f, memo, &n_ready, &late)))
		return false;
	struct db_error e;
	const char *bsql;
	bool in_txn = false;
	/* Alembic creates the table (checkfirst) when the database has no
	 * head, before the first step */
	const char **heads;
	size_t n_heads;
	if (!vtable_read(vt, a, &heads, &n_heads, &e))
		return fail_db(f, NULL, NULL, 0, &e);
	bool checked = false; /* heads_unmoved, in the run's first transaction */
	if (n_heads == 0 || o->purge) {
		if (!begin(vt, a, o, &e, &bsql))
			return fail_db(f, NULL, bsql, 0, &e);
		checked = true;
		if (!heads_unmoved(vt, a, o, f))
			return false;
		if (!vtable_create(vt, a, &e) || (o->purge && !vtable_purge(vt, a, &e))) {
			rollback(vt, a);
			return fail_db(f, NULL, NULL, 0, &e);
		}
		if (o->vt_with_first && !o->handoff && plan->n > 0)
			in_txn = true; /* the first step commits it, or rolls it back */
		else if (!db_exec(vt->db, a, "COMMIT", &e))
			return fail_db(f, NULL, "COMMIT", 0, &e);
	}
	size_t committed = 0;
	/* --one-transaction: the last step whose autocommit block committed
	 * the open transaction, and what of it stays */
	const struct plan_step *blk = NULL;
	size_t blk_kept = 0;
	unsigned blk_from = 0, blk_to = 0;
	/* the step after a pipelined one, prepared while the server worked */
	struct items next;
	struct runner_failure next_f;
	struct diag_list next_diags;
	bool have_next = false, next_ok = false;
	for (size_t i = 0; i < plan->n; i++) {
		const struct plan_step *step = &plan->steps[i];
		double t0 = now_ms();
		bool commit = !o->one_transaction || i + 1 == plan->n;
		if (o->event) {
			struct runner_event ev = { RUNNER_STEP_BEGIN, step, i, plan->n, NULL, 0 };
			o->event(o->event_ctx, &ev);
		}
		struct items it;
		bool ok;
		/* what an autocommit block keeps is the current step's own: a
		 * pipelined step (no block) must not carry an earlier one's */
		f->kept = 0;
		f->kept_from = f->kept_to = 0;
		f->block_reached = false;
		if (all) {
			it = all[i];
			ok = i < n_ready;
			if (!ok)
				*f = late;
		} else if (have_next) {
			it = next;
			ok = next_ok;
			if (!ok)
				*f = next_f;
			diag_list_append(&p->diags, &next_diags);
			have_next = false;
		} else {
			ok = prepare_step(p, vt, step, a, &it, f, &p->diags, memo);
		}
		if (!ok && !f->has_err && o->handoff && step->dir == PLAN_UPGRADE && !o->one_transaction && !in_txn) {
			/* not runnable here: the hand-off runs it and keeps the
			 * version table itself */
			struct strbuf herr = STRBUF_INIT;
			if (!o->handoff(o->handoff_ctx, step, &herr)) {
				f->message = arena_printf(a, "%s; handed off, it failed: %s", f->message ? f->message : "",
							  strbuf_str(&herr));
				f->handed_off = true;
				strbuf_release(&herr);
				*done = committed;
				return false;
			}
			strbuf_release(&herr);
			/* alembic exiting 0 is not enough: its env.py may take
			 * another database's URL (DATABASE_URL ...). The step's
			 * revision must be a row of this one now. */
			const char **rows;
			size_t n_rows;
			struct db_error he;
			const char *want = p->graph->revs[step->rev].id;
			if (!vtable_read(vt, a, &rows, &n_rows, &he))
				return fail_db(f, step, NULL, 0, &he);
			bool there = false;
			for (size_t r = 0; r < n_rows && !there; r++)
				there = !strcmp(rows[r], want);
			if (!there) {
				struct strbuf sb = STRBUF_INIT;
				heads_text(&sb, rows, n_rows);
				f->message = arena_printf(a, "%s; handed off, alembic exited 0 but this database's version table "
							  "holds %s, not %s: its env.py connected to another database "
							  "(a URL of its own?)",
							  f->message ? f->message : "", strbuf_str(&sb), want);
				strbuf_release(&sb);
				f->handed_off = true;
				*done = committed;
				return false;
			}
			/* the refusal is settled: a later failure must not carry it */
			memset(f, 0, sizeof(*f));
			committed = i + 1;
			checked = true; /* the hand-off moved the rows itself */
			if (o->event) {
				struct runner_event ev = { RUNNER_STEP_DONE, step, i, plan->n, NULL, now_ms() - t0 };
				o->event(o->event_ctx, &ev);
			}
			continue;
		}
		if (ok && o->pipeline && can_pipeline(vt, &it)) {
			struct sent_step sent;
			send_step(vt, step, &it, o, a, in_txn, commit, &sent);
			/* the next script is read and rendered while the server runs
			 * this one (nothing of it is sent before this one is read) */
			if (!all && i + 1 < plan->n) {
				memset(&next_f, 0, sizeof(next_f));
				diag_list_init(&next_diags, p->diags.arena);
				next_ok = prepare_step(p, vt, &plan->steps[i + 1], a, &next, &next_f, &next_diags, memo);
				have_next = true;
			}
			ok = finish_step(vt, step, &sent, a, f, &in_txn);
		} else if (ok) {
			if (!in_txn) {
				if (!begin(vt, a, o, &e, &bsql))
					return fail_db(f, step, bsql, 0, &e);
				in_txn = true;
				if (!checked && !heads_unmoved(vt, a, o, f))
					return false;
				checked = true;
			}
			ok = run_step(vt, step, &it, i, plan->n, o, a, f, &in_txn);
			/* an autocommit block committed the steps before it too */
			if (f->block_reached) {
				committed = i;
				blk = step;
				blk_kept = f->kept;
				blk_from = f->kept_from;
				blk_to = f->kept_to;
			}
			if (ok && commit) {
				if (in_txn && !db_exec(vt->db, a, "COMMIT", &e)) {
					*done = committed;
					return fail_db(f, step, "COMMIT", 0, &e);
				}
				in_txn = false;
			}
		}
		if (!ok) {
			if (in_txn && !(f->has_err && f->err.connection))
				rollback(vt, a);
			if (!f->block_reached && blk && blk != step) {
				/* the rollback reaches back into an earlier step */
				f->block_step = blk;
				f->block_kept = blk_kept;
				f->block_from = blk_from;
				f->block_to = blk_to;
			}
			*done = committed;
			return false;
		}
		if (commit) {
			committed = i + 1;
			blk = NULL;
		}
		if (o->event) {
			struct runner_event ev = { RUNNER_STEP_DONE, step, i, plan->n, NULL, now_ms() - t0 };
			o->event(o->event_ctx, &ev);
		}
	}
	*done = committed;
	return true;
}

bool runner_run(struct project *p, struct vtable *vt, const struct plan *plan, const struct runner_opts *o,
		struct arena *a, size_t *done, struct runner_failure *f)
{
	/* the enum types of the run, made once as Alembic's DDL runner does */
	struct enum_memo memo;
	enum_memo_init(&memo);
	bool ok = run_plan(p, vt, plan, o, a, done, f, &memo);
	enum_memo_free(&memo);
	return ok;
}
