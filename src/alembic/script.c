/* script.c - the metadata of a migration script, read as Python would
 * evaluate its module-level assignments, without running it. */
#include <ctype.h>
#include <string.h>

#include "cupel/py_ast.h"
#include "cupel/script.h"
#include "cupel/text.h"

/* A value of the tiny constant language module metadata is written in. */
enum pv_kind { PV_UNKNOWN, PV_NONE, PV_STR, PV_SEQ, PV_OTHER };

struct pv {
	enum pv_kind kind;
	const char *s;     /* PV_STR */
	struct pv *items;  /* PV_SEQ */
	size_t n;
};

/* Module-level names bound so far, newest last (later bindings win). */
struct env_entry {
	const char *name;
	struct pv value;
	const struct py_node *stmt;
	const struct py_node *expr;
};

struct env {
	struct env_entry *v;
	size_t n, cap;
};

static const struct env_entry *env_find(const struct env *env, const char *name)
{
	for (size_t i = env->n; i-- > 0;)
		if (strcmp(env->v[i].name, name) == 0)
			return &env->v[i];
	return NULL;
}

static void env_bind(struct env *env, struct arena *a, const char *name, struct pv value,
		     const struct py_node *stmt, const struct py_node *expr)
{
	if (env->n == env->cap) {
		size_t cap = env->cap ? env->cap * 2 : 16;
		env->v = arena_grow(a, env->v, env->n, cap, sizeof(*env->v));
		env->cap = cap;
	}
	env->v[env->n].name = name;
	env->v[env->n].value = value;
	env->v[env->n].stmt = stmt;
	env->v[env->n].expr = expr;
	env->n++;
}

static struct pv pv_eval(struct arena *a, const struct env *env, const struct py_node *e, int depth);

static struct pv pv_seq(struct arena *a, const struct env *env, const struct py_list *elts, int depth)
{
	struct pv r = { PV_SEQ, NULL, NULL, elts->n };
	r.items = arena_alloc(a, (elts->n ? elts->n : 1) * sizeof(*r.items));
	for (size_t i = 0; i < elts->n; i++) {
		r.items[i] = pv_eval(a, env, elts->items[i], depth + 1);
		if (r.items[i].kind == PV_UNKNOWN)
			return (struct pv){ PV_UNKNOWN, NULL, NULL, 0 };
	}
	return r;
}

static struct pv pv_eval(struct arena *a, const struct env *env, const struct py_node *e, int depth)
{
	struct pv unknown = { PV_UNKNOWN, NULL, NULL, 0 };
	if (!e || depth > 50)
		return unknown;
	switch (e->kind) {
	case PY_CONSTANT:
		switch (e->u.constant.kind) {
		case PY_CONST_NONE: return (struct pv){ PV_NONE, NULL, NULL, 0 };
		case PY_CONST_STR: return (struct pv){ PV_STR, e->u.constant.value, NULL, 0 };
		default: return (struct pv){ PV_OTHER, NULL, NULL, 0 };
		}
	case PY_JOINED_STR: {
		/* an f-string whose fields are all known strings */
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < e->u.joined_str.values.n; i++) {
			const struct py_node *part = e->u.joined_str.values.items[i];
			struct pv v = part->kind == PY_FORMATTED_VALUE
				? (part->u.formatted_value.format_spec || part->u.formatted_value.conversion == 'r' ||
				   part->u.formatted_value.conversion == 'a'
					   ? unknown
					   : pv_eval(a, env, part->u.formatted_value.value, depth + 1))
				: pv_eval(a, env, part, depth + 1);
			if (v.kind != PV_STR) {
				strbuf_release(&sb);
				return unknown;
			}
			strbuf_adds(&sb, v.s);
		}
		struct pv r = { PV_STR, arena_strndup(a, strbuf_str(&sb), sb.len), NULL, 0 };
		strbuf_release(&sb);
		return r;
	}
	case PY_TUPLE:
	case PY_LIST:
		return pv_seq(a, env, &e->u.seq.elts, depth);
	case PY_NAME: {
		const struct env_entry *b = env_find(env, e->u.name.id);
		return b ? b->value : unknown;
	}
	case PY_BIN_OP:
		if (strcmp(e->u.bin_op.op, "+") == 0) {
			struct pv l = pv_eval(a, env, e->u.bin_op.left, depth + 1);
			struct pv r = pv_eval(a, env, e->u.bin_op.right, depth + 1);
			if (l.kind == PV_STR && r.kind == PV_STR)
				return (struct pv){ PV_STR, arena_printf(a, "%s%s", l.s, r.s), NULL, 0 };
			if (l.kind == PV_SEQ && r.kind == PV_SEQ) {
				struct pv s = { PV_SEQ, NULL, NULL, l.n + r.n };
				s.items = arena_alloc(a, (s.n ? s.n : 1) * sizeof(*s.items));
				memcpy(s.items, l.items, l.n * sizeof(*s.items));
				memcpy(s.items + l.n, r.items, r.n * sizeof(*s.items));
				return s;
			}
		}
		return unknown;
	default:
		return unknown;
	}
}

static struct span script_span(const char *path, const struct py_node *n)
{
	struct span s = { path, n ? n->line : 0, n ? n->col : 0, 0 };
	return s;
}

static void script_decl_set(struct script_decl *d, const struct py_node *stmt, const struct py_node *expr)
{
	d->present = true;
	d->line = stmt->line;
	d->col = stmt->col;
	if (expr) {
		d->val_line = expr->line;
		d->val_col = expr->col;
		d->val_end_line = expr->end_line;
		d->val_end_col = expr->end_col;
	}
}

/* Bind the names an assignment statement defines. */
static void script_bind_stmt(struct arena *a, struct env *env, const struct py_node *st)
{
	switch (st->kind) {
	case PY_ASSIGN: {
		struct pv v = pv_eval(a, env, st->u.assign.value, 0);
		for (size_t i = 0; i < st->u.assign.targets.n; i++) {
			const struct py_node *t = st->u.assign.targets.items[i];
			if (t->kind == PY_NAME) {
				env_bind(env, a, t->u.name.id, v, st, st->u.assign.value);
			} else if ((t->kind == PY_TUPLE || t->kind == PY_LIST)) {
				/* a, b = x, y */
				for (size_t k = 0; k < t->u.seq.elts.n; k++) {
					const struct py_node *tk = t->u.seq.elts.items[k];
					if (tk->kind != PY_NAME)
						continue;
					struct pv item = { PV_UNKNOWN, NULL, NULL, 0 };
					const struct py_node *ex = NULL;
					if (v.kind == PV_SEQ && v.n == t->u.seq.elts.n)
						item = v.items[k];
					const struct py_node *val = st->u.assign.value;
					if ((val->kind == PY_TUPLE || val->kind == PY_LIST) && val->u.seq.elts.n == t->u.seq.elts.n)
						ex = val->u.seq.elts.items[k];
					env_bind(env, a, tk->u.name.id, item, st, ex);
				}
			}
		}
		break;
	}
	case PY_ANNASSIGN:
		if (st->u.annassign.value && st->u.annassign.target->kind == PY_NAME)
			env_bind(env, a, st->u.annassign.target->u.name.id,
				 pv_eval(a, env, st->u.annassign.value, 0), st, st->u.annassign.value);
		break;
	case PY_AUGASSIGN:
	case PY_FUNCTION_DEF:
	case PY_CLASS_DEF:
	case PY_IMPORT:
	case PY_IMPORT_FROM: {
		/* these rebind a name to something that is not a constant */
		const char *name = NULL;
		if (st->kind == PY_AUGASSIGN && st->u.augassign.target->kind == PY_NAME)
			name = st->u.augassign.target->u.name.id;
		else if (st->kind == PY_FUNCTION_DEF)
			name = st->u.function_def.name;
		else if (st->kind == PY_CLASS_DEF)
			name = st->u.class_def.name;
		if (name)
			env_bind(env, a, name, (struct pv){ PV_UNKNOWN, NULL, NULL, 0 }, st, NULL);
		if (st->kind == PY_IMPORT || st->kind == PY_IMPORT_FROM) {
			const struct py_list *names = st->kind == PY_IMPORT ? &st->u.import.names
									     : &st->u.import_from.names;
			for (size_t i = 0; i < names->n; i++) {
				const struct py_node *al = names->items[i];
				const char *bound = al->u.alias.asname ? al->u.alias.asname : al->u.alias.name;
				if (st->kind == PY_IMPORT && !al->u.alias.asname) {
					const char *dot = strchr(bound, '.');
					if (dot)
						bound = arena_strndup(a, bound, (size_t)(dot - bound));
				}
				env_bind(env, a, bound, (struct pv){ PV_OTHER, NULL, NULL, 0 }, st, NULL);
			}
		}
		break;
	}
	default:
		break;
	}
}

/* Alembic's util.to_tuple + tuple_rev_as_scalar, flattened to a list. */
static bool script_to_list(struct arena *a, struct pv v, struct strlist *out)
{
	out->items = NULL;
	out->n = 0;
	if (v.kind == PV_NONE)
		return true;
	if (v.kind == PV_STR) {
		if (v.s[0] == '\0')
			return true; /* '' is falsy: no revisions */
		out->items = arena_alloc(a, sizeof(*out->items));
		out->items[0] = v.s;
		out->n = 1;
		return true;
	}
	if (v.kind == PV_SEQ) {
		out->items = arena_alloc(a, (v.n ? v.n : 1) * sizeof(*out->items));
		for (size_t i = 0; i < v.n; i++) {
			if (v.items[i].kind != PV_STR)
				return false;
			out->items[out->n++] = v.items[i].s;
		}
		return true;
	}
	return false;
}

bool script_is_candidate_name(const char *filename)
{
	if (strncmp(filename, ".#", 2) == 0 || strncmp(filename, "__init__", 8) == 0)
		return false;
	size_t n = strlen(filename);
	if (n < 3 || strcmp(filename + n - 3, ".py") != 0)
		return false;
	/* '.' in the regex does not match a newline */
	return strchr(filename, '\n') == NULL;
}

/* Alembic's legacy rule: a file named "<hex>.py" names its revision. */
static const char *script_legacy_id(struct arena *a, const char *filename)
{
	size_t i = 0;
	while ((filename[i] >= '0' && filename[i] <= '9') || (filename[i] >= 'a' && filename[i] <= 'f'))
		i++;
	if (i == 0 || strcmp(filename + i, ".py") != 0)
		return NULL;
	return arena_strndup(a, filename, i);
}

static const char *script_bad_chars(struct arena *a, const char *rev)
{
	/* the characters Alembic 1.8 forbids, listed sorted like Python's sorted(set) */
	static const char forbidden[] = "+-@";
	struct strbuf sb = STRBUF_INIT;
	for (const char *f = forbidden; *f; f++) {
		if (strchr(rev, *f)) {
			if (sb.len)
				strbuf_adds(&sb, ", ");
			strbuf_addc(&sb, *f);
		}
	}
	const char *r = sb.len ? arena_strndup(a, sb.buf, sb.len) : NULL;
	strbuf_release(&sb);
	return r;
}

static struct script *script_extract(struct arena *keep, struct arena *a, struct diag_list *diags,
				     struct script *sc);


/* ---- metadata that Python would compute at run time ---- */

/* Add the names an expression reads to the set (names[]), bounded. */
static void script_names_in(const struct py_node *e, const char **names, size_t *n, size_t cap, int depth)
{
	if (!e || depth > 40 || *n >= cap)
		return;
	switch (e->kind) {
	case PY_NAME:
		for (size_t i = 0; i < *n; i++)
			if (!strcmp(names[i], e->u.name.id))
				return;
		names[(*n)++] = e->u.name.id;
		return;
	case PY_TUPLE: case PY_LIST: case PY_SET:
		for (size_t i = 0; i < e->u.seq.elts.n; i++)
			script_names_in(e->u.seq.elts.items[i], names, n, cap, depth + 1);
		return;
	case PY_BIN_OP:
		script_names_in(e->u.bin_op.left, names, n, cap, depth + 1);
		script_names_in(e->u.bin_op.right, names, n, cap, depth + 1);
		return;
	case PY_ATTRIBUTE:
		script_names_in(e->u.attribute.value, names, n, cap, depth + 1);
		return;
	case PY_SUBSCRIPT:
		script_names_in(e->u.subscript.value, names, n, cap, depth + 1);
		return;
	case PY_CALL:
		script_names_in(e->u.call.func, names, n, cap, depth + 1);
		for (size_t i = 0; i < e->u.call.args.n; i++)
			script_names_in(e->u.call.args.items[i], names, n, cap, depth + 1);
		return;
	case PY_IF_EXP:
		script_names_in(e->u.if_exp.body, names, n, cap, depth + 1);
		script_names_in(e->u.if_exp.orelse, names, n, cap, depth + 1);
		return;
	default:
		return;
	}
}

static bool script_in_set(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static const char *const script_mutators[] = {
	"append", "extend", "insert", "remove", "pop", "clear", "update", "add", "discard", "reverse", "sort",
};

/* The first statement that changes one of names where cupel cannot follow
 * it: any binding inside if/try/with/for/while at module level, or a
 * mutating method call. */
static const struct py_node *script_find_dynamic(const struct py_list *body, const char *const *names, size_t n,
						 bool nested, const char **which, int depth)
{
	if (depth > 20)
		return NULL;
	for (size_t i = 0; i < body->n; i++) {
		const struct py_node *st = body->items[i];
		const struct py_node *target = NULL;
		switch (st->kind) {
		case PY_ASSIGN:
			for (size_t k = 0; k < st->u.assign.targets.n && nested; k++) {
				const struct py_node *t = st->u.assign.targets.items[k];
				if (t->kind == PY_NAME && script_in_set(t->u.name.id, names, n))
					target = t;
			}
			break;
		case PY_ANNASSIGN:
			if (nested && st->u.annassign.value)
				target = st->u.annassign.target;
			break;
		case PY_AUGASSIGN:
			target = st->u.augassign.target;
			break;
		case PY_EXPR_STMT: {
			const struct py_node *c = st->u.expr_stmt.value;
			if (c->kind == PY_CALL && c->u.call.func->kind == PY_ATTRIBUTE &&
			    c->u.call.func->u.attribute.value->kind == PY_NAME) {
				for (size_t k = 0; k < sizeof(script_mutators) / sizeof(script_mutators[0]); k++)
					if (!strcmp(c->u.call.func->u.attribute.attr, script_mutators[k]))
						target = c->u.call.func->u.attribute.value;
			}
			break;
		}
		case PY_IF: case PY_WHILE: case PY_FOR: {
			const struct py_list *a = st->kind == PY_IF ? &st->u.if_.body : st->kind == PY_FOR ? &st->u.for_.body : &st->u.while_.body;
			const struct py_list *b = st->kind == PY_IF ? &st->u.if_.orelse : st->kind == PY_FOR ? &st->u.for_.orelse : &st->u.while_.orelse;
			const struct py_node *r = script_find_dynamic(a, names, n, true, which, depth + 1);
			if (!r)
				r = script_find_dynamic(b, names, n, true, which, depth + 1);
			if (r)
				return r;
			break;
		}
		case PY_WITH: {
			const struct py_node *r = script_find_dynamic(&st->u.with.body, names, n, true, which, depth + 1);
			if (r)
				return r;
			break;
		}
		case PY_TRY: {
			const struct py_list *parts[] = { &st->u.try_.body, &st->u.try_.orelse, &st->u.try_.finalbody };
			for (size_t k = 0; k < 3; k++) {
				const struct py_node *r = script_find_dynamic(parts[k], names, n, true, which, depth + 1);
				if (r)
					return r;
			}
			for (size_t h = 0; h < st->u.try_.handlers.n; h++) {
				const struct py_node *r = script_find_dynamic(&st->u.try_.handlers.items[h]->u.except_handler.body,
									     names, n, true, which, depth + 1);
				if (r)
					return r;
			}
			break;
		}
		default:
			break;
		}
		if (target && target->kind == PY_NAME && script_in_set(target->u.name.id, names, n)) {
			*which = target->u.name.id;
			return st;
		}
	}
	return NULL;
}

/* Why a metadata value cannot be read: a name imported from elsewhere is
 * the usual cause (e.g. branch_labels = (cli.EXPAND_BRANCH,)). */
static const char *script_unknown_reason(struct arena *a, const struct env *env, const struct py_node *e,
					 const char *var)
{
	const char *names[16];
	size_t n = 0;
	script_names_in(e, names, &n, 16, 0);
	for (size_t i = 0; i < n; i++) {
		const struct env_entry *b = env_find(env, names[i]);
		if (b && b->value.kind == PV_OTHER)
			return arena_printf(a, "cannot read %s: it uses '%s', imported from another module, which cupel "
					       "cannot evaluate without running Python", var, names[i]);
		if (!b)
			return arena_printf(a, "cannot read %s: it uses '%s', which the script does not define", var,
					    names[i]);
	}
	return arena_printf(a, "cannot read %s: expected None, a string, or a tuple or list of strings", var);
}

static void script_keep_list(struct arena *a, struct strlist *l)
{
	if (!l->n)
		return;
	const char **items = arena_alloc(a, l->n * sizeof(*items));
	for (size_t i = 0; i < l->n; i++)
		items[i] = arena_strdup(a, l->items[i]);
	l->items = items;
}

/* Copy what the metadata points at out of the scratch arena. */
static void script_keep(struct arena *a, struct script *sc)
{
	script_keep_list(a, &sc->down);
	script_keep_list(a, &sc->labels);
	script_keep_list(a, &sc->depends);
	bool same = sc->doc == sc->longdoc;
	sc->longdoc = arena_strdup(a, sc->longdoc);
	sc->doc = same ? sc->longdoc : arena_strdup(a, sc->doc);
}

/* PEP 263: "coding[:=] name" in a comment on line 1 or 2. Returns the
 * name, lower-cased with '_' as '-', or NULL. */
static const char *script_coding(struct arena *a, const char *src, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(src, "\xef\xbb\xbf", 3))
		return NULL; /* a BOM means UTF-8 */
	for (int line = 0; line < 2 && i < len; line++) {
		size_t e = i;
		while (e < len && src[e] != '\n' && src[e] != '\r')
			e++;
		size_t k = i;
		while (k < e && (src[k] == ' ' || src[k] == '\t' || src[k] == '\f'))
			k++;
		if (k < e && src[k] == '#') {
			for (size_t c = k; c + 7 < e; c++) {
				if (memcmp(src + c, "coding", 6) || (src[c + 6] != ':' && src[c + 6] != '='))
					continue;
				size_t v = c + 7;
				while (v < e && (src[v] == ' ' || src[v] == '\t'))
					v++;
				size_t w = v;
				while (w < e && (isalnum((unsigned char)src[w]) || src[w] == '-' || src[w] == '_' || src[w] == '.'))
					w++;
				if (w == v)
					break;
				char *name = arena_strndup(a, src + v, w - v);
				for (char *q = name; *q; q++)
					*q = *q == '_' ? '-' : (char)tolower((unsigned char)*q);
				return name;
			}
		} else if (k < e) {
			return NULL; /* a cookie only counts before any code */
		}
		i = e < len && src[e] == '\r' && e + 1 < len && src[e + 1] == '\n' ? e + 2 : e + 1;
	}
	return NULL;
}

/* Latin-1 bytes as UTF-8: every byte is the code point of the same value. */
static char *script_latin1_to_utf8(struct arena *a, const char *src, size_t len, size_t *out_len)
{
	size_t extra = 0;
	for (size_t i = 0; i < len; i++)
		extra += (unsigned char)src[i] >= 0x80;
	char *out = arena_alloc(a, len + extra + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c < 0x80) {
			out[o++] = (char)c;
		} else {
			out[o++] = (char)(0xc0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

const char *script_decode(struct arena *a, struct diag_list *diags, const char *path, const char *src,
			  size_t len, size_t *out_len)
{
	*out_len = len;
	const char *coding = script_coding(a, src, len);
	if (coding && (!strcmp(coding, "latin-1") || !strcmp(coding, "latin1") || !strcmp(coding, "iso-8859-1") ||
		       !strcmp(coding, "iso8859-1") || !strcmp(coding, "l1") || !strcmp(coding, "iso-latin-1") ||
		       !strcmp(coding, "cp819")))
		return script_latin1_to_utf8(a, src, len, out_len);
	if (coding && diags && strcmp(coding, "utf-8") && strcmp(coding, "utf8") && strcmp(coding, "ascii") &&
	    strcmp(coding, "us-ascii") && strcmp(coding, "utf-8-sig")) {
		struct span sp = { path, 1, 1, 0 };
		diag_push(diags, DIAG_WARNING, "script-encoding", sp,
			  "source encoding '%s' is not supported: the file is read as UTF-8", coding);
	}
	return src;
}

struct script *script_read(struct arena *a, struct arena *scratch, struct diag_list *diags,
			   const char *path, const char *filename, const char *src, size_t len,
			   bool full)
{
	/* an outline keeps nothing of the source: it is decoded in scratch */
	src = script_decode(full || !scratch ? a : scratch, diags, path, src, len, &len);
	struct script *sc = arena_alloc(a, sizeof(*sc));
	sc->path = path;
	sc->filename = filename;
	sc->src = src;
	sc->src_len = len;
	struct arena *work = full || !scratch ? a : scratch;
	sc->module = full ? py_parse(a, diags, path, src, len) : py_parse_outline(work, diags, path, src, len);
	sc->longdoc = "";
	sc->doc = "";
	struct script *r = script_extract(a, work, diags, sc);
	if (r && work != a)
		script_keep(a, r);
	if (!full) {
		sc->module = NULL;
		/* read again when needed (project_script_source) */
		sc->src = NULL;
		sc->src_len = 0;
	}
	return r;
}

/* The metadata from the module's top-level statements, evaluated in `a`;
 * the revision id goes straight to `keep` (diagnostics point at it). */
static struct script *script_extract(struct arena *keep, struct arena *a, struct diag_list *diags,
				     struct script *sc)
{
	const char *path = sc->path, *filename = sc->filename;

	const struct py_node *ds = py_module_docstring(sc->module);
	if (ds && ds->kind == PY_CONSTANT && ds->u.constant.kind == PY_CONST_STR) {
		sc->longdoc = text_py_strip(a, ds->u.constant.value, ds->u.constant.len);
		const char *para = strstr(sc->longdoc, "\n\n");
		sc->doc = para ? arena_strndup(a, sc->longdoc, (size_t)(para - sc->longdoc)) : sc->longdoc;
	}

	struct env env = { 0 };
	const struct py_list *body = &sc->module->root->u.module.body;
	for (size_t i = 0; i < body->n; i++)
		script_bind_stmt(a, &env, body->items[i]);

	const struct env_entry *rev = env_find(&env, "revision");
	const struct env_entry *down = env_find(&env, "down_revision");
	const struct env_entry *labels = env_find(&env, "branch_labels");
	const struct env_entry *deps = env_find(&env, "depends_on");
	struct span whole = { path, 0, 0, 0 };

	/* the metadata names and every name their values read */
	enum { MAX_NAMES = 64 };
	const char *names[MAX_NAMES] = { "revision", "down_revision", "branch_labels", "depends_on" };
	size_t n_names = 4;
	for (size_t pass = 0; pass < 4; pass++) {
		size_t before = n_names;
		for (size_t i = 0; i < before; i++) {
			const struct env_entry *b = env_find(&env, names[i]);
			if (b && b->expr)
				script_names_in(b->expr, names, &n_names, MAX_NAMES, 0);
		}
		if (n_names == before)
			break;
	}
	const char *which = NULL;
	const struct py_node *dyn = script_find_dynamic(body, names, n_names, false, &which, 0);
	bool dynamic = dyn != NULL;
	if (dynamic) {
		struct diag *d = diag_push(diags, DIAG_ERROR, "script-dynamic-metadata", script_span(path, dyn),
					   "'%s' is changed here at run time: cupel reads scripts without running them "
					   "and cannot tell the value Alembic sees", which);
		d->hint = "assign revision, down_revision, branch_labels and depends_on once, at module level, "
			  "from literals";
	}

	if (rev) {
		script_decl_set(&sc->revision_decl, rev->stmt, rev->expr);
		if (rev->value.kind != PV_STR) {
			diag_push(diags, DIAG_ERROR, "script-revision", script_span(path, rev->expr ? rev->expr : rev->stmt),
				  "cannot read the revision id: it is not a string literal");
			return NULL;
		}
		sc->revision = arena_strdup(keep, rev->value.s);
	} else {
		sc->revision = script_legacy_id(keep, filename);
		sc->revision_from_filename = sc->revision != NULL;
		if (!sc->revision) {
			diag_push(diags, DIAG_ERROR, "script-no-revision", whole,
				  "could not determine revision id from filename %s", filename)->hint =
				"declare the 'revision' variable inside the script";
			return NULL;
		}
	}
	const char *bad = script_bad_chars(a, sc->revision);
	if (bad) {
		diag_push(diags, DIAG_ERROR, "script-revision", script_span(path, rev ? rev->expr : NULL),
			  "character(s) '%s' not allowed in revision identifier '%s'", bad, sc->revision);
		return NULL;
	}

	if (!down && dynamic) {
		/* already reported: it is only set inside a block */
	} else if (!down) {
		diag_push(diags, DIAG_ERROR, "script-no-down-revision", whole,
			  "module has no 'down_revision': Alembic cannot load it")->revision = sc->revision;
	} else {
		script_decl_set(&sc->down_decl, down->stmt, down->expr);
		if (!script_to_list(a, down->value, &sc->down) && !dynamic)
			diag_push(diags, DIAG_ERROR, "script-down-revision",
				  script_span(path, down->expr ? down->expr : down->stmt),
				  "%s", script_unknown_reason(a, &env, down->expr ? down->expr : down->stmt, "down_revision"))
				->revision = sc->revision;
	}
	if (labels) {
		script_decl_set(&sc->labels_decl, labels->stmt, labels->expr);
		if (!script_to_list(a, labels->value, &sc->labels) && !dynamic)
			diag_push(diags, DIAG_ERROR, "script-branch-labels",
				  script_span(path, labels->expr ? labels->expr : labels->stmt),
				  "%s", script_unknown_reason(a, &env, labels->expr ? labels->expr : labels->stmt, "branch_labels"))
				->revision = sc->revision;
	}
	if (deps) {
		script_decl_set(&sc->depends_decl, deps->stmt, deps->expr);
		if (!script_to_list(a, deps->value, &sc->depends) && !dynamic)
			diag_push(diags, DIAG_ERROR, "script-depends-on",
				  script_span(path, deps->expr ? deps->expr : deps->stmt),
				  "%s", script_unknown_reason(a, &env, deps->expr ? deps->expr : deps->stmt, "depends_on"))
				->revision = sc->revision;
	}
	/* a revision listed as its own parent is a self-loop (Alembic: LoopDetected) */
	for (size_t i = 0; i < sc->down.n; i++)
		if (strcmp(sc->down.items[i], sc->revision) == 0)
			diag_push(diags, DIAG_ERROR, "graph-self-loop",
				  script_span(path, down ? down->expr : NULL),
				  "self-loop is detected in revisions (%s)", sc->revision)->revision = sc->revision;
	for (size_t i = 0; i < sc->depends.n; i++)
		if (strcmp(sc->depends.items[i], sc->revision) == 0)
			diag_push(diags, DIAG_ERROR, "graph-self-loop",
				  script_span(path, deps ? deps->expr : NULL),
				  "dependency self-loop is detected in revisions (%s)", sc->revision)->revision = sc->revision;
	return sc;
}
