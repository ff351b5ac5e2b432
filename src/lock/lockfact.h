/* lockfact.h - the lock facts of statement forms, in terms of names and
 * flags rather than of a parse tree, so that both routes to a statement's
 * facts share them: libpg_query's tree (lockmodel.c, any SQL) and the
 * renderer's description of what it built (lockform.c, cupel's own
 * statements). Internal to src/lock. */
#ifndef CUPEL_LOCK_LOCKFACT_H
#define CUPEL_LOCK_LOCKFACT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/lockmodel.h"
#include "cupel/schema.h"

/* Append a fact of that kind (a libpg_query node name) to *v. */
struct lock_fact *lockfact_new(struct arena *a, struct lock_fact **v, size_t *n, size_t *cap, const char *kind);
/* Take mode on a relation (the strongest wins when named twice). */
void lockfact_rel(struct arena *a, struct lock_fact *f, const char *schema, const char *name, enum lock_mode m,
		  const char *why);
void lockfact_unknown(struct lock_fact *f, const char *why);
/* Append a caveat to f's note (once). */
void lockfact_note(struct arena *a, struct lock_fact *f, const char *text);

/* f is SET CONSTRAINTS ... IMMEDIATE: the checks its transaction's
 * earlier statements left pending for the keys it names are run there
 * (their ROW SHARE taken), unless an IMMEDIATE between ran them.
 * earlier: the facts before f in the transaction, nearest first; only
 * those from index `from` on are added (all count for what ran). */
void lockfact_run_pending(struct arena *a, struct lock_fact *f, const struct lock_fact *const *earlier, size_t n,
			  size_t from);

/* The schema's live table of that name, or NULL. */
struct schema_table *lockfact_table(const struct schema *s, const char *schema, const char *name);
/* Mode m on the tables the foreign keys of table name reference (only
 * those on column col when col is given). */
void lockfact_fk_parents(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			 const char *name, const char *col, enum lock_mode m, const char *why);
/* Mode m on the tables whose foreign keys reference table name (on its
 * column col when given). */
void lockfact_fk_children(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, const char *col, enum lock_mode m, const char *why);

/* The foreign key checks of a write to table name (of its column col
 * when given): ROW SHARE on the referenced tables, a note for a key
 * INITIALLY DEFERRED (checked at COMMIT). */
void lockfact_fk_checks(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			const char *name, const char *col);
/* The referencing tables of table name as a DELETE (del) or an UPDATE of
 * its column col finds them: ROW EXCLUSIVE where the key's ON DELETE /
 * ON UPDATE action writes them (CASCADE, SET NULL, SET DEFAULT; a
 * cascade followed further), ROW SHARE for the check otherwise. */
void lockfact_fk_children_dml(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			      const char *name, const char *col, bool del, int depth);
/* Does a default calling this function change per row (a rewrite)? */
bool lockfact_volatile_function(const char *name);
/* The same for a call of (schema, name): a function the migrations made
 * is VOLATILE unless declared STABLE or IMMUTABLE, or a LANGUAGE sql one
 * PostgreSQL inlines, whose expression then counts. */
bool lockfact_volatile_call(const struct schema *s, const char *schema, const char *name);
/* Does an expression (a default) call a function whose value changes per
 * row (anywhere in it: COALESCE, CASE, casts, operators)? Such a default
 * rewrites the table; PostgreSQL 11+ stores any other instead. */
struct cJSON;
bool lockfact_volatile_expr(struct cJSON *j, const struct schema *s);

/* Does SET NOT NULL of the column need to read the table? Not when it is
 * NOT NULL already (a primary key's too) or a valid CHECK (col IS NOT
 * NULL) proves it; a table or column the model does not know reads. */
bool lockfact_set_not_null_scans(const struct schema_table *t, const char *col);

/* Mode m on every table inheriting from (schema, name), at any depth:
 * the statements PostgreSQL recurses into an inheritance tree. */
void lockfact_descendants(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, enum lock_mode m, const char *why);
/* The same through partition links only: where PostgreSQL recurses into
 * the partitions of a partitioned table but not into inheritance
 * children (INSERT's routing, CREATE INDEX, ANALYZE, DROP TABLE). */
void lockfact_partitions(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			 const char *name, enum lock_mode m, const char *why);
/* The partitions of (schema, name): how many in *n_parts, and the
 * default one (want_default; NULL: none). */
const struct schema_table *lockfact_partition_of(const struct schema *s, const char *schema, const char *name,
						 bool want_default, size_t *n_parts);
/* (schema, name) partitioned: its partitions get the mode f holds on it
 * (CREATE INDEX, constraints, INSERT, DROP TABLE); an index build
 * (index_build) on one without partitions reads no row. */
void lockfact_partitioned(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			  const char *name, bool index_build);
/* (schema, name) a partition: its partitioned table, ACCESS EXCLUSIVE
 * (DROP TABLE of a partition). */
void lockfact_partition_parent(struct arena *a, struct lock_fact *f, const struct schema *s, const char *schema,
			       const char *name);
/* A new foreign key onto a partitioned table locks its partitions. */
void lockfact_fk_onto_partitions(struct arena *a, struct lock_fact *f, const struct schema *s,
				 const char *ref_schema, const char *ref_table);

/* ALTER TABLE ... ADD COLUMN, from what the column definition holds. */
struct lockfact_coldef {
	bool serial, has_default, volatile_default, not_null, identity, generated;
	bool index_constraint; /* an inline UNIQUE, PRIMARY KEY or CHECK */
	bool foreign_key;      /* an inline REFERENCES */
};
void lockfact_add_column(struct arena *a, struct lock_fact *f, const char *schema, const char *table,
			 const struct lockfact_coldef *cd);

/* ALTER COLUMN ... TYPE: the new type in PostgreSQL's name ("varchar",
 * "numeric", "text", "int4" ...; NULL when not known), its integer type
 * modifiers (LOCKFACT_NOT_INT for one that is not an integer constant),
 * whether it is an array, and whether USING computes the values with
 * something other than the column itself. */
#define LOCKFACT_NOT_INT (-2147483647L - 1)
struct lockfact_newtype {
	const char *name;
	const long *mods;
	size_t n_mods;
	bool array, using_expr;
	const char *collation; /* COLLATE given; NULL: the type's default */
};
void lockfact_alter_type(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *table, const char *column, const struct lockfact_newtype *nt);
/* The constraint of that name on the table, by its name or by the one
 * PostgreSQL gave it when it had none; *t the table (may be NULL). */
const struct schema_constraint *lockfact_constraint(const struct schema *s, const char *schema, const char *table,
						  const char *name, struct schema_table **t);
/* Mode m on the tables whose foreign keys reference key (a primary key
 * or unique constraint of t). */
void lockfact_fk_children_on(struct arena *a, struct lock_fact *f, const struct schema *s, const struct schema_table *t,
			     const struct schema_constraint *key, enum lock_mode m, const char *why);
void lockfact_drop_constraint(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			      const char *table, const char *name, bool cascade);
/* DROP SEQUENCE ... CASCADE: ACCESS EXCLUSIVE on the tables whose column
 * defaults use the sequence (nextval('seq'), or a serial column's own
 * sequence), which lose the default. */
void lockfact_drop_sequence(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			    const char *name);
void lockfact_drop_table(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *name, bool cascade);
/* The table of the index name in schema (NULL: the default schema's
 * first, then any), an index of its own (*ix) or one a primary key,
 * unique or exclusion constraint made (*ix NULL); NULL when not known. */
struct schema_table *lockfact_index_table(const struct schema *s, const char *schema, const char *name,
					  const struct schema_index **ix);
/* DROP INDEX: false (the fact unknown) when the schema does not know the
 * index's table. CASCADE of a unique index drops the foreign keys that
 * use it; an index on a partitioned table, its partitions' copies. */
bool lockfact_drop_index(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			 const char *name, bool concurrently, bool cascade);
void lockfact_create_index(struct arena *a, struct lock_fact *f, const char *schema, const char *table,
			   bool concurrently);
/* The foreign key checks of rows written into table (INSERT). */
void lockfact_insert_checks(struct arena *a, struct lock_fact *f, const struct schema *before, const char *schema,
			    const char *table);
/* What an INSERT's row gives a column. */
enum lockfact_value { LOCKFACT_GIVEN, LOCKFACT_NULL, LOCKFACT_DEFAULT };
/* The rows of an INSERT ... VALUES (or of a bulk_insert row): vals holds
 * n_rows * n_cols values of the columns cols names (cols NULL: the
 * table's columns in order); a column not named gets its default. */
struct lockfact_rows {
	const char *const *cols;
	size_t n_cols;
	const enum lockfact_value *vals;
	size_t n_rows;
};
/* lockfact_insert_checks of these rows: a foreign key that some key
 * column of every row gives NULL (the constant, or a default of none) is
 * not checked by the server (MATCH SIMPLE), and locks nothing. */
void lockfact_insert_rows_checks(struct arena *a, struct lock_fact *f, const struct schema *before,
				 const char *schema, const char *table, const struct lockfact_rows *rows);
/* The caveat of the foreign key checks, when they added relations. */
void lockfact_checks_note(struct lock_fact *f, size_t n_before);

#endif
