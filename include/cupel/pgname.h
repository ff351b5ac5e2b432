/* pgname.h - the names PostgreSQL gives unnamed constraints. */
#ifndef CUPEL_PGNAME_H
#define CUPEL_PGNAME_H

#include "cupel/schema.h"

/* The unnamed constraint of t that PostgreSQL named name, or NULL; type
 * is Alembic's drop_constraint type_ ("primary", "foreignkey", "unique",
 * "check") to consider only that kind, or NULL for any. */
const struct schema_constraint *pgname_constraint(const struct schema_table *t, const char *name, const char *type);

#endif
