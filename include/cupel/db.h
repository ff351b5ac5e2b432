/* db.h - one interface over the databases cupel migrates: PostgreSQL
 * (libpq) and SQLite (sqlite3). Results and errors are copied into the
 * caller's arena at once; nothing of the libraries outlives a call. */
#ifndef CUPEL_DB_H
#define CUPEL_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/dburl.h"
#include "cupel/dialect.h"
#include "cupel/strbuf.h"

/* A server's error, PostgreSQL's model: primary message, detail, hint,
 * SQLSTATE and the 1-based character position in the statement. */
struct db_error {
	const char *message, *detail, *hint;
	char sqlstate[6];
	int position;      /* 0: none */
	bool connection;   /* the connection is gone: nothing more will run */
};

struct db_rows {
	size_t n_rows, n_cols;
	const char **cells; /* row-major; NULL is SQL NULL */
};

struct db;

/* One statement of a batch: its text, text parameters, and after the run
 * the number of rows it returned. reuse: the same text comes back in
 * later batches (the version table's change), so a backend may keep it
 * parsed on the connection. */
struct db_batch_item {
	const char *sql;
	const char *const *params;
	size_t n_params;
	bool reuse;
	size_t rows;
};

/* A batch on its way (db_batch_send): the server runs it while the caller
 * works on something else; db_batch_finish reads what it did. */
struct db_batch_run {
	struct db_batch_item *items;
	size_t n;
	size_t sent;         /* items sent; < n: err says why */
	struct db_error err;
	void *state;         /* the backend's */
};

struct db_ops {
	bool (*exec)(struct db *db, struct arena *a, const char *sql, struct db_error *err);
	/* parameters are text ($1.. on PostgreSQL, ? on SQLite) */
	bool (*query)(struct db *db, struct arena *a, const char *sql, const char *const *params, size_t n_params,
		      struct db_rows *out, struct db_error *err);
	void (*close)(struct db *db);
	/* Send a batch and read nothing yet (PostgreSQL: every item in one
	 * round trip, libpq's pipeline mode); batch_finish reads the results,
	 * stopping at the first failure. NULL: db_batch_finish runs the items
	 * one by one. */
	void (*batch_send)(struct db *db, struct arena *a, struct db_batch_run *run);
	bool (*batch_finish)(struct db *db, struct arena *a, struct db_batch_run *run, size_t *failed,
			     struct db_error *err);
};

struct db {
	const struct db_ops *ops;
	enum dialect dialect;
	const struct dburl *url;
	void *impl;
};

/* Connect; false with a message in err (password masked). connect_timeout
 * in seconds (0: the library's default). */
bool db_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err);
void db_close(struct db *db);

bool db_exec(struct db *db, struct arena *a, const char *sql, struct db_error *err);
/* Each statement in turn, up to the first failure (its index in *failed). */
bool db_exec_each(struct db *db, struct arena *a, const char *const *sql, size_t n, size_t *failed,
		  struct db_error *err);
bool db_query(struct db *db, struct arena *a, const char *sql, const char *const *params, size_t n_params,
	      struct db_rows *out, struct db_error *err);

/* A batch of single statements (no ";"-joined strings, no statement that
 * refuses to run in a transaction block such as CREATE INDEX CONCURRENTLY:
 * the PostgreSQL pipeline runs them in one implicit transaction unless
 * they BEGIN their own), in two halves so that the caller can prepare its
 * next batch while the server runs this one: nothing else may use the
 * connection between them, and every send needs its finish. Items run in
 * order and stop at the first failure (*failed: its index; n: none). */
void db_batch_send(struct db *db, struct arena *a, struct db_batch_item *items, size_t n, struct db_batch_run *run);
bool db_batch_finish(struct db *db, struct arena *a, struct db_batch_run *run, size_t *failed,
		     struct db_error *err);

/* "message (SQLSTATE xxxxx)\nDETAIL: ...\nHINT: ..." with the password masked. */
void db_error_format(struct strbuf *out, const struct db *db, const struct db_error *e);

/* The backends. */
bool db_pg_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err);
bool db_sqlite_connect(const struct dburl *u, int connect_timeout, struct db **out, struct strbuf *err);
/* Whether sql is one statement as Python's sqlite3 module takes one in
 * execute(): anything but blanks and comments after it is refused there
 * ("You can only execute one statement at a time."). */
bool db_sqlite_one_statement(const char *sql);
/* How many parameters (?, :name, @name, $name outside quotes and
 * comments) SQLite reads in sql: pysqlite fails a statement with any when
 * it is given none (connection.execute of a plain string). */
size_t db_sqlite_parameters(const char *sql);

#endif
