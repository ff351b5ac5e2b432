/* cmd_conflicts.c - cupel conflicts: each pair of divergent heads, what
 * each branch does since they parted, the conflicts, the order check, and
 * the commands that resolve it. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cupel/cli_cmd.h"
#include "cupel/conflict.h"

static const char *rev_id(const struct project *p, size_t r)
{
	return p->graph->revs[r].id;
}

static const char *order_word(enum conflict_order o)
{
	return o == ORDER_SAME ? "same" : o == ORDER_COLUMN_ORDER_ONLY ? "column-order-only" : "different";
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *touch_json(const struct project *p, const struct conflict_touch *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "action", json_string(conflict_act_word(t->act)));
	json_object_set_new(o, "object", json_string(conflict_obj_word(t->obj)));
	json_object_set_new(o, "schema", str_or_null(t->schema));
	json_object_set_new(o, "table", str_or_null(t->table));
	json_object_set_new(o, "name", str_or_null(t->name));
	if (t->new_name)
		json_object_set_new(o, "new_name", json_string(t->new_name));
	if (t->type)
		json_object_set_new(o, "type", json_string(t->type));
	if (t->n_cols) {
		json_t *cols = json_array();
		for (size_t i = 0; i < t->n_cols; i++)
			json_array_append_new(cols, str_or_null(t->cols[i]));
		json_object_set_new(o, "columns", cols);
	}
	json_object_set_new(o, "detail", str_or_null(t->detail));
	json_object_set_new(o, "revision", json_string(rev_id(p, t->rev)));
	const struct script *sc = p->graph->revs[t->rev].script;
	json_object_set_new(o, "file", str_or_null(sc ? sc->path : NULL));
	json_object_set_new(o, "line", json_integer(t->line));
	return o;
}

static json_t *json_report(const struct project *p, const struct conflict_report *r)
{
	json_t *root = json_object(), *pairs = json_array();
	json_object_set_new(root, "dialect", json_string(dialect_name(r->dialect)));
	for (size_t k = 0; k < r->n_pairs; k++) {
		const struct conflict_pair *cp = &r->pairs[k];
		json_t *o = json_object(), *heads = json_array(), *fork = json_array(), *sides = json_array(),
		       *issues = json_array();
		for (int s = 0; s < 2; s++)
			json_array_append_new(heads, json_string(rev_id(p, cp->side[s].head)));
		for (size_t i = 0; i < cp->fork.n; i++)
			json_array_append_new(fork, json_string(rev_id(p, cp->fork.v[i])));
		for (int s = 0; s < 2; s++) {
			const struct conflict_side *side = &cp->side[s];
			json_t *so = json_object(), *revs = json_array(), *touches = json_array();
			json_object_set_new(so, "head", json_string(rev_id(p, side->head)));
			for (size_t i = 0; i < side->revs.n; i++)
				json_array_append_new(revs, json_string(rev_id(p, side->revs.v[i])));
			for (size_t i = 0; i < side->n_touches; i++)
				json_array_append_new(touches, touch_json(p, &side->touches[i]));
			json_object_set_new(so, "revisions", revs);
			json_object_set_new(so, "touches", touches);
			json_array_append_new(sides, so);
		}
		for (size_t i = 0; i < cp->n_issues; i++) {
			const struct conflict_issue *x = &cp->issues[i];
			json_t *io = json_object();
			json_object_set_new(io, "kind", json_string(conflict_kind_id(x->kind)));
			json_object_set_new(io, "level",
					    json_string(conflict_kind_level(x->kind) == 2 ? "error" : "warning"));
			json_object_set_new(io, "message", json_string(x->message));
			json_object_set_new(io, "a", touch_json(p, x->a));
			json_object_set_new(io, "b", x->b ? touch_json(p, x->b) : json_null());
			json_array_append_new(issues, io);
		}
		json_object_set_new(o, "heads", heads);
		json_object_set_new(o, "fork", fork);
		json_object_set_new(o, "branches", sides);
		json_object_set_new(o, "conflicts", issues);
		json_object_set_new(o, "errors", json_integer((json_int_t)cp->n_errors));
		json_object_set_new(o, "warnings", json_integer((json_int_t)cp->n_warnings));
		json_object_set_new(o, "order", json_string(order_word(cp->order)));
		json_object_set_new(o, "order_diff", str_or_null(cp->order_diff));
		if (cp->confirmed) {
			const struct conflict_confirmation *cf = cp->confirmed;
			json_t *co = json_object(), *orders = json_array();
			json_object_set_new(co, "database", str_or_null(cf->where));
			for (int s = 0; s < 2; s++) {
				json_t *oo = json_object();
				json_object_set_new(oo, "first", json_string(rev_id(p, cp->side[s].head)));
				json_object_set_new(oo, "upgraded", json_boolean(cf->ran[s]));
				json_object_set_new(oo, "failure", str_or_null(cf->failure[s]));
				json_array_append_new(orders, oo);
			}
			json_object_set_new(co, "orders", orders);
			json_object_set_new(co, "same",
					    cf->ran[0] && cf->ran[1] ? json_boolean(cf->same) : json_null());
			json_object_set_new(co, "diff", str_or_null(cf->diff));
			json_object_set_new(o, "database", co);
		}
		json_array_append_new(pairs, o);
	}
	json_object_set_new(root, "divergent", pairs);
	return root;
}

int cli_cmd_conflicts(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("conflicts");
	const char *format = "text", *dialect = NULL, *db = NULL;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (cli_opt(argc, argv, &i, "--format", &format) || cli_opt(argc, argv, &i, "--dialect", &dialect) ||
		    cli_opt(argc, argv, &i, "--db", &db))
			continue;
		else {
			cli_error(ctx, "conflicts: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		cli_error(ctx, "conflicts: --format is text or json");
		return CLI_USAGE;
	}
	enum dialect d;
	if (!cli_dialect_opt(ctx, dialect, &d))
		return CLI_USAGE;
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	cli_dialect_of(p, dialect, &d);
	struct conflict_report r;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	int status = CLI_OK;
	if (!conflict_analyze(p, d, &r, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		/* the order check on scratch databases; a PostgreSQL URL's
		 * server holds them, anything else means SQLite files */
		for (size_t k = 0; db && k < r.n_pairs; k++)
			if (!conflict_confirm(p, &r.pairs[k], db, &r.arena, &err)) {
				cli_error(ctx, "%s", strbuf_str(&err));
				status = CLI_USAGE;
				break;
			}
		if (!strcmp(format, "json")) {
			json_t *j = json_report(p, &r);
			char *txt = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			strbuf_adds(&out, txt);
			strbuf_addc(&out, '\n');
			free(txt);
			json_decref(j);
		} else {
			conflict_format_text(&out, p, &r, (size_t)-1);
		}
		cli_write(ctx, strbuf_str(&out), out.len);
		/* divergent heads stop `alembic upgrade head`: a finding */
		if (r.n_pairs && status == CLI_OK)
			status = CLI_FINDINGS;
	}
	conflict_report_free(&r);
	strbuf_release(&err);
	strbuf_release(&out);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
