/* reflect.h - a live SQLite table as SQLAlchemy 1.4's reflection sees it
 * (what Alembic's batch "move and copy" starts from online): columns from
 * PRAGMA table_xinfo with their declared types resolved as SQLAlchemy
 * resolves them, server defaults verbatim, the primary key, foreign keys
 * (PRAGMA foreign_key_list; names and ON DELETE/UPDATE, DEFERRABLE read
 * from the CREATE TABLE text), UNIQUE and CHECK constraints read from the
 * CREATE TABLE text, indexes (PRAGMA index_list/index_info, a partial
 * index's WHERE; expression indexes are skipped, as SQLAlchemy does),
 * and the parentheses Alembic's batch listener puts around a default it
 * takes for an SQL expression. */
#ifndef CUPEL_REFLECT_H
#define CUPEL_REFLECT_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/db.h"
#include "cupel/ops.h"
#include "cupel/strbuf.h"

/* The table as a CREATE_TABLE operation allocated in a (constraints at
 * table level, unnamed CHECKs included: Alembic decides what to keep).
 * false with a message in err: no such table, a column cupel cannot
 * reflect, or the database's error. */
bool reflect_sqlite_table(struct db *db, struct arena *a, const char *table, const struct op **out,
			  struct strbuf *err);

#endif
