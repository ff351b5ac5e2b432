/* template.c - the Mako subset of template.h. The template is first cut
 * into nodes as Mako's lexer cuts it (mako/lexer.py: text, expressions,
 * control lines, comments, python blocks), then interpreted; branches not
 * taken are still parsed, so an unsupported construct anywhere is an
 * error, as a syntax error anywhere fails Mako's compile. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cupel/template.h"
#include "cupel/xalloc.h"

enum node_kind { N_TEXT, N_EXPR, N_CTRL };
enum ctrl_kind { C_IF, C_ELIF, C_ELSE, C_ENDIF, C_FOR, C_ENDFOR };

struct node {
	enum node_kind kind;
	size_t off, len;           /* TEXT: the text; EXPR, CTRL: the Python text */
	size_t foff, flen;         /* EXPR: the filters after '|' (flen 0: none) */
	enum ctrl_kind ctrl;
	size_t at;                 /* where the construct starts, for messages */
};

struct scope_var {
	const char *name;
	size_t name_len;
	struct template_value value;
};

struct tpl {
	const char *file;
	const char *src;
	size_t len;
	const struct template_var *vars;
	size_t n_vars;
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	struct scope_var *locals;  /* loop variables, innermost last */
	size_t n_locals, cap_locals;
	char **imported;           /* names bound by <%! import %> blocks */
	size_t n_imported, cap_imported;
	struct strbuf *out;
	struct strbuf *err;
	bool failed;
	/* temporaries made by str(), comma, trim ...: freed at the end */
	char **tmp;
	size_t n_tmp, cap_tmp;
	const char **tmp_items;
};

/* ---- messages ---- */

static void tpl_pos(const struct tpl *t, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off && i < t->len; i++) {
		unsigned char ch = (unsigned char)t->src[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

__attribute__((format(printf, 3, 4)))
static bool tpl_error(struct tpl *t, size_t off, const char *fmt, ...)
{
	if (t->failed)
		return false;
	t->failed = true;
	unsigned line, col;
	tpl_pos(t, off, &line, &col);
	strbuf_addf(t->err, "%s:%u:%u: ", t->file, line, col);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(t->err, fmt, ap);
	va_end(ap);
	return false;
}

static const char *tpl_keep(struct tpl *t, char *s)
{
	if (t->n_tmp == t->cap_tmp) {
		t->cap_tmp = t->cap_tmp ? 2 * t->cap_tmp : 16;
		t->tmp = xrealloc(t->tmp, t->cap_tmp * sizeof(*t->tmp));
	}
	t->tmp[t->n_tmp++] = s;
	return s;
}

/* ---- Python repr / str ---- */

void template_py_repr(struct strbuf *out, const char *s)
{
	char q = '\'';
	if (strchr(s, '\'') && !strchr(s, '"'))
		q = '"';
	strbuf_addc(out, q);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if (c == '\\' || c == (unsigned char)q) {
			strbuf_addc(out, '\\');
			strbuf_addc(out, (char)c);
		} else if (c == '\n') {
			strbuf_adds(out, "\\n");
		} else if (c == '\r') {
			strbuf_adds(out, "\\r");
		} else if (c == '\t') {
			strbuf_adds(out, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			strbuf_addf(out, "\\x%02x", c);
		} else if (c == 0xC2 && p[1] >= 0x80 && (p[1] <= 0x9F || p[1] == 0xA0 || p[1] == 0xAD)) {
			/* U+0080..U+009F, NBSP and the soft hyphen are not printable */
			strbuf_addf(out, "\\x%02x", p[1]);
			p++;
		} else {
			strbuf_addc(out, (char)c);
		}
	}
	strbuf_addc(out, q);
}

/* str(v) into sb; false (after the error) when Python would fail. */
static bool tpl_str(struct tpl *t, const struct template_value *v, size_t at, struct strbuf *sb)
{
	switch (v->kind) {
	case TEMPLATE_UNDEFINED:
		return tpl_error(t, at, "an undefined name is rendered (Mako raises NameError)");
	case TEMPLATE_NONE:
		strbuf_adds(sb, "None");
		return true;
	case TEMPLATE_BOOL:
	case TEMPLATE_STR:
	case TEMPLATE_OPAQUE:
		strbuf_adds(sb, v->s);
		return true;
	case TEMPLATE_TUPLE:
		strbuf_addc(sb, '(');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			template_py_repr(sb, v->items[i]);
		}
		if (v->n == 1)
			strbuf_addc(sb, ',');
		strbuf_addc(sb, ')');
		return true;
	case TEMPLATE_FILTER:
		return tpl_error(t, at, "a function is rendered as text (not supported)");
	}
	return false;
}

static bool tpl_repr(struct tpl *t, const struct template_value *v, size_t at, struct strbuf *sb)
{
	switch (v->kind) {
	case TEMPLATE_STR:
		template_py_repr(sb, v->s);
		return true;
	case TEMPLATE_NONE:
	case TEMPLATE_BOOL:
	case TEMPLATE_TUPLE:
		return tpl_str(t, v, at, sb);
	case TEMPLATE_UNDEFINED:
		return tpl_error(t, at, "repr() of an undefined name (not supported)");
	case TEMPLATE_OPAQUE:
	case TEMPLATE_FILTER:
		break;
	}
	return tpl_error(t, at, "repr() of this value is not supported");
}

static bool tpl_truthy(const struct template_value *v)
{
	switch (v->kind) {
	case TEMPLATE_UNDEFINED:
	case TEMPLATE_NONE:
		return false;
	case TEMPLATE_BOOL:
		return strcmp(v->s, "True") == 0;
	case TEMPLATE_STR:
		return v->s[0] != '\0';
	case TEMPLATE_TUPLE:
		return v->n > 0;
	case TEMPLATE_OPAQUE:
	case TEMPLATE_FILTER:
		return true;
	}
	return false;
}

static struct template_value tpl_strval(struct tpl *t, struct strbuf *sb)
{
	struct template_value v = { TEMPLATE_STR, NULL, NULL, 0 };
	size_t n;
	v.s = tpl_keep(t, strbuf_detach(sb, &n));
	return v;
}

/* ---- expressions ---- */

struct ex {
	struct tpl *t;
	const char *s;   /* the template source */
	size_t pos, end; /* the expression text is s[pos..end) */
};

static bool ex_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static void ex_ws(struct ex *e)
{
	while (e->pos < e->end) {
		char c = e->s[e->pos];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			e->pos++;
		else if (c == '\\' && e->pos + 1 < e->end && e->s[e->pos + 1] == '\n')
			e->pos += 2;
		else
			break;
	}
}

/* The identifier at pos (not consumed), its length or 0. */
static size_t ex_peek_ident(struct ex *e)
{
	size_t n = 0;
	if (e->pos < e->end && (e->s[e->pos] < '0' || e->s[e->pos] > '9'))
		while (e->pos + n < e->end && ex_ident_char(e->s[e->pos + n]))
			n++;
	return n;
}

static bool ex_keyword(struct ex *e, const char *kw)
{
	ex_ws(e);
	size_t n = ex_peek_ident(e);
	if (n == strlen(kw) && memcmp(e->s + e->pos, kw, n) == 0) {
		e->pos += n;
		return true;
	}
	return false;
}

static bool ex_punct(struct ex *e, char c)
{
	ex_ws(e);
	if (e->pos < e->end && e->s[e->pos] == c) {
		e->pos++;
		return true;
	}
	return false;
}

static const struct template_value *tpl_lookup(struct tpl *t, const char *name, size_t n)
{
	for (size_t i = t->n_locals; i-- > 0;)
		if (t->locals[i].name_len == n && memcmp(t->locals[i].name, name, n) == 0)
			return &t->locals[i].value;
	for (size_t i = 0; i < t->n_vars; i++)
		if (strlen(t->vars[i].name) == n && memcmp(t->vars[i].name, name, n) == 0)
			return &t->vars[i].value;
	return NULL;
}

static bool tpl_is_imported(const struct tpl *t, const char *name, size_t n)
{
	for (size_t i = 0; i < t->n_imported; i++)
		if (strlen(t->imported[i]) == n && memcmp(t->imported[i], name, n) == 0)
			return true;
	return false;
}

static bool ex_expr(struct ex *e, bool live, struct template_value *out);

static bool ex_string(struct ex *e, struct template_value *out)
{
	size_t at = e->pos;
	char q = e->s[e->pos];
	if (e->pos + 2 < e->end && e->s[e->pos + 1] == q && e->s[e->pos + 2] == q)
		return tpl_error(e->t, at, "triple-quoted strings are not supported in expressions");
	struct strbuf sb = STRBUF_INIT;
	e->pos++;
	for (;;) {
		if (e->pos >= e->end || e->s[e->pos] == '\n') {
			strbuf_release(&sb);
			return tpl_error(e->t, at, "unterminated string literal");
		}
		char c = e->s[e->pos++];
		if (c == q)
			break;
		if (c != '\\') {
			strbuf_addc(&sb, c);
			continue;
		}
		char d = e->pos < e->end ? e->s[e->pos++] : '\0';
		switch (d) {
		case 'n': strbuf_addc(&sb, '\n'); break;
		case 't': strbuf_addc(&sb, '\t'); break;
		case 'r': strbuf_addc(&sb, '\r'); break;
		case '\\': case '\'': case '"': strbuf_addc(&sb, d); break;
		case '\n': break;
		default:
			strbuf_release(&sb);
			return tpl_error(e->t, e->pos - 2, "this string escape is not supported");
		}
	}
	*out = tpl_strval(e->t, &sb);
	strbuf_release(&sb);
	return true;
}

static bool ex_primary(struct ex *e, bool live, struct template_value *out)
{
	ex_ws(e);
	size_t at = e->pos;
	struct template_value undef = { TEMPLATE_UNDEFINED, NULL, NULL, 0 };
	*out = undef;
	if (e->pos >= e->end)
		return tpl_error(e->t, at, "an expression is expected");
	char c = e->s[e->pos];
	if (c == '\'' || c == '"')
		return ex_string(e, out);
	if (c == '(') {
		e->pos++;
		if (!ex_expr(e, live, out))
			return false;
		if (!ex_punct(e, ')'))
			return tpl_error(e->t, e->pos, "')' expected (tuples and other Python are not supported)");
		return true;
	}
	size_t n = ex_peek_ident(e);
	if (!n)
		return tpl_error(e->t, at, "unsupported expression (only names, repr(), str(), string literals, not/and/or and 'A if B else C')");
	const char *name = e->s + e->pos;
	e->pos += n;
	if ((n == 4 && memcmp(name, "None", 4) == 0)) {
		out->kind = TEMPLATE_NONE;
		return true;
	}
	if ((n == 4 && memcmp(name, "True", 4) == 0) || (n == 5 && memcmp(name, "False", 5) == 0)) {
		out->kind = TEMPLATE_BOOL;
		out->s = n == 4 ? "True" : "False";
		return true;
	}
	ex_ws(e);
	if (e->pos < e->end && e->s[e->pos] == '(') {
		bool is_repr = n == 4 && memcmp(name, "repr", 4) == 0;
		bool is_str = n == 3 && memcmp(name, "str", 3) == 0;
		if ((!is_repr && !is_str) || tpl_lookup(e->t, name, n) || tpl_is_imported(e->t, name, n))
			return tpl_error(e->t, at, "calling '%.*s' is not supported (only repr() and str())", (int)n, name);
		e->pos++;
		struct template_value arg;
		if (!ex_expr(e, live, &arg))
			return false;
		if (!ex_punct(e, ')'))
			return tpl_error(e->t, e->pos, "')' expected");
		if (!live)
			return true;
		struct strbuf sb = STRBUF_INIT;
		bool ok = is_repr ? tpl_repr(e->t, &arg, at, &sb) : tpl_str(e->t, &arg, at, &sb);
		if (ok)
			*out = tpl_strval(e->t, &sb);
		strbuf_release(&sb);
		return ok;
	}
	if (e->pos < e->end && (e->s[e->pos] == '.' || e->s[e->pos] == '['))
		return tpl_error(e->t, e->pos, "attribute access and subscripts are not supported");
	if (tpl_is_imported(e->t, name, n))
		return tpl_error(e->t, at, "'%.*s' comes from an import in a <%%! %%> block (not supported)", (int)n, name);
	const struct template_value *v = tpl_lookup(e->t, name, n);
	if (v)
		*out = *v;
	return true;
}

static bool ex_not(struct ex *e, bool live, struct template_value *out)
{
	if (ex_keyword(e, "not")) {
		struct template_value v;
		if (!ex_not(e, live, &v))
			return false;
		out->kind = TEMPLATE_BOOL;
		out->s = tpl_truthy(&v) ? "False" : "True";
		out->items = NULL;
		out->n = 0;
		return true;
	}
	if (!ex_primary(e, live, out))
		return false;
	ex_ws(e);
	if (e->pos < e->end && strchr("=!<>+-*/%[.,", e->s[e->pos]))
		return tpl_error(e->t, e->pos, "this operator is not supported in a template expression");
	size_t n = ex_peek_ident(e);
	if ((n == 2 && (memcmp(e->s + e->pos, "is", 2) == 0 || memcmp(e->s + e->pos, "in", 2) == 0)))
		return tpl_error(e->t, e->pos, "'%.*s' is not supported in a template expression", (int)n, e->s + e->pos);
	return true;
}

static bool ex_and(struct ex *e, bool live, struct template_value *out)
{
	if (!ex_not(e, live, out))
		return false;
	while (ex_keyword(e, "and")) {
		bool take_right = live && tpl_truthy(out);
		struct template_value r;
		if (!ex_not(e, take_right, &r))
			return false;
		if (take_right)
			*out = r;
	}
	return true;
}

static bool ex_or(struct ex *e, bool live, struct template_value *out)
{
	if (!ex_and(e, live, out))
		return false;
	while (ex_keyword(e, "or")) {
		bool take_right = live && !tpl_truthy(out);
		struct template_value r;
		if (!ex_and(e, take_right, &r))
			return false;
		if (take_right)
			*out = r;
	}
	return true;
}

/* A if B else C: B is evaluated first, then only the branch taken. */
static bool ex_expr(struct ex *e, bool live, struct template_value *out)
{
	size_t a_pos = e->pos;
	struct template_value a;
	if (!ex_or(e, false, &a))
		return false;
	size_t a_end = e->pos;
	if (!ex_keyword(e, "if")) {
		e->pos = a_pos;
		return ex_or(e, live, out);
	}
	struct template_value b;
	if (!ex_or(e, live, &b))
		return false;
	if (!ex_keyword(e, "else"))
		return tpl_error(e->t, e->pos, "'else' expected");
	bool cond = live && tpl_truthy(&b);
	struct template_value c;
	if (!ex_expr(e, live && !cond, &c))
		return false;
	if (cond) {
		size_t after = e->pos;
		e->pos = a_pos;
		size_t save_end = e->end;
		e->end = a_end;
		bool ok = ex_or(e, true, out);
		e->end = save_end;
		e->pos = after;
		return ok;
	}
	*out = c;
	return true;
}

/* Evaluate s[off..off+len) completely. */
static bool tpl_eval(struct tpl *t, size_t off, size_t len, bool live, struct template_value *out)
{
	struct ex e = { t, t->src, off, off + len };
	if (!ex_expr(&e, live, out))
		return false;
	ex_ws(&e);
	if (e.pos != e.end)
		return tpl_error(t, e.pos, "unsupported expression syntax");
	return true;
}

/* ---- filters ---- */

static bool tpl_filter(struct tpl *t, const char *name, size_t n, size_t at, struct template_value *v)
{
	struct strbuf sb = STRBUF_INIT;
	if ((n == 3 && memcmp(name, "str", 3) == 0) || (n == 7 && memcmp(name, "unicode", 7) == 0)) {
		if (!tpl_str(t, v, at, &sb))
			goto fail;
		*v = tpl_strval(t, &sb);
	} else if (n == 4 && memcmp(name, "trim", 4) == 0) {
		if (v->kind != TEMPLATE_STR)
			return tpl_error(t, at, "trim of a value that is not a string");
		const char *s = v->s;
		size_t len = strlen(s);
		while (len && strchr(" \t\n\r\f\v", s[len - 1]))
			len--;
		while (len && strchr(" \t\n\r\f\v", *s))
			s++, len--;
		strbuf_add(&sb, s, len);
		*v = tpl_strval(t, &sb);
	} else {
		const struct template_value *f = tpl_lookup(t, name, n);
		if (!f || f->kind != TEMPLATE_FILTER || tpl_is_imported(t, name, n))
			return tpl_error(t, at, "filter '%.*s' is not supported", (int)n, name);
		/* util.format_as_comma */
		if (v->kind == TEMPLATE_NONE) {
			v->kind = TEMPLATE_STR;
			v->s = "";
		} else if (v->kind == TEMPLATE_TUPLE) {
			for (size_t i = 0; i < v->n; i++) {
				if (i)
					strbuf_adds(&sb, ", ");
				strbuf_adds(&sb, v->items[i]);
			}
			*v = tpl_strval(t, &sb);
		} else if (v->kind != TEMPLATE_STR) {
			return tpl_error(t, at, "'%.*s' of this value fails in Alembic", (int)n, name);
		}
	}
	strbuf_release(&sb);
	return true;
fail:
	strbuf_release(&sb);
	return false;
}

static bool tpl_expr_node(struct tpl *t, const struct node *nd, bool live)
{
	struct template_value v;
	if (!tpl_eval(t, nd->off, nd->len, live, &v))
		return false;
	/* the filter names: Mako's default filter str comes first unless n */
	const char *names[16];
	size_t lens[16], ats[16], nf = 0;
	bool no_default = false;
	size_t p = nd->foff, end = nd->foff + nd->flen;
	while (p < end) {
		while (p < end && strchr(" \t,", t->src[p]))
			p++;
		if (p >= end)
			break;
		size_t s = p;
		while (p < end && ex_ident_char(t->src[p]))
			p++;
		if (p == s || (p < end && !strchr(" \t,", t->src[p])))
			return tpl_error(t, p, "unsupported filter syntax");
		if (p - s == 1 && t->src[s] == 'n') {
			no_default = true;
			continue;
		}
		if (nf == 16)
			return tpl_error(t, s, "too many filters");
		names[nf] = t->src + s;
		lens[nf] = p - s;
		ats[nf++] = s;
	}
	/* check every filter name even when the node is not rendered */
	for (size_t i = 0; i < nf; i++) {
		bool builtin = (lens[i] == 3 && memcmp(names[i], "str", 3) == 0) ||
			       (lens[i] == 7 && memcmp(names[i], "unicode", 7) == 0) ||
			       (lens[i] == 4 && memcmp(names[i], "trim", 4) == 0);
		const struct template_value *f = tpl_lookup(t, names[i], lens[i]);
		if (!builtin && (!f || f->kind != TEMPLATE_FILTER))
			return tpl_error(t, ats[i], "filter '%.*s' is not supported", (int)lens[i], names[i]);
	}
	if (!live)
		return true;
	if (!no_default && !tpl_filter(t, "str", 3, nd->off, &v))
		return false;
	for (size_t i = 0; i < nf; i++)
		if (!tpl_filter(t, names[i], lens[i], ats[i], &v))
			return false;
	if (v.kind != TEMPLATE_STR)
		return tpl_error(t, nd->off, "this expression does not render to a string (Mako fails)");
	strbuf_adds(t->out, v.s);
	return true;
}

/* ---- cutting the template into nodes ---- */

static void tpl_add(struct tpl *t, struct node nd)
{
	if (t->n_nodes == t->cap_nodes) {
		t->cap_nodes = t->cap_nodes ? 2 * t->cap_nodes : 64;
		t->nodes = xrealloc(t->nodes, t->cap_nodes * sizeof(*t->nodes));
	}
	t->nodes[t->n_nodes++] = nd;
}

/* Mako's parse_until_text: from pos to the first of the stop characters
 * outside strings (and brackets, with nesting). Returns the stop index or
 * len; *which is the stop character. */
static size_t tpl_until(struct tpl *t, size_t pos, const char *stops, bool nesting, bool pct_gt)
{
	int depth = 0;
	while (pos < t->len) {
		char c = t->src[pos];
		if (c == '\'' || c == '"') {
			bool triple = pos + 2 < t->len && t->src[pos + 1] == c && t->src[pos + 2] == c;
			pos += triple ? 3 : 1;
			while (pos < t->len) {
				if (t->src[pos] == '\\') {
					pos += 2;
					continue;
				}
				if (t->src[pos] == c && (!triple || (pos + 2 < t->len && t->src[pos + 1] == c &&
								   t->src[pos + 2] == c))) {
					pos += triple ? 3 : 1;
					break;
				}
				pos++;
			}
			continue;
		}
		if (c == '#') {
			while (pos < t->len && t->src[pos] != '\n')
				pos++;
			continue;
		}
		if (pct_gt && c == '%' && pos + 1 < t->len && t->src[pos + 1] == '>')
			return pos;
		if (nesting && depth == 0 && c && strchr(stops, c))
			return pos;
		if (nesting && (c == '(' || c == '[' || c == '{'))
			depth++;
		else if (nesting && (c == ')' || c == ']' || c == '}'))
			depth--;
		pos++;
	}
	return t->len;
}

static bool tpl_at_line_start(const struct tpl *t, size_t pos)
{
	return pos == 0 || t->src[pos - 1] == '\n';
}

/* The python of a <% %> block: only blank lines, comments, pass and
 * imports (whose names are remembered, so that using them is refused). */
static bool tpl_python_block(struct tpl *t, size_t at, size_t off, size_t end)
{
	size_t p = off;
	while (p < end) {
		size_t e = p;
		while (e < end && t->src[e] != '\n')
			e++;
		size_t s = p;
		while (s < e && (t->src[s] == ' ' || t->src[s] == '\t'))
			s++;
		size_t n = e - s;
		while (n && (t->src[s + n - 1] == ' ' || t->src[s + n - 1] == '\t' || t->src[s + n - 1] == '\r'))
			n--;
		const char *l = t->src + s;
		if (n == 0 || l[0] == '#' || (n == 4 && memcmp(l, "pass", 4) == 0)) {
			/* nothing */
		} else if ((n > 7 && memcmp(l, "import ", 7) == 0) || (n > 5 && memcmp(l, "from ", 5) == 0)) {
			/* the names it binds: after "import", comma separated,
			 * "a.b" binds a, "x as y" binds y */
			const char *imp = l[0] == 'f' ? NULL : l + 7;
			if (!imp) {
				for (size_t i = 5; i + 8 <= n; i++)
					if (memcmp(l + i, " import ", 8) == 0) {
						imp = l + i + 8;
						break;
					}
				if (!imp)
					return tpl_error(t, s, "unsupported python in a <%% %%> block");
			}
			const char *q = imp, *lend = l + n;
			while (q < lend) {
				while (q < lend && strchr(" \t(),", *q))
					q++;
				if (q >= lend)
					break;
				if (*q == '*')
					return tpl_error(t, s, "'import *' in a <%% %%> block is not supported");
				const char *w = q;
				while (q < lend && (ex_ident_char(*q) || *q == '.'))
					q++;
				const char *name = w;
				size_t name_len = (size_t)(q - w);
				const char *dot = memchr(w, '.', name_len);
				if (dot)
					name_len = (size_t)(dot - w);
				while (q < lend && (*q == ' ' || *q == '\t'))
					q++;
				if (lend - q > 3 && memcmp(q, "as ", 3) == 0) {
					q += 3;
					while (q < lend && *q == ' ')
						q++;
					name = q;
					while (q < lend && ex_ident_char(*q))
						q++;
					name_len = (size_t)(q - name);
				}
				if (!name_len || (q < lend && !strchr(" \t(),", *q)))
					return tpl_error(t, s, "unsupported import in a <%% %%> block");
				if (t->n_imported == t->cap_imported) {
					t->cap_imported = t->cap_imported ? 2 * t->cap_imported : 8;
					t->imported = xrealloc(t->imported, t->cap_imported * sizeof(*t->imported));
				}
				char *copy = xmalloc(name_len + 1);
				memcpy(copy, name, name_len);
				copy[name_len] = '\0';
				t->imported[t->n_imported++] = copy;
			}
		} else {
			return tpl_error(t, s, "python code in a <%% %%> block is not supported (only imports)");
		}
		p = e + 1;
	}
	(void)at;
	return true;
}

static bool tpl_control_line(struct tpl *t, size_t line_start, size_t *pos)
{
	size_t p = *pos;
	/* [\t ]*(%|##)[\t ]*((\\\n|[^\n])*)(\n|$) */
	while (p < t->len && (t->src[p] == ' ' || t->src[p] == '\t'))
		p++;
	bool comment = t->src[p] == '#';
	p += comment ? 2 : 1;
	while (p < t->len && (t->src[p] == ' ' || t->src[p] == '\t'))
		p++;
	size_t text = p;
	while (p < t->len && t->src[p] != '\n') {
		if (t->src[p] == '\\' && p + 1 < t->len && t->src[p + 1] == '\n')
			p++;
		p++;
	}
	size_t text_end = p;
	if (p < t->len)
		p++;
	*pos = p;
	if (comment)
		return true;
	while (text_end > text && (t->src[text_end - 1] == ' ' || t->src[text_end - 1] == '\t' ||
				   t->src[text_end - 1] == '\r'))
		text_end--;
	size_t kw = text, kwn = 0;
	while (kw + kwn < text_end && ex_ident_char(t->src[kw + kwn]))
		kwn++;
	const char *k = t->src + kw;
	struct node nd = { N_CTRL, 0, 0, 0, 0, C_IF, line_start };
	bool has_colon = text_end > text && t->src[text_end - 1] == ':';
	size_t body = kw + kwn, body_end = has_colon ? text_end - 1 : text_end;
	if (kwn == 2 && memcmp(k, "if", 2) == 0)
		nd.ctrl = C_IF;
	else if (kwn == 4 && memcmp(k, "elif", 4) == 0)
		nd.ctrl = C_ELIF;
	else if (kwn == 4 && memcmp(k, "else", 4) == 0)
		nd.ctrl = C_ELSE;
	else if (kwn == 3 && memcmp(k, "for", 3) == 0)
		nd.ctrl = C_FOR;
	else if (kwn == 5 && memcmp(k, "endif", 5) == 0)
		nd.ctrl = C_ENDIF;
	else if (kwn == 6 && memcmp(k, "endfor", 6) == 0)
		nd.ctrl = C_ENDFOR;
	else if (kwn == 0)
		return tpl_error(t, text, "invalid control line");
	else
		return tpl_error(t, kw, "control line '%.*s' is not supported (only if/elif/else/for)", (int)kwn, k);
	if (nd.ctrl == C_ENDIF || nd.ctrl == C_ENDFOR) {
		if (body != text_end)
			return tpl_error(t, body, "unexpected text after '%.*s'", (int)kwn, k);
	} else if (!has_colon) {
		return tpl_error(t, text_end, "':' expected at the end of the control line");
	} else if (nd.ctrl == C_ELSE) {
		size_t q = body;
		while (q < body_end && (t->src[q] == ' ' || t->src[q] == '\t'))
			q++;
		if (q != body_end)
			return tpl_error(t, q, "unexpected text after 'else'");
	} else if (body == body_end || (t->src[body] != ' ' && t->src[body] != '\t' && t->src[body] != '(')) {
		return tpl_error(t, body, "an expression is expected");
	}
	nd.off = body;
	nd.len = body_end - body;
	tpl_add(t, nd);
	return true;
}

static bool tpl_lex(struct tpl *t)
{
	size_t pos = 0;
	if (t->len >= 3 && memcmp(t->src, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	/* Mako skips a first line "#.*coding[:=]\s*([-\w.]+)" */
	if (pos < t->len && t->src[pos] == '#') {
		size_t e = pos;
		while (e < t->len && t->src[e] != '\n')
			e++;
		const char *c = NULL;
		for (size_t i = pos; i + 6 < e; i++)
			if (memcmp(t->src + i, "coding", 6) == 0 && (t->src[i + 6] == ':' || t->src[i + 6] == '=')) {
				c = t->src + i + 7;
				break;
			}
		if (c && e < t->len) {
			while (*c == ' ' || *c == '\t')
				c++;
			if (strncasecmp(c, "utf-8", 5) != 0 && strncasecmp(c, "utf8", 4) != 0)
				return tpl_error(t, pos, "only UTF-8 templates are supported");
			pos = e + 1;
		}
	}
	while (pos < t->len) {
		size_t at = pos;
		if (t->src[pos] == '$' && pos + 1 < t->len && t->src[pos + 1] == '{') {
			size_t off = pos + 2;
			size_t stop = tpl_until(t, off, "|}", true, false);
			if (stop >= t->len)
				return tpl_error(t, at, "unterminated ${ expression");
			struct node nd = { N_EXPR, off, stop - off, 0, 0, C_IF, at };
			if (t->src[stop] == '|') {
				size_t fe = tpl_until(t, stop + 1, "}", true, false);
				if (fe >= t->len)
					return tpl_error(t, at, "unterminated ${ expression");
				nd.foff = stop + 1;
				nd.flen = fe - nd.foff;
				stop = fe;
			}
			tpl_add(t, nd);
			pos = stop + 1;
			continue;
		}
		if (tpl_at_line_start(t, pos)) {
			size_t p = pos;
			while (p < t->len && (t->src[p] == ' ' || t->src[p] == '\t'))
				p++;
			if (p < t->len && t->src[p] == '%' && p + 1 < t->len && t->src[p + 1] == '%')
				return tpl_error(t, p, "'%%%%' at the start of a line is not supported");
			if (p < t->len && (t->src[p] == '%' || (t->src[p] == '#' && p + 1 < t->len && t->src[p + 1] == '#'))) {
				if (!tpl_control_line(t, at, &pos))
					return false;
				continue;
			}
		}
		if (t->src[pos] == '<' && pos + 1 < t->len && (t->src[pos + 1] == '%' || t->src[pos + 1] == '&')) {
			if (t->len - pos >= 6 && memcmp(t->src + pos, "<%doc>", 6) == 0) {
				const char *e = NULL;
				for (size_t i = pos + 6; i + 7 <= t->len; i++)
					if (memcmp(t->src + i, "</%doc>", 7) == 0) {
						e = t->src + i;
						break;
					}
				if (!e)
					return tpl_error(t, at, "unterminated <%%doc>");
				pos = (size_t)(e - t->src) + 7;
				continue;
			}
			if (t->src[pos + 1] == '&' || (pos + 2 < t->len && ex_ident_char(t->src[pos + 2])))
				return tpl_error(t, at, "Mako tags (<%%def>, <%%include>, <%%namespace> ...) are not supported");
			size_t off = pos + 2 + (pos + 2 < t->len && t->src[pos + 2] == '!');
			size_t stop = tpl_until(t, off, "", false, true);
			if (stop >= t->len)
				return tpl_error(t, at, "unterminated <%% block");
			if (!tpl_python_block(t, at, off, stop))
				return false;
			pos = stop + 2;
			continue;
		}
		if (t->src[pos] == '<' && pos + 2 < t->len && t->src[pos + 1] == '/' &&
		    (t->src[pos + 2] == '%' || t->src[pos + 2] == '&'))
			return tpl_error(t, at, "Mako tags are not supported");
		/* text, up to the next construct; "\\\n" is dropped */
		size_t p = pos;
		while (p < t->len) {
			char c = t->src[p];
			if (c == '$' && p + 1 < t->len && t->src[p + 1] == '{')
				break;
			if (c == '<' && p + 1 < t->len && (t->src[p + 1] == '%' || t->src[p + 1] == '&' ||
							   (t->src[p + 1] == '/' && p + 2 < t->len &&
							    (t->src[p + 2] == '%' || t->src[p + 2] == '&'))))
				break;
			if (c == '\\' && p + 1 < t->len && t->src[p + 1] == '\n')
				break;
			if (c == '\\' && p + 2 < t->len && t->src[p + 1] == '\r' && t->src[p + 2] == '\n')
				break;
			if (p > pos && t->src[p - 1] == '\n') {
				size_t q = p;
				while (q < t->len && (t->src[q] == ' ' || t->src[q] == '\t'))
					q++;
				if (q < t->len && (t->src[q] == '%' || (t->src[q] == '#' && q + 1 < t->len && t->src[q + 1] == '#')))
					break;
			}
			p++;
		}
		if (p > pos) {
			struct node nd = { N_TEXT, pos, p - pos, 0, 0, C_IF, pos };
			tpl_add(t, nd);
		}
		if (p < t->len && t->src[p] == '\\')
			p += t->src[p + 1] == '\r' ? 3 : 2;
		pos = p;
	}
	return true;
}

/* ---- interpretation ---- */

static const char *ctrl_name(enum ctrl_kind k)
{
	static const char *const names[] = { "if", "elif", "else", "endif", "for", "endfor" };
	return names[k];
}

/* Run nodes from i until an elif/else/endif/endfor (its index) or the end. */
static size_t tpl_block(struct tpl *t, size_t i, bool live);

static size_t tpl_if(struct tpl *t, size_t i, bool live)
{
	const struct node *nd = &t->nodes[i];
	struct template_value c;
	if (!tpl_eval(t, nd->off, nd->len, live, &c))
		return t->n_nodes;
	bool taken = live && tpl_truthy(&c), done = taken;
	size_t j = tpl_block(t, i + 1, taken);
	bool seen_else = false;
	while (!t->failed && j < t->n_nodes) {
		const struct node *m = &t->nodes[j];
		if (m->ctrl == C_ENDIF)
			return j + 1;
		if (m->ctrl == C_ENDFOR || seen_else) {
			tpl_error(t, m->at, "'%s' does not match '%s'", ctrl_name(m->ctrl), ctrl_name(nd->ctrl));
			return t->n_nodes;
		}
		bool branch;
		if (m->ctrl == C_ELIF) {
			if (!tpl_eval(t, m->off, m->len, live && !done, &c))
				return t->n_nodes;
			branch = live && !done && tpl_truthy(&c);
		} else {
			seen_else = true;
			branch = live && !done;
		}
		done = done || branch;
		j = tpl_block(t, j + 1, branch);
	}
	if (!t->failed)
		tpl_error(t, nd->at, "'%% if' without '%% endif'");
	return t->n_nodes;
}

static size_t tpl_for(struct tpl *t, size_t i, bool live)
{
	const struct node *nd = &t->nodes[i];
	struct ex e = { t, t->src, nd->off, nd->off + nd->len };
	ex_ws(&e);
	size_t vn = ex_peek_ident(&e);
	const char *var = t->src + e.pos;
	e.pos += vn;
	if (!vn || !ex_keyword(&e, "in")) {
		tpl_error(t, e.pos, "only '%% for NAME in EXPR:' is supported");
		return t->n_nodes;
	}
	struct template_value it;
	if (!tpl_eval(t, e.pos, e.end - e.pos, live, &it))
		return t->n_nodes;
	size_t n = 0;
	const char *const *items = NULL;
	char (*chars)[5] = NULL;
	if (live) {
		if (it.kind == TEMPLATE_TUPLE) {
			n = it.n;
			items = it.items;
		} else if (it.kind == TEMPLATE_STR) {
			/* a str iterates over its characters */
			size_t len = strlen(it.s);
			chars = xcalloc(len + 1, sizeof(*chars));
			const char **list = xcalloc(len + 1, sizeof(*list));
			for (size_t p = 0; p < len;) {
				size_t k = 1;
				while (p + k < len && ((unsigned char)it.s[p + k] & 0xC0) == 0x80 && k < 4)
					k++;
				memcpy(chars[n], it.s + p, k);
				list[n] = chars[n];
				n++;
				p += k;
			}
			items = list;
			tpl_keep(t, (char *)chars);
			tpl_keep(t, (char *)list);
		} else {
			tpl_error(t, nd->off, "this value cannot be iterated (Mako fails)");
			return t->n_nodes;
		}
	}
	if (t->n_locals == t->cap_locals) {
		t->cap_locals = t->cap_locals ? 2 * t->cap_locals : 8;
		t->locals = xrealloc(t->locals, t->cap_locals * sizeof(*t->locals));
	}
	size_t slot = t->n_locals++;
	t->locals[slot].name = var;
	t->locals[slot].name_len = vn;
	t->locals[slot].value.kind = TEMPLATE_UNDEFINED;
	size_t j = t->n_nodes;
	if (n == 0) {
		j = tpl_block(t, i + 1, false);
	} else {
		for (size_t k = 0; k < n && !t->failed; k++) {
			struct template_value v = { TEMPLATE_STR, items[k], NULL, 0 };
			t->locals[slot].value = v;
			j = tpl_block(t, i + 1, true);
		}
	}
	t->n_locals--;
	if (t->failed)
		return t->n_nodes;
	if (j >= t->n_nodes || t->nodes[j].ctrl != C_ENDFOR) {
		tpl_error(t, j < t->n_nodes ? t->nodes[j].at : nd->at, "'%% for' without '%% endfor'");
		return t->n_nodes;
	}
	return j + 1;
}

static size_t tpl_block(struct tpl *t, size_t i, bool live)
{
	while (i < t->n_nodes && !t->failed) {
		const struct node *nd = &t->nodes[i];
		switch (nd->kind) {
		case N_TEXT:
			if (live)
				strbuf_add(t->out, t->src + nd->off, nd->len);
			i++;
			break;
		case N_EXPR:
			if (!tpl_expr_node(t, nd, live))
				return t->n_nodes;
			i++;
			break;
		case N_CTRL:
			if (nd->ctrl == C_IF)
				i = tpl_if(t, i, live);
			else if (nd->ctrl == C_FOR)
				i = tpl_for(t, i, live);
			else
				return i;
			break;
		}
	}
	return i;
}

bool template_render(const char *file, const char *src, size_t len, const struct template_var *vars,
		     size_t n_vars, struct strbuf *out, struct strbuf *err)
{
	struct tpl t;
	memset(&t, 0, sizeof(t));
	t.file = file;
	t.src = src;
	t.len = len;
	t.vars = vars;
	t.n_vars = n_vars;
	t.out = out;
	t.err = err;
	if (memchr(src, '\0', len))
		tpl_error(&t, (size_t)((const char *)memchr(src, '\0', len) - src), "NUL byte in the template");
	if (!t.failed && tpl_lex(&t)) {
		size_t i = tpl_block(&t, 0, true);
		if (!t.failed && i < t.n_nodes)
			tpl_error(&t, t.nodes[i].at, "'%% %s' without a matching start", ctrl_name(t.nodes[i].ctrl));
	}
	for (size_t i = 0; i < t.n_tmp; i++)
		free(t.tmp[i]);
	free(t.tmp);
	for (size_t i = 0; i < t.n_imported; i++)
		free(t.imported[i]);
	free(t.imported);
	free(t.nodes);
	free(t.locals);
	return !t.failed;
}
