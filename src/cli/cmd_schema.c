/* cmd_schema.c - `cupel schema REV`: the schema after REV, from replaying
 * the migrations (text like psql's \d, or JSON). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cupel/cli_cmd.h"
#include "cupel/schema.h"
#include "cupel/text.h"

static const char *const con_kind[] = { "primary_key", "unique", "foreign_key", "check", "exclude" };

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *names(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, str_or_null(v[i]));
	return a;
}

static json_t *schema_json(const struct schema *s, const char *target)
{
	json_t *root = json_object();
	json_object_set_new(root, "cupel_schema_version", json_integer(1));
	json_object_set_new(root, "target", json_string(target));
	json_object_set_new(root, "dialect", json_string(dialect_name(s->dialect)));
	json_t *tables = json_array();
	struct schema_table **v;
	size_t n = schema_sorted_tables(s, &v);
	for (size_t i = 0; i < n; i++) {
		const struct schema_table *t = v[i];
		json_t *jt = json_object();
		json_object_set_new(jt, "schema", str_or_null(t->schema));
		json_object_set_new(jt, "name", json_string(t->name));
		json_object_set_new(jt, "created_by", str_or_null(t->created_by));
		json_object_set_new(jt, "comment", str_or_null(t->comment));
		json_object_set_new(jt, "uncertain", str_or_null(t->uncertain));
		json_t *cols = json_array();
		for (size_t k = 0; k < t->n_cols; k++) {
			const struct schema_column *c = &t->cols[k];
			json_t *jc = json_object();
			json_object_set_new(jc, "name", json_string(c->name));
			json_object_set_new(jc, "type", str_or_null(c->type));
			json_object_set_new(jc, "nullable", json_boolean(c->nullable));
			json_object_set_new(jc, "default", str_or_null(c->default_sql));
			json_object_set_new(jc, "comment", str_or_null(c->comment));
			json_object_set_new(jc, "created_by", str_or_null(c->created_by));
			json_array_append_new(cols, jc);
		}
		json_object_set_new(jt, "columns", cols);
		json_t *cons = json_array();
		for (size_t k = 0; k < t->n_cons; k++) {
			const struct schema_constraint *c = &t->cons[k];
			json_t *jc = json_object();
			json_object_set_new(jc, "kind", json_string(con_kind[c->kind]));
			json_object_set_new(jc, "name", str_or_null(c->name));
			json_object_set_new(jc, "columns", names(c->cols, c->n_cols));
			if (c->kind == SCON_FOREIGN_KEY) {
				json_t *ref = json_object();
				json_object_set_new(ref, "schema", str_or_null(c->ref_schema));
				json_object_set_new(ref, "table", str_or_null(c->ref_table));
				json_object_set_new(ref, "columns", names(c->ref_cols, c->n_ref_cols));
				json_object_set_new(jc, "references", ref);
			}
			if (c->sqltext)
				json_object_set_new(jc, "sqltext", json_string(c->sqltext));
			json_object_set_new(jc, "created_by", str_or_null(c->created_by));
			json_array_append_new(cons, jc);
		}
		json_object_set_new(jt, "constraints", cons);
		json_t *idx = json_array();
		for (size_t k = 0; k < t->n_idx; k++) {
			const struct schema_index *x = &t->idx[k];
			json_t *jx = json_object();
			json_object_set_new(jx, "name", str_or_null(x->name));
			json_object_set_new(jx, "columns", names(x->cols, x->n_cols));
			json_object_set_new(jx, "unique", json_boolean(x->unique));
			json_object_set_new(jx, "where", str_or_null(x->where));
			json_object_set_new(jx, "created_by", str_or_null(x->created_by));
			json_array_append_new(idx, jx);
		}
		json_object_set_new(jt, "indexes", idx);
		json_t *trigs = json_array();
		for (size_t k = 0; k < t->n_trigs; k++) {
			const struct schema_trigger *g = &t->trigs[k];
			char ev[64];
			json_t *jg = json_object();
			json_object_set_new(jg, "name", json_string(g->name));
			json_object_set_new(jg, "timing", json_string(schema_trigger_timing(g)));
			json_object_set_new(jg, "events", json_string(schema_trigger_events(g, ev, sizeof(ev))));
			json_object_set_new(jg, "columns", names(g->cols, g->n_cols));
			json_object_set_new(jg, "for_each_row", json_boolean(g->row));
			json_object_set_new(jg, "when", json_boolean(g->has_when));
			json_object_set_new(jg, "function_schema", str_or_null(g->func_schema));
			json_object_set_new(jg, "function", str_or_null(g->func_name));
			json_object_set_new(jg, "enabled", json_string(schema_trigger_state(g)));
			json_object_set_new(jg, "created_by", str_or_null(g->created_by));
			json_array_append_new(trigs, jg);
		}
		json_object_set_new(jt, "triggers", trigs);
		json_array_append_new(tables, jt);
	}
	free(v);
	json_object_set_new(root, "tables", tables);
	json_t *enums = json_array();
	for (size_t i = 0; i < s->n_enums; i++) {
		const struct schema_enum *e = s->enums[i];
		if (e->dropped)
			continue;
		json_t *je = json_object();
		json_object_set_new(je, "schema", str_or_null(e->schema));
		json_object_set_new(je, "name", json_string(e->name));
		json_object_set_new(je, "values", names(e->values, e->n_values));
		json_object_set_new(je, "created_by", str_or_null(e->created_by));
		json_array_append_new(enums, je);
	}
	json_object_set_new(root, "enums", enums);
	json_t *views = json_array();
	for (size_t i = 0; i < s->n_views; i++) {
		const struct schema_view *w = s->views[i];
		if (w->dropped)
			continue;
		json_t *jv = json_object(), *reads = json_array();
		json_object_set_new(jv, "schema", str_or_null(w->schema));
		json_object_set_new(jv, "name", json_string(w->name));
		json_object_set_new(jv, "materialized", json_boolean(w->materialized));
		for (size_t k = 0; k < w->n_reads; k++) {
			json_t *r = json_object();
			json_object_set_new(r, "schema", str_or_null(w->reads[k].schema));
			json_object_set_new(r, "name", json_string(w->reads[k].name));
			json_array_append_new(reads, r);
		}
		json_object_set_new(jv, "reads", reads);
		json_object_set_new(jv, "created_by", str_or_null(w->created_by));
		json_array_append_new(views, jv);
	}
	json_object_set_new(root, "views", views);
	json_object_set_new(root, "notes", names(s->notes, s->n_notes));
	return root;
}

int cli_cmd_schema(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("schema");
	const char *rev = NULL, *format = "text", *dialect = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (cli_opt(argc, argv, &i, "--format", &format) || cli_opt(argc, argv, &i, "--dialect", &dialect))
			continue;
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cli_error(ctx, "schema: unknown option '%s'", argv[i]);
			return CLI_USAGE;
		} else if (!rev)
			rev = argv[i];
		else {
			cli_error(ctx, "schema: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		cli_error(ctx, "schema: --format is text or json");
		return CLI_USAGE;
	}
	enum dialect d;
	if (!cli_dialect_opt(ctx, dialect, &d))
		return CLI_USAGE;
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	cli_dialect_of(p, dialect, &d);
	struct schema *s;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	int status = CLI_OK;
	if (!schema_replay(p, rev ? rev : "heads", d, &s, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		if (!strcmp(format, "json")) {
			json_t *j = schema_json(s, rev ? rev : "heads");
			char *txt = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			strbuf_adds(&out, txt);
			strbuf_addc(&out, '\n');
			free(txt);
			json_decref(j);
		} else {
			schema_format_text(&out, s, SCHEMA_TEXT_ORIGINS);
		}
		cli_write(ctx, strbuf_str(&out), out.len);
		schema_free(s);
	}
	strbuf_release(&err);
	strbuf_release(&out);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
