/* offline.c - the text of an offline (--sql) run around the migration
 * bodies, as Alembic 1.8.1 with SQLAlchemy 1.4 writes it: every item is
 * followed by a blank line; BEGIN/COMMIT come from env.py's
 * begin_transaction() (whole run) and run_migrations' per-step
 * begin_transaction(_per_migration=True), and are only written with
 * transactional DDL; the version table is created inside the step that
 * starts without rows and dropped after the last step when none is left. */
#include <stdlib.h>
#include <string.h>

#include "cupel/offline.h"
#include "cupel/sqlquote.h"

struct off {
	struct strbuf *out;
	enum dialect d;
	const char *table, *schema;
	bool pk;
};

static void off_table(struct off *o)
{
	sqlquote_qualified(o->out, o->schema, o->table, o->d);
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
		sqlquote_ident(o->out, nb.buf, o->d);
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
