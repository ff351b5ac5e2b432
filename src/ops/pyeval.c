/* pyeval.c - evaluate the constant subset of Python; calls stay data. */
#include <stdlib.h>
#include <string.h>

#include "cupel/pyeval.h"
#include "cupel/pystr.h"
#include "cupel/strbuf.h"

void pyenv_init(struct pyenv *env, struct arena *a, const struct pyenv *parent)
{
	env->a = a;
	env->parent = parent;
	env->v = NULL;
	env->n = env->cap = 0;
}

void pyenv_bind(struct pyenv *env, const char *name, const struct pyv *value)
{
	if (env->n == env->cap) {
		size_t cap = env->cap ? env->cap * 2 : 16;
		env->v = arena_grow(env->a, env->v, env->n, cap, sizeof(*env->v));
		env->cap = cap;
	}
	env->v[env->n].name = name;
	env->v[env->n].value = value;
	env->n++;
}

const struct pyv *pyenv_lookup(const struct pyenv *env, const char *name)
{
	for (; env; env = env->parent)
		for (size_t i = env->n; i-- > 0;)
			if (strcmp(env->v[i].name, name) == 0)
				return env->v[i].value;
	return NULL;
}

const struct pyv *pyv_unknown(struct arena *a, const struct py_node *n, const char *why)
{
	struct pyv *v = arena_alloc(a, sizeof(*v));
	v->kind = PYV_UNKNOWN;
	v->node = n;
	v->why = why;
	return v;
}

static struct pyv *pyv_new(struct arena *a, enum pyv_kind k, const struct py_node *n)
{
	struct pyv *v = arena_alloc(a, sizeof(*v));
	v->kind = k;
	v->node = n;
	return v;
}

static const struct pyv *pyv_name(struct arena *a, const struct py_node *n, const char *path)
{
	struct pyv *v = pyv_new(a, PYV_NAME, n);
	v->s = path;
	return v;
}

void pyenv_bind_stmt(struct pyenv *env, const struct py_node *st)
{
	struct arena *a = env->a;
	switch (st->kind) {
	case PY_IMPORT:
		for (size_t i = 0; i < st->u.import.names.n; i++) {
			const struct py_node *al = st->u.import.names.items[i];
			const char *full = al->u.alias.name;
			if (al->u.alias.asname) {
				pyenv_bind(env, al->u.alias.asname, pyv_name(a, st, full));
			} else {
				/* "import a.b" binds a */
				const char *dot = strchr(full, '.');
				const char *top = dot ? arena_strndup(a, full, (size_t)(dot - full)) : full;
				pyenv_bind(env, top, pyv_name(a, st, top));
			}
		}
		break;
	case PY_IMPORT_FROM:
		for (size_t i = 0; i < st->u.import_from.names.n; i++) {
			const struct py_node *al = st->u.import_from.names.items[i];
			const char *mod = st->u.import_from.module ? st->u.import_from.module : "";
			const char *path = st->u.import_from.level ? arena_printf(a, ".%s.%s", mod, al->u.alias.name)
								   : arena_printf(a, "%s.%s", mod, al->u.alias.name);
			pyenv_bind(env, al->u.alias.asname ? al->u.alias.asname : al->u.alias.name,
				   pyv_name(a, st, path));
		}
		break;
	case PY_ASSIGN: {
		const struct pyv *v = pyeval(env, st->u.assign.value);
		for (size_t i = 0; i < st->u.assign.targets.n; i++) {
			const struct py_node *t = st->u.assign.targets.items[i];
			if (t->kind == PY_NAME) {
				pyenv_bind(env, t->u.name.id, v);
			} else if (t->kind == PY_TUPLE || t->kind == PY_LIST) {
				for (size_t k = 0; k < t->u.seq.elts.n; k++) {
					const struct py_node *tk = t->u.seq.elts.items[k];
					if (tk->kind != PY_NAME)
						continue;
					const struct pyv *item = v->kind == PYV_SEQ && v->n == t->u.seq.elts.n
						? v->items[k] : pyv_unknown(a, st, "unpacking of a value cupel cannot see");
					pyenv_bind(env, tk->u.name.id, item);
				}
			}
		}
		break;
	}
	case PY_ANNASSIGN:
		if (st->u.annassign.value && st->u.annassign.target->kind == PY_NAME)
			pyenv_bind(env, st->u.annassign.target->u.name.id, pyeval(env, st->u.annassign.value));
		break;
	case PY_AUGASSIGN:
		if (st->u.augassign.target->kind == PY_NAME) {
			const struct py_node *t = st->u.augassign.target;
			const struct pyv *l = pyeval(env, t);
			const struct pyv *r = pyeval(env, st->u.augassign.value);
			if (strcmp(st->u.augassign.op, "+=") == 0 && l->kind == PYV_STR && r->kind == PYV_STR) {
				struct pyv *v = pyv_new(a, PYV_STR, st);
				v->s = arena_printf(a, "%s%s", l->s, r->s);
				v->len = l->len + r->len;
				pyenv_bind(env, t->u.name.id, v);
			} else {
				pyenv_bind(env, t->u.name.id, pyv_unknown(a, st, "a value changed by an augmented assignment"));
			}
		}
		break;
	case PY_FUNCTION_DEF: {
		/* a function: kept as data so that calls of local helpers can be
		 * followed by the interpreter */
		struct pyv *v = pyv_new(a, PYV_NAME, st);
		v->s = arena_printf(a, "<def>.%s", st->u.function_def.name);
		pyenv_bind(env, st->u.function_def.name, v);
		break;
	}
	case PY_CLASS_DEF:
		pyenv_bind(env, st->u.class_def.name, pyv_unknown(a, st, "a class defined in the script"));
		break;
	default:
		break;
	}
}

static const struct pyv *pyeval_seq(const struct pyenv *env, const struct py_node *e)
{
	struct pyv *v = pyv_new(env->a, PYV_SEQ, e);
	v->n = e->u.seq.elts.n;
	v->items = arena_alloc(env->a, (v->n ? v->n : 1) * sizeof(*v->items));
	for (size_t i = 0; i < v->n; i++) {
		const struct py_node *it = e->u.seq.elts.items[i];
		if (it->kind == PY_STARRED) {
			const struct pyv *inner = pyeval(env, it->u.starred.value);
			if (inner->kind != PYV_SEQ)
				return pyv_unknown(env->a, e, "unpacking of a value cupel cannot see");
			/* splice */
			size_t nn = v->n - 1 + inner->n;
			const struct pyv **items = arena_alloc(env->a, (nn ? nn : 1) * sizeof(*items));
			memcpy(items, v->items, i * sizeof(*items));
			memcpy(items + i, inner->items, inner->n * sizeof(*items));
			for (size_t k = i + 1; k < v->n; k++)
				items[k - 1 + inner->n] = pyeval(env, e->u.seq.elts.items[k]);
			v->items = items;
			v->n = nn;
			return v;
		}
		v->items[i] = pyeval(env, it);
	}
	return v;
}

static const struct pyv *pyeval_joined(const struct pyenv *env, const struct py_node *e)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < e->u.joined_str.values.n; i++) {
		const struct py_node *part = e->u.joined_str.values.items[i];
		const struct pyv *v;
		if (part->kind == PY_FORMATTED_VALUE) {
			if (part->u.formatted_value.format_spec || part->u.formatted_value.conversion == 'r' ||
			    part->u.formatted_value.conversion == 'a') {
				strbuf_release(&sb);
				return pyv_unknown(env->a, e, "an f-string with a format it cannot evaluate");
			}
			v = pyeval(env, part->u.formatted_value.value);
		} else {
			v = pyeval(env, part);
		}
		if (v->kind == PYV_STR || v->kind == PYV_INT || v->kind == PYV_FLOAT) {
			strbuf_add(&sb, v->s, v->kind == PYV_STR ? v->len : strlen(v->s));
		} else if (v->kind == PYV_BOOL) {
			strbuf_adds(&sb, v->b ? "True" : "False");
		} else if (v->kind == PYV_NONE) {
			strbuf_adds(&sb, "None");
		} else {
			strbuf_release(&sb);
			return pyv_unknown(env->a, e, v->why ? v->why : "an f-string of values only known when it runs");
		}
	}
	struct pyv *r = pyv_new(env->a, PYV_STR, e);
	r->s = arena_strndup(env->a, strbuf_str(&sb), sb.len);
	r->len = sb.len;
	strbuf_release(&sb);
	return r;
}

static const struct pyv *pyeval_call(const struct pyenv *env, const struct py_node *e)
{
	struct arena *a = env->a;
	const struct py_node *f = e->u.call.func;
	struct pyv *v = pyv_new(a, PYV_CALL, e);
	if (f->kind == PY_ATTRIBUTE) {
		const struct pyv *recv = pyeval(env, f->u.attribute.value);
		if (recv->kind == PYV_NAME) {
			v->callee = arena_printf(a, "%s.%s", recv->s, f->u.attribute.attr);
		} else {
			/* a method of a value: ".create" with the receiver */
			v->callee = arena_printf(a, ".%s", f->u.attribute.attr);
			v->self = recv;
		}
	} else if (f->kind == PY_NAME) {
		const struct pyv *b = pyenv_lookup(env, f->u.name.id);
		if (b && b->kind == PYV_NAME)
			v->callee = b->s;
		else if (!b)
			v->callee = f->u.name.id; /* a builtin or an unknown name */
		else
			return pyv_unknown(a, e, "a call of a value cupel cannot see");
	} else {
		const struct pyv *callee = pyeval(env, f);
		if (callee->kind != PYV_CALL)
			return pyv_unknown(a, e, "a call of an expression cupel cannot see");
		v->callee = "()";
		v->self = callee;
	}
	v->n = e->u.call.args.n;
	v->items = arena_alloc(a, (v->n ? v->n : 1) * sizeof(*v->items));
	for (size_t i = 0; i < v->n; i++) {
		const struct py_node *arg = e->u.call.args.items[i];
		v->items[i] = arg->kind == PY_STARRED ? pyv_unknown(a, arg, "*args") : pyeval(env, arg);
	}
	v->n_kws = e->u.call.keywords.n;
	struct pyv_kw *kws = arena_alloc(a, (v->n_kws ? v->n_kws : 1) * sizeof(*kws));
	for (size_t i = 0; i < v->n_kws; i++) {
		const struct py_node *kw = e->u.call.keywords.items[i];
		kws[i].name = kw->u.keyword.arg;
		kws[i].value = kw->u.keyword.arg ? pyeval(env, kw->u.keyword.value) : pyv_unknown(a, kw, "**kwargs");
	}
	v->kws = kws;
	return v;
}

static bool pyv_number(const struct pyv *v, double *out)
{
	if (v->kind == PYV_INT || v->kind == PYV_FLOAT) {
		*out = strtod(v->s, NULL);
		return true;
	}
	return false;
}

const struct pyv *pyeval(const struct pyenv *env, const struct py_node *e)
{
	struct arena *a = env->a;
	if (!e)
		return pyv_unknown(a, e, "nothing");
	switch (e->kind) {
	case PY_CONSTANT: {
		struct pyv *v;
		switch (e->u.constant.kind) {
		case PY_CONST_NONE: return pyv_new(a, PYV_NONE, e);
		case PY_CONST_TRUE:
		case PY_CONST_FALSE:
			v = pyv_new(a, PYV_BOOL, e);
			v->b = e->u.constant.kind == PY_CONST_TRUE;
			return v;
		case PY_CONST_INT:
		case PY_CONST_FLOAT:
			v = pyv_new(a, e->u.constant.kind == PY_CONST_INT ? PYV_INT : PYV_FLOAT, e);
			v->s = e->u.constant.value;
			v->len = e->u.constant.len;
			return v;
		case PY_CONST_STR:
		case PY_CONST_BYTES:
			v = pyv_new(a, e->u.constant.kind == PY_CONST_STR ? PYV_STR : PYV_BYTES, e);
			v->s = e->u.constant.value;
			v->len = e->u.constant.len;
			return v;
		default:
			return pyv_unknown(a, e, "a constant cupel does not model");
		}
	}
	case PY_JOINED_STR:
		return pyeval_joined(env, e);
	case PY_NAME: {
		const struct pyv *b = pyenv_lookup(env, e->u.name.id);
		if (b)
			return b;
		return pyv_name(a, e, e->u.name.id); /* builtins, unknown globals */
	}
	case PY_ATTRIBUTE: {
		const struct pyv *base = pyeval(env, e->u.attribute.value);
		if (base->kind == PYV_NAME)
			return pyv_name(a, e, arena_printf(a, "%s.%s", base->s, e->u.attribute.attr));
		/* attribute of a call result, e.g. op.get_bind().dialect.name */
		struct pyv *v = pyv_new(a, PYV_CALL, e);
		v->callee = arena_printf(a, ".%s@attr", e->u.attribute.attr);
		v->self = base;
		return v;
	}
	case PY_TUPLE:
	case PY_LIST:
		return pyeval_seq(env, e);
	case PY_DICT: {
		struct pyv *v = pyv_new(a, PYV_DICT, e);
		v->n = e->u.dict.keys.n;
		v->items = arena_alloc(a, (v->n ? v->n : 1) * sizeof(*v->items));
		v->values = arena_alloc(a, (v->n ? v->n : 1) * sizeof(*v->values));
		for (size_t i = 0; i < v->n; i++) {
			if (!e->u.dict.keys.items[i])
				return pyv_unknown(a, e, "a dict built with ** unpacking");
			v->items[i] = pyeval(env, e->u.dict.keys.items[i]);
			v->values[i] = pyeval(env, e->u.dict.values.items[i]);
		}
		return v;
	}
	case PY_CALL: {
		const struct pyv *v = pyeval_call(env, e);
		/* textwrap.dedent(...), "...".strip() and kin */
		const struct pyv *str = pystr_call(a, v);
		if (str)
			return str;
		/* str() of a module constant, as in "... = " + str(LIMIT) */
		if (v->kind == PYV_CALL && v->callee && !strcmp(v->callee, "str") && !v->self && v->n == 1 &&
		    !v->n_kws && (v->items[0]->kind == PYV_INT || v->items[0]->kind == PYV_STR)) {
			struct pyv *r = pyv_new(a, PYV_STR, e);
			r->s = v->items[0]->s;
			r->len = strlen(r->s);
			return r;
		}
		return v;
	}
	case PY_COMPARE: {
		/* kept as data: a SQLAlchemy column comparison (sa.column("a") > 5)
		 * is rendered as SQL by the operations layer */
		if (e->u.compare.comparators.n != 1)
			return pyv_unknown(a, e, "a chained comparison");
		struct pyv *v = pyv_new(a, PYV_CALL, e);
		v->callee = "<compare>";
		v->s = e->u.compare.ops[0];
		v->n = 2;
		v->items = arena_alloc(a, 2 * sizeof(*v->items));
		v->items[0] = pyeval(env, e->u.compare.left);
		v->items[1] = pyeval(env, e->u.compare.comparators.items[0]);
		return v;
	}
	case PY_IF_EXP: {
		/* decided when the test is known (e.g. a dialect test the
		 * interpreter already evaluated into a bool) */
		const struct pyv *t = pyeval(env, e->u.if_exp.test);
		if (t->kind == PYV_BOOL)
			return pyeval(env, t->b ? e->u.if_exp.body : e->u.if_exp.orelse);
		if (t->kind == PYV_NONE)
			return pyeval(env, e->u.if_exp.orelse);
		return pyv_unknown(a, e, "a conditional expression cupel cannot decide");
	}
	case PY_UNARY_OP: {
		const struct pyv *o = pyeval(env, e->u.unary_op.operand);
		if (strcmp(e->u.unary_op.op, "-") == 0 && (o->kind == PYV_INT || o->kind == PYV_FLOAT)) {
			struct pyv *v = pyv_new(a, o->kind, e);
			v->s = o->s[0] == '-' ? o->s + 1 : arena_printf(a, "-%s", o->s);
			return v;
		}
		if (strcmp(e->u.unary_op.op, "not") == 0 && o->kind == PYV_BOOL) {
			struct pyv *v = pyv_new(a, PYV_BOOL, e);
			v->b = !o->b;
			return v;
		}
		if (!strcmp(e->u.unary_op.op, "~") && o->kind == PYV_CALL) {
			/* kept as data: the negation of a SQLAlchemy clause */
			struct pyv *v = pyv_new(a, PYV_CALL, e);
			v->callee = "<unary>";
			v->s = "~";
			v->n = 1;
			v->items = arena_alloc(a, sizeof(*v->items));
			v->items[0] = o;
			return v;
		}
		return pyv_unknown(a, e, "an expression cupel does not evaluate");
	}
	case PY_BIN_OP: {
		const struct pyv *l = pyeval(env, e->u.bin_op.left);
		const struct pyv *r = pyeval(env, e->u.bin_op.right);
		const char *op = e->u.bin_op.op;
		if (strcmp(op, "+") == 0 && l->kind == PYV_STR && r->kind == PYV_STR) {
			struct pyv *v = pyv_new(a, PYV_STR, e);
			char *s = arena_alloc(a, l->len + r->len + 1);
			memcpy(s, l->s, l->len);
			memcpy(s + l->len, r->s, r->len);
			v->s = s;
			v->len = l->len + r->len;
			return v;
		}
		if (strcmp(op, "+") == 0 && l->kind == PYV_SEQ && r->kind == PYV_SEQ) {
			struct pyv *v = pyv_new(a, PYV_SEQ, e);
			v->n = l->n + r->n;
			v->items = arena_alloc(a, (v->n ? v->n : 1) * sizeof(*v->items));
			memcpy(v->items, l->items, l->n * sizeof(*v->items));
			memcpy(v->items + l->n, r->items, r->n * sizeof(*v->items));
			return v;
		}
		if (strcmp(op, "%") == 0 && l->kind == PYV_STR)
			return pyv_unknown(a, e, "%-formatting of a string");
		double x, y;
		if (pyv_number(l, &x) && pyv_number(r, &y) && l->kind == PYV_INT && r->kind == PYV_INT &&
		    strchr("+-*", op[0]) && !op[1]) {
			long long xi = strtoll(l->s, NULL, 10), yi = strtoll(r->s, NULL, 10);
			long long z = op[0] == '+' ? xi + yi : op[0] == '-' ? xi - yi : xi * yi;
			struct pyv *v = pyv_new(a, PYV_INT, e);
			v->s = arena_printf(a, "%lld", z);
			return v;
		}
		if ((l->kind == PYV_CALL || r->kind == PYV_CALL) && strchr("+-*/&|", op[0]) && !op[1]) {
			/* kept as data: SQLAlchemy column arithmetic and & | of clauses */
			struct pyv *v = pyv_new(a, PYV_CALL, e);
			v->callee = "<binop>";
			v->s = op;
			v->n = 2;
			v->items = arena_alloc(a, 2 * sizeof(*v->items));
			v->items[0] = l;
			v->items[1] = r;
			return v;
		}
		return pyv_unknown(a, e, "an expression cupel does not evaluate");
	}
	default:
		return pyv_unknown(a, e, "an expression cupel does not evaluate");
	}
}

const struct pyv *pyv_kw(const struct pyv *call, const char *name)
{
	if (!call || call->kind != PYV_CALL)
		return NULL;
	for (size_t i = 0; i < call->n_kws; i++)
		if (call->kws[i].name && strcmp(call->kws[i].name, name) == 0)
			return call->kws[i].value;
	return NULL;
}

const struct pyv *pyv_arg(const struct pyv *call, size_t i)
{
	if (!call || call->kind != PYV_CALL || i >= call->n)
		return NULL;
	return call->items[i];
}

bool pyv_is_str(const struct pyv *v)
{
	return v && v->kind == PYV_STR;
}

const char *pyv_basename(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot ? dot + 1 : path;
}

bool pyv_callee_is(const struct pyv *v, const char *name)
{
	if (!v || v->kind != PYV_CALL || !v->callee)
		return false;
	size_t n = strlen(name), m = strlen(v->callee);
	if (m == n)
		return strcmp(v->callee, name) == 0;
	return m > n && v->callee[m - n - 1] == '.' && strcmp(v->callee + m - n, name) == 0;
}
