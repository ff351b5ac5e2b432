/* enummemo.h - the PostgreSQL enum types a run has created. SQLAlchemy
 * creates the type of an Enum column when its table is created, and
 * Alembic's DDL runner remembers the names for the whole command: a type
 * made by one create_table is not made again by a later one, in the same
 * migration or a later one of the same run. */
#ifndef CUPEL_ENUMMEMO_H
#define CUPEL_ENUMMEMO_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/dialect.h"
#include "cupel/ops.h"
#include "cupel/strbuf.h"
#include "cupel/strmap.h"

struct enum_memo {
	struct arena arena; /* the names */
	struct strmap names;
};

void enum_memo_init(struct enum_memo *m);
void enum_memo_free(struct enum_memo *m);

/* Mark the create_table columns of ops whose enum type is in m, or made by
 * an earlier column of ops (op_column.type_created: no CREATE TYPE), and
 * add the types ops make to m. m NULL: only within ops. Returns whether a
 * type ops makes was in m before. */
bool enum_memo_apply(struct enum_memo *m, struct op_list *ops, enum dialect d);

/* The types ops makes (after enum_memo_apply), each name followed by a NUL. */
void enum_memo_created(const struct op_list *ops, enum dialect d, struct strbuf *names);
/* Whether one of names (as enum_memo_created writes them) is in m. */
bool enum_memo_has_any(const struct enum_memo *m, const char *names, size_t len);
/* Add names (as enum_memo_created writes them) to m. */
void enum_memo_add(struct enum_memo *m, const char *names, size_t len);

#endif
