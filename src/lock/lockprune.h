/* lockprune.h - which partitions of a partitioned table a statement
 * locks: the planner's pruning (SELECT, UPDATE, DELETE lock only the
 * partitions that may hold rows their WHERE admits) and INSERT's tuple
 * routing (only the partitions the rows go to), from the bounds the
 * schema keeps (struct schema_bound). Internal to src/lock. */
#ifndef CUPEL_LOCKPRUNE_H
#define CUPEL_LOCKPRUNE_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/lockmodel.h"
#include "cupel/schema.h"

/* Pruning: the partitions of t, at every level, that may hold rows the
 * WHERE where admits get mode m (PostgreSQL's plan-time pruning, before
 * it locks them). Columns are t's when qualified by own (its alias or
 * name), or unqualified unless qualified is set (FROM / USING name other
 * tables). False, and nothing added, when t is not partitioned by a list
 * or range of one column whose bounds the schema knows, or the WHERE
 * says nothing of a key. */
struct cJSON;
bool lockprune_where(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
		     struct cJSON *where, const char *sql, const char *own, bool qualified, enum lock_mode m);

/* A row's value of a column: its constant's text (NULL for NULL), int:
 * an integer constant. */
struct lockprune_value {
	const char *col;
	const char *text;
	bool ints;
	bool unknown; /* no constant the model can read */
};

/* Tuple routing of one row of an INSERT into t (vals: the row's columns;
 * a key column left out is NULL unless it has a default): the partition
 * it goes to, and those between, get mode m. False when the route is not
 * known (a bound, a default or a comparison the model cannot read, no
 * partition for the row); what was added stays (the caller adds every
 * partition then). */
bool lockprune_route(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
		     const struct lockprune_value *vals, size_t n, enum lock_mode m);

#endif
