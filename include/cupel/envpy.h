/* envpy.h - what a project's env.py tells context.configure(), read
 * statically: the version table's name and schema, whether it has a
 * primary key, and transaction_per_migration. */
#ifndef CUPEL_ENVPY_H
#define CUPEL_ENVPY_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/diag.h"

struct envpy_config {
	const char *version_table;        /* default "alembic_version" */
	const char *version_table_schema; /* NULL: none */
	bool version_table_pk;            /* default true */
	bool transaction_per_migration;   /* default false */
	int transactional_ddl;            /* -1: the dialect's default, else 0/1 */
	bool found;                       /* env.py was read and configure() seen */
};

/* Read <script_location>/env.py. Keyword arguments of every
 * context.configure(...) call that are constants (or module constants) are
 * taken; anything else is reported as a note and the default kept. */
void envpy_read(struct arena *a, struct diag_list *diags, const char *script_location,
		struct envpy_config *out);

#endif
