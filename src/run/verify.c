/* verify.c - round trips, step by step, with catalog snapshots. */
#include <stdlib.h>
#include <string.h>

#include "cupel/sampledata.h"
#include "cupel/sqlquote.h"
#include "cupel/snapshot.h"
#include "cupel/text.h"
#include "cupel/verify.h"

/* The step that undoes an upgrade step: its version-table changes
 * inverted, in reverse order. */
static struct plan_step inverse(struct arena *a, const struct plan_step *up)
{
	struct plan_step d = *up;
	d.dir = PLAN_DOWNGRADE;
	d.from_text = up->to_text;
	d.to_text = up->from_text;
	d.create_version_table = false;
	d.vt = arena_alloc(a, (up->n_vt + 1) * sizeof(*d.vt));
	for (size_t i = 0; i < up->n_vt; i++) {
		const struct vt_change *c = &up->vt[up->n_vt - 1 - i];
		struct vt_change *r = &d.vt[i];
		switch (c->kind) {
		case VT_INSERT:
			r->kind = VT_DELETE;
			r->from = c->to;
			break;
		case VT_DELETE:
			r->kind = VT_INSERT;
			r->to = c->from;
			break;
		case VT_UPDATE:
			r->kind = VT_UPDATE;
			r->from = c->to;
			r->to = c->from;
			break;
		}
	}
	return d;
}

static bool one(struct project *p, struct vtable *vt, const struct plan_step *st, struct arena *a,
		struct runner_failure *f)
{
	struct plan pl;
	memset(&pl, 0, sizeof(pl));
	pl.dir = st->dir;
	pl.steps = (struct plan_step *)st;
	pl.n = 1;
	struct runner_opts o;
	memset(&o, 0, sizeof(o));
	o.pipeline = false;
	size_t done;
	return runner_run(p, vt, &pl, &o, a, &done, f);
}

/* The catalog as text; false (f says why) when it cannot be read: a
 * partial snapshot on both sides would compare equal. */
static bool snap(struct vtable *vt, struct arena *a, struct strbuf *sb, struct runner_failure *f)
{
	struct db_error e;
	strbuf_reset(sb);
	if (snapshot_take(vt->db, a, vt->table, sb, &e))
		return true;
	memset(f, 0, sizeof(*f));
	f->message = "the catalog could not be read: ";
	f->err = e;
	f->has_err = true;
	return false;
}

/* The row counts; a count that cannot be read leaves c empty (nothing
 * is then reported lost). */
static void counts(struct vtable *vt, struct arena *a, struct sample_counts *c)
{
	struct db_error e;
	(void)sampledata_count(vt->db, a, vt->table, c, &e);
}

/* Empty the scratch SQLite file: its views, then its tables. */
static bool empty_sqlite(struct vtable *vt, struct arena *a)
{
	struct db_rows rows;
	struct db_error e;
	if (!db_query(vt->db, a,
		      "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') "
		      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table'",
		      NULL, 0, &rows, &e))
		return false;
	for (size_t i = 0; i < rows.n_rows; i++) {
		struct strbuf sql = STRBUF_INIT;
		strbuf_addf(&sql, "DROP %s IF EXISTS ", strcmp(rows.cells[2 * i], "view") ? "TABLE" : "VIEW");
		sqlquote_ident(&sql, rows.cells[2 * i + 1], DIALECT_SQLITE);
		bool ok = db_exec(vt->db, a, strbuf_str(&sql), &e);
		strbuf_release(&sql);
		if (!ok)
			return false;
	}
	return true;
}

/* Empty the scratch PostgreSQL database cupel created: every schema of
 * its own dropped with what is in it (tables, types, sequences, functions,
 * extensions), and public made again as a new database has it. What lives
 * outside the database (roles) stays: an upgrade that makes one again then
 * fails, and verification stops there. */
static bool empty_pg(struct vtable *vt, struct arena *a)
{
	struct db_rows rows;
	struct db_error e;
	if (!db_query(vt->db, a,
		      "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
		      "AND nspname <> 'information_schema' ORDER BY nspname",
		      NULL, 0, &rows, &e))
		return false;
	struct strbuf sql = STRBUF_INIT;
	strbuf_adds(&sql, "BEGIN;");
	for (size_t i = 0; i < rows.n_rows; i++) {
		strbuf_adds(&sql, " DROP SCHEMA ");
		sqlquote_ident(&sql, rows.cells[i], DIALECT_POSTGRESQL);
		strbuf_adds(&sql, " CASCADE;");
	}
	strbuf_adds(&sql, " CREATE SCHEMA public; GRANT USAGE, CREATE ON SCHEMA public TO PUBLIC; COMMIT");
	bool ok = db_exec(vt->db, a, strbuf_str(&sql), &e);
	strbuf_release(&sql);
	if (!ok)
		(void)db_exec(vt->db, a, "ROLLBACK", &e);
	return ok;
}

/* After an upgrade that fails again (its downgrade did not undo it), the
 * database is at neither revision. The scratch database is emptied and
 * upgraded straight through plan's first n steps, so that the migrations
 * after it are verified too; false (verification stops) when that fails. */
static bool rebuild(struct project *p, struct vtable *vt, const struct plan *plan, size_t n, struct arena *a)
{
	if (!(vt->db->dialect == DIALECT_SQLITE ? empty_sqlite(vt, a) : empty_pg(vt, a)))
		return false;
	struct plan pl = *plan;
	pl.n = n;
	struct runner_opts o;
	memset(&o, 0, sizeof(o));
	size_t done;
	struct runner_failure f;
	return runner_run(p, vt, &pl, &o, a, &done, &f);
}

void verify_run(struct project *p, struct vtable *vt, const struct plan *plan, bool data, struct arena *a,
		struct verify_result *out)
{
	out->steps = arena_alloc(a, (plan->n + 1) * sizeof(*out->steps));
	out->n = 0;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	for (size_t i = 0; i < plan->n; i++) {
		const struct plan_step *st = &plan->steps[i];
		struct verify_step *v = &out->steps[out->n++];
		memset(v, 0, sizeof(*v));
		v->step = st;
		struct sample_counts c0 = { NULL, 0 }, c1 = { NULL, 0 }, c2 = { NULL, 0 };
		if (data) {
			struct strbuf notes = STRBUF_INIT;
			v->rows_inserted = sampledata_insert(vt->db, a, vt->table, (unsigned)i + 1, &notes);
			v->data_notes = notes.len ? arena_strdup(a, strbuf_str(&notes)) : NULL;
			strbuf_release(&notes);
			counts(vt, a, &c0);
		}
		if (!snap(vt, a, &before, &v->fail)) {
			v->outcome = VERIFY_SNAP_FAILED;
			v->has_fail = true;
			break;
		}
		if (!one(p, vt, st, a, &v->fail)) {
			v->outcome = VERIFY_UP_FAILED;
			v->has_fail = true;
			break;
		}
		if (data) {
			struct strbuf lost = STRBUF_INIT;
			counts(vt, a, &c1);
			if (!sampledata_compare(&c0, &c1, &lost))
				v->lost_in_upgrade = arena_strdup(a, strbuf_str(&lost));
			strbuf_release(&lost);
		}
		struct plan_step down = inverse(a, st);
		if (!one(p, vt, &down, a, &v->fail)) {
			/* rolled back: the database is where the upgrade left it */
			v->outcome = VERIFY_DOWN_FAILED;
			v->has_fail = true;
			continue;
		}
		if (!snap(vt, a, &after, &v->fail)) {
			v->outcome = VERIFY_SNAP_FAILED;
			v->has_fail = true;
			break;
		}
		if (strcmp(strbuf_str(&before), strbuf_str(&after)) != 0) {
			v->outcome = VERIFY_DIFFERS;
			struct strbuf d = STRBUF_INIT;
			text_line_diff(&d, strbuf_str(&before), strbuf_str(&after));
			v->diff = arena_strdup(a, strbuf_str(&d));
			strbuf_release(&d);
		}
		if (!one(p, vt, st, a, &v->fail)) {
			v->outcome = VERIFY_REUP_FAILED;
			v->has_fail = true;
			v->rebuilt = rebuild(p, vt, plan, i + 1, a);
			if (!v->rebuilt)
				break;
			continue;
		}
		if (data) {
			struct strbuf lost = STRBUF_INIT;
			counts(vt, a, &c2);
			if (!sampledata_compare(&c1, &c2, &lost))
				v->lost_in_round_trip = arena_strdup(a, strbuf_str(&lost));
			strbuf_release(&lost);
		}
	}
	strbuf_release(&before);
	strbuf_release(&after);
}
