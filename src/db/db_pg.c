/* db_pg.c - PostgreSQL through libpq. Connection parameters come from the
 * URL; what it leaves out, libpq takes from PG* variables and ~/.pgpass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/db.h"
#include "cupel/pqlib.h"
#include "cupel/xalloc.h"

/* A statement kept prepared on the connection (db_batch_item.reuse): the
 * version table's change is parsed and planned once per run, not once
 * per migration. */
struct pg_kept {
	char *sql;
	char name[32];
};

#define PG_KEPT_MAX 4

struct pgdb {
	struct db db;
	PGconn *conn;
	struct pqlib pq;
	struct pg_kept kept[PG_KEPT_MAX];
	size_t n_kept;
	unsigned long serial; /* names are never used twice (see forget_kept) */
};

/* Drop what we know of our prepared statements. Their names stay taken
 * on the server if they survived, hence the serial in every name. */
static void forget_kept(struct pgdb *p)
{
	for (size_t i = 0; i < p->n_kept; i++)
		free(p->kept[i].sql);
	p->n_kept = 0;
}

/* Whether sql may drop prepared statements (DEALLOCATE, DISCARD ALL):
 * a plain case-insensitive look at the text, wrong only towards caution. */
static bool may_deallocate(const char *sql)
{
	static const char *const words[2] = { "deallocate", "discard" };
	for (const char *c = sql; *c; c++)
		for (int w = 0; w < 2; w++) {
			size_t k = 0;
			while (words[w][k] && (c[k] | 0x20) == words[w][k])
				k++;
			if (!words[w][k])
				return true;
		}
	return false;
}

static const struct pg_kept *find_kept(const struct pgdb *p, const char *sql)
{
	for (size_t i = 0; i < p->n_kept; i++)
		if (strcmp(p->kept[i].sql, sql) == 0)
			return &p->kept[i];
	return NULL;
}

static void keep(struct pgdb *p, const char *sql, const char *name)
{
	if (p->n_kept == PG_KEPT_MAX || find_kept(p, sql))
		return;
	p->kept[p->n_kept].sql = xstrdup(sql);
	snprintf(p->kept[p->n_kept].name, sizeof(p->kept[p->n_kept].name), "%s", name);
	p->n_kept++;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s && *s ? arena_strdup(a, s) : NULL;
}

/* A trimmed copy: libpq's messages end with a newline. */
/* libpq's message without its final newline, its tab indents as spaces
 * (messages print a tab escaped: "\tThis probably means ..."). */
static const char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	char *r = arena_strndup(a, s, n);
	for (char *c = r; *c; c++)
		if (*c == '\t')
			*c = ' ';
	return r;
}

static void from_result(struct pgdb *p, struct arena *a, PGresult *r, struct db_error *err)
{
	const char *m = r ? p->pq.PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	err->message = m ? arena_strdup(a, m) : trimmed(a, p->pq.PQerrorMessage(p->conn));
	if (r) {
		err->detail = dup_or_null(a, p->pq.PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL));
		err->hint = dup_or_null(a, p->pq.PQresultErrorField(r, PG_DIAG_MESSAGE_HINT));
		const char *st = p->pq.PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (st)
			snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", st);
		const char *pos = p->pq.PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
		if (pos)
			err->position = atoi(pos);
	}
	if (p->pq.PQstatus(p->conn) == CONNECTION_BAD) {
		err->connection = true;
		if (!err->message || !*err->message)
			err->message = "the connection to the server was lost";
	}
}

static bool pg_query(struct db *db, struct arena *a, const char *sql, const char *const *params, size_t n_params,
		     struct db_rows *out, struct db_error *err)
{
	struct pgdb *p = (struct pgdb *)db;
	if (may_deallocate(sql))
		forget_kept(p);
	PGresult *r = n_params || out ? p->pq.PQexecParams(p->conn, sql, (int)n_params, NULL, params, NULL, NULL, 0)
				      : p->pq.PQexec(p->conn, sql);
	ExecStatusType st = r ? p->pq.PQresultStatus(r) : PGRES_FATAL_ERROR;
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
	if (!ok) {
		from_result(p, a, r, err);
	} else if (out && st == PGRES_TUPLES_OK) {
		out->n_rows = (size_t)p->pq.PQntuples(r);
		out->n_cols = (size_t)p->pq.PQnfields(r);
		out->cells = arena_alloc(a, (out->n_rows * out->n_cols + 1) * sizeof(*out->cells));
		for (size_t i = 0; i < out->n_rows; i++)
			for (size_t j = 0; j < out->n_cols; j++)
				out->cells[i * out->n_cols + j] =
					p->pq.PQgetisnull(r, (int)i, (int)j) ? NULL
								       : arena_strdup(a, p->pq.PQgetvalue(r, (int)i, (int)j));
	}
	p->pq.PQclear(r);
	return ok;
}

static bool pg_exec(struct db *db, struct arena *a, const char *sql, struct db_error *err)
{
	return pg_query(db, a, sql, NULL, 0, NULL, err);
}

static void pg_close(struct db *db)
{
	struct pgdb *p = (struct pgdb *)db;
	p->pq.PQfinish(p->conn);
	forget_kept(p);
	free(p);
}

/* Send one item: a kept statement by name; a new reusable one parsed
 * under a fresh name first (*parse_name set); anything else unnamed. */
static bool send_item(struct pgdb *p, const struct db_batch_item *it, char *parse_name, size_t name_size,
		      bool *parse_sent)
{
	*parse_sent = false;
	if (may_deallocate(it->sql))
		forget_kept(p);
	const struct pg_kept *k = it->reuse ? find_kept(p, it->sql) : NULL;
	if (k)
		return p->pq.PQsendQueryPrepared(p->conn, k->name, (int)it->n_params, it->params, NULL, NULL, 0);
	if (!it->reuse || p->n_kept == PG_KEPT_MAX)
		return p->pq.PQsendQueryParams(p->conn, it->sql, (int)it->n_params, NULL, it->params, NULL, NULL, 0);
	snprintf(parse_name, name_size, "cupel_%lu", ++p->serial);
	if (!p->pq.PQsendPrepare(p->conn, parse_name, it->sql, (int)it->n_params, NULL))
		return false;
	*parse_sent = true;
	return p->pq.PQsendQueryPrepared(p->conn, parse_name, (int)it->n_params, it->params, NULL, NULL, 0);
}

/* The results of one command of the pipeline up to its NULL: rows into
 * *rows (when not NULL), the first error into err. Returns whether the
 * command succeeded (false too when the pipeline skipped it). */
static bool read_command(struct pgdb *p, struct arena *a, size_t *rows, bool *ok, struct db_error *err)
{
	bool done = false;
	PGresult *r;
	while ((r = p->pq.PQgetResult(p->conn)) != NULL) {
		ExecStatusType st = p->pq.PQresultStatus(r);
		if (st == PGRES_TUPLES_OK) {
			if (rows)
				*rows = (size_t)p->pq.PQntuples(r);
			done = true;
		} else if (st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY) {
			done = true;
		} else if (st != PGRES_PIPELINE_ABORTED && *ok) {
			from_result(p, a, r, err);
			*ok = false;
		}
		p->pq.PQclear(r);
	}
	return done;
}

/* What pg_batch_send leaves for pg_batch_finish. */
struct pg_run {
	bool piped;        /* in pipeline mode, a sync sent */
	char (*names)[32]; /* per item: the name of the Parse sent ahead of it */
	bool *parsed;
};

/* Every item sent before any result is read: one round trip. After a
 * failure the server skips the rest up to the sync point. */
static void pg_batch_send(struct db *db, struct arena *a, struct db_batch_run *run)
{
	struct pgdb *p = (struct pgdb *)db;
	size_t n = run->n;
	struct pg_run *st = arena_alloc(a, sizeof(*st));
	st->piped = false;
	st->names = arena_alloc(a, (n ? n : 1) * sizeof(*st->names));
	st->parsed = arena_alloc(a, (n ? n : 1) * sizeof(*st->parsed));
	memset(st->parsed, 0, (n ? n : 1) * sizeof(*st->parsed));
	run->state = st;
	if (!p->pq.PQenterPipelineMode(p->conn)) {
		from_result(p, a, NULL, &run->err);
		return;
	}
	st->piped = true;
	for (; run->sent < n; run->sent++)
		if (!send_item(p, &run->items[run->sent], st->names[run->sent], sizeof(st->names[run->sent]),
			       &st->parsed[run->sent]))
			break;
	if (run->sent < n)
		from_result(p, a, NULL, &run->err);
	p->pq.PQpipelineSync(p->conn);
}

static bool pg_batch_finish(struct db *db, struct arena *a, struct db_batch_run *run, size_t *failed,
			    struct db_error *err)
{
	struct pgdb *p = (struct pgdb *)db;
	struct pg_run *st = run->state;
	size_t n = run->n, sent = run->sent;
	bool ok = sent == n;
	if (!ok) {
		*err = run->err;
		*failed = sent;
	}
	if (!st->piped) {
		*err = run->err;
		*failed = 0;
		return false;
	}
	/* each command: its result(s) then NULL; at the end the sync result */
	for (size_t i = 0; i < sent; i++) {
		bool was_ok = ok;
		if (st->parsed[i] && read_command(p, a, NULL, &ok, err))
			keep(p, run->items[i].sql, st->names[i]);
		read_command(p, a, &run->items[i].rows, &ok, err);
		if (was_ok && !ok)
			*failed = i;
		if (p->pq.PQstatus(p->conn) == CONNECTION_BAD)
			break;
	}
	/* a Parse sent for the item whose execution could not be sent */
	if (sent < n && st->parsed[sent] && p->pq.PQstatus(p->conn) != CONNECTION_BAD) {
		bool ignored = true;
		struct db_error e2;
		(void)read_command(p, a, NULL, &ignored, &e2);
	}
	/* the sync point */
	PGresult *r;
	while ((r = p->pq.PQgetResult(p->conn)) != NULL) {
		bool sync = p->pq.PQresultStatus(r) == PGRES_PIPELINE_SYNC;
		p->pq.PQclear(r);
		if (sync)
			break;
	}
	if (p->pq.PQstatus(p->conn) == CONNECTION_BAD && ok) {
		from_result(p, a, NULL, err);
		*failed = 0;
		ok = false;
	} else if (p->pq.PQstatus(p->conn) == CONNECTION_BAD) {
		err->connection = true;
	}
	p->pq.PQexitPipelineMode(p->conn);
	return ok;
}

static const struct db_ops pg_ops = { pg_exec, pg_query, pg_close, pg_batch_send, pg_batch_finish };

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
	struct pqlib pq;
	if (!pqlib_load(&pq, err))
		return false;
	PGconn *c = pq.PQconnectdbParams(keys, vals, 0);
	if (!c || pq.PQstatus(c) != CONNECTION_OK) {
		strbuf_addf(err, "could not connect to %s: ", u->masked);
		const char *m = c ? pq.PQerrorMessage(c) : "out of memory";
		size_t len = strlen(m);
		while (len && (m[len - 1] == '\n' || m[len - 1] == ' '))
			len--;
		struct strbuf raw = STRBUF_INIT;
		/* libpq indents its hint with a tab, which messages print
		 * escaped: indent it with spaces */
		for (size_t k = 0; k < len; k++)
			if (m[k] == '\t')
				strbuf_adds(&raw, "    ");
			else
				strbuf_addc(&raw, m[k]);
		dburl_mask_in(err, u, strbuf_str(&raw));
		strbuf_release(&raw);
		pq.PQfinish(c);
		return false;
	}
	pq.PQsetNoticeProcessor(c, pg_notice, NULL);
	struct pgdb *p = xcalloc(1, sizeof(*p));
	p->db.ops = &pg_ops;
	p->db.dialect = DIALECT_POSTGRESQL;
	p->db.url = u;
	p->db.impl = p;
	p->conn = c;
	p->pq = pq;
	*out = &p->db;
	return true;
}
