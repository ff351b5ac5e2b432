/* offline.c - the text of an offline (--sql) run around the migration
 * bodies, as Alembic 1.8.1 with SQLAlchemy 1.4 writes it: every item is
 * followed by a blank line; BEGIN/COMMIT come from env.py's
 * begin_transaction() (whole run) and run_migrations' per-step
 * begin_transaction(_per_migration=True), and are only written with
 * transactional DDL; the version table is created inside the step that
 * starts without rows and dropped after the last step when none is left. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/offline.h"

/* SQLAlchemy 1.4's reserved words (RESERVED_WORDS of each dialect's
 * identifier preparer), lower case, sorted. */
static const char *const pg_reserved[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
	"between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
	"cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
	"current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
	"except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having",
	"ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "leading", "left",
	"like", "limit", "localtime", "localtimestamp", "natural", "new", "not", "notnull", "null", "of", "off",
	"offset", "old", "on", "only", "or", "order", "outer", "over", "overlaps", "placing", "primary",
	"references", "returning", "right", "select", "session_user", "similar", "some", "symmetric", "table",
	"then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when",
	"where", "window", "with",
};
static const char *const sqlite_reserved[] = {
	"add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement", "before",
	"begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column", "commit", "conflict",
	"constraint", "create", "cross", "current_date", "current_time", "current_timestamp", "database",
	"default", "deferrable", "deferred", "delete", "desc", "detach", "distinct", "drop", "each", "else",
	"end", "escape", "except", "exclusive", "exists", "explain", "fail", "false", "for", "foreign", "from",
	"full", "glob", "group", "having", "if", "ignore", "immediate", "in", "index", "indexed", "initially",
	"inner", "insert", "instead", "intersect", "into", "is", "isnull", "join", "key", "left", "like",
	"limit", "match", "natural", "not", "notnull", "null", "of", "offset", "on", "or", "order", "outer",
	"plan", "pragma", "primary", "query", "raise", "references", "reindex", "rename", "replace", "restrict",
	"right", "rollback", "row", "select", "set", "table", "temp", "temporary", "then", "to", "transaction",
	"trigger", "true", "union", "unique", "update", "using", "vacuum", "values", "view", "virtual", "when",
	"where",
};

static int off_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* IdentifierPreparer._requires_quotes: reserved, illegal first character,
 * characters outside [A-Za-z0-9_$], or not all lower case. */
static bool off_needs_quotes(const char *s, enum dialect d)
{
	if (!*s || isdigit((unsigned char)s[0]) || s[0] == '$')
		return true;
	for (const char *p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '$'))
			return true;
	const char *const *words = d == DIALECT_POSTGRESQL ? pg_reserved : sqlite_reserved;
	size_t n = d == DIALECT_POSTGRESQL ? sizeof(pg_reserved) / sizeof(*pg_reserved)
					   : sizeof(sqlite_reserved) / sizeof(*sqlite_reserved);
	return bsearch(s, words, n, sizeof(*words), off_cmp) != NULL;
}

static void off_ident(struct strbuf *out, const char *s, enum dialect d)
{
	if (!off_needs_quotes(s, d)) {
		strbuf_adds(out, s);
		return;
	}
	strbuf_addc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_addc(out, '"');
		strbuf_addc(out, *p);
	}
	strbuf_addc(out, '"');
}

struct off {
	struct strbuf *out;
	enum dialect d;
	const char *table, *schema;
	bool pk;
};

static void off_table(struct off *o)
{
	if (o->schema) {
		off_ident(o->out, o->schema, o->d);
		strbuf_addc(o->out, '.');
	}
	off_ident(o->out, o->table, o->d);
}

/* Every item is written as text + "\n\n". */
static void off_item(struct off *o, const char *text)
{
	strbuf_adds(o->out, text);
	strbuf_adds(o->out, "\n\n");
}

static void off_create(struct off *o)
{
	strbuf_adds(o->out, "CREATE TABLE ");
	off_table(o);
	/* SQLAlchemy ends each column line with ", " before the newline */
	strbuf_adds(o->out, " (\n    version_num VARCHAR(32) NOT NULL");
	if (o->pk) {
		strbuf_adds(o->out, ", \n    CONSTRAINT ");
		struct strbuf nb = STRBUF_INIT;
		strbuf_addf(&nb, "%s_pkc", o->table);
		off_ident(o->out, nb.buf, o->d);
		strbuf_release(&nb);
		strbuf_adds(o->out, " PRIMARY KEY (version_num)");
	}
	off_item(o, "\n);");
}

static void off_where(struct off *o, const char *v)
{
	strbuf_adds(o->out, " WHERE ");
	off_table(o);
	strbuf_addf(o->out, ".version_num = '%s';\n\n", v);
}

static void off_vt(struct off *o, const struct vt_change *c)
{
	switch (c->kind) {
	case VT_INSERT:
		strbuf_adds(o->out, "INSERT INTO ");
		off_table(o);
		strbuf_addf(o->out, " (version_num) VALUES ('%s')", c->to);
		/* SQLAlchemy 1.4 returns the primary key on PostgreSQL */
		if (o->d == DIALECT_POSTGRESQL && o->pk) {
			strbuf_adds(o->out, " RETURNING ");
			off_table(o);
			strbuf_adds(o->out, ".version_num");
		}
		off_item(o, ";");
		break;
	case VT_UPDATE:
		strbuf_adds(o->out, "UPDATE ");
		off_table(o);
		strbuf_addf(o->out, " SET version_num='%s'", c->to);
		off_where(o, c->from);
		break;
	case VT_DELETE:
		strbuf_adds(o->out, "DELETE FROM ");
		off_table(o);
		off_where(o, c->from);
		break;
	}
}

bool offline_render(struct strbuf *out, const struct revgraph *g, const struct plan *plan,
		    const struct offline_opts *opts)
{
	(void)g;
	const struct envpy_config *env = opts->env;
	struct off o = { out, opts->dialect, env && env->version_table ? env->version_table : "alembic_version",
			 env ? env->version_table_schema : NULL, env ? env->version_table_pk : true };
	bool tddl = opts->transactional_ddl;
	bool per_step = tddl && env && env->transaction_per_migration;
	bool whole = tddl && !per_step;
	bool ok = true;
	static const char *const names[] = { "upgrade", "downgrade", "stamp_revision" };
	if (whole)
		off_item(&o, "BEGIN;");
	for (size_t i = 0; i < plan->n; i++) {
		const struct plan_step *s = &plan->steps[i];
		if (per_step)
			off_item(&o, "BEGIN;");
		if (s->create_version_table)
			off_create(&o);
		strbuf_addf(out, "-- Running %s %s -> %s\n\n", names[s->dir], s->from_text, s->to_text);
		if (s->rev != PLAN_NO_REV && opts->body && !opts->body(opts->body_ctx, out, s, opts->dialect, tddl))
			ok = false;
		for (size_t k = 0; k < s->n_vt; k++)
			off_vt(&o, &s->vt[k]);
		if (per_step)
			off_item(&o, "COMMIT;");
	}
	if (plan->drop_version_table) {
		strbuf_adds(out, "DROP TABLE ");
		off_table(&o);
		off_item(&o, ";");
	}
	if (whole)
		off_item(&o, "COMMIT;");
	return ok;
}
