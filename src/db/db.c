/* db.c - dispatch to the backend of a URL, and error text. */
#include <string.h>

#include "cupel/db.h"

bool db_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err)
{
	*out = NULL;
	if (u->dialect == DIALECT_POSTGRESQL)
		return db_pg_connect(u, connect_timeout, out, err);
	return db_sqlite_connect(u, connect_timeout, out, err);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

bool db_exec(struct db *db, struct arena *a, const char *sql, struct db_error *err)
{
	memset(err, 0, sizeof(*err));
	return db->ops->exec(db, a, sql, err);
}

bool db_query(struct db *db, struct arena *a, const char *sql, const char *const *params, size_t n_params,
	      struct db_rows *out, struct db_error *err)
{
	memset(err, 0, sizeof(*err));
	if (out)
		memset(out, 0, sizeof(*out));
	return db->ops->query(db, a, sql, params, n_params, out, err);
}

void db_batch_send(struct db *db, struct arena *a, struct db_batch_item *items, size_t n, struct db_batch_run *run)
{
	memset(run, 0, sizeof(*run));
	run->items = items;
	run->n = n;
	for (size_t i = 0; i < n; i++)
		items[i].rows = 0;
	if (db->ops->batch_send)
		db->ops->batch_send(db, a, run);
}

bool db_batch_finish(struct db *db, struct arena *a, struct db_batch_run *run, size_t *failed,
		     struct db_error *err)
{
	memset(err, 0, sizeof(*err));
	*failed = run->n;
	if (db->ops->batch_send)
		return db->ops->batch_finish(db, a, run, failed, err);
	for (size_t i = 0; i < run->n; i++) {
		struct db_rows rows;
		if (!db_query(db, a, run->items[i].sql, run->items[i].params, run->items[i].n_params, &rows, err)) {
			*failed = i;
			return false;
		}
		run->items[i].rows = rows.n_rows;
	}
	return true;
}

void db_error_format(struct strbuf *out, const struct db *db, const struct db_error *e)
{
	const struct dburl *u = db ? db->url : NULL;
	dburl_mask_in(out, u, e->message ? e->message : "unknown error");
	if (e->sqlstate[0])
		strbuf_addf(out, " (SQLSTATE %s)", e->sqlstate);
	if (e->detail) {
		strbuf_adds(out, "\nDETAIL:  ");
		dburl_mask_in(out, u, e->detail);
	}
	if (e->hint) {
		strbuf_adds(out, "\nHINT:  ");
		dburl_mask_in(out, u, e->hint);
	}
}

bool db_exec_each(struct db *db, struct arena *a, const char *const *sql, size_t n, size_t *failed,
		  struct db_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (!db_exec(db, a, sql[i], err)) {
			*failed = i;
			return false;
		}
	return true;
}
