/* cmd_graph.c - `cupel graph`: lanes as text, Graphviz dot, or JSON. */
#include <jansson.h>
#include <langinfo.h>
#include <locale.h>
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/layout.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"

static json_t *graph_json_strs(const char *const *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static json_t *graph_json_ids(const struct revgraph *g, const struct idxlist *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(g->revs[l->v[i]].id));
	return a;
}

/* jansson rejects invalid UTF-8: such text is passed through lossily */
static json_t *graph_json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t n = strlen(s);
	char *copy = strdup(s);
	if (!copy)
		return json_string("");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_string("");
}

static json_t *graph_json_diags(const struct project *p)
{
	json_t *a = json_array();
	for (size_t i = 0; i < p->diags.n; i++) {
		const struct diag *d = &p->diags.items[i];
		json_t *o = json_object();
		json_object_set_new(o, "level", json_string(diag_level_name(d->level)));
		json_object_set_new(o, "code", json_string(d->code));
		json_object_set_new(o, "message", graph_json_text(d->msg));
		json_object_set_new(o, "file", d->span.file ? graph_json_text(d->span.file) : json_null());
		json_object_set_new(o, "line", json_integer(d->span.line));
		json_object_set_new(o, "column", json_integer(d->span.col));
		if (d->revision)
			json_object_set_new(o, "revision", graph_json_text(d->revision));
		json_array_append_new(a, o);
	}
	return a;
}

static void graph_emit_json(struct cli_ctx *ctx, const struct project *p, const struct idxlist *order)
{
	const struct revgraph *g = p->graph;
	json_t *root = json_object();
	json_object_set_new(root, "cupel_graph_version", json_integer(1));
	json_object_set_new(root, "config", p->ini_path ? graph_json_text(p->ini_path) : json_null());
	json_object_set_new(root, "script_location", p->script_location ? graph_json_text(p->script_location) : json_null());
	json_object_set_new(root, "heads", graph_json_ids(g, &g->heads));
	json_object_set_new(root, "real_heads", graph_json_ids(g, &g->real_heads));
	json_object_set_new(root, "bases", graph_json_ids(g, &g->bases));
	json_t *revs = json_array();
	for (size_t i = 0; i < order->n; i++) {
		const struct rev *r = &g->revs[order->v[i]];
		json_t *o = json_object();
		json_object_set_new(o, "id", graph_json_text(r->id));
		json_object_set_new(o, "path", graph_json_text(r->script->path));
		json_object_set_new(o, "down_revisions", graph_json_strs(r->script->down.items, r->script->down.n));
		json_object_set_new(o, "depends_on", graph_json_strs(r->script->depends.items, r->script->depends.n));
		json_object_set_new(o, "resolved_depends_on", graph_json_ids(g, &r->deps));
		json_object_set_new(o, "declared_branch_labels", graph_json_strs(r->script->labels.items, r->script->labels.n));
		json_object_set_new(o, "branch_labels", graph_json_strs(r->labels, r->n_labels));
		json_object_set_new(o, "children", graph_json_ids(g, &r->nextrev));
		json_object_set_new(o, "dependents", graph_json_ids(g, &r->allnext));
		json_object_set_new(o, "is_head", json_boolean(r->is_head));
		json_object_set_new(o, "is_effective_head", json_boolean(r->is_head && !r->is_real_head));
		json_object_set_new(o, "is_base", json_boolean(r->is_base));
		json_object_set_new(o, "is_branch_point", json_boolean(r->is_branch_point));
		json_object_set_new(o, "is_merge_point", json_boolean(r->is_merge_point));
		json_object_set_new(o, "doc", graph_json_text(r->script->doc));
		json_object_set_new(o, "docstring", graph_json_text(r->script->longdoc));
		json_array_append_new(revs, o);
	}
	json_object_set_new(root, "revisions", revs);
	json_object_set_new(root, "diagnostics", graph_json_diags(p));
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s) {
		fputs(s, ctx->out);
		fputc('\n', ctx->out);
		free(s);
	}
	json_decref(root);
}

static void graph_dot_str(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addc(sb, '\\');
		if (*s == '\n') {
			strbuf_adds(sb, "\\n");
			continue;
		}
		strbuf_addc(sb, *s);
	}
	strbuf_addc(sb, '"');
}

static void graph_emit_dot(struct cli_ctx *ctx, const struct revgraph *g, const struct idxlist *order)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "digraph revisions {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n");
	for (size_t i = 0; i < order->n; i++) {
		const struct rev *r = &g->revs[order->v[i]];
		struct strbuf label = STRBUF_INIT;
		revformat_line(&label, g, order->v[i], REVFMT_BRANCHES | REVFMT_TREE);
		strbuf_addc(&label, '\n');
		strbuf_adds(&label, r->script->doc);
		strbuf_adds(&sb, "  ");
		graph_dot_str(&sb, r->id);
		strbuf_adds(&sb, " [label=");
		graph_dot_str(&sb, strbuf_str(&label));
		if (r->is_head && g->heads.n > 1)
			strbuf_adds(&sb, ", color=red");
		strbuf_adds(&sb, "];\n");
		strbuf_release(&label);
		for (size_t k = 0; k < r->down.n; k++) {
			strbuf_adds(&sb, "  ");
			graph_dot_str(&sb, r->id);
			strbuf_adds(&sb, " -> ");
			graph_dot_str(&sb, g->revs[r->down.v[k]].id);
			strbuf_adds(&sb, ";\n");
		}
		for (size_t k = 0; k < r->deps.n; k++) {
			strbuf_adds(&sb, "  ");
			graph_dot_str(&sb, r->id);
			strbuf_adds(&sb, " -> ");
			graph_dot_str(&sb, g->revs[r->deps.v[k]].id);
			strbuf_adds(&sb, " [style=dashed, label=\"depends_on\"];\n");
		}
	}
	strbuf_adds(&sb, "}\n");
	cli_write(ctx, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void graph_emit_text(struct cli_ctx *ctx, const struct revgraph *g, const struct idxlist *order,
			    enum layout_charset cs)
{
	struct layout *lay = layout_build(g->arena, g, order, cs);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < lay->n; i++) {
		const struct layout_row *row = &lay->rows[i];
		const struct rev *r = &g->revs[row->rev];
		if (row->pre)
			strbuf_addf(&sb, "%s\n", row->pre);
		strbuf_addf(&sb, "%s  ", row->node);
		revformat_line(&sb, g, row->rev, REVFMT_BRANCHES | REVFMT_TREE);
		if (r->script->depends.n) {
			strbuf_adds(&sb, " (depends on ");
			for (size_t k = 0; k < r->script->depends.n; k++)
				strbuf_addf(&sb, "%s%s", k ? ", " : "", r->script->depends.items[k]);
			strbuf_adds(&sb, ")");
		}
		/* only the first line of a multi-line message fits a row */
		const char *doc = r->script->doc;
		const char *nl = strchr(doc, '\n');
		strbuf_adds(&sb, " ");
		strbuf_add(&sb, doc, nl ? (size_t)(nl - doc) : strlen(doc));
		strbuf_addc(&sb, '\n');
		if (row->post)
			strbuf_addf(&sb, "%s\n", row->post);
	}
	cli_write(ctx, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
}

int cli_cmd_graph(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("graph");
	const char *format = "text";
	bool ascii = false;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strncmp(argv[i], "--format=", 9) == 0)
			format = argv[i] + 9;
		else if (strcmp(argv[i], "--ascii") == 0)
			ascii = true;
		else {
			cli_error(ctx, "graph: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "dot") && strcmp(format, "json")) {
		cli_error(ctx, "graph: unknown format '%s' (expected text, dot or json)", format);
		return CLI_USAGE;
	}
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	const struct revgraph *g = p->graph;
	int status = CLI_OK;
	struct idxlist order = { NULL, 0 };
	struct strbuf err = STRBUF_INIT;
	if (g->cyclic) {
		/* no walk order exists: list the files in map order */
		order.v = arena_alloc(g->arena, (g->n ? g->n : 1) * sizeof(size_t));
		for (size_t i = 0; i < g->n; i++)
			order.v[order.n++] = i;
	} else if (!revspec_history(g, NULL, NULL, &order, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	}
	if (status == CLI_OK) {
		if (strcmp(format, "json") == 0) {
			graph_emit_json(ctx, p, &order);
		} else if (strcmp(format, "dot") == 0) {
			graph_emit_dot(ctx, g, &order);
		} else {
			setlocale(LC_CTYPE, "");
			bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
			graph_emit_text(ctx, g, &order, ascii || !utf8 ? LAYOUT_ASCII : LAYOUT_UNICODE);
		}
	}
	strbuf_release(&err);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
