/* cmd_locks.c - `cupel locks [RANGE]`: per migration, each PostgreSQL
 * statement with the locks it takes, and the locks held until COMMIT. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cupel/cli_cmd.h"
#include "cupel/lockmodel.h"
#include "cupel/plan.h"
#include "cupel/schema.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlrender.h"

struct stmts {
	struct arena *a;
	const char **v;
	unsigned *lines;
	size_t n, cap;
};

static void collect(void *ctx, enum sqlrender_item kind, const char *text, const struct op *op)
{
	struct stmts *s = ctx;
	if (kind != SQLRENDER_STATEMENT)
		return;
	if (s->n == s->cap) {
		size_t c = s->cap ? s->cap * 2 : 16;
		s->v = arena_grow(s->a, s->v, s->n, c, sizeof(*s->v));
		s->lines = arena_grow(s->a, s->lines, s->n, c, sizeof(*s->lines));
		s->cap = c;
	}
	s->v[s->n] = arena_strdup(s->a, text);
	s->lines[s->n++] = op ? op->line : 0;
}

static void first_line(struct strbuf *sb, const char *sql)
{
	while (*sql == '\n' || *sql == ' ')
		sql++;
	size_t n = strcspn(sql, "\n");
	strbuf_add(sb, sql, n > 160 ? 160 : n);
	if (sql[n] || n > 160)
		strbuf_adds(sb, " ...");
}

static json_t *fact_json(const struct lock_fact *f)
{
	json_t *j = json_object();
	json_object_set_new(j, "kind", json_string(f->kind));
	json_object_set_new(j, "known", json_boolean(f->known));
	if (!f->known)
		json_object_set_new(j, "unknown", json_string(f->unknown));
	json_t *rels = json_array();
	for (size_t i = 0; i < f->n_rels; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "schema", f->rels[i].schema ? json_string(f->rels[i].schema) : json_null());
		json_object_set_new(r, "table", json_string(f->rels[i].name));
		json_object_set_new(r, "mode", json_string(lock_mode_name(f->rels[i].mode)));
		json_object_set_new(r, "blocks", json_string(lock_mode_blocks(f->rels[i].mode)));
		json_object_set_new(r, "why", json_string(f->rels[i].why ? f->rels[i].why : ""));
		json_array_append_new(rels, r);
	}
	json_object_set_new(j, "locks", rels);
	json_object_set_new(j, "rewrite", f->rewrite < 0 ? json_null() : json_boolean(f->rewrite));
	json_object_set_new(j, "scan", json_boolean(f->scan));
	json_object_set_new(j, "in_transaction", json_boolean(f->in_transaction));
	json_object_set_new(j, "note", f->note ? json_string(f->note) : json_null());
	return j;
}

static void fact_text(struct strbuf *out, const struct lock_fact *f)
{
	if (!f->known) {
		strbuf_addf(out, "    locks: unknown (%s)\n", f->unknown);
		return;
	}
	if (!f->n_rels)
		strbuf_adds(out, "    locks: none on existing tables\n");
	for (size_t i = 0; i < f->n_rels; i++)
		strbuf_addf(out, "    %s%s%s: %s (%s) - blocks %s\n", f->rels[i].schema ? f->rels[i].schema : "",
			    f->rels[i].schema ? "." : "", f->rels[i].name, lock_mode_name(f->rels[i].mode),
			    f->rels[i].why ? f->rels[i].why : "", lock_mode_blocks(f->rels[i].mode));
	strbuf_addf(out, "    rewrite: %s, scans rows: %s%s\n", f->rewrite < 0 ? "unknown" : f->rewrite ? "yes" : "no",
		    f->scan ? "yes" : "no", f->in_transaction ? "" : ", cannot run in a transaction block");
	if (f->note)
		strbuf_addf(out, "    note: %s\n", f->note);
}

int cli_cmd_locks(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("locks");
	const char *range = NULL, *format = "text", *statement = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(argv[i], "--statement") && i + 1 < argc)
			statement = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cli_error(ctx, "locks: unknown option '%s'", argv[i]);
			return CLI_USAGE;
		} else if (!range)
			range = argv[i];
		else {
			cli_error(ctx, "locks: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		cli_error(ctx, "locks: --format is text or json");
		return CLI_USAGE;
	}
	struct arena a;
	arena_init(&a);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	int status = CLI_OK;
	json_t *root = json_array();
	if (statement) {
		/* one statement, no project: what the model says of it */
		struct lock_fact *fs;
		size_t n;
		if (!lockmodel_analyze(&a, statement, NULL, &fs, &n, &err)) {
			cli_error(ctx, "%s", strbuf_str(&err));
			status = CLI_FINDINGS;
		}
		for (size_t i = 0; status == CLI_OK && i < n; i++) {
			if (!strcmp(format, "json"))
				json_array_append_new(root, fact_json(&fs[i]));
			else
				fact_text(&out, &fs[i]);
		}
	} else {
		struct project *p = cli_load(ctx);
		if (!p) {
			arena_free(&a);
			json_decref(root);
			return CLI_USAGE;
		}
		struct plan plan;
		if (!plan_offline(p->graph, &p->arena, PLAN_UPGRADE, range ? range : "base:heads", &plan, &err)) {
			cli_error(ctx, "%s", strbuf_str(&err));
			status = CLI_FINDINGS;
			plan.n = 0;
		}
		struct schema *s = NULL;
		/* the schema before the range's first step */
		/* the schema before the range: replayed up to its start */
		const char *colon = range ? strchr(range, ':') : NULL;
		char *from = colon && colon != range ? arena_strndup(&a, range, (size_t)(colon - range)) : NULL;
		if (plan.n && from && strcmp(from, "base") != 0 && !schema_replay(p, from, DIALECT_POSTGRESQL, &s, &err))
			s = NULL;
		if (!s)
			s = schema_new(DIALECT_POSTGRESQL);
		for (size_t i = 0; i < plan.n; i++) {
			const struct plan_step *st = &plan.steps[i];
			if (st->rev == PLAN_NO_REV)
				continue;
			const struct rev *rv = &p->graph->revs[st->rev];
			struct op_list ops;
			struct diag_list diags;
			diag_list_init(&diags, &a);
			if (!sqlgen_step_ops(p, &a, &diags, st, DIALECT_POSTGRESQL, true, &ops))
				continue;
			struct stmts sts = { &a, NULL, NULL, 0, 0 };
			struct sqlrender_stats rs = { 0, 0 };
			sqlrender_items(ops.v, ops.n, DIALECT_POSTGRESQL, collect, &sts, &rs);
			const char *doc = rv->script && rv->script->doc ? rv->script->doc : "";
			json_t *jm = json_object(), *jst = json_array();
			if (!strcmp(format, "text"))
				strbuf_addf(&out, "== %s %.*s\n", rv->id, (int)strcspn(doc, "\n"), doc);
			/* strongest lock per table, held until COMMIT */
			struct lock_rel held[32];
			size_t n_held = 0, first_stmt[32];
			for (size_t k = 0; k < sts.n; k++) {
				struct lock_fact *fs;
				size_t nf;
				strbuf_reset(&err);
				bool ok = lockmodel_analyze(&a, sts.v[k], s, &fs, &nf, &err);
				if (!strcmp(format, "text")) {
					strbuf_addf(&out, "%zu. ", k + 1);
					first_line(&out, sts.v[k]);
					strbuf_addf(&out, "  (line %u)\n", sts.lines[k]);
					if (!ok)
						strbuf_addf(&out, "    locks: unknown (not parsed: %s)\n", strbuf_str(&err));
				}
				json_t *js = json_object();
				json_object_set_new(js, "sql", json_string(sts.v[k]));
				json_object_set_new(js, "line", json_integer(sts.lines[k]));
				json_t *jf = json_array();
				for (size_t q = 0; ok && q < nf; q++) {
					if (!strcmp(format, "text"))
						fact_text(&out, &fs[q]);
					json_array_append_new(jf, fact_json(&fs[q]));
					for (size_t r = 0; r < fs[q].n_rels; r++) {
						size_t h = 0;
						while (h < n_held && strcmp(held[h].name, fs[q].rels[r].name))
							h++;
						if (h == n_held && n_held < 32) {
							held[n_held] = fs[q].rels[r];
							first_stmt[n_held++] = k + 1;
						} else if (h < n_held && fs[q].rels[r].mode > held[h].mode) {
							held[h].mode = fs[q].rels[r].mode;
						}
					}
				}
				json_object_set_new(js, "facts", jf);
				json_array_append_new(jst, js);
			}
			if (!strcmp(format, "text")) {
				for (size_t h = 0; h < n_held; h++)
					strbuf_addf(&out, "  held until COMMIT: %s %s from statement %zu to the end (%zu statements)\n",
						    held[h].name, lock_mode_name(held[h].mode), first_stmt[h],
						    sts.n - first_stmt[h] + 1);
				strbuf_addc(&out, '\n');
			}
			json_object_set_new(jm, "revision", json_string(rv->id));
			json_object_set_new(jm, "statements", jst);
			json_t *jh = json_array();
			for (size_t h = 0; h < n_held; h++) {
				json_t *x = json_object();
				json_object_set_new(x, "table", json_string(held[h].name));
				json_object_set_new(x, "mode", json_string(lock_mode_name(held[h].mode)));
				json_object_set_new(x, "from_statement", json_integer((json_int_t)first_stmt[h]));
				json_array_append_new(jh, x);
			}
			json_object_set_new(jm, "held_until_commit", jh);
			json_array_append_new(root, jm);
			schema_apply(s, ops.v, ops.n, rv->id);
		}
		schema_free(s);
		status = cli_status(p, status);
		project_free(p);
	}
	if (!strcmp(format, "json")) {
		char *txt = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		strbuf_adds(&out, txt);
		strbuf_addc(&out, '\n');
		free(txt);
	}
	json_decref(root);
	cli_write(ctx, strbuf_str(&out), out.len);
	strbuf_release(&out);
	strbuf_release(&err);
	arena_free(&a);
	return status;
}
