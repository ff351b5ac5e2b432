/* sampledata.h - sample rows for cupel verify --data: one row more in
 * every user table of a live database (parents before the tables that
 * refer to them, values made from each column's type, NOT NULL foreign
 * keys pointing at an existing parent row), and the row count of every
 * table, so that a migration or a round trip that loses rows is seen. */
#ifndef CUPEL_SAMPLEDATA_H
#define CUPEL_SAMPLEDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/db.h"
#include "cupel/strbuf.h"

struct sample_count {
	const char *table;      /* schema.table on PostgreSQL, table on SQLite */
	long long rows;
};

struct sample_counts {
	struct sample_count *v;
	size_t n;
};

/* Insert one row into every user table but the version table, each in its
 * own statement (a table whose insert fails is skipped, with its reason
 * in notes). round makes the values of this call differ from the others'
 * (unique columns). Returns the number of rows inserted. */
size_t sampledata_insert(struct db *db, struct arena *a, const char *version_table, unsigned round,
			 struct strbuf *notes);
/* The row count of every user table but the version table. */
bool sampledata_count(struct db *db, struct arena *a, const char *version_table, struct sample_counts *out,
		      struct db_error *err);
/* The tables of before still in after with fewer rows: "table: N -> M"
 * lines in out; true when there is none. */
bool sampledata_compare(const struct sample_counts *before, const struct sample_counts *after, struct strbuf *out);

#endif
