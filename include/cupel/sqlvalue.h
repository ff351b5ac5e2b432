/* sqlvalue.h - a bulk_insert value through its column type's SQLAlchemy
 * 1.4 processor: the literal processor offline (--sql, literal_binds),
 * the bind processor online (pysqlite, psycopg2), which check, convert or
 * refuse it before the database sees it. */
#ifndef CUPEL_SQLVALUE_H
#define CUPEL_SQLVALUE_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/dialect.h"
#include "cupel/ops.h"
#include "cupel/sqltype.h"

/* Processes *v for a column of type t (NULL: sa.column() without a type)
 * on dialect d. Returns NULL when the processor accepts the value, having
 * rewritten *v to what it yields where that changes the SQL (Boolean's
 * 1.0 is True, Integer's ' 7 ' is 7 offline, Numeric's '1.5' is the bare
 * 1.5 offline, JSON's value is its serialised text online ...); else the
 * error SQLAlchemy raises, allocated in a ("Could not render literal value
 * ..." offline, "(builtins.TypeError) Not a boolean value: 'yes'" online). */
const char *sqlvalue_process(struct arena *a, struct op_value *v, const struct sqltype *t, enum dialect d,
			     bool offline);

#endif
