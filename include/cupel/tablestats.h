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

/* The CHECK constraints of a table, read-only: name, the column of a
 * plain "col IS NOT NULL" one (else NULL), whether it is validated. */
struct tablestats_check {
	const char *name, *not_null_col;
	bool valid;
};
bool tablestats_checks(struct db *db, struct arena *a, const char *schema, const char *name,
		       struct tablestats_check **out, size_t *n, struct db_error *err);

/* A view around a relation, read from the live catalog: the views built
 * on it (at any depth) and, when it is a view, it and the views it reads
 * in turn; one row per view and relation its query reads, with the
 * columns it uses of that relation. */
struct tablestats_view {
	const char *schema, *name;        /* the view (schema NULL: the current one) */
	bool materialized;
	const char *read_schema, *read_name;
	const char **cols;
	size_t n_cols;
};
bool tablestats_views(struct db *db, struct arena *a, const char *schema, const char *name,
		      struct tablestats_view **out, size_t *n, struct db_error *err);

/* An inheritance or partition link read from the live catalog. */
struct tablestats_link {
	const char *schema, *table;                 /* the child (schema NULL: the current one) */
	const char *parent_schema, *parent_table;
	bool partition;                             /* a partition of a partitioned table */
	bool is_default;                            /* its DEFAULT partition */
	bool child_partitioned, parent_partitioned; /* PARTITION BY */
};

/* The links of a table: those of every table below it (children,
 * partitions, theirs in turn) and its own to its parents, read-only. */
bool tablestats_links(struct db *db, struct arena *a, const char *schema, const char *name,
		      struct tablestats_link **out, size_t *n, struct db_error *err);

bool tablestats_columns(struct db *db, struct arena *a, const char *schema, const char *name, const char ***names,
			const char ***types, bool **nullable, size_t *n, struct db_error *err);

#endif
