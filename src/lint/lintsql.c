/* lintsql.c - cupel lint --sql: the rules on a plain PostgreSQL .sql
 * file. Its statements become op.execute operations, grouped in units as
 * the file's BEGIN/COMMIT delimit transactions, and each unit is linted
 * like a migration: lock plan, rendered-SQL helpers and the schema
 * replayed from the statements before it, all shared with lint.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/lint.h"
#include "cupel/pgq.h"
#include "cupel/schema.h"
#include "cupel/xalloc.h"
#include "engine.h"

/* Outside a transaction block every statement is a unit of its own (an
 * autocommit block of one). A transaction longer than this is linted in windows of this many
 * statements: the lock plan compares every statement with the tables of
 * its transaction, and `cupel sql` of a whole history in one transaction
 * holds hundreds of thousands. */
#define UNIT_MAX 256

/* The rules that read statements (the rendered SQL, or op.execute's
 * through lint_stmt_raw); the others need the script, the graph or
 * Alembic's operations. */
static const char *const sql_rules[] = {
	"adding-field-with-volatile-default",
	"adding-foreign-key-constraint",
	"adding-not-nullable-field",
	"ban-drop-cascade",
	"ban-drop-column",
	"ban-drop-table",
	"ban-truncate",
	"ban-truncate-cascade",
	"changing-column-type",
	"concurrently-in-transaction",
	"constraint-missing-not-valid",
	"ddl-mixed-with-dml",
	"disallowed-unique-constraint",
	"index-in-same-migration-as-column",
	"long-access-exclusive",
	"non-concurrent-index",
	"not-null-without-default",
	"prefer-bigint-over-int",
	"prefer-identity",
	"prefer-text-field",
	"prefer-timestamptz",
	"renaming-column",
	"renaming-table",
	"require-lock-timeout",
	"unbatched-update",
	"require-statement-timeout",
	"ban-drop-not-null",
	"ban-char-field",
	"prefer-robust-stmts",
	"require-concurrent-index-deletion",
	"adding-serial-primary-key-field",
	"require-concurrent-reindex",
	"require-concurrent-partition-detach",
	"require-enum-value-ordering",
	"ban-create-domain-with-constraint",
	"ban-alter-domain-with-add-constraint",
	"ban-drop-database",
	"identifier-too-long",
};

bool lint_sql_rule(const char *id)
{
	for (size_t i = 0; i < sizeof(sql_rules) / sizeof(sql_rules[0]); i++)
		if (!strcmp(sql_rules[i], id))
			return true;
	return false;
}

enum txn_word { TW_OTHER, TW_BEGIN, TW_END };

/* BEGIN / START TRANSACTION open a transaction block; COMMIT, END,
 * ROLLBACK, ABORT close it (PREPARE TRANSACTION and the like are left as
 * statements). */
static enum txn_word txn_word(const char *s, size_t n)
{
	static const struct {
		const char *w;
		enum txn_word t;
	} words[] = { { "begin", TW_BEGIN }, { "start", TW_BEGIN }, { "commit", TW_END },
		      { "end", TW_END },     { "rollback", TW_END }, { "abort", TW_END } };
	size_t l = 0;
	while (l < n && isalpha((unsigned char)s[l]))
		l++;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].w) == l && !strncasecmp(s, words[i].w, l)) {
			/* COMMIT PREPARED 'x' is not the end of this block */
			const char *rest = s + l;
			while (rest < s + n && isspace((unsigned char)*rest))
				rest++;
			if (words[i].t == TW_END && rest < s + n && !strncasecmp(rest, "prepared", 8))
				return TW_OTHER;
			if (!strcmp(words[i].w, "start") && (rest >= s + n || strncasecmp(rest, "transaction", 11)))
				return TW_OTHER; /* START something else */
			return words[i].t;
		}
	return TW_OTHER;
}

struct unit {
	struct op *v;           /* in a transaction: the statements; else one autocommit block */
	size_t n, cap;
	bool autocommit;
};

static struct op *unit_add(struct arena *a, struct op **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		*v = arena_grow(a, *v, *n, nc, sizeof(**v));
		*cap = nc;
	}
	struct op *o = &(*v)[(*n)++];
	memset(o, 0, sizeof(*o));
	return o;
}

struct sqlrun {
	const char *path;
	const char *text;
	size_t *line_at;        /* where each line starts (suppressions) */
	size_t n_lines;
	struct lint_run *run;
	struct arena *scratch;
	struct schema *s;
	struct unit u;
	struct op *kids;        /* the autocommit block's statements */
	size_t n_kids, cap_kids;
};

static void flush(struct sqlrun *r)
{
	struct op *ops = r->u.v;
	size_t n = r->u.n;
	if (r->u.autocommit && r->n_kids) {
		struct op *blk = unit_add(r->scratch, &r->u.v, &r->u.n, &r->u.cap);
		blk->kind = OP_AUTOCOMMIT;
		blk->line = r->kids[0].line;
		blk->col = r->kids[0].col;
		blk->children = r->kids;
		blk->n_children = r->n_kids;
		ops = r->u.v;
		n = r->u.n;
	}
	if (n) {
		struct lint_ctx c;
		memset(&c, 0, sizeof(c));
		c.rev = (size_t)-1;
		c.pg = true;
		c.before = r->s;
		c.sql_file = r->path;
		c.sql_text = r->text;
		c.sql_line_at = r->line_at;
		c.sql_n_lines = r->n_lines;
		c.up_pg.v = ops;
		c.up_pg.n = n;
		lint_engine_unit(r->run, &c, r->s);
	}
	arena_reset(r->scratch);
	memset(&r->u, 0, sizeof(r->u));
	r->kids = NULL;
	r->n_kids = r->cap_kids = 0;
}

/* The line and column of byte off, counting on from (*line, *col) at
 * *at (offsets only grow). */
static void advance(const char *sql, size_t *at, unsigned *line, unsigned *col, size_t off)
{
	for (; *at < off; (*at)++) {
		if (sql[*at] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int by_position(const void *x, const void *y)
{
	const struct lint_finding *a = x, *b = y;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

static void sqlrun_free(struct sqlrun *r, struct arena *scratch, const char **only)
{
	lint_engine_free(r->run);
	schema_free(r->s);
	arena_free(scratch);
	free(only);
	free(r->line_at);
}

/* One pass over the file. scan: split with the scanner; *redo is set
 * when that split may be wrong (a piece did not parse, or the scanner
 * failed), and the pass's findings are not to be used. */
static bool lint_sql_pass(const char *path, const char *sql, const struct lint_opts *o, struct lint_result *out,
			  struct strbuf *err, bool scan, bool *redo)
{
	/* --rule and the SQL rules, as the one list of the options */
	struct lint_opts so = *o;
	const char **only = xcalloc(sizeof(sql_rules) / sizeof(sql_rules[0]), sizeof(*only));
	so.only = only;
	so.n_only = 0;
	for (size_t i = 0; i < sizeof(sql_rules) / sizeof(sql_rules[0]); i++) {
		bool in = !o->n_only;
		for (size_t k = 0; k < o->n_only; k++)
			in |= !strcmp(o->only[k], sql_rules[i]);
		if (in)
			only[so.n_only++] = sql_rules[i];
	}
	if (!so.n_only)
		only[so.n_only++] = "(none)";
	o = &so;
	struct pgq_span *spans;
	size_t n, err_pos = 0;
	struct strbuf perr = STRBUF_INIT;
	struct arena scratch;
	arena_init(&scratch);
	struct sqlrun r = { path, sql, NULL, 0, lint_engine_new(out, o, &scratch), &scratch,
			    schema_new(DIALECT_POSTGRESQL), { NULL, 0, 0, true }, NULL, 0, 0 };
	size_t total = strlen(sql), cap_lines = 1;
	for (size_t k = 0; k < total; k++)
		cap_lines += sql[k] == '\n';
	r.line_at = xcalloc(cap_lines, sizeof(*r.line_at));
	r.line_at[r.n_lines++] = 0;
	for (size_t k = 0; k < total; k++)
		if (sql[k] == '\n' && k + 1 < total)
			r.line_at[r.n_lines++] = k + 1;
	*redo = false;
	bool split = (scan ? pgq_split_scan : pgq_split)(sql, &spans, &n, &err_pos, &perr);
	if (!split && scan) {
		*redo = true;
	} else if (!split) {
		size_t at = 0;
		unsigned line = 1, col = 1;
		advance(sql, &at, &line, &col, err_pos - 1 < total ? err_pos - 1 : total);
		strbuf_addf(err, "%s:%u:%u: %s", path, line, col, strbuf_str(&perr));
	}
	strbuf_release(&perr);
	if (!split) {
		sqlrun_free(&r, &scratch, only);
		return false;
	}
	size_t at = 0;
	unsigned line = 1, col = 1;
	bool in_txn = false;
	for (size_t i = 0; i < n; i++) {
		const char *text = sql + spans[i].start;
		advance(sql, &at, &line, &col, spans[i].start);
		enum txn_word w = txn_word(text, spans[i].len);
		if (w != TW_OTHER) {
			/* the transaction's bounds end the unit before them */
			if (w == TW_BEGIN ? !in_txn || r.u.n : in_txn)
				flush(&r);
			in_txn = w == TW_BEGIN;
			r.u.autocommit = !in_txn;
			continue;
		}
		struct op *op;
		if (in_txn) {
			if (r.u.n >= UNIT_MAX) {
				flush(&r);
				r.u.autocommit = false;
			}
			op = unit_add(&scratch, &r.u.v, &r.u.n, &r.u.cap);
		} else {
			op = unit_add(&scratch, &r.kids, &r.n_kids, &r.cap_kids);
		}
		op->kind = OP_EXECUTE;
		op->line = line;
		op->col = col;
		/* the text without its ';' and trailing blanks, verbatim */
		size_t len = spans[i].len;
		while (len && (isspace((unsigned char)text[len - 1]) || text[len - 1] == ';'))
			len--;
		op->sql = arena_strndup(&scratch, text, len);
		op->sql_compiled = true;
		/* outside a transaction each statement commits on its own:
		 * the next one sees what it did */
		if (!in_txn) {
			flush(&r);
			r.u.autocommit = true;
		}
	}
	flush(&r);
	free(spans);
	*redo = scan && lint_engine_unparsed(r.run) > 0;
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_position);
	sqlrun_free(&r, &scratch, only);
	return true;
}

bool lint_run_sql(const char *path, const char *sql, const struct lint_opts *o, struct lint_result *out,
		  struct strbuf *err)
{
	/* the scanner's split first (the parser's costs as much as parsing
	 * the whole file once more); every piece is parsed for the rules, so
	 * one that does not parse sends the file through the parser's split,
	 * which reports a syntax error where PostgreSQL sees it */
	bool redo;
	bool ok = lint_sql_pass(path, sql, o, out, err, true, &redo);
	if (!redo)
		return ok;
	lint_result_free(out);
	return lint_sql_pass(path, sql, o, out, err, false, &redo);
}
