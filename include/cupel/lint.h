/* lint.h - findings per migration: the anti-patterns of the founding
 * document and PostgreSQL safety rules, each rule one file under
 * src/lint/rules/, listed once in src/lint/rules.def. */
#ifndef CUPEL_LINT_H
#define CUPEL_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/ops.h"
#include "cupel/project.h"
#include "cupel/py_ast.h"
#include "cupel/schema.h"

enum lint_level { LINT_INFO, LINT_WARNING, LINT_ERROR };

struct lint_finding {
	const char *rule;
	enum lint_level level;
	const char *file;
	unsigned line, col;
	const char *revision;
	const char *message;   /* PostgreSQL style: lower case, no final period */
	const char *hint;      /* the safe way, or NULL */
};

/* What a rule sees of one revision. */
struct lint_ctx {
	struct project *p;
	size_t rev;                    /* index in the graph */
	const struct script *script;
	const struct py_module *module;  /* the full parse */
	bool pg, sqlite;               /* target dialects */
	/* operations of upgrade() and downgrade(), per dialect (offline) */
	struct op_list up_pg, down_pg, up_sqlite, down_sqlite;
	const struct schema *before;   /* the schema before this revision (PostgreSQL) */
	const char *sql_file;          /* cupel lint --sql: the file (no script) */
	const char *sql_text;          /* ... its text, and where each line starts */
	const size_t *sql_line_at;
	size_t sql_n_lines;
	/* engine internals */
	struct lint_run *run;
	const char *rule;
};

struct lint_rule {
	const char *id;
	enum lint_level level;
	const char *summary;
	void (*check)(struct lint_ctx *c);
	/* once for the whole graph (divergent heads ...), or NULL */
	void (*check_graph)(struct lint_ctx *c);
};

extern const struct lint_rule lint_rules[];
extern const size_t lint_n_rules;
const struct lint_rule *lint_find_rule(const char *id);
const char *lint_level_name(enum lint_level l);

/* The running rule's threshold `name`: configured, else its default. */
long lint_param(struct lint_ctx *c, const char *name);

/* Report a finding of the running rule. */
void lint_report(struct lint_ctx *c, unsigned line, unsigned col, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A rule's level changed by configuration, or the rule turned off. */
struct lint_level_override {
	const char *rule;
	int level;                     /* an enum lint_level, or -1: off */
};

/* A rule's threshold (src/lint/params.def) and a value configured for
 * it. */
struct lint_param {
	const char *rule, *name;
	long def, min, max;
	const char *doc;
};
extern const struct lint_param lint_params[];
extern const size_t lint_n_params;
const struct lint_param *lint_find_param(const char *rule, const char *name);
struct lint_param_value {
	const char *rule, *name;
	long value;
};

struct lint_opts {
	bool pg, sqlite;               /* target dialects */
	const char *const *only;       /* rule ids to run (NULL: all) */
	size_t n_only;
	const char *const *exclude;
	size_t n_exclude;
	const struct lint_level_override *levels;
	size_t n_levels;
	const struct lint_param_value *params; /* thresholds set (the rest: defaults) */
	size_t n_params;
};

/* The [cupel] section of alembic.ini (else of cupel.ini beside it):
 *   dialects = postgresql sqlite       the targets
 *   disable = rule-a rule-b            rules off
 *   rule.<id> = off|error|warning|info a rule's level
 *   baseline = FILE                    findings accepted (cupel lint)
 *   <id>.<threshold> = N               a rule's threshold (params.def)
 * Bad values are diagnostics with file:line; the rest applies. A bad
 * threshold is a DIAG_ERROR (cupel lint stops: a limit silently left at
 * its default would pass what the project meant to fail). */
struct lint_config {
	bool has_dialects, pg, sqlite;
	struct lint_level_override *levels;
	size_t n_levels;
	struct lint_param_value *params;
	size_t n_params;
	const char *baseline;          /* resolved against the ini's directory */
	const char *file;              /* where the section was read, or NULL */
};
void lint_config_read(struct project *p, struct arena *a, struct diag_list *diags, struct lint_config *out);

struct lint_result {
	struct arena arena;
	struct lint_finding *v;
	size_t n, cap;
	size_t suppressed;
};

/* Lint every revision (upgrade order from base); findings sorted by
 * revision order, then line. Inline `# cupel: ignore[rule-id]` (same line
 * or the line above) suppresses a finding; `cupel: ignore[rule-id]` in
 * the docstring suppresses the rule for the whole migration. */
void lint_run(struct project *p, const struct lint_opts *o, struct lint_result *out);
void lint_result_free(struct lint_result *r);

/* The rules on a plain PostgreSQL .sql file (cupel lint --sql): its
 * statements grouped in transactions as BEGIN/COMMIT delimit them
 * (outside one, each statement is its own), each transaction linted like
 * a migration with the schema the statements before it built; findings
 * at path:line:col of their statement; `-- cupel: ignore[rule-id]` on
 * the statement's first line or the line above suppresses one. False with "path:line:col:
 * message" in err when the file does not parse. */
bool lint_run_sql(const char *path, const char *sql, const struct lint_opts *o, struct lint_result *out,
		  struct strbuf *err);
/* Is the rule one lint_run_sql runs (it reads statements)? */
bool lint_sql_rule(const char *id);
/* The same, one revision at a time (the UI lints while it waits for
 * keys): lint_walk_step lints the next revision in upgrade order and sets
 * *rev to it, then once the rules on the whole graph (*rev is
 * LINT_WALK_GRAPH); false when all is done. Findings go to out, which
 * the caller frees with lint_result_free after lint_walk_free; o must
 * outlive the walk. */
#define LINT_WALK_GRAPH ((size_t)-1)
struct lint_walk;
struct lint_walk *lint_walk_new(struct project *p, const struct lint_opts *o, struct lint_result *out);
bool lint_walk_step(struct lint_walk *w, size_t *rev);
/* revisions linted so far, of total */
void lint_walk_progress(const struct lint_walk *w, size_t *done, size_t *total);
bool lint_walk_finished(const struct lint_walk *w);
void lint_walk_free(struct lint_walk *w);

/* The rule pages, doc/rules/<id>.md, embedded at build time
 * (src/lint/embed-pages.sh writes rule_pages.c); the list ends with
 * { NULL, NULL }. */
struct lint_page {
	const char *id, *text;
};
extern const struct lint_page lint_pages[];
extern const size_t lint_n_pages;
/* A rule's page (markdown), or NULL. */
const char *lint_rule_page(const char *id);

/* Helpers for rules. */
const struct py_node *lint_function(const struct py_module *m, const char *name);
/* A docstring of the module mentions all of the words (case-insensitive). */
bool lint_doc_mentions(const struct script *sc, const char *const *words, size_t n);
/* Was the table there before this revision (so it may hold rows)? */
bool lint_table_existed(struct lint_ctx *c, const char *schema, const char *table);
/* Does an op list (children included) hold an operation of this kind on
 * the table? */
bool lint_ops_have(const struct op_list *ops, enum op_kind kind, const char *table);

/* Call fn for every operation, children of batch and autocommit blocks
 * after their parent (parent: the enclosing block, or NULL). */
typedef void (*lint_op_fn)(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg);
void lint_each_op(struct lint_ctx *c, const struct op_list *ops, lint_op_fn fn, void *arg);

#endif
