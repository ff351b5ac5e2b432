/* naming.h - target_metadata's naming_convention, applied to the
 * constraints and indexes of a migration's operations as SQLAlchemy 1.4
 * names them: Alembic builds op.*'s objects on a MetaData carrying that
 * convention (operations/schemaobj.py), so an unnamed constraint gets the
 * template's name, and so does a named one when the template uses
 * %(constraint_name)s (op.f() names are kept as written). */
#ifndef CUPEL_NAMING_H
#define CUPEL_NAMING_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/dialect.h"
#include "cupel/ops.h"

enum naming_kind { NAMING_IX, NAMING_UQ, NAMING_CK, NAMING_FK, NAMING_PK, NAMING_N };

struct naming_convention {
	/* the templates by kind ("ix_%(column_0_label)s"), NULL: none; without
	 * a naming_convention SQLAlchemy's default has "ix" only */
	const char *tpl[NAMING_N];
};

/* SQLAlchemy's default: {"ix": "ix_%(column_0_label)s"}. */
void naming_default(struct naming_convention *nc);

/* Name the constraints and indexes of ops (batch bodies left alone: their
 * objects are built without the convention) for dialect d, a convention
 * name longer than the dialect allows cut as SQLAlchemy cuts it (PostgreSQL
 * 63 bytes: the first 55, "_" and the last 4 hex digits of its MD5). An
 * operation SQLAlchemy would refuse (an unnamed constraint under a template
 * with %(constraint_name)s) gets op->refusal. */
void naming_apply(struct arena *a, const struct naming_convention *nc, struct op_list *ops, enum dialect d);

#endif
