/* db_sqlite.c - SQLite through sqlite3. Each exec may hold several
 * statements (sqlite3_prepare's tail), as an op.execute() string may. */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

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

/* util.asbool of SQLAlchemy's coerce_kw_type: 1 true, 0 false, -1 neither. */
static int lite_asbool(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "y", "t", "1" };
	static const char *const no[] = { "false", "no", "off", "n", "f", "0" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(v, yes[i]))
			return 1;
		if (!strcasecmp(v, no[i]))
			return 0;
	}
	return -1;
}

/* The parameters pysqlite takes itself; the others go into a URI. */
static bool lite_driver_param(const char *key)
{
	static const char *const k[] = { "uri", "timeout", "isolation_level", "detect_types", "check_same_thread",
					 "cached_statements" };
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (!strcmp(key, k[i]))
			return true;
	return false;
}

/* What pysqlite opens: with uri=true the database part and the URL's other
 * parameters, sorted by key, as an SQLite URI; else a plain file name
 * (one that starts with "file:" is kept from being read as a URI). Returns
 * -1 (err set) when uri= is not a boolean, else whether it is a URI. */
static int lite_filename(const struct dburl *u, struct strbuf *file, struct strbuf *err)
{
	int uri = 0;
	for (size_t i = 0; i < u->n_params; i++)
		if (!strcmp(u->params[i].key, "uri") && (uri = lite_asbool(u->params[i].value)) < 0) {
			strbuf_addf(err, "could not open %s: uri=%s is not a boolean", u->masked, u->params[i].value);
			return -1;
		}
	if (!uri) {
		const char *f = u->memory ? ":memory:" : u->path;
		strbuf_addf(file, "%s%s", strncmp(f, "file:", 5) ? "" : "./", f);
		return 0;
	}
	strbuf_adds(file, u->path ? u->path : ":memory:");
	bool *done = calloc(u->n_params + 1, sizeof(*done));
	for (size_t k = 0, sep = 0; k < u->n_params && done; k++) {
		size_t best = u->n_params;
		for (size_t i = 0; i < u->n_params; i++)
			if (!done[i] && !lite_driver_param(u->params[i].key) &&
			    (best == u->n_params || strcmp(u->params[i].key, u->params[best].key) < 0))
				best = i;
		if (best == u->n_params)
			break;
		done[best] = true;
		strbuf_addf(file, "%c%s=%s", sep++ ? '&' : '?', u->params[best].key, u->params[best].value);
	}
	free(done);
	return 1;
}

bool db_sqlite_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err)
{
	sqlite3 *h = NULL;
	struct strbuf file = STRBUF_INIT;
	int uri = lite_filename(u, &file, err);
	if (uri < 0) {
		strbuf_release(&file);
		return false;
	}
	/* like pysqlite: create the file if missing, but not its directory */
	int rc = sqlite3_open_v2(strbuf_str(&file), &h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | (uri ? SQLITE_OPEN_URI : 0), NULL);
	strbuf_release(&file);
	if (rc != SQLITE_OK) {
		strbuf_addf(err, "could not open %s: %s", u->masked, h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return false;
	}
	/* wait for another writer this long instead of failing at once:
	 * the URL's timeout= (seconds) as pysqlite takes it, else ours */
	double wait = connect_timeout > 0 ? connect_timeout : 5;
	for (size_t i = 0; i < u->n_params; i++) {
		if (strcmp(u->params[i].key, "timeout") != 0)
			continue;
		char *end = NULL;
		double t = strtod(u->params[i].value, &end);
		if (end == u->params[i].value || *end || !(t >= 0) || t > 86400) {
			strbuf_addf(err, "could not open %s: timeout=%s is not a number of seconds", u->masked,
				    u->params[i].value);
			sqlite3_close(h);
			return false;
		}
		wait = t;
	}
	sqlite3_busy_timeout(h, (int)(wait * 1000));
	struct litedb *l = xcalloc(1, sizeof(*l));
	l->db.ops = &lite_ops;
	l->db.dialect = DIALECT_SQLITE;
	l->db.url = u;
	l->db.impl = l;
	l->h = h;
	*out = &l->db;
	return true;
}

size_t db_sqlite_parameters(const char *sql)
{
	size_t n = 0;
	for (const char *p = sql; *p; p++) {
		char close = *p == '\'' ? '\'' : *p == '"' ? '"' : *p == '`' ? '`' : *p == '[' ? ']' : 0;
		if (close) {
			const char *q = strchr(p + 1, close);
			if (!q)
				break;
			p = q;
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
			if (!*p)
				break;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *q = strstr(p + 2, "*/");
			if (!q)
				break;
			p = q + 1;
		} else if (*p == '?' ||
			   ((*p == ':' || *p == '@' || *p == '$') && (isalnum((unsigned char)p[1]) || p[1] == '_'))) {
			n++;
			while (isalnum((unsigned char)p[1]) || p[1] == '_')
				p++;
		}
	}
	return n;
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
