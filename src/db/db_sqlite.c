/* db_sqlite.c - SQLite through sqlite3. Each exec may hold several
 * statements (sqlite3_prepare's tail), as an op.execute() string may. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "cupel/db.h"
#include "cupel/xalloc.h"

struct litedb {
	struct db db;
	sqlite3 *h;
};

static void from_handle(struct litedb *l, struct arena *a, struct db_error *err, const char *sql,
			const char *stmt)
{
	err->message = arena_strdup(a, sqlite3_errmsg(l->h));
	int off = sqlite3_error_offset(l->h);
	if (off >= 0 && stmt)
		err->position = (int)(stmt - sql) + off + 1;
	if (sqlite3_errcode(l->h) == SQLITE_BUSY)
		snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", "BUSY");
}

static bool lite_query(struct db *db, struct arena *a, const char *sql, const char *const *params,
		       size_t n_params, struct db_rows *out, struct db_error *err)
{
	struct litedb *l = (struct litedb *)db;
	const char *cur = sql;
	size_t cap = 0;
	while (cur && *cur) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		if (sqlite3_prepare_v2(l->h, cur, -1, &st, &tail) != SQLITE_OK) {
			from_handle(l, a, err, sql, cur);
			return false;
		}
		if (!st) { /* blanks or a comment */
			cur = tail;
			continue;
		}
		for (size_t i = 0; i < n_params; i++)
			sqlite3_bind_text(st, (int)i + 1, params[i], -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (!out)
				continue;
			size_t nc = (size_t)sqlite3_column_count(st);
			if (out->n_cols == 0)
				out->n_cols = nc;
			if (nc != out->n_cols)
				continue;
			if ((out->n_rows + 1) * nc > cap) {
				size_t ncap = cap ? cap * 2 : 16 * nc;
				while (ncap < (out->n_rows + 1) * nc)
					ncap *= 2;
				out->cells = arena_grow(a, out->cells, cap, ncap, sizeof(*out->cells));
				cap = ncap;
			}
			for (size_t j = 0; j < nc; j++) {
				const unsigned char *v = sqlite3_column_text(st, (int)j);
				out->cells[out->n_rows * nc + j] = v ? arena_strdup(a, (const char *)v) : NULL;
			}
			out->n_rows++;
		}
		if (rc != SQLITE_DONE) {
			from_handle(l, a, err, sql, cur);
			sqlite3_finalize(st);
			return false;
		}
		sqlite3_finalize(st);
		cur = tail;
	}
	return true;
}

static bool lite_exec(struct db *db, struct arena *a, const char *sql, struct db_error *err)
{
	return lite_query(db, a, sql, NULL, 0, NULL, err);
}

static void lite_close(struct db *db)
{
	struct litedb *l = (struct litedb *)db;
	sqlite3_close(l->h);
	free(l);
}

static const struct db_ops lite_ops = { lite_exec, lite_query, lite_close, NULL, NULL };

bool db_sqlite_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err)
{
	sqlite3 *h = NULL;
	const char *file = u->memory ? ":memory:" : u->path;
	/* like pysqlite: create the file if missing, but not its directory */
	int rc = sqlite3_open_v2(file, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		strbuf_addf(err, "could not open %s: %s", u->masked, h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return false;
	}
	/* wait for another writer this long instead of failing at once */
	sqlite3_busy_timeout(h, (connect_timeout > 0 ? connect_timeout : 5) * 1000);
	struct litedb *l = xcalloc(1, sizeof(*l));
	l->db.ops = &lite_ops;
	l->db.dialect = DIALECT_SQLITE;
	l->db.url = u;
	l->db.impl = l;
	l->h = h;
	*out = &l->db;
	return true;
}

bool db_sqlite_one_statement(const char *sql)
{
	/* the end of the first statement: the first ';' that completes one
	 * (sqlite3_complete knows trigger bodies and quoted text) */
	size_t n = strlen(sql);
	char *buf = xmalloc(n + 1);
	size_t end = n;
	for (size_t i = 0; i < n; i++) {
		if (sql[i] != ';')
			continue;
		memcpy(buf, sql, i + 1);
		buf[i + 1] = '\0';
		if (sqlite3_complete(buf)) {
			end = i + 1;
			break;
		}
	}
	free(buf);
	/* what pysqlite allows after it: blanks and comments only */
	for (const char *p = sql + end; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			const char *q = strstr(p + 2, "*/");
			p = q ? q + 2 : p + strlen(p);
		} else {
			return false;
		}
	}
	return true;
}
