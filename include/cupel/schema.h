/* schema.h - the database schema after each revision, from replaying the
 * operations (and op.execute's SQL, parsed with libpg_query) in upgrade
 * order: tables, columns, defaults, indexes, constraints, enum types, and
 * which revision made each. What cannot be replayed marks the table (or
 * the whole schema) uncertain with the reason: never silently wrong. */
#ifndef CUPEL_SCHEMA_H
#define CUPEL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/dialect.h"
#include "cupel/ops.h"
#include "cupel/project.h"
#include "cupel/strbuf.h"
#include "cupel/strmap.h"

struct schema_column {
	const char *name;
	const char *type;        /* the DDL type for the dialect, e.g. VARCHAR(50) */
	bool nullable;
	const char *default_sql; /* NULL: none */
	bool generated;          /* identity, serial or GENERATED ... STORED: a
				  * value when none is given, without a default */
	const char *collation;   /* COLLATE given in SQL; NULL: the type's default */
	const char *comment;
	const char *created_by;  /* revision id */
};

/* A term of a CHECK's AND that compares a column with constants: what
 * proves a partition bound (ATTACH PARTITION reads no row then). op: 'G'
 * >=, '>' >, 'L' <=, '<' <, '=' =, 'I' IN (...), 'N' IS NOT NULL, 'Z' IS
 * NULL (BETWEEN gives a 'G' and an 'L'). Values
 * as text; ints: integer constants (else string literals). */
struct schema_check_term {
	const char *col;
	char op;
	const char **vals;
	size_t n_vals;
	bool ints;
	const char *qual;        /* what qualifies the column (t in t.col), or NULL */
};

enum schema_con_kind { SCON_PRIMARY_KEY, SCON_UNIQUE, SCON_FOREIGN_KEY, SCON_CHECK, SCON_EXCLUDE };

struct schema_constraint {
	enum schema_con_kind kind;
	const char *name;        /* NULL: unnamed (the database names it) */
	const char *pg_name;     /* unnamed on PostgreSQL: the name the server
				  * gave it when it was made (a later rename of
				  * its table or columns does not change it) */
	const char **cols;
	size_t n_cols;
	const char *ref_schema, *ref_table;  /* FOREIGN KEY */
	const char **ref_cols;
	size_t n_ref_cols;
	const char *ondelete, *onupdate;     /* upper case; NULL: NO ACTION */
	const char *sqltext;     /* CHECK; "(expression)" when read from SQL, but
				  * "col IS NOT NULL" for that one form */
	bool not_valid;          /* added NOT VALID (SQL) and not validated since */
	bool deferred;           /* FOREIGN KEY INITIALLY DEFERRED: checked at COMMIT */
	bool deferrable;         /* FOREIGN KEY DEFERRABLE (INITIALLY DEFERRED is) */
	int set_deferred;        /* SET CONSTRAINTS earlier in the migration: 0 not
				  * since it began, 1 IMMEDIATE, 2 DEFERRED */
	bool no_inherit;         /* CHECK ... NO INHERIT (SQL): the children have no copy */
	const char **expr_cols;  /* CHECK read from SQL: the columns its expression
				  * names (NULL: not known) */
	size_t n_expr_cols;
	/* CHECK read from SQL: its comparison terms (one given as text is
	 * read when a partition bound is judged) */
	const struct schema_check_term *terms;
	size_t n_terms;
	const char *created_by;
};

struct schema_index {
	const char *name;
	const char **cols;       /* column names or expressions */
	size_t n_cols;
	bool unique;
	const char *where;
	const char *created_by;
	const char **incl;       /* INCLUDE columns (PostgreSQL) */
	size_t n_incl;
};

/* A table another inherits from (ALTER TABLE ... INHERIT), or the
 * partitioned table of a partition (PARTITION OF, ATTACH PARTITION). */
/* A partition's bound on its partitioned table's one key column
 * (PARTITION OF / ATTACH PARTITION ... FOR VALUES): what tuple routing
 * and plan-time pruning read. kind 'r': FROM lo TO hi (NULL: MINVALUE /
 * MAXVALUE); 'l': IN vals (nulls: NULL is one of them); 'd': DEFAULT; 0:
 * not known (hash, several key columns, a value that is no constant, a
 * link read from a live database). Values as text; ints: integers. */
struct schema_bound {
	char kind;
	const char *lo, *hi;
	const char **vals;
	size_t n_vals;
	bool ints, nulls;
};

struct schema_parent {
	const char *schema, *name;
	bool partition;
	struct schema_bound bound; /* a partition's */
};

/* A trigger made by SQL (CREATE [OR REPLACE] [CONSTRAINT] TRIGGER,
 * src/schema/triggers.c), kept on its table so that it follows renames
 * and goes with a DROP: what fires it and which function it runs decide
 * what a write to the table locks besides the table. */
enum {
	SCHEMA_TRIG_ROW = 1, /* PostgreSQL's tgtype bits, as libpg_query gives them */
	SCHEMA_TRIG_BEFORE = 2,
	SCHEMA_TRIG_INSERT = 4,
	SCHEMA_TRIG_DELETE = 8,
	SCHEMA_TRIG_UPDATE = 16,
	SCHEMA_TRIG_TRUNCATE = 32,
	SCHEMA_TRIG_INSTEAD = 64,
};

struct schema_trigger {
	const char *name;
	const char *func_schema, *func_name;
	int events;              /* SCHEMA_TRIG_INSERT | ... */
	bool row;                /* FOR EACH ROW (else statement) */
	int timing;              /* SCHEMA_TRIG_BEFORE, SCHEMA_TRIG_INSTEAD or 0 (AFTER) */
	const char **cols;       /* UPDATE OF these columns (none: any) */
	size_t n_cols;
	bool has_when;           /* WHEN (...): fires only for the rows it holds for */
	bool deferred;           /* a constraint trigger INITIALLY DEFERRED: runs at COMMIT */
	char enabled;            /* pg_trigger.tgenabled: 'O' fires, 'D' disabled,
				  * 'R' only in replica sessions, 'A' always */
	const char *created_by;
};

/* An extended statistics object on a table (CREATE STATISTICS), by its
 * schema (NULL: the default one) and name: DROP STATISTICS locks its table. */
struct schema_stat {
	const char *schema, *name;
};

struct schema_table {
	const char *schema, *name;
	struct schema_parent *parents;
	size_t n_parents, cap_parents;
	struct schema_column *cols;
	size_t n_cols, cap_cols;
	struct schema_constraint *cons;
	size_t n_cons, cap_cons;
	struct schema_index *idx;
	size_t n_idx, cap_idx;
	struct schema_trigger *trigs;
	size_t n_trigs, cap_trigs;
	struct schema_stat *stats;
	size_t n_stats;
	bool ri_off;             /* DISABLE TRIGGER ALL: its foreign keys' own
				  * triggers too (no key checks, no actions) */
	const char *comment;
	const char *created_by;  /* the revision that created it */
	const char *uncertain;   /* why its definition may be incomplete, or NULL */
	bool partitioned;        /* PARTITION BY */
	char partition_strategy; /* 'r' range, 'l' list, 'h' hash */
	const char *partition_key; /* its one key column (NULL: several, or an expression) */
	bool default_partition;  /* a partition FOR VALUES DEFAULT */
	bool unlogged;           /* CREATE UNLOGGED TABLE, or SET UNLOGGED since */
	const char **rules;      /* the names of its rules (CREATE RULE); the
				  * array is replaced, never changed, so clones share it */
	size_t n_rules;
	bool dropped;
	size_t pos;              /* its index in schema.tables */
};

struct schema_enum {
	const char *schema, *name;
	const char **values;
	size_t n_values, cap_values;
	const char *created_by;
	bool dropped;
};

/* A view or materialized view made by SQL (CREATE [MATERIALIZED] VIEW,
 * src/schema/views.c): the relations its query names and the columns it
 * uses, which decide what a query of it locks (the rewriter expands a
 * view into its query) and what a CASCADE drops with a table or column. */
struct schema_view {
	const char *schema, *name;
	bool materialized;
	struct schema_parent *reads;  /* relations its query names (not WITH names) */
	size_t n_reads;
	const char **cols;            /* the last name of each column reference */
	size_t n_cols;
	bool all_cols;                /* a * in it: every column of its relations */
	const char *created_by;
	bool dropped;
};

/* A function made by SQL (functions.c), by name: its volatility ('v'
 * VOLATILE, the default; 's' STABLE; 'i' IMMUTABLE). */
struct schema_func {
	const char *schema, *name;
	char volatility;
	const char *language;    /* "plpgsql", "sql", "c" ... (NULL: not said) */
	const char *body;        /* its AS text, one string (NULL: otherwise) */
	const char *sql_body;    /* LANGUAGE sql: its body (PostgreSQL inlines a
				  * plain SELECT of one expression, and then that
				  * expression's volatility counts) */
	const char *created_by;
	bool procedure;          /* CREATE PROCEDURE (CALL runs it) */
	bool dropped;
};

/* A domain made by SQL (domains.c): its base type, and whether any
 * constraint holds (a type change to it, or a new column of it, checks
 * every row by rewriting the table). */
struct schema_domain {
	const char *schema, *name;
	const char *base_text;   /* the base type as columns' types are written */
	const char *base_name;   /* its last name as PostgreSQL parses it ("int4"); NULL: not read */
	long mods[4];
	size_t n_mods;
	bool array;
	size_t n_checks;         /* its CHECK constraints */
	bool not_null;
	const char *created_by;
	bool dropped;
};

struct schema {
	struct arena arena;
	enum dialect dialect;
	struct schema_table **tables;
	size_t n_tables, cap_tables;
	struct schema_enum **enums;
	size_t n_enums, cap_enums;
	struct schema_view **views;
	size_t n_views, cap_views;
	struct schema_func **funcs;
	size_t n_funcs, cap_funcs;
	struct schema_domain **domains;
	size_t n_domains, cap_domains;
	/* what could not be replayed and concerns no one table */
	const char **notes;
	size_t n_notes, cap_notes;
	const char *revision;    /* the last revision replayed */
	/* name -> the tables that have (or had) a table, constraint or index
	 * of that name, so that lookups need not walk every table (lists in
	 * name_heads; a stale entry is checked and skipped) */
	struct strmap by_table, by_con, by_idx;
	struct strmap by_ref;    /* referenced table name -> tables with a foreign key onto it */
	struct schema_name_node **name_heads;
	size_t n_heads, cap_heads;
	/* during schema_apply_parsed: the trees it was given */
	const struct schema_parsed *parsed;
	const char *src;         /* the SQL text their locations point into */
	size_t n_parsed;
	/* inheritance links ever made: while 0, the walks over descendants
	 * (every statement on a table) have nothing to find */
	size_t n_inherit;
	/* some constraint's set_deferred is not 0 (reset by the next revision) */
	bool constraints_set;
};

struct schema *schema_new(enum dialect d);
void schema_free(struct schema *s);

/* Apply one revision's upgrade operations. */
void schema_apply(struct schema *s, const struct op *ops, size_t n, const char *rev);
/* One statement parsed already (pgq.h's kind and node), applied as
 * op.execute of its SQL would be (no second parse); rev as above. */
struct cJSON;
void schema_apply_stmt(struct schema *s, const char *kind, struct cJSON *node, unsigned line, const char *rev);
/* The collation a parsed ColumnDef names with COLLATE (NULL: none, or
 * "default"), which ALTER COLUMN TYPE also sets. */
const char *schema_pg_collation(struct cJSON *coldef);
/* schema_apply with the SQL of some op.execute operations already parsed
 * (the lock walk parses each once for its facts and for the schema). */
struct pgq_result;
struct schema_parsed {
	const struct op *op;
	const struct pgq_result *tree;
};
void schema_apply_parsed(struct schema *s, const struct op *ops, size_t n, const char *rev,
			 const struct schema_parsed *parsed, size_t n_parsed);
/* One operation of a batch (or an autocommit block) alone, its table
 * that of the batch (ctx_schema, ctx_table) unless it names its own. */
void schema_apply_in(struct schema *s, const struct op *o, const char *ctx_schema, const char *ctx_table,
		     const char *rev, const struct schema_parsed *parsed, size_t n_parsed);

/* Replay the project from base up to target (a revision specifier, e.g.
 * "heads", an id, label@head); false with Alembic's message in err. */
bool schema_replay(struct project *p, const char *target, enum dialect d, struct schema **out, struct strbuf *err);

/* The schema just before revision rev (graph index) is upgraded, or just
 * after it with `including`: every revision of base:rev replayed in
 * upgrade order. */
bool schema_replay_at(struct project *p, size_t rev, bool including, enum dialect d, struct schema **out,
		      struct strbuf *err);

/* A copy of s to replay more operations into (a downgrade after an
 * upgrade) while s stays as it is. It shares s's strings (never changed
 * once made): free it before s. */
/* The live table of the statistics object [schema.]name, or NULL; *at:
 * its index in the table's stats. */
struct schema_table *schema_stat_table(const struct schema *s, const char *schema, const char *name, size_t *at);

struct schema *schema_clone(const struct schema *s);
/* The same with only the tables of those names, or holding an index or
 * a constraint of one of them (all enum types, no notes): what one
 * revision can touch, at the cost of its size rather than the schema's.
 * A replay that reaches past them notes a name it does not know. */
struct schema *schema_clone_tables(const struct schema *s, const char *const *names, size_t n);

/* A constant of a parse tree (through casts): its text, whether it is an
 * integer. src: the text the tree was parsed from (libpg_query's JSON
 * leaves out integers that are 0 or negative: read there); NULL when not
 * known. False when it is no constant, or its value cannot be read. */
bool schema_pg_const(struct cJSON *e, const char *src, struct arena *a, const char **text, bool *is_int);
/* The comparison terms (col op constant(s), as struct schema_check_term
 * says) of the AND of expression e, a tree parsed from src (NULL: not
 * known); *n of them, made in a. */
const struct schema_check_term *schema_expr_terms(struct arena *a, struct cJSON *e, const char *src, size_t *n);
/* Is e the bare name MINVALUE / MAXVALUE (word) of a range bound? */
bool schema_bound_word(struct cJSON *e, const char *word);
/* a against b (text of constants; ints: integers): -1, 0, 1; 2 when they
 * cannot be compared (strings other than ISO dates of one length, unless
 * equal). */
int schema_const_cmp(const char *a, const char *b, bool ints);
/* Do part's valid CHECKs (and NOT NULL) prove a partition bound: bound
 * ->op 'R' for the range [vals[0], vals[1]), 'I' for the list vals, of
 * the column bound->col? */
bool schema_bound_implied(const struct schema_table *part, const struct schema_check_term *bound);

/* Two schema names alike: NULL, "" and public are the default one. */
bool schema_same_schema(const char *a, const char *b);

/* One difference between two schemas: an object only in a, only in b, or
 * in both and different (what: "type VARCHAR(10), was INTEGER" ...).
 * Tables and enum types by schema and name, columns by name, named
 * constraints and indexes by name, unnamed ones by kind and columns;
 * comments and column order are not compared. */
enum schema_obj { SCHEMA_OBJ_TABLE, SCHEMA_OBJ_COLUMN, SCHEMA_OBJ_CONSTRAINT, SCHEMA_OBJ_INDEX, SCHEMA_OBJ_ENUM };
enum schema_change { SCHEMA_ONLY_A, SCHEMA_ONLY_B, SCHEMA_DIFFERS };
struct schema_diff {
	enum schema_obj obj;
	enum schema_change change;
	const char *schema, *table;  /* table: NULL for enum types */
	const char *name;            /* the table's, column's, constraint's, index's or type's */
	const char *label;           /* how to name it: its name, or "unnamed UNIQUE (a, b)" */
	const char *what;            /* SCHEMA_DIFFERS: b against a */
};
typedef void (*schema_diff_fn)(const struct schema_diff *d, void *arg);
/* Call fn for each difference (strings live until fn returns); the
 * number of differences. */
size_t schema_compare(const struct schema *a, const struct schema *b, schema_diff_fn fn, void *arg);

/* A table the migrations do not create but a live database has (its
 * catalog read by the caller): added as it is there, types as the
 * dialect's DDL spells them, created by "(database)". */
struct schema_table *schema_add_known_table(struct schema *s, const char *schema, const char *name);
void schema_add_known_column(struct schema *s, struct schema_table *t, const char *name, const char *type,
			     bool nullable);
/* A foreign key of t read from the live database (cupel locks --db), kept
 * unless the migrations made one of that name; referenced tables need not
 * be known. ondelete/onupdate: "CASCADE" ..., NULL for NO ACTION. */
void schema_add_known_fk(struct schema *s, struct schema_table *t, const char *name, const char *const *cols,
			 size_t n_cols, const char *ref_schema, const char *ref_table, const char *const *ref_cols,
			 size_t n_ref_cols, const char *ondelete, const char *onupdate);

/* Functions (functions.c): the one of that name (NULL: none, or
 * dropped); one made by a parsed CREATE FUNCTION; one dropped (an
 * ObjectWithArgs of DROP FUNCTION); those of one schema copied into a
 * clone. */
const struct schema_func *schema_func(const struct schema *s, const char *schema, const char *name);
void schema_func_define(struct schema *s, struct cJSON *stmt, const char *rev);
void schema_func_drop(struct schema *s, struct cJSON *objwithargs);
void schema_funcs_copy(struct schema *to, const struct schema *from);

/* Triggers (triggers.c): CREATE TRIGGER, DROP TRIGGER (its DropStmt's
 * object), ALTER TABLE ... ENABLE/DISABLE TRIGGER (sub is the command's
 * subtype, name NULL for ALL/USER), ALTER TRIGGER ... RENAME, and the
 * triggers DROP FUNCTION ... CASCADE takes with it. */
void schema_trigger_define(struct schema *s, struct cJSON *stmt, const char *rev);
void schema_trigger_drop(struct schema *s, struct cJSON *name_list);
bool schema_trigger_switch(struct schema *s, struct schema_table *t, const char *sub, const char *name);
void schema_trigger_rename(struct schema *s, struct schema_table *t, const char *from, const char *to);
void schema_triggers_drop_func(struct schema *s, const char *func_schema, const char *func_name);
/* Does trigger g run function (func_schema, func_name)? */
bool schema_trigger_runs(const struct schema_trigger *g, const char *func_schema, const char *func_name);
/* Does trigger g fire in an ordinary session? */
bool schema_trigger_fires(const struct schema_trigger *g);
/* In words: "BEFORE" / "AFTER" / "INSTEAD OF"; "INSERT OR UPDATE" (into
 * buf); "enabled", "disabled", "replica only", "always". */
const char *schema_trigger_timing(const struct schema_trigger *g);
const char *schema_trigger_events(const struct schema_trigger *g, char *buf, size_t size);
const char *schema_trigger_state(const struct schema_trigger *g);

/* Domains (domains.c): the one of that name (schema NULL: any); the one
 * a column's type text names (case aside); one made by a parsed CREATE
 * DOMAIN (base_text: its base as the schema writes types); ALTER DOMAIN's
 * change of its constraints; one dropped; those of one schema copied
 * into a clone. */
const struct schema_domain *schema_domain(const struct schema *s, const char *schema, const char *name);
const struct schema_domain *schema_domain_of_type(const struct schema *s, const char *type_text);
void schema_domain_define(struct schema *s, struct cJSON *stmt, const char *base_text, const char *rev);
void schema_domain_alter(struct schema *s, struct cJSON *stmt);
void schema_domain_drop(struct schema *s, const char *schema, const char *name);
void schema_domains_copy(struct schema *to, const struct schema *from);

/* Views (views.c). The one of that name (NULL: none, or dropped). */
const struct schema_view *schema_view(const struct schema *s, const char *schema, const char *name);
/* Does v's query name that relation (and, col not NULL, that column)? */
bool schema_view_reads(const struct schema_view *v, const char *schema, const char *name, const char *col);
/* The replay's changes: a view made or replaced from its parsed query; one
 * dropped (false: not known); the views on a relation (or on one of its
 * columns) dropped by a CASCADE, and the views on those; a relation
 * renamed or moved, in the queries that name it; a view renamed or moved
 * (false: not known); the views of one schema copied into a clone. */
void schema_view_define(struct schema *s, const char *schema, const char *name, bool materialized,
			struct cJSON *query, const char *rev);
bool schema_view_drop(struct schema *s, const char *schema, const char *name);
/* A view read from the live database (cupel locks --db): one relation
 * its query reads and the columns it uses of it, added to what is known
 * of it (a view of the migrations is kept as it is). */
void schema_add_known_view(struct schema *s, const char *schema, const char *name, bool materialized,
			   const char *read_schema, const char *read_name, const char *const *cols, size_t n_cols);
void schema_view_drop_dependents(struct schema *s, const char *schema, const char *name, const char *col);
void schema_view_rename_rel(struct schema *s, const char *old_schema, const char *old_name, const char *new_schema,
			    const char *new_name);
bool schema_view_rename(struct schema *s, const char *schema, const char *name, const char *to_schema,
			const char *to);
void schema_views_copy(struct schema *to, const struct schema *from);

/* A CHECK of t read from the live database, by name; its text kept only
 * in the one form the model reads ("col IS NOT NULL", else
 * "(expression)"); not_valid: not validated. */
void schema_add_known_check(struct schema *s, struct schema_table *t, const char *name, const char *not_null_col,
			    bool not_valid);
/* An inheritance or partition link of t read from the live database
 * (cupel locks --db), kept unless t has it already. */
void schema_add_known_parent(struct schema *s, struct schema_table *t, const char *parent_schema,
			     const char *parent_name, bool partition);

/* Lookups (NULL when absent or dropped). schema NULL matches the default
 * schema only. */
struct schema_table *schema_table(const struct schema *s, const char *schema, const char *name);
/* Did the migrations drop (or rename away) the table of that name, none
 * of that name being there now? (A name the model never saw: false.) */
bool schema_table_gone(const struct schema *s, const char *schema, const char *name);
struct schema_column *schema_column(const struct schema_table *t, const char *name);
/* Does a default's text call nextval of the sequence (schema, name)? The
 * literal is read as regclass reads it. */
bool schema_default_uses_sequence(const char *def, const char *schema, const char *name);
/* Is the type one of PostgreSQL's serial pseudo-types (any case)? */
bool schema_serial_type(const char *type);
/* A named constraint or index anywhere; *table set when found. */
struct schema_constraint *schema_constraint(const struct schema *s, const char *name, struct schema_table **table);
/* Is the foreign key's check left to COMMIT at this point of the
 * migration: INITIALLY DEFERRED, or set so by SET CONSTRAINTS (which the
 * replay follows until the next revision begins)? */
bool schema_constraint_deferred(const struct schema_constraint *c);
/* Does text (an index's or a CHECK's expression) name word as an
 * identifier of its own (not inside another)? */
bool schema_text_mentions(const char *text, const char *word);
/* A transaction ends: every key back to how it was made (SET CONSTRAINTS
 * lasts until then; the replay also resets when the next revision starts). */
void schema_constraints_reset(struct schema *s);
struct schema_index *schema_index(const struct schema *s, const char *name, struct schema_table **table);
/* Is text the CHECK condition "col IS NOT NULL" (any case, parentheses,
 * quotes, blanks)? */
bool schema_check_is_not_null(const char *text, const char *col);
/* Does a valid CHECK (col IS NOT NULL) on t prove the column holds no
 * NULL (PostgreSQL 12+ then sets NOT NULL without reading the rows)? */
bool schema_not_null_checked(const struct schema_table *t, const char *col);
/* The same in one schema (NULL: any; "" and public are the default). */
struct schema_index *schema_index_in(const struct schema *s, const char *schema, const char *name,
				     struct schema_table **table);
/* The live tables that hold (or held) a foreign key onto a table of that
 * name, in creation order, each once, in an array of a; their constraints
 * say which still do. */
struct schema_table **schema_referencing(const struct schema *s, struct arena *a, const char *name, size_t *n);

/* Does t inherit from the table (schema, name) directly? */
bool schema_inherits(const struct schema_table *t, const char *schema, const char *name);

/* The tables in name order (dropped ones left out), for output. */
size_t schema_sorted_tables(const struct schema *s, struct schema_table ***out);

/* The schema as text (what `cupel schema` prints): tables in name order,
 * then enum types. SCHEMA_TEXT_ORIGINS adds which revision made each
 * table and type, and the notes; SCHEMA_TEXT_SORTED sorts each table's
 * columns, constraints and indexes, for comparisons that must not depend
 * on the order they were added in. */
enum { SCHEMA_TEXT_ORIGINS = 1, SCHEMA_TEXT_SORTED = 2 };
void schema_format_text(struct strbuf *sb, const struct schema *s, unsigned flags);

#endif
