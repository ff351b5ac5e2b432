/* snapshot.h - a catalog snapshot of a live database as text, for
 * comparing schemas (cupel verify): tables, columns by name (type,
 * nullability, default), constraints, indexes, enum types; the version
 * table left out. Equal texts mean equal schemas, column order aside. */
#ifndef CUPEL_SNAPSHOT_H
#define CUPEL_SNAPSHOT_H

#include <stdbool.h>

#include "cupel/db.h"
#include "cupel/strbuf.h"

bool snapshot_take(struct db *db, struct arena *a, const char *version_table, struct strbuf *out,
		   struct db_error *err);

#endif
