/* db_pg.c - PostgreSQL through libpq. Connection parameters come from the
 * URL; what it leaves out, libpq takes from PG* variables and ~/.pgpass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "cupel/db.h"
#include "cupel/xalloc.h"

struct pgdb {
	struct db db;
	PGconn *conn;
};

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s && *s ? arena_strdup(a, s) : NULL;
}

/* A trimmed copy: libpq's messages end with a newline. */
static const char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	return arena_strndup(a, s, n);
}

static void from_result(struct pgdb *p, struct arena *a, PGresult *r, struct db_error *err)
{
	const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	err->message = m ? arena_strdup(a, m) : trimmed(a, PQerrorMessage(p->conn));
	if (r) {
		err->detail = dup_or_null(a, PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL));
		err->hint = dup_or_null(a, PQresultErrorField(r, PG_DIAG_MESSAGE_HINT));
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (st)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", st);
		const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
		if (pos)
			err->position = atoi(pos);
	}
	if (PQstatus(p->conn) == CONNECTION_BAD) {
		err->connection = true;
		if (!err->message || !*err->message)
			err->message = "the connection to the server was lost";
	}
}

static bool pg_query(struct db *db, struct arena *a, const char *sql, const char *const *params, size_t n_params,
		     struct db_rows *out, struct db_error *err)
{
	struct pgdb *p = (struct pgdb *)db;
	PGresult *r = n_params || out ? PQexecParams(p->conn, sql, (int)n_params, NULL, params, NULL, NULL, 0)
				      : PQexec(p->conn, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
	if (!ok) {
		from_result(p, a, r, err);
	} else if (out && st == PGRES_TUPLES_OK) {
		out->n_rows = (size_t)PQntuples(r);
		out->n_cols = (size_t)PQnfields(r);
		out->cells = arena_alloc(a, (out->n_rows * out->n_cols + 1) * sizeof(*out->cells));
		for (size_t i = 0; i < out->n_rows; i++)
			for (size_t j = 0; j < out->n_cols; j++)
				out->cells[i * out->n_cols + j] =
					PQgetisnull(r, (int)i, (int)j) ? NULL
								       : arena_strdup(a, PQgetvalue(r, (int)i, (int)j));
	}
	PQclear(r);
	return ok;
}

static bool pg_exec(struct db *db, struct arena *a, const char *sql, struct db_error *err)
{
	return pg_query(db, a, sql, NULL, 0, NULL, err);
}

static void pg_close(struct db *db)
{
	struct pgdb *p = (struct pgdb *)db;
	PQfinish(p->conn);
	free(p);
}

/* Every item sent before any result is read: one round trip. After a
 * failure the server skips the rest up to the sync point. */
static bool pg_batch(struct db *db, struct arena *a, struct db_batch_item *items, size_t n, size_t *failed,
		     struct db_error *err)
{
	struct pgdb *p = (struct pgdb *)db;
	*failed = n;
	if (!PQenterPipelineMode(p->conn)) {
		from_result(p, a, NULL, err);
		*failed = 0;
		return false;
	}
	size_t sent = 0;
	for (; sent < n; sent++)
		if (!PQsendQueryParams(p->conn, items[sent].sql, (int)items[sent].n_params, NULL, items[sent].params,
				       NULL, NULL, 0))
			break;
	bool ok = sent == n;
	if (!ok) {
		from_result(p, a, NULL, err);
		*failed = sent;
	}
	PQpipelineSync(p->conn);
	/* each query: its result(s) then NULL; at the end the sync result */
	for (size_t i = 0; i < sent; i++) {
		PGresult *r;
		while ((r = PQgetResult(p->conn)) != NULL) {
			ExecStatusType st = PQresultStatus(r);
			if (st == PGRES_TUPLES_OK) {
				items[i].rows = (size_t)PQntuples(r);
			} else if (st == PGRES_FATAL_ERROR && ok) {
				from_result(p, a, r, err);
				*failed = i;
				ok = false;
			} else if (st != PGRES_COMMAND_OK && st != PGRES_PIPELINE_ABORTED && st != PGRES_EMPTY_QUERY &&
				   ok) {
				from_result(p, a, r, err);
				*failed = i;
				ok = false;
			}
			PQclear(r);
		}
		if (PQstatus(p->conn) == CONNECTION_BAD)
			break;
	}
	/* the sync point */
	PGresult *r;
	while ((r = PQgetResult(p->conn)) != NULL) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		PQclear(r);
		if (sync)
			break;
	}
	if (PQstatus(p->conn) == CONNECTION_BAD && ok) {
		from_result(p, a, NULL, err);
		*failed = 0;
		ok = false;
	} else if (PQstatus(p->conn) == CONNECTION_BAD) {
		err->connection = true;
	}
	PQexitPipelineMode(p->conn);
	return ok;
}

static const struct db_ops pg_ops = { pg_exec, pg_query, pg_close, pg_batch };

/* Notices (e.g. "table does not exist, skipping") are not errors: quiet. */
static void pg_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

bool db_pg_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err)
{
	const char *keys[64], *vals[64];
	size_t n = 0;
	char tmo[16];
#define KV(k, v)                        \
	do {                            \
		const char *v_ = (v);   \
		if (v_ && n < 62) {     \
			keys[n] = (k);  \
			vals[n] = v_;   \
			n++;            \
		}                       \
	} while (0)
	KV("host", u->host);
	KV("port", u->port);
	KV("user", u->user);
	KV("password", u->password);
	KV("dbname", u->database);
	if (connect_timeout > 0) {
		snprintf(tmo, sizeof(tmo), "%d", connect_timeout);
		KV("connect_timeout", tmo);
	}
	/* query parameters are libpq keywords (host=/socket/dir, sslmode ...) */
	for (size_t i = 0; i < u->n_params; i++)
		KV(u->params[i].key, u->params[i].value);
	KV("application_name", "cupel");
#undef KV
	keys[n] = NULL;
	vals[n] = NULL;
	PGconn *c = PQconnectdbParams(keys, vals, 0);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		strbuf_addf(err, "could not connect to %s: ", u->masked);
		const char *m = c ? PQerrorMessage(c) : "out of memory";
		size_t len = strlen(m);
		while (len && (m[len - 1] == '\n' || m[len - 1] == ' '))
			len--;
		struct strbuf raw = STRBUF_INIT;
		strbuf_add(&raw, m, len);
		dburl_mask_in(err, u, strbuf_str(&raw));
		strbuf_release(&raw);
		PQfinish(c);
		return false;
	}
	PQsetNoticeProcessor(c, pg_notice, NULL);
	struct pgdb *p = xcalloc(1, sizeof(*p));
	p->db.ops = &pg_ops;
	p->db.dialect = DIALECT_POSTGRESQL;
	p->db.url = u;
	p->db.impl = p;
	p->conn = c;
	*out = &p->db;
	return true;
}
