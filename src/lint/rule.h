/* rule.h - what a rule file includes: one rule per file, named as its id. */
#ifndef CUPEL_LINT_RULE_H
#define CUPEL_LINT_RULE_H

#include <string.h>

#include "cupel/lint.h"
#include "cupel/lockplan.h"
#include "cupel/pgq.h"

/* A copy that lives until the revision's rules are done, like the parse
 * trees the helpers below hand out. */
const char *lint_strdup(struct lint_ctx *c, const char *s);

/* A value a rule keeps for the revisions after this one (upgrade order),
 * and the newest kept under key by the same rule, or NULL. */
void lint_keep(struct lint_ctx *c, const char *key, const char *value);
const char *lint_kept(struct lint_ctx *c, const char *key);
/* The first table a statement locks in mode min or stronger that existed
 * before the unit (lint_table_existed), or NULL. */
const struct lock_rel *lint_locks_existing(struct lint_ctx *c, const struct lockplan_stmt *st, enum lock_mode min);
/* The project's env.py (read once for the run), or NULL for lint --sql. */
const struct envpy_config *lint_envpy(struct lint_ctx *c);

/* The running revision's PostgreSQL lock plan (built once per revision,
 * shared by the rules on the rendered SQL). */
const struct lockplan *lint_lockplan(struct lint_ctx *c);

/* Call fn for every statement of the rendered PostgreSQL SQL that
 * libpg_query parses (each parsed once per revision, for all the rules):
 * i indexes lp->stmts, node is the statement's tree. */
typedef void (*lint_sql_fn)(struct lint_ctx *c, const struct lockplan *lp, size_t i, const char *kind, cJSON *node,
			    void *arg);
void lint_each_sql(struct lint_ctx *c, lint_sql_fn fn, void *arg);

/* Does statement i of the lock plan come from op.execute (or a plain SQL
 * file), SQL the rules on Alembic operations do not see? */
bool lint_stmt_raw(struct lint_ctx *c, size_t i);
/* ... the operation at this line of the script is op.execute */
bool lint_line_raw(struct lint_ctx *c, unsigned line);

/* One subcommand of an ALTER TABLE of the rendered SQL. */
struct lint_alter {
	const char *schema, *table;
	const struct lockplan_stmt *stmt;
	size_t i;                /* index of stmt in the lock plan */
	const char *subtype;     /* "AT_AddConstraint", "AT_AddColumn" ... */
	cJSON *cmd;             /* the AlterTableCmd */
	cJSON *def;             /* its definition (Constraint, ColumnDef), or NULL */
};
typedef void (*lint_alter_fn)(struct lint_ctx *c, const struct lint_alter *a, void *arg);
void lint_each_alter_cmd(struct lint_ctx *c, lint_alter_fn fn, void *arg);
/* The constraints a sub-command adds: ADD CONSTRAINT's own, or those
 * inline in ADD COLUMN's definition. lint_alter_constraint gives the
 * Constraint node of the i-th (NULL for an element that is not one). */
size_t lint_alter_n_constraints(const struct lint_alter *a);
cJSON *lint_alter_constraint(const struct lint_alter *a, size_t i);

/* A setting (lock_timeout, statement_timeout) as the statements set it:
 * SET for the rest of the session, SET LOCAL for one transaction. In a
 * plain SQL file (lint --sql) a session SET holds for the statements of
 * the transactions after it too. */
struct lint_setting {
	const char *name;
	bool session;           /* a timeout set for the session */
	bool local;             /* a SET LOCAL in transaction local_txn ... */
	bool local_on;          /* ... that set a timeout (not 0 or DEFAULT) */
	size_t local_txn;
};
void lint_setting_init(struct lint_ctx *c, struct lint_setting *s, const char *name);
/* Is statement i's node (kind) a SET or RESET of it? Then it is noted. A
 * value of 0 (any unit), DEFAULT, RESET and RESET ALL turn the timeout
 * off: 0 disables it, and the server's default is normally 0. A value
 * PostgreSQL refuses changes nothing (the statement fails). */
bool lint_setting_stmt(struct lint_ctx *c, struct lint_setting *s, const struct lockplan *lp, size_t i,
		       const char *kind, cJSON *node);
/* Is it set for statement i? */
bool lint_setting_on(const struct lint_setting *s, const struct lockplan *lp, size_t i);

/* A rule that only looks at single revisions. */
#define LINT_NO_GRAPH(cname)                                 \
	void lint_rule_##cname##_graph(struct lint_ctx *c);  \
	void lint_rule_##cname##_graph(struct lint_ctx *c)   \
	{                                                    \
		(void)c;                                     \
	}

#define LINT_RULE(cname)                               \
	void lint_rule_##cname(struct lint_ctx *c);     \
	void lint_rule_##cname(struct lint_ctx *c)

/* The line of a column in the script: its sa.Column(...) of the
 * create_table at op_line, else op_line. */
unsigned lint_column_line(struct lint_ctx *c, unsigned op_line, const char *column);

/* Every column the rendered PostgreSQL SQL creates (CREATE TABLE, ALTER
 * TABLE ADD COLUMN), with its type's last name as PostgreSQL's parser
 * gives it ("int4", "serial", "varchar" ...). */
struct lint_column {
	const char *table, *name;
	const char *type;
	bool primary_key;
	size_t n_pk;             /* columns of the table's primary key (0: none known) */
	cJSON *def;             /* the ColumnDef (typmods, constraints) */
	unsigned line;
};
typedef void (*lint_column_fn)(struct lint_ctx *c, const struct lint_column *col, void *arg);
void lint_each_new_column(struct lint_ctx *c, lint_column_fn fn, void *arg);

#endif
