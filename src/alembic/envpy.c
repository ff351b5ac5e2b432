/* envpy.c - the options env.py passes to context.configure(), read from
 * the source without running it. Only constants are understood (literals,
 * or names bound once at module level to a literal); anything computed is
 * reported as a note and the default kept. When several configure() calls
 * disagree, the one inside a function named like "*offline*" wins: cupel
 * renders offline scripts. */
#include <errno.h>
#include <string.h>

#include "cupel/envpy.h"
#include "cupel/path.h"
#include "cupel/py_ast.h"

#define ENVPY_MAX_BYTES (16u * 1024u * 1024u)

struct ev {
	struct arena *a;
	struct diag_list *diags;
	const char *file;
	const struct py_module *m;
	struct envpy_config *out;
	bool set_offline[5]; /* which options an offline call has set */
};

enum { OPT_TABLE, OPT_SCHEMA, OPT_PK, OPT_TPM, OPT_TDDL };
static const char *const opt_names[] = { "version_table", "version_table_schema", "version_table_pk",
					 "transaction_per_migration", "transactional_ddl" };

/* A module-level NAME = <constant> (the last such binding, if only one). */
static const struct py_node *ev_module_const(const struct ev *ev, const char *name)
{
	const struct py_node *found = NULL;
	int n = 0;
	const struct py_list *body = &ev->m->root->u.module.body;
	for (size_t i = 0; i < body->n; i++) {
		const struct py_node *st = body->items[i];
		if (st->kind != PY_ASSIGN)
			continue;
		for (size_t k = 0; k < st->u.assign.targets.n; k++) {
			const struct py_node *t = st->u.assign.targets.items[k];
			if (t->kind == PY_NAME && strcmp(t->u.name.id, name) == 0) {
				found = st->u.assign.value;
				n++;
			}
		}
	}
	return n == 1 && found && found->kind == PY_CONSTANT ? found : NULL;
}

static const struct py_node *ev_const(const struct ev *ev, const struct py_node *v)
{
	if (v->kind == PY_NAME)
		return ev_module_const(ev, v->u.name.id);
	return v->kind == PY_CONSTANT ? v : NULL;
}

static void ev_note(struct ev *ev, const struct py_node *kw, const char *what)
{
	struct span sp = { ev->file, kw->line, kw->col, 0 };
	diag_push(ev->diags, DIAG_NOTE, "envpy-dynamic", sp,
		  "context.configure(%s=...) is not a constant; cupel assumes %s", kw->u.keyword.arg, what);
}

static void ev_configure(struct ev *ev, const struct py_node *call, bool offline)
{
	for (size_t i = 0; i < call->u.call.keywords.n; i++) {
		const struct py_node *kw = call->u.call.keywords.items[i];
		if (!kw->u.keyword.arg)
			continue;
		int opt = -1;
		for (int k = 0; k < 5; k++)
			if (strcmp(kw->u.keyword.arg, opt_names[k]) == 0)
				opt = k;
		if (opt < 0)
			continue;
		/* a non-offline call does not override what an offline one set */
		if (!offline && ev->set_offline[opt])
			continue;
		const struct py_node *c = ev_const(ev, kw->u.keyword.value);
		struct envpy_config *o = ev->out;
		bool is_str = c && c->u.constant.kind == PY_CONST_STR;
		bool is_none = c && c->u.constant.kind == PY_CONST_NONE;
		bool is_bool = c && (c->u.constant.kind == PY_CONST_TRUE || c->u.constant.kind == PY_CONST_FALSE);
		bool truth = c && c->u.constant.kind == PY_CONST_TRUE;
		switch (opt) {
		case OPT_TABLE:
			if (!is_str) {
				ev_note(ev, kw, "\"alembic_version\"");
				continue;
			}
			o->version_table = arena_strndup(ev->a, c->u.constant.value, c->u.constant.len);
			break;
		case OPT_SCHEMA:
			if (!is_str && !is_none) {
				ev_note(ev, kw, "no schema");
				continue;
			}
			o->version_table_schema =
				is_str ? arena_strndup(ev->a, c->u.constant.value, c->u.constant.len) : NULL;
			break;
		case OPT_PK:
		case OPT_TPM:
		case OPT_TDDL:
			if (!is_bool) {
				ev_note(ev, kw, opt == OPT_PK ? "True" : opt == OPT_TPM ? "False" : "the dialect's default");
				continue;
			}
			if (opt == OPT_PK)
				o->version_table_pk = truth;
			else if (opt == OPT_TPM)
				o->transaction_per_migration = truth;
			else
				o->transactional_ddl = truth;
			break;
		}
		if (offline)
			ev->set_offline[opt] = true;
	}
}

static bool ev_is_configure(const struct py_node *n)
{
	const struct py_node *f = n->u.call.func;
	return f->kind == PY_ATTRIBUTE && strcmp(f->u.attribute.attr, "configure") == 0 &&
	       f->u.attribute.value->kind == PY_NAME && strcmp(f->u.attribute.value->u.name.id, "context") == 0;
}

static void ev_walk_list(struct ev *ev, const struct py_list *l, bool offline);

/* Every call in statements and the expressions they hold. */
static void ev_walk(struct ev *ev, const struct py_node *n, bool offline)
{
	if (!n)
		return;
	switch (n->kind) {
	case PY_MODULE:
		ev_walk_list(ev, &n->u.module.body, offline);
		break;
	case PY_EXPR_STMT:
		ev_walk(ev, n->u.expr_stmt.value, offline);
		break;
	case PY_ASSIGN:
		ev_walk(ev, n->u.assign.value, offline);
		break;
	case PY_FUNCTION_DEF:
		ev_walk_list(ev, &n->u.function_def.body,
			     offline || strstr(n->u.function_def.name, "offline") != NULL);
		break;
	case PY_IF:
		ev_walk_list(ev, &n->u.if_.body, offline);
		ev_walk_list(ev, &n->u.if_.orelse, offline);
		break;
	case PY_FOR:
		ev_walk_list(ev, &n->u.for_.body, offline);
		ev_walk_list(ev, &n->u.for_.orelse, offline);
		break;
	case PY_WHILE:
		ev_walk_list(ev, &n->u.while_.body, offline);
		ev_walk_list(ev, &n->u.while_.orelse, offline);
		break;
	case PY_WITH:
		for (size_t i = 0; i < n->u.with.items.n; i++)
			ev_walk(ev, n->u.with.items.items[i]->u.with_item.context_expr, offline);
		ev_walk_list(ev, &n->u.with.body, offline);
		break;
	case PY_TRY:
		ev_walk_list(ev, &n->u.try_.body, offline);
		for (size_t i = 0; i < n->u.try_.handlers.n; i++)
			ev_walk_list(ev, &n->u.try_.handlers.items[i]->u.except_handler.body, offline);
		ev_walk_list(ev, &n->u.try_.orelse, offline);
		ev_walk_list(ev, &n->u.try_.finalbody, offline);
		break;
	case PY_CALL:
		if (ev_is_configure(n)) {
			ev->out->found = true;
			ev_configure(ev, n, offline);
		}
		ev_walk(ev, n->u.call.func, offline);
		for (size_t i = 0; i < n->u.call.args.n; i++)
			ev_walk(ev, n->u.call.args.items[i], offline);
		break;
	default:
		break;
	}
}

static void ev_walk_list(struct ev *ev, const struct py_list *l, bool offline)
{
	for (size_t i = 0; i < l->n; i++)
		ev_walk(ev, l->items[i], offline);
}

void envpy_read(struct arena *a, struct diag_list *diags, const char *script_location,
		struct envpy_config *out)
{
	out->version_table = "alembic_version";
	out->version_table_schema = NULL;
	out->version_table_pk = true;
	out->transaction_per_migration = false;
	out->transactional_ddl = -1;
	out->found = false;
	if (!script_location)
		return;
	const char *file = path_join(a, script_location, "env.py");
	size_t len;
	char *src = path_read_file(a, file, ENVPY_MAX_BYTES, &len);
	if (!src) {
		struct span sp = { file, 0, 0, 0 };
		diag_push(diags, DIAG_NOTE, "envpy-missing", sp, "cannot read env.py (%s); cupel assumes the defaults",
			  strerror(errno));
		return;
	}
	struct ev ev = { a, diags, file, NULL, out, { false } };
	ev.m = py_parse(a, diags, file, src, len);
	if (ev.m && ev.m->root)
		ev_walk(&ev, ev.m->root, false);
}
