/* copy-drop-rename: a table rebuilt by hand in one migration (a new table
 * created, the old one dropped, the new one renamed to the old name).
 * Without care it loses indexes, triggers, grants and constraints, and
 * holds an ACCESS EXCLUSIVE lock while it copies; batch_alter_table does
 * the same move on SQLite and plain ALTERs elsewhere. */
#include "cupel/pgq.h"
#include "../rule.h"

struct seen {
	const char *created[64], *dropped[64];
	size_t n_created, n_dropped;
};

static void created(struct lint_ctx *c, struct seen *s, const char *t)
{
	if (t && s->n_created < 64)
		s->created[s->n_created++] = lint_strdup(c, t);
}

static void dropped(struct lint_ctx *c, struct seen *s, const char *t)
{
	if (t && s->n_dropped < 64)
		s->dropped[s->n_dropped++] = lint_strdup(c, t);
}

static void renamed(struct lint_ctx *c, const struct seen *s, const struct op *o, const char *from, const char *to)
{
	bool made = false, gone = false;
	for (size_t i = 0; from && i < s->n_created; i++)
		made |= !strcmp(s->created[i], from);
	for (size_t i = 0; to && i < s->n_dropped; i++)
		gone |= !strcmp(s->dropped[i], to);
	if (made && gone)
		lint_report(c, o->line, o->col,
			    "with op.batch_alter_table(\"<table>\", recreate=\"auto\") as batch_op: ... (SQLite copies, "
			    "other databases ALTER in place)",
			    "%s is rebuilt by hand (created as %s, old table dropped, renamed back)", to, from);
}

/* The same three steps written as SQL in op.execute (CREATE TABLE ...
 * (LIKE t) or AS SELECT, DROP TABLE, ALTER TABLE ... RENAME TO). */
static void sql_steps(struct lint_ctx *c, struct seen *s, const struct op *o)
{
	if (!o->sql || !strcasestr(o->sql, "TABLE"))
		return; /* none of the three: no parse */
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (pgq_parse(o->sql, &r, &err)) {
		for (size_t i = 0; i < r.n; i++) {
			const char *k = r.stmts[i].kind;
			cJSON *st = r.stmts[i].node;
			if (!strcmp(k, "CreateStmt"))
				created(c, s, pgq_str(pgq_get(st, "relation"), "relname"));
			else if (!strcmp(k, "CreateTableAsStmt"))
				created(c, s, pgq_str(pgq_get(pgq_get(st, "into"), "rel"), "relname"));
			else if (!strcmp(k, "DropStmt") && pgq_str(st, "removeType") &&
				 !strcmp(pgq_str(st, "removeType"), "OBJECT_TABLE"))
				for (cJSON *obj = pgq_first(pgq_list(st, "objects")); obj; obj = obj->next) {
					cJSON *names = pgq_list(pgq_get(obj, "List"), "items");
					size_t n = pgq_len(names);
					dropped(c, s, n ? pgq_sval(pgq_at(names, n - 1)) : NULL);
				}
			else if (!strcmp(k, "RenameStmt") && pgq_str(st, "renameType") &&
				 !strcmp(pgq_str(st, "renameType"), "OBJECT_TABLE"))
				renamed(c, s, o, pgq_str(pgq_get(st, "relation"), "relname"), pgq_str(st, "newname"));
		}
		pgq_free(&r);
	}
	strbuf_release(&err);
}

static void check(struct lint_ctx *c, const struct op *o, const struct op *parent, void *arg)
{
	(void)parent;
	struct seen *s = arg;
	if (o->kind == OP_CREATE_TABLE)
		created(c, s, o->table);
	else if (o->kind == OP_DROP_TABLE)
		dropped(c, s, o->table);
	else if (o->kind == OP_RENAME_TABLE)
		renamed(c, s, o, o->table, o->new_name);
	else if (o->kind == OP_EXECUTE)
		sql_steps(c, s, o);
}

LINT_RULE(copy_drop_rename)
{
	struct seen s;
	memset(&s, 0, sizeof(s));
	lint_each_op(c, &c->up_pg, check, &s);
}

LINT_NO_GRAPH(copy_drop_rename)
