/* tablestats.h - what a live PostgreSQL knows of a table's size, read in a
 * read-only transaction (never a write): its statistics (reltuples,
 * relpages) and the bytes of the table, its indexes and the whole. */
#ifndef CUPEL_TABLESTATS_H
#define CUPEL_TABLESTATS_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/db.h"

struct table_stats {
	bool found;             /* the table exists in the database */
	double reltuples;       /* estimated rows; < 0: never vacuumed or analysed */
	long long relpages;
	long long table_bytes;  /* the heap and its TOAST */
	long long index_bytes;
	long long total_bytes;
	long long n_indexes;
};

/* The statistics of schema.name (schema NULL: as the search path finds
 * it). False only when the query fails (err says why); a missing table is
 * found = false. */
bool tablestats_read(struct db *db, struct arena *a, const char *schema, const char *name, struct table_stats *out,
		     struct db_error *err);

/* The columns of schema.name as the live catalog has them: names, types
 * spelled as SQLAlchemy's PostgreSQL DDL spells them (VARCHAR(50),
 * INTEGER, TIMESTAMP WITHOUT TIME ZONE ...), nullability; *n 0 when the
 * table is not there. Read-only, like tablestats_read. */
/* A foreign key as the live catalog has it. */
struct tablestats_fk {
	const char *name;
	const char *schema, *table;         /* the referencing table (schema NULL: the current one) */
	const char **cols;
	size_t n_cols;
	const char *ref_schema, *ref_table; /* the referenced one */
	const char **ref_cols;
	size_t n_ref_cols;
	const char *ondelete, *onupdate;    /* "CASCADE" ..., NULL: NO ACTION */
};

/* The foreign keys of a table and those onto it, read-only; none when the
 * table is not there. */
bool tablestats_fks(struct db *db, struct arena *a, const char *schema, const char *name, struct tablestats_fk **out,
		    size_t *n, struct db_error *err);

bool tablestats_columns(struct db *db, struct arena *a, const char *schema, const char *name, const char ***names,
			const char ***types, bool **nullable, size_t *n, struct db_error *err);

#endif
