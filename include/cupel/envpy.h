/* envpy.h - what a project's env.py tells context.configure(), read
 * statically: the version table's name and schema, whether it has a
 * primary key, transaction_per_migration, a lock_timeout it sets, the
 * naming_convention of its target_metadata. */
#ifndef CUPEL_ENVPY_H
#define CUPEL_ENVPY_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/ini.h"
#include "cupel/naming.h"

/* What target_metadata's naming_convention does to a constraint of one
 * kind created without a name: Alembic builds the objects of op.* on a
 * MetaData with that convention (operations/schemaobj.py), so its
 * template names them, unless it needs %(constraint_name)s: then
 * SQLAlchemy raises "requires that constraint is explicitly named". */
enum envpy_naming {
	ENVPY_NAMING_NONE,       /* no template for the kind (or none seen) */
	ENVPY_NAMING_NAMES,
	ENVPY_NAMING_NEEDS_NAME,
};
enum envpy_naming_kind { ENVPY_NC_UQ, ENVPY_NC_FK, ENVPY_NC_CK, ENVPY_NC_PK, ENVPY_NC_N };

struct envpy_config {
	const char *version_table;        /* default "alembic_version" */
	const char *version_table_schema; /* NULL: none */
	bool version_table_pk;            /* default true */
	bool transaction_per_migration;   /* default false */
	int transactional_ddl;            /* -1: the dialect's default, else 0/1 */
	bool found;                       /* env.py was read and configure() seen */
	/* the online code calls context.begin_transaction() (or a
	 * connection's begin()); without it Alembic runs the migrations of
	 * a transactional-DDL database in no transaction: each statement
	 * commits as it runs */
	bool online_transaction;
	/* the lock_timeout the migrations run with: SET lock_timeout executed
	 * (connection.execute, exec_driver_sql, context.execute) before
	 * context.run_migrations(), SET LOCAL there when the migrations share
	 * one transaction, or "-c lock_timeout=..." in libpq options
	 * (connect_args); NULL when none (or 0) */
	const char *lock_timeout;
	unsigned lock_timeout_line;
	/* per envpy_naming_kind; read from target_metadata=NAME bound to
	 * MetaData(naming_convention=<dict or a module-level dict>) only (a
	 * Base.metadata of the models is not seen: NONE) */
	enum envpy_naming naming[ENVPY_NC_N];
	/* the same convention's templates (SQLAlchemy's default when none) */
	struct naming_convention convention;
	/* session settings env.py gives the connection before the migrations
	 * run (connection.execute(text("SET search_path TO app")), "PRAGMA
	 * foreign_keys=ON" ...), in order: cupel runs them after connecting */
	const char **session;
	size_t n_session;
};

/* Where env.py's dynamic values come from, and which configure() wins. */
struct envpy_source {
	/* true for commands that connect: the configure() call outside the
	 * *offline* functions wins; false: the offline one (cupel renders
	 * offline scripts) */
	bool online;
	/* config.get_main_option("key", default) is read from ini's section */
	const struct ini *ini;
	const char *section;
};

/* Read <script_location>/env.py. Keyword arguments of every
 * context.configure(...) call that are constants (or module constants) are
 * taken; anything else is reported as a note and the default kept. */
void envpy_read(struct arena *a, struct diag_list *diags, const char *script_location,
		struct envpy_config *out);
/* The same with config.get_main_option() read from the ini, and the
 * online or offline configure() preferred (source NULL: as envpy_read). */
void envpy_read_from(struct arena *a, struct diag_list *diags, const char *script_location,
		     const struct envpy_source *source, struct envpy_config *out);

#endif
