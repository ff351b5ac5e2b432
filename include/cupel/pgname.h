/* pgname.h - the names PostgreSQL gives unnamed constraints. */
#ifndef CUPEL_PGNAME_H
#define CUPEL_PGNAME_H

#include <stdbool.h>

#include "cupel/schema.h"

/* The unnamed constraint of t that PostgreSQL named name, or NULL; type
 * is Alembic's drop_constraint type_ ("primary", "foreignkey", "unique",
 * "check") to consider only that kind, or NULL for any. */
const struct schema_constraint *pgname_constraint(const struct schema_table *t, const char *name, const char *type);

/* The name PostgreSQL gives the unnamed primary key, unique or foreign
 * key k of t when it is made: <table>[_<cols>]_<label>, a number after
 * the label while taken(name, arg) says the name is in use; NULL for
 * the other kinds (their columns are not always known). */
struct arena;
const char *pgname_choose(struct arena *a, const struct schema_table *t, const struct schema_constraint *k,
			  bool (*taken)(const char *name, void *arg), void *arg);

/* Is seq the name PostgreSQL gives the sequence of a serial column col
 * of table (<table>_<col>_seq, a number after it when taken)? */
bool pgname_serial_sequence(const char *seq, const char *table, const char *col);

#endif
