/* envpy.c - the options env.py passes to context.configure(), read from
 * the source without running it. Only constants are understood (literals,
 * or names bound once at module level to a literal); anything computed is
 * reported as a note and the default kept. When several configure() calls
 * disagree, the one inside a function named like "*offline*" wins: cupel
 * renders offline scripts. */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "cupel/envpy.h"
#include "cupel/path.h"
#include "cupel/pgq.h"
#include "cupel/py_ast.h"

#define ENVPY_MAX_BYTES (16u * 1024u * 1024u)

struct ev {
	struct arena *a;
	struct diag_list *diags;
	const char *file;
	const struct py_module *m;
	struct envpy_config *out;
	const struct envpy_source *src; /* the ini and the mode, or NULL */
	bool set_preferred[6]; /* which options a call of the preferred mode has set */
};

enum { OPT_TABLE, OPT_SCHEMA, OPT_PK, OPT_TPM, OPT_TDDL, OPT_META, OPT_N };
static const char *const opt_names[] = { "version_table",  "version_table_schema", "version_table_pk",
					 "transaction_per_migration", "transactional_ddl", "target_metadata" };

/* The value of a module-level NAME = <value> (if bound only once). */
static const struct py_node *ev_module_value(const struct ev *ev, const char *name)
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
	return n == 1 ? found : NULL;
}

/* A module-level NAME = <constant>. */
static const struct py_node *ev_module_const(const struct ev *ev, const char *name)
{
	const struct py_node *v = ev_module_value(ev, name);
	return v && v->kind == PY_CONSTANT ? v : NULL;
}

/* ---- target_metadata's naming_convention ---- */

/* The kind a convention key names: "uq", or the class (sa.UniqueConstraint
 * ...), as SQLAlchemy's naming._get_convention looks them up. */
static int nc_kind(const struct py_node *key)
{
	static const char *const abbrev[] = { "uq", "fk", "ck", "pk" };
	static const char *const cls[] = { "UniqueConstraint", "ForeignKeyConstraint", "CheckConstraint",
					   "PrimaryKeyConstraint" };
	const char *name = key->kind == PY_NAME ? key->u.name.id : key->kind == PY_ATTRIBUTE ? key->u.attribute.attr : NULL;
	bool str = key->kind == PY_CONSTANT && key->u.constant.kind == PY_CONST_STR;
	for (int k = 0; k < ENVPY_NC_N; k++)
		if ((str && !strcmp(key->u.constant.value, abbrev[k])) || (name && !strcmp(name, cls[k])))
			return k;
	return -1;
}

/* The template slot of a convention key ("ix", sa.Index, "uq" ...), or -1. */
static int nc_template_kind(const struct py_node *key)
{
	static const int slot[] = { NAMING_UQ, NAMING_FK, NAMING_CK, NAMING_PK };
	int k = nc_kind(key);
	if (k >= 0)
		return slot[k];
	const char *name = key->kind == PY_NAME ? key->u.name.id : key->kind == PY_ATTRIBUTE ? key->u.attribute.attr : NULL;
	bool str = key->kind == PY_CONSTANT && key->u.constant.kind == PY_CONST_STR;
	if ((str && !strcmp(key->u.constant.value, "ix")) || (name && !strcmp(name, "Index")))
		return NAMING_IX;
	return -1;
}

static void nc_read(struct ev *ev, const struct py_node *meta)
{
	for (int k = 0; k < ENVPY_NC_N; k++)
		ev->out->naming[k] = ENVPY_NAMING_NONE;
	naming_default(&ev->out->convention);
	const struct py_node *at = meta;
	if (meta && meta->kind == PY_NAME)
		meta = ev_module_value(ev, meta->u.name.id);
	if (meta && meta->kind == PY_CONSTANT)
		return; /* None */
	const struct py_node *f = meta && meta->kind == PY_CALL ? meta->u.call.func : NULL;
	const char *fn = !f ? "" : f->kind == PY_NAME ? f->u.name.id : f->kind == PY_ATTRIBUTE ? f->u.attribute.attr : "";
	if (strcmp(fn, "MetaData") != 0) {
		/* Base.metadata of the application's models: its convention (if
		 * any) names what op.* creates, and cupel cannot see it */
		struct span sp = { ev->file, at ? at->line : 0, at ? at->col : 0, 0 };
		diag_push(ev->diags, DIAG_NOTE, "envpy-metadata", sp,
			  "target_metadata is not a MetaData(...) of env.py: a naming_convention it has is not seen, "
			  "and cupel names constraints and indexes by SQLAlchemy's default");
		return;
	}
	const struct py_node *d = NULL;
	for (size_t i = 0; i < meta->u.call.keywords.n; i++) {
		const struct py_node *kw = meta->u.call.keywords.items[i];
		if (kw->u.keyword.arg && !strcmp(kw->u.keyword.arg, "naming_convention"))
			d = kw->u.keyword.value;
	}
	if (d && d->kind == PY_NAME)
		d = ev_module_value(ev, d->u.name.id);
	/* a dict replaces SQLAlchemy's default, unless it is empty */
	if (d && d->kind == PY_DICT && d->u.dict.keys.n)
		memset(&ev->out->convention, 0, sizeof(ev->out->convention));
	for (size_t i = 0; d && d->kind == PY_DICT && i < d->u.dict.keys.n; i++) {
		const struct py_node *key = d->u.dict.keys.items[i], *v = d->u.dict.values.items[i];
		int t = key ? nc_template_kind(key) : -1;
		if (t >= 0 && v->kind == PY_CONSTANT && v->u.constant.kind == PY_CONST_STR)
			ev->out->convention.tpl[t] = v->u.constant.value;
		int k = key ? nc_kind(key) : -1;
		if (k < 0 || v->kind != PY_CONSTANT || v->u.constant.kind != PY_CONST_STR)
			continue;
		ev->out->naming[k] = strstr(v->u.constant.value, "%(constraint_name)s") ? ENVPY_NAMING_NEEDS_NAME
										       : ENVPY_NAMING_NAMES;
	}
}

/* config.get_main_option("key"[, default]) (also context.config. and
 * config.get_section_option(config.config_ini_section, "key")): the
 * value of the ini's main section, else the default, as a string node. */
static const struct py_node *ev_ini_option(const struct ev *ev, const struct py_node *v)
{
	const struct py_node *f = v->u.call.func;
	if (!ev->src || !ev->src->ini || f->kind != PY_ATTRIBUTE || strcmp(f->u.attribute.attr, "get_main_option") ||
	    !v->u.call.args.n)
		return NULL;
	const struct py_node *k = v->u.call.args.items[0];
	if (k->kind != PY_CONSTANT || k->u.constant.kind != PY_CONST_STR)
		return NULL;
	const char *val = ini_get(ev->src->ini, ev->a, ev->diags, ev->src->section, k->u.constant.value);
	if (!val)
		return v->u.call.args.n > 1 && v->u.call.args.items[1]->kind == PY_CONSTANT ? v->u.call.args.items[1]
											 : NULL;
	struct py_node *c = arena_alloc(ev->a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->kind = PY_CONSTANT;
	c->line = v->line;
	c->col = v->col;
	c->u.constant.kind = PY_CONST_STR;
	c->u.constant.value = val;
	c->u.constant.len = strlen(val);
	return c;
}

static const struct py_node *ev_const(const struct ev *ev, const struct py_node *v)
{
	if (v->kind == PY_NAME)
		return ev_module_const(ev, v->u.name.id);
	if (v->kind == PY_CALL)
		return ev_ini_option(ev, v);
	return v->kind == PY_CONSTANT ? v : NULL;
}

static void ev_note(struct ev *ev, const struct py_node *kw, const char *what)
{
	struct span sp = { ev->file, kw->line, kw->col, 0 };
	diag_push(ev->diags, DIAG_NOTE, "envpy-dynamic", sp,
		  "context.configure(%s=...) is not a constant; cupel assumes %s", kw->u.keyword.arg, what);
}

static void ev_option(struct ev *ev, const struct py_node *kw, bool preferred);

/* The keywords of configure(**NAME) with NAME = {"k": v} or dict(k=v) at
 * module level, each as if written in the call. */
static void ev_double_star(struct ev *ev, const struct py_node *v, bool preferred)
{
	if (v->kind == PY_NAME)
		v = ev_module_value(ev, v->u.name.id);
	if (!v) {
		return;
	}
	if (v->kind == PY_CALL && v->u.call.func->kind == PY_NAME && !strcmp(v->u.call.func->u.name.id, "dict")) {
		for (size_t i = 0; i < v->u.call.keywords.n; i++)
			if (v->u.call.keywords.items[i]->u.keyword.arg)
				ev_option(ev, v->u.call.keywords.items[i], preferred);
		return;
	}
	for (size_t i = 0; v->kind == PY_DICT && i < v->u.dict.keys.n; i++) {
		const struct py_node *key = v->u.dict.keys.items[i];
		if (!key || key->kind != PY_CONSTANT || key->u.constant.kind != PY_CONST_STR)
			continue;
		struct py_node kw;
		memset(&kw, 0, sizeof(kw));
		kw.kind = PY_KEYWORD;
		kw.line = key->line;
		kw.col = key->col;
		kw.u.keyword.arg = key->u.constant.value;
		kw.u.keyword.value = v->u.dict.values.items[i];
		ev_option(ev, &kw, preferred);
	}
}

static void ev_configure(struct ev *ev, const struct py_node *call, bool preferred)
{
	for (size_t i = 0; i < call->u.call.keywords.n; i++) {
		const struct py_node *kw = call->u.call.keywords.items[i];
		if (kw->u.keyword.arg)
			ev_option(ev, kw, preferred);
		else
			ev_double_star(ev, kw->u.keyword.value, preferred);
	}
}

/* One keyword of context.configure(). */
static void ev_option(struct ev *ev, const struct py_node *kw, bool preferred)
{
	{
		int opt = -1;
		for (int k = 0; k < OPT_N; k++)
			if (strcmp(kw->u.keyword.arg, opt_names[k]) == 0)
				opt = k;
		if (opt < 0)
			return;
		/* a call of the other mode (online when cupel renders offline
		 * scripts, offline when it runs them) does not override */
		if (!preferred && ev->set_preferred[opt])
			return;
		if (opt == OPT_META) {
			nc_read(ev, kw->u.keyword.value);
			if (preferred)
				ev->set_preferred[opt] = true;
			return;
		}
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
				return;
			}
			o->version_table = arena_strndup(ev->a, c->u.constant.value, c->u.constant.len);
			break;
		case OPT_SCHEMA:
			if (!is_str && !is_none) {
				ev_note(ev, kw, "no schema");
				return;
			}
			o->version_table_schema =
				is_str ? arena_strndup(ev->a, c->u.constant.value, c->u.constant.len) : NULL;
			break;
		case OPT_PK:
		case OPT_TPM:
		case OPT_TDDL:
			if (!is_bool) {
				ev_note(ev, kw, opt == OPT_PK ? "True" : opt == OPT_TPM ? "False" : "the dialect's default");
				return;
			}
			if (opt == OPT_PK)
				o->version_table_pk = truth;
			else if (opt == OPT_TPM)
				o->transaction_per_migration = truth;
			else
				o->transactional_ddl = truth;
			break;
		}
		if (preferred)
			ev->set_preferred[opt] = true;
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
		if (!offline && n->u.call.func->kind == PY_ATTRIBUTE &&
		    (!strcmp(n->u.call.func->u.attribute.attr, "begin_transaction") ||
		     !strcmp(n->u.call.func->u.attribute.attr, "begin")))
			ev->out->online_transaction = true;
		if (ev_is_configure(n)) {
			ev->out->found = true;
			ev_configure(ev, n, offline == !(ev->src && ev->src->online));
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

/* ---- lock_timeout: what the migrations' session starts with ---- */

enum lt_effect { LT_NONE, LT_OFF, LT_ON };

static const char *lt_blanks(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

/* What one statement does to lock_timeout: `SET [SESSION|LOCAL]
 * lock_timeout = v` (or TO v) sets *value, unless v is 0 in any unit or
 * DEFAULT (PostgreSQL's reading: no timeout); RESET lock_timeout and
 * RESET ALL turn it off too. A value PostgreSQL refuses does nothing. */
static enum lt_effect lt_stmt(struct arena *a, const char *p, const char **value, bool *local)
{
	p = lt_blanks(p);
	*local = false;
	if (!strncasecmp(p, "RESET", 5) && (p[5] == ' ' || p[5] == '\t')) {
		p = lt_blanks(p + 5);
		bool all = !strncasecmp(p, "ALL", 3) && !isalnum((unsigned char)p[3]) && p[3] != '_';
		return all || (!strncasecmp(p, "lock_timeout", 12) && !isalnum((unsigned char)p[12]) && p[12] != '_')
			       ? LT_OFF
			       : LT_NONE;
	}
	if (strncasecmp(p, "SET", 3) != 0 || (p[3] != ' ' && p[3] != '\t'))
		return LT_NONE;
	p = lt_blanks(p + 3);
	if (!strncasecmp(p, "LOCAL ", 6) || !strncasecmp(p, "SESSION ", 8)) {
		*local = p[0] == 'L' || p[0] == 'l';
		p = lt_blanks(strchr(p, ' '));
	}
	if (strncasecmp(p, "lock_timeout", 12) != 0)
		return LT_NONE;
	p = lt_blanks(p + 12);
	if (*p == '=')
		p++;
	else if (!strncasecmp(p, "TO ", 3))
		p += 3;
	else
		return LT_NONE;
	p = lt_blanks(p);
	size_t n;
	if (*p == '\'' || *p == '"') {
		const char *q = strchr(p + 1, *p);
		n = q ? (size_t)(q - p - 1) : strlen(p + 1);
		p++;
	} else {
		n = strcspn(p, "; \t\n\r");
		if (n == 7 && !strncasecmp(p, "DEFAULT", 7))
			return LT_OFF;
	}
	const char *v = arena_strndup(a, p, n);
	enum pgq_timeout t = pgq_timeout_value(v);
	if (t == PGQ_TIMEOUT_BAD)
		return LT_NONE;
	*value = v;
	return t == PGQ_TIMEOUT_ON ? LT_ON : LT_OFF;
}

/* What sql, its ';'-separated statements in order, leaves lock_timeout
 * at (the last statement about it wins); *local for SET LOCAL. */
static enum lt_effect lt_sql_value(struct arena *a, const char *sql, const char **value, bool *local)
{
	enum lt_effect e = LT_NONE;
	for (const char *s = sql; s && *s; s = strchr(s, ';') ? strchr(s, ';') + 1 : NULL) {
		const char *v = NULL;
		bool loc;
		enum lt_effect x = lt_stmt(a, s, &v, &loc);
		if (x != LT_NONE) {
			e = x;
			*value = v;
			*local = loc;
		}
	}
	return e;
}

/* "-c lock_timeout=2s" (or -clock_timeout=) in a libpq options string:
 * the value, NULL when absent or 0. */
static const char *lt_options_value(struct arena *a, const char *s)
{
	for (const char *o = strstr(s, "lock_timeout="); o; o = strstr(o + 1, "lock_timeout=")) {
		const char *b = o;
		while (b > s && b[-1] == ' ')
			b--;
		if (b - s < 2 || strncmp(b - 2, "-c", 2) != 0)
			continue;
		const char *v = o + strlen("lock_timeout=");
		size_t n = strcspn(v, " '\"");
		const char *val = n ? arena_strndup(a, v, n) : NULL;
		if (val && pgq_timeout_value(val) == PGQ_TIMEOUT_ON)
			return val;
	}
	return NULL;
}

struct lt {
	struct ev *ev;
	bool ran;          /* context.run_migrations() seen in this function */
	/* a SET LOCAL before the migrations ran: it lasts the transaction
	 * they run in (the one begin_transaction() continues) */
	const char *local;
	unsigned local_line;
	bool local_off;    /* ... or a SET LOCAL of 0 / DEFAULT there */
};

static const char *lt_str(const struct ev *ev, const struct py_node *n)
{
	const struct py_node *c = n ? ev_const(ev, n) : NULL;
	return c && c->u.constant.kind == PY_CONST_STR ? c->u.constant.value : NULL;
}

static const char *lt_attr(const struct py_node *call)
{
	const struct py_node *f = call->u.call.func;
	return f->kind == PY_ATTRIBUTE ? f->u.attribute.attr : f->kind == PY_NAME ? f->u.name.id : "";
}

/* The session settings of sql (SET name ..., not LOCAL, TRANSACTION or
 * CONSTRAINTS; PRAGMA name ...), each added to out->session. */
static void session_collect(struct ev *ev, const char *sql)
{
	for (const char *st = sql; st && *st; st = strchr(st, ';') ? strchr(st, ';') + 1 : NULL) {
		const char *b = lt_blanks(st);
		size_t n = strcspn(b, ";");
		while (n && strchr(" \t\r\n", b[n - 1]))
			n--;
		bool set = !strncasecmp(b, "SET", 3) && (b[3] == ' ' || b[3] == '\t' || b[3] == '\n');
		bool pragma = !strncasecmp(b, "PRAGMA", 6) && (b[6] == ' ' || b[6] == '\t');
		if (set) {
			const char *w = lt_blanks(b + 3);
			if (!strncasecmp(w, "LOCAL", 5) || !strncasecmp(w, "TRANSACTION", 11) ||
			    !strncasecmp(w, "CONSTRAINTS", 11) || !strncasecmp(w, "SESSION CHARACTERISTICS", 23))
				set = false;
		}
		if (!set && !pragma)
			continue;
		struct envpy_config *o = ev->out;
		o->session = arena_grow(ev->a, (void *)o->session, o->n_session, o->n_session + 1, sizeof(*o->session));
		o->session[o->n_session++] = arena_strndup(ev->a, b, n);
	}
}

/* connection.execute(text("SET ...")), .exec_driver_sql("SET ..."),
 * context.execute("SET ..."), op.execute("SET ...") */
static void lt_execute(struct lt *lt, const struct py_node *call)
{
	if (lt->ran || !call->u.call.args.n)
		return;
	const struct py_node *arg = call->u.call.args.items[0];
	const char *sql = lt_str(lt->ev, arg);
	if (!sql && arg->kind == PY_CALL && !strcmp(lt_attr(arg), "text") && arg->u.call.args.n)
		sql = lt_str(lt->ev, arg->u.call.args.items[0]);
	if (sql && strcmp(lt_attr(call), "execute") == 0 && call->u.call.func->kind == PY_ATTRIBUTE &&
	    call->u.call.func->u.attribute.value->kind == PY_NAME &&
	    (!strcmp(call->u.call.func->u.attribute.value->u.name.id, "context") ||
	     !strcmp(call->u.call.func->u.attribute.value->u.name.id, "op")))
		; /* context.execute() runs inside the migrations' transaction */
	else if (sql)
		session_collect(lt->ev, sql);
	bool local = false;
	const char *v = NULL;
	enum lt_effect e = sql ? lt_sql_value(lt->ev->a, sql, &v, &local) : LT_NONE;
	if (e == LT_NONE)
		return;
	/* 0 / DEFAULT / RESET: no timeout from here on; a session SET
	 * overrides a SET LOCAL before it too */
	if (!local) {
		lt->ev->out->lock_timeout = e == LT_ON ? v : NULL;
		lt->ev->out->lock_timeout_line = e == LT_ON ? call->line : 0;
		lt->local = NULL;
		lt->local_off = false;
	} else if (e == LT_OFF) {
		lt->local = NULL;
		lt->local_off = true;
	} else if (!lt->local) {
		lt->local = v;
		lt->local_line = call->line;
		lt->local_off = false;
	}
}

static void lt_node(struct lt *lt, const struct py_node *n);

static void lt_list(struct lt *lt, const struct py_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		lt_node(lt, l->items[i]);
}

static void lt_node(struct lt *lt, const struct py_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case PY_MODULE:
		lt_list(lt, &n->u.module.body);
		break;
	case PY_FUNCTION_DEF: {
		struct lt inner = { lt->ev, false, NULL, 0, false };
		lt_list(&inner, &n->u.function_def.body);
		if (inner.local && !lt->local) {
			lt->local = inner.local;
			lt->local_line = inner.local_line;
		}
		lt->local_off |= inner.local_off;
		break;
	}
	case PY_EXPR_STMT:
		lt_node(lt, n->u.expr_stmt.value);
		break;
	case PY_ASSIGN:
		lt_node(lt, n->u.assign.value);
		break;
	case PY_IF:
		lt_list(lt, &n->u.if_.body);
		lt_list(lt, &n->u.if_.orelse);
		break;
	case PY_TRY:
		lt_list(lt, &n->u.try_.body);
		lt_list(lt, &n->u.try_.finalbody);
		break;
	case PY_WITH:
		for (size_t i = 0; i < n->u.with.items.n; i++)
			lt_node(lt, n->u.with.items.items[i]->u.with_item.context_expr);
		lt_list(lt, &n->u.with.body);
		break;
	case PY_CALL: {
		const char *f = lt_attr(n);
		if (!strcmp(f, "execute") || !strcmp(f, "exec_driver_sql"))
			lt_execute(lt, n);
		lt_node(lt, n->u.call.func);
		lt_list(lt, &n->u.call.args);
		lt_list(lt, &n->u.call.keywords);
		if (!strcmp(f, "run_migrations"))
			lt->ran = true;
		break;
	}
	case PY_KEYWORD:
		lt_node(lt, n->u.keyword.value);
		break;
	case PY_DICT:
		lt_list(lt, &n->u.dict.values);
		break;
	case PY_CONSTANT: {
		/* libpq options: connect_args={"options": "-c lock_timeout=2s"} */
		const char *v = n->u.constant.kind == PY_CONST_STR ? lt_options_value(lt->ev->a, n->u.constant.value) : NULL;
		if (v) {
			lt->ev->out->lock_timeout = v;
			lt->ev->out->lock_timeout_line = n->line;
		}
		break;
	}
	default:
		break;
	}
}

void envpy_read(struct arena *a, struct diag_list *diags, const char *script_location,
		struct envpy_config *out)
{
	envpy_read_from(a, diags, script_location, NULL, out);
}

void envpy_read_from(struct arena *a, struct diag_list *diags, const char *script_location,
		     const struct envpy_source *source, struct envpy_config *out)
{
	out->session = NULL;
	out->n_session = 0;
	out->version_table = "alembic_version";
	out->version_table_schema = NULL;
	out->version_table_pk = true;
	out->transaction_per_migration = false;
	out->transactional_ddl = -1;
	out->found = false;
	out->online_transaction = false;
	out->lock_timeout = NULL;
	out->lock_timeout_line = 0;
	for (int k = 0; k < ENVPY_NC_N; k++)
		out->naming[k] = ENVPY_NAMING_NONE;
	naming_default(&out->convention);
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
	struct ev ev = { a, diags, file, NULL, out, source, { false } };
	ev.m = py_parse(a, diags, file, src, len);
	if (ev.m && ev.m->root) {
		ev_walk(&ev, ev.m->root, false);
		struct lt lt = { &ev, false, NULL, 0, false };
		lt_node(&lt, ev.m->root);
		/* SET LOCAL lasts the transaction: all the migrations, unless
		 * each has its own (PostgreSQL agrees: tests/lint/live.sh) */
		if (lt.local_off && !out->transaction_per_migration) {
			out->lock_timeout = NULL;
			out->lock_timeout_line = 0;
		} else if (!out->lock_timeout && lt.local && !out->transaction_per_migration) {
			out->lock_timeout = lt.local;
			out->lock_timeout_line = lt.local_line;
		}
	}
}
