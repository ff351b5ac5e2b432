/* parser.c - recursive-descent parser for Python 3 source into py_ast.h.
 *
 * Errors unwind with longjmp to the innermost statement being parsed,
 * which becomes an ERROR node; parsing resumes at the next statement.
 * Recursion is bounded by PY_MAX_DEPTH, and so is the height of the tree:
 * left-associative chains (a.b.c, 1+2+3) count towards the same depth so
 * that consumers may walk the tree recursively. Lists are built on one
 * shared scratch stack and copied into the arena when complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/py_ast.h"
#include "cupel/py_token.h"
#include "cupel/strbuf.h"
#include "cupel/xalloc.h"
#include "py_internal.h"

#define LOOKAHEAD 4
#define PARSE_MAX_DIAGS 50
#define FSTRING_MAX_NEST 2

/* What a file's parser shares with the sub-parsers of f-string fields. */
struct shared {
	struct arena *arena;
	struct diag_list *diags;
	const char *file;
	struct py_node **stack;      /* scratch for lists being built */
	size_t n_stack, cap_stack;
	struct strbuf sbuf;          /* scratch for decoded string text */
	jmp_buf *jb;                 /* the innermost statement's error exit */
	const char *err_msg;
	unsigned err_line, err_col;
	bool err_quiet;              /* the lexer reported it already */
	struct py_comment *comments;
	size_t n_comments, cap_comments;
	unsigned n_errors, n_diags;
};

struct parser {
	struct shared *sh;
	struct py_lexer *lx;
	struct py_token ring[LOOKAHEAD];
	size_t head, count;
	struct py_token prev;        /* the last token consumed */
	size_t n_consumed;
	int depth;
	bool keep_comments;
	bool outline;                /* skip the bodies of module-level def/class */
	bool body_of_def;            /* the next suite is a def or class body */
	int suite_depth;             /* blocks we are inside */
};

struct pos {
	unsigned line, col;
};

/* ---- tokens ---- */

static void add_comment(struct parser *p, const struct py_token *t)
{
	struct shared *sh = p->sh;
	if (sh->n_comments == sh->cap_comments) {
		size_t cap = sh->cap_comments ? sh->cap_comments * 2 : 16;
		sh->comments = arena_grow(sh->arena, sh->comments, sh->n_comments, cap,
					  sizeof(*sh->comments));
		sh->cap_comments = cap;
	}
	struct py_comment *c = &sh->comments[sh->n_comments++];
	c->line = t->line;
	c->col = t->col;
	c->text = arena_strndup(sh->arena, t->text, t->len);
}

static struct py_token fetch(struct parser *p)
{
	for (;;) {
		struct py_token t = py_lexer_next(p->lx);
		if (t.kind == PY_TOK_NL)
			continue;
		if (t.kind == PY_TOK_COMMENT) {
			if (p->keep_comments)
				add_comment(p, &t);
			continue;
		}
		return t;
	}
}

/* Fills the ring up to k; the common case (already there) stays inline. */
static const struct py_token *peek_fill(struct parser *p, size_t k)
{
	while (p->count <= k) {
		p->ring[(p->head + p->count) % LOOKAHEAD] = fetch(p);
		p->count++;
	}
	return &p->ring[(p->head + k) % LOOKAHEAD];
}

static inline const struct py_token *peek(struct parser *p, size_t k)
{
	if (k < p->count)
		return &p->ring[(p->head + k) % LOOKAHEAD];
	return peek_fill(p, k);
}

/* Consume a token; the result stays valid until the next call (it is
 * p->prev), so callers copy only what they keep. */
static const struct py_token *advance(struct parser *p)
{
	const struct py_token *t = peek(p, 0);
	p->prev = *t;
	if (t->kind != PY_TOK_ENDMARKER) {
		p->head = (p->head + 1) % LOOKAHEAD;
		p->count--;
		p->n_consumed++;
	}
	return &p->prev;
}

static struct py_token next(struct parser *p)
{
	return *advance(p);
}

/* Inline so that strlen of the literal s folds to a constant. */
static inline bool tok_is(const struct py_token *t, enum py_tok_kind k, const char *s)
{
	size_t n = strlen(s);
	return t->kind == k && t->len == n && t->text[0] == s[0] && memcmp(t->text, s, n) == 0;
}

static inline bool at_op(struct parser *p, const char *s)
{
	return tok_is(peek(p, 0), PY_TOK_OP, s);
}

static inline bool at_kw(struct parser *p, const char *s)
{
	return tok_is(peek(p, 0), PY_TOK_NAME, s);
}

static inline bool at_kind(struct parser *p, enum py_tok_kind k)
{
	return peek(p, 0)->kind == k;
}

static inline bool accept_op(struct parser *p, const char *s)
{
	if (!at_op(p, s))
		return false;
	advance(p);
	return true;
}

static inline bool accept_kw(struct parser *p, const char *s)
{
	if (!at_kw(p, s))
		return false;
	advance(p);
	return true;
}

/* The keywords by length: a name is compared with the few of its own
 * length (this runs for nearly every name token). */
static const char *const keywords_by_len[9][8] = {
	[2] = { "as", "if", "in", "is", "or" },
	[3] = { "and", "def", "del", "for", "not", "try" },
	[4] = { "None", "True", "elif", "else", "from", "pass", "with" },
	[5] = { "False", "async", "await", "break", "class", "raise", "while", "yield" },
	[6] = { "assert", "except", "global", "import", "lambda", "return" },
	[7] = { "finally" },
	[8] = { "continue", "nonlocal" },
};

static bool is_keyword(const struct py_token *t)
{
	if (t->kind != PY_TOK_NAME || t->len < 2 || t->len > 8)
		return false;
	/* most names are not keywords: reject on the first letter */
	switch (t->text[0]) {
	case 'F': case 'N': case 'T': case 'a': case 'b': case 'c': case 'd': case 'e':
	case 'f': case 'g': case 'i': case 'l': case 'n': case 'o': case 'p': case 'r':
	case 't': case 'w': case 'y':
		break;
	default:
		return false;
	}
	const char *const *kw = keywords_by_len[t->len];
	for (size_t i = 0; i < 8 && kw[i]; i++)
		if (kw[i][0] == t->text[0] && memcmp(kw[i], t->text, t->len) == 0)
			return true;
	return false;
}

static struct pos start(struct parser *p)
{
	const struct py_token *t = peek(p, 0);
	return (struct pos){ t->line, t->col };
}

/* ---- errors ---- */

__attribute__((format(printf, 4, 5), noreturn))
static void fail_pos(struct parser *p, struct pos at, bool quiet, const char *fmt, ...)
{
	struct shared *sh = p->sh;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sh->err_msg = arena_strdup(sh->arena, msg);
	sh->err_line = at.line;
	sh->err_col = at.col;
	sh->err_quiet = quiet;
	longjmp(*sh->jb, 1);
}

/* An error at the next token; an error token was diagnosed by the lexer. */
__attribute__((noreturn))
static void fail_here(struct parser *p, const char *what)
{
	const struct py_token *t = peek(p, 0);
	struct pos at = { t->line, t->col };
	if (t->kind == PY_TOK_ERRORTOKEN)
		fail_pos(p, at, true, "invalid token");
	if (t->kind == PY_TOK_INDENT)
		fail_pos(p, at, false, "unexpected indent");
	if (what)
		fail_pos(p, at, false, "%s", what);
	if (t->kind == PY_TOK_ENDMARKER)
		fail_pos(p, at, false, "unexpected end of file");
	if (t->kind == PY_TOK_NEWLINE || t->kind == PY_TOK_DEDENT)
		fail_pos(p, at, false, "invalid syntax: unexpected end of line");
	int n = t->len > 20 ? 20 : (int)t->len;
	fail_pos(p, at, false, "invalid syntax near '%.*s'", n, t->text);
}

static void expect_op(struct parser *p, const char *s)
{
	if (!accept_op(p, s)) {
		char msg[64];
		snprintf(msg, sizeof(msg), "expected '%s'", s);
		fail_here(p, peek(p, 0)->kind == PY_TOK_ERRORTOKEN ? NULL : msg);
	}
}

static void expect_kw(struct parser *p, const char *s)
{
	if (!accept_kw(p, s)) {
		char msg[64];
		snprintf(msg, sizeof(msg), "expected '%s'", s);
		fail_here(p, peek(p, 0)->kind == PY_TOK_ERRORTOKEN ? NULL : msg);
	}
}

static const char *expect_name(struct parser *p)
{
	const struct py_token *t = peek(p, 0);
	if (t->kind != PY_TOK_NAME || is_keyword(t))
		fail_here(p, t->kind == PY_TOK_ERRORTOKEN ? NULL : "expected a name");
	struct py_token n = next(p);
	return arena_strndup(p->sh->arena, n.text, n.len);
}

static void enter(struct parser *p)
{
	if (++p->depth > PY_MAX_DEPTH)
		fail_pos(p, start(p), false, "nesting too deep (more than %d levels)", PY_MAX_DEPTH);
}

static void leave(struct parser *p)
{
	p->depth--;
}

/* ---- nodes and lists ---- */

static struct py_node *mk(struct parser *p, enum py_kind k, struct pos at)
{
	struct py_node *n = arena_alloc(p->sh->arena, sizeof(*n));
	n->kind = k;
	n->line = at.line;
	n->col = at.col;
	n->end_line = p->prev.end_line;
	n->end_col = p->prev.end_col;
	return n;
}

static struct pos pos_of(const struct py_node *n)
{
	return (struct pos){ n->line, n->col };
}

static size_t mark(struct parser *p)
{
	return p->sh->n_stack;
}

static void push(struct parser *p, struct py_node *n)
{
	struct shared *sh = p->sh;
	if (sh->n_stack == sh->cap_stack) {
		sh->cap_stack = sh->cap_stack ? sh->cap_stack * 2 : 256;
		sh->stack = xrealloc(sh->stack, sh->cap_stack * sizeof(*sh->stack));
	}
	sh->stack[sh->n_stack++] = n;
}

static struct py_list collect(struct parser *p, size_t m)
{
	struct shared *sh = p->sh;
	struct py_list l = { NULL, sh->n_stack - m };
	if (l.n) {
		l.items = arena_alloc(sh->arena, l.n * sizeof(*l.items));
		memcpy(l.items, sh->stack + m, l.n * sizeof(*l.items));
	}
	sh->n_stack = m;
	return l;
}

static char *tok_str(struct parser *p, const struct py_token *t)
{
	return arena_strndup(p->sh->arena, t->text, t->len);
}

/* ---- expressions ---- */

static struct py_node *parse_test(struct parser *p);
static struct py_node *parse_named(struct parser *p);
static struct py_node *parse_or(struct parser *p);
static struct py_node *parse_bitor(struct parser *p);
static struct py_node *parse_factor(struct parser *p);
static struct py_node *parse_star_named(struct parser *p);
static struct py_node *parse_star_exprs(struct parser *p);
static struct py_node *parse_strings(struct parser *p);
static void parse_params(struct parser *p, const char *closer, bool annotations);

static bool starts_expr(struct parser *p)
{
	const struct py_token *t = peek(p, 0);
	switch (t->kind) {
	case PY_TOK_NUMBER:
	case PY_TOK_STRING:
		return true;
	case PY_TOK_NAME:
		return !is_keyword(t) || tok_is(t, PY_TOK_NAME, "None") ||
		       tok_is(t, PY_TOK_NAME, "True") || tok_is(t, PY_TOK_NAME, "False") ||
		       tok_is(t, PY_TOK_NAME, "lambda") || tok_is(t, PY_TOK_NAME, "not") ||
		       tok_is(t, PY_TOK_NAME, "await");
	case PY_TOK_OP:
		return t->len <= 3 && (t->text[0] == '(' || t->text[0] == '[' || t->text[0] == '{' ||
		       (t->len == 1 && strchr("-+~*", t->text[0])) || tok_is(t, PY_TOK_OP, "...") ||
		       tok_is(t, PY_TOK_OP, "**"));
	default:
		return false;
	}
}

/* elem (',' elem)* [','] -> the element or a TUPLE */
static struct py_node *parse_tuple_of(struct parser *p, struct py_node *(*elem)(struct parser *))
{
	struct pos at = start(p);
	struct py_node *first = elem(p);
	if (!at_op(p, ","))
		return first;
	size_t m = mark(p);
	push(p, first);
	while (accept_op(p, ",") && starts_expr(p) && !at_op(p, "**"))
		push(p, elem(p));
	struct py_list elts = collect(p, m);
	struct py_node *n = mk(p, PY_TUPLE, at);
	n->u.seq.elts = elts;
	return n;
}

static struct py_node *parse_comp_for(struct parser *p, enum py_kind kind, struct pos at,
				      struct py_node *elt, struct py_node *value,
				      const char *closer);

static bool at_comp_for(struct parser *p)
{
	return at_kw(p, "for") || (at_kw(p, "async") && tok_is(peek(p, 1), PY_TOK_NAME, "for"));
}

static struct py_node *parse_yield(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	if (accept_kw(p, "from")) {
		struct py_node *v = parse_test(p);
		struct py_node *n = mk(p, PY_YIELD_FROM, at);
		n->u.await_.value = v;
		return n;
	}
	struct py_node *v = starts_expr(p) ? parse_star_exprs(p) : NULL;
	struct py_node *n = mk(p, PY_YIELD, at);
	n->u.await_.value = v;
	return n;
}

/* (yield ...) | star_expressions: a right-hand side */
static struct py_node *parse_rhs(struct parser *p)
{
	if (at_kw(p, "yield"))
		return parse_yield(p);
	return parse_star_exprs(p);
}

static struct py_node *finish_seq(struct parser *p, enum py_kind k, struct pos at, size_t m)
{
	struct py_list elts = collect(p, m);
	struct py_node *n = mk(p, k, at);
	n->u.seq.elts = elts;
	return n;
}

/* The rest of a display after its first element: (',' elem)* closer. */
static void parse_more_elts(struct parser *p, const char *closer)
{
	while (accept_op(p, ",") && !at_op(p, closer))
		push(p, parse_star_named(p));
	expect_op(p, closer);
}

static struct py_node *parse_paren(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	if (accept_op(p, ")"))
		return mk(p, PY_TUPLE, at);
	if (at_kw(p, "yield")) {
		struct py_node *y = parse_yield(p);
		expect_op(p, ")");
		return y;
	}
	struct py_node *first = parse_star_named(p);
	if (at_comp_for(p))
		return parse_comp_for(p, PY_GENERATOR_EXP, at, first, NULL, ")");
	if (accept_op(p, ")"))
		return first;
	size_t m = mark(p);
	push(p, first);
	parse_more_elts(p, ")");
	return finish_seq(p, PY_TUPLE, at, m);
}

static struct py_node *parse_list(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	size_t m = mark(p);
	if (accept_op(p, "]"))
		return finish_seq(p, PY_LIST, at, m);
	struct py_node *first = parse_star_named(p);
	if (at_comp_for(p))
		return parse_comp_for(p, PY_LIST_COMP, at, first, NULL, "]");
	push(p, first);
	parse_more_elts(p, "]");
	return finish_seq(p, PY_LIST, at, m);
}

/* Dict items alternate key, value on the scratch stack (key NULL for **). */
static struct py_node *finish_dict(struct parser *p, struct pos at, size_t m)
{
	struct py_list kv = collect(p, m);
	struct py_node *n = mk(p, PY_DICT, at);
	size_t cnt = kv.n / 2;
	n->u.dict.keys.n = n->u.dict.values.n = cnt;
	if (cnt) {
		n->u.dict.keys.items = arena_alloc(p->sh->arena, cnt * sizeof(struct py_node *));
		n->u.dict.values.items = arena_alloc(p->sh->arena, cnt * sizeof(struct py_node *));
	}
	for (size_t i = 0; i < cnt; i++) {
		n->u.dict.keys.items[i] = kv.items[2 * i];
		n->u.dict.values.items[i] = kv.items[2 * i + 1];
	}
	return n;
}

static void parse_dict_item(struct parser *p)
{
	if (accept_op(p, "**")) {
		push(p, NULL);
		push(p, parse_bitor(p));
		return;
	}
	push(p, parse_test(p));
	expect_op(p, ":");
	push(p, parse_test(p));
}

static struct py_node *parse_brace(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	size_t m = mark(p);
	if (accept_op(p, "}"))
		return finish_dict(p, at, m);
	if (at_op(p, "**")) {
		parse_dict_item(p);
	} else {
		struct py_node *first = parse_star_named(p);
		if (accept_op(p, ":")) {
			struct py_node *v = parse_test(p);
			if (at_comp_for(p))
				return parse_comp_for(p, PY_DICT_COMP, at, first, v, "}");
			push(p, first);
			push(p, v);
		} else {
			if (at_comp_for(p))
				return parse_comp_for(p, PY_SET_COMP, at, first, NULL, "}");
			push(p, first);
			parse_more_elts(p, "}");
			return finish_seq(p, PY_SET, at, m);
		}
	}
	while (accept_op(p, ",") && !at_op(p, "}"))
		parse_dict_item(p);
	expect_op(p, "}");
	return finish_dict(p, at, m);
}

static struct py_node *parse_number(struct parser *p)
{
	struct pos at = start(p);
	struct py_token t = next(p);
	struct py_node *n = mk(p, PY_CONSTANT, at);
	char last = t.text[t.len - 1];
	bool prefixed = t.len > 1 && t.text[0] == '0' && strchr("xXoObB", t.text[1]);
	if (last == 'j' || last == 'J')
		n->u.constant.kind = PY_CONST_IMAG;
	else if (!prefixed && (memchr(t.text, '.', t.len) || memchr(t.text, 'e', t.len) ||
			       memchr(t.text, 'E', t.len)))
		n->u.constant.kind = PY_CONST_FLOAT;
	else
		n->u.constant.kind = PY_CONST_INT;
	n->u.constant.value = tok_str(p, &t);
	n->u.constant.len = t.len;
	return n;
}

static struct py_node *parse_atom(struct parser *p)
{
	const struct py_token *t = peek(p, 0);
	struct pos at = { t->line, t->col };
	switch (t->kind) {
	case PY_TOK_NUMBER:
		return parse_number(p);
	case PY_TOK_STRING:
		return parse_strings(p);
	case PY_TOK_NAME: {
		static const struct { const char *kw; enum py_const_kind k; } consts[] = {
			{ "None", PY_CONST_NONE }, { "True", PY_CONST_TRUE }, { "False", PY_CONST_FALSE },
		};
		for (size_t i = 0; i < 3; i++) {
			if (tok_is(t, PY_TOK_NAME, consts[i].kw)) {
				advance(p);
				struct py_node *n = mk(p, PY_CONSTANT, at);
				n->u.constant.kind = consts[i].k;
				n->u.constant.value = consts[i].kw;
				n->u.constant.len = strlen(consts[i].kw);
				return n;
			}
		}
		if (is_keyword(t))
			fail_here(p, NULL);
		struct py_token nt = next(p);
		struct py_node *n = mk(p, PY_NAME, at);
		n->u.name.id = tok_str(p, &nt);
		return n;
	}
	case PY_TOK_OP:
		if (tok_is(t, PY_TOK_OP, "("))
			return parse_paren(p);
		if (tok_is(t, PY_TOK_OP, "["))
			return parse_list(p);
		if (tok_is(t, PY_TOK_OP, "{"))
			return parse_brace(p);
		if (tok_is(t, PY_TOK_OP, "...")) {
			advance(p);
			struct py_node *n = mk(p, PY_CONSTANT, at);
			n->u.constant.kind = PY_CONST_ELLIPSIS;
			n->u.constant.value = "...";
			n->u.constant.len = 3;
			return n;
		}
		break;
	default:
		break;
	}
	fail_here(p, NULL);
}

/* Call arguments up to ')'; positional ones and keywords are split after. */
static void parse_call_args(struct parser *p, struct py_list *args, struct py_list *kws)
{
	size_t m = mark(p);
	while (!at_op(p, ")")) {
		struct pos at = start(p);
		if (accept_op(p, "*")) {
			struct py_node *v = parse_test(p);
			struct py_node *n = mk(p, PY_STARRED, at);
			n->u.starred.value = v;
			push(p, n);
		} else if (accept_op(p, "**")) {
			struct py_node *v = parse_test(p);
			struct py_node *n = mk(p, PY_KEYWORD, at);
			n->u.keyword.value = v;
			push(p, n);
		} else if (peek(p, 0)->kind == PY_TOK_NAME && tok_is(peek(p, 1), PY_TOK_OP, "=")) {
			const char *name = expect_name(p);
			advance(p);
			struct py_node *v = parse_test(p);
			struct py_node *n = mk(p, PY_KEYWORD, at);
			n->u.keyword.arg = name;
			n->u.keyword.value = v;
			push(p, n);
		} else {
			struct py_node *e = parse_named(p);
			if (at_comp_for(p))
				e = parse_comp_for(p, PY_GENERATOR_EXP, at, e, NULL, NULL);
			push(p, e);
		}
		if (!accept_op(p, ","))
			break;
	}
	expect_op(p, ")");
	struct py_list all = collect(p, m);
	size_t nk = 0;
	for (size_t i = 0; i < all.n; i++)
		nk += all.items[i]->kind == PY_KEYWORD;
	args->n = all.n - nk;
	kws->n = nk;
	args->items = args->n ? arena_alloc(p->sh->arena, args->n * sizeof(struct py_node *)) : NULL;
	kws->items = nk ? arena_alloc(p->sh->arena, nk * sizeof(struct py_node *)) : NULL;
	size_t ia = 0, ik = 0;
	for (size_t i = 0; i < all.n; i++) {
		if (all.items[i]->kind == PY_KEYWORD)
			kws->items[ik++] = all.items[i];
		else
			args->items[ia++] = all.items[i];
	}
}

static struct py_node *parse_slice_item(struct parser *p)
{
	struct pos at = start(p);
	struct py_node *lower = NULL, *upper = NULL, *step = NULL;
	if (!at_op(p, ":")) {
		lower = parse_star_named(p);
		if (!at_op(p, ":"))
			return lower;
	}
	advance(p);
	if (!at_op(p, ":") && !at_op(p, ",") && !at_op(p, "]"))
		upper = parse_test(p);
	if (accept_op(p, ":") && !at_op(p, ",") && !at_op(p, "]"))
		step = parse_test(p);
	struct py_node *n = mk(p, PY_SLICE, at);
	n->u.slice.lower = lower;
	n->u.slice.upper = upper;
	n->u.slice.step = step;
	return n;
}

static struct py_node *parse_subscript(struct parser *p)
{
	struct pos at = start(p);
	struct py_node *first = parse_slice_item(p);
	if (!at_op(p, ","))
		return first;
	size_t m = mark(p);
	push(p, first);
	while (accept_op(p, ",") && !at_op(p, "]"))
		push(p, parse_slice_item(p));
	return finish_seq(p, PY_TUPLE, at, m);
}

/* atom trailers*; each trailer deepens the tree, so it counts as depth */
static struct py_node *parse_primary(struct parser *p)
{
	struct pos at = start(p);
	struct py_node *e = parse_atom(p);
	int chain = 0;
	for (;;) {
		if (at_op(p, ".")) {
			enter(p);
			chain++;
			advance(p);
			const char *attr = expect_name(p);
			struct py_node *n = mk(p, PY_ATTRIBUTE, at);
			n->u.attribute.value = e;
			n->u.attribute.attr = attr;
			e = n;
		} else if (at_op(p, "(")) {
			enter(p);
			chain++;
			advance(p);
			struct py_list args, kws;
			parse_call_args(p, &args, &kws);
			struct py_node *n = mk(p, PY_CALL, at);
			n->u.call.func = e;
			n->u.call.args = args;
			n->u.call.keywords = kws;
			e = n;
		} else if (at_op(p, "[")) {
			enter(p);
			chain++;
			advance(p);
			struct py_node *s = parse_subscript(p);
			expect_op(p, "]");
			struct py_node *n = mk(p, PY_SUBSCRIPT, at);
			n->u.subscript.value = e;
			n->u.subscript.slice = s;
			e = n;
		} else {
			break;
		}
	}
	p->depth -= chain;
	return e;
}

static struct py_node *parse_power(struct parser *p)
{
	struct pos at = start(p);
	struct py_node *e;
	if (accept_kw(p, "await")) {
		struct py_node *v = parse_primary(p);
		e = mk(p, PY_AWAIT, at);
		e->u.await_.value = v;
	} else {
		e = parse_primary(p);
	}
	if (!accept_op(p, "**"))
		return e;
	enter(p);
	struct py_node *r = parse_factor(p);
	leave(p);
	struct py_node *n = mk(p, PY_BIN_OP, at);
	n->u.bin_op.left = e;
	n->u.bin_op.op = "**";
	n->u.bin_op.right = r;
	return n;
}

static struct py_node *parse_factor(struct parser *p)
{
	static const char *const ops[] = { "-", "+", "~" };
	struct pos at = start(p);
	for (size_t i = 0; i < 3; i++) {
		if (accept_op(p, ops[i])) {
			enter(p);
			struct py_node *v = parse_factor(p);
			leave(p);
			struct py_node *n = mk(p, PY_UNARY_OP, at);
			n->u.unary_op.op = ops[i];
			n->u.unary_op.operand = v;
			return n;
		}
	}
	return parse_power(p);
}

/* Binary levels, loosest first: | ^ & << >> + - * / // % @ */
#define N_BIN_LEVELS 6

/* The level of a binary operator token (its spelling in *op), or -1: one
 * look at the token instead of one per level and operator. */
static int bin_level(const struct py_token *t, const char **op)
{
	if (t->kind != PY_TOK_OP || t->len > 2)
		return -1;
	char c = t->text[0], c2 = t->len == 2 ? t->text[1] : 0;
	switch (c) {
	case '|': *op = "|"; return c2 ? -1 : 0;
	case '^': *op = "^"; return c2 ? -1 : 1;
	case '&': *op = "&"; return c2 ? -1 : 2;
	case '<': *op = "<<"; return c2 == '<' ? 3 : -1;
	case '>': *op = ">>"; return c2 == '>' ? 3 : -1;
	case '+': *op = "+"; return c2 ? -1 : 4;
	case '-': *op = "-"; return c2 ? -1 : 4;
	case '*': *op = "*"; return c2 ? -1 : 5;
	case '%': *op = "%"; return c2 ? -1 : 5;
	case '@': *op = "@"; return c2 ? -1 : 5;
	case '/':
		*op = c2 ? "//" : "/";
		return !c2 || c2 == '/' ? 5 : -1;
	default:
		return -1;
	}
}

/* Precedence climbing over the levels from `level` up: left-associative,
 * each node starting where its leftmost operand starts. */
static struct py_node *parse_binary(struct parser *p, int level)
{
	struct pos at = start(p);
	struct py_node *e = parse_factor(p);
	int chain = 0;
	const char *op = NULL;
	int l;
	while ((l = bin_level(peek(p, 0), &op)) >= level) {
		enter(p);
		chain++;
		advance(p);
		struct py_node *r = l + 1 < N_BIN_LEVELS ? parse_binary(p, l + 1) : parse_factor(p);
		struct py_node *n = mk(p, PY_BIN_OP, at);
		n->u.bin_op.left = e;
		n->u.bin_op.op = op;
		n->u.bin_op.right = r;
		e = n;
	}
	p->depth -= chain;
	return e;
}

static struct py_node *parse_bitor(struct parser *p)
{
	return parse_binary(p, 0);
}

/* A comparison operator at the next token(s), consumed; NULL if none. */
static const char *accept_cmp_op(struct parser *p)
{
	static const char *const ops[] = { "==", "!=", "<", ">", "<=", ">=" };
	const struct py_token *t = peek(p, 0);
	if (t->kind == PY_TOK_OP) {
		/* the common case: an operator that compares nothing */
		if (t->text[0] != '=' && t->text[0] != '!' && t->text[0] != '<' && t->text[0] != '>')
			return NULL;
		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (accept_op(p, ops[i]))
				return ops[i];
		return NULL;
	}
	if (t->kind != PY_TOK_NAME)
		return NULL;
	if (accept_kw(p, "in"))
		return "in";
	if (at_kw(p, "not") && tok_is(peek(p, 1), PY_TOK_NAME, "in")) {
		advance(p);
		advance(p);
		return "not in";
	}
	if (accept_kw(p, "is"))
		return accept_kw(p, "not") ? "is not" : "is";
	return NULL;
}

static struct py_node *parse_comparison(struct parser *p)
{
	struct pos at = start(p);
	struct py_node *left = parse_bitor(p);
	const char *op = accept_cmp_op(p);
	if (!op)
		return left;
	size_t m = mark(p), n_ops = 0, cap = 4;
	const char **ops = arena_alloc(p->sh->arena, cap * sizeof(*ops));
	do {
		if (n_ops == cap) {
			ops = arena_grow(p->sh->arena, ops, n_ops, cap * 2, sizeof(*ops));
			cap *= 2;
		}
		ops[n_ops++] = op;
		push(p, parse_bitor(p));
	} while ((op = accept_cmp_op(p)) != NULL);
	struct py_list cmps = collect(p, m);
	struct py_node *n = mk(p, PY_COMPARE, at);
	n->u.compare.left = left;
	n->u.compare.ops = ops;
	n->u.compare.comparators = cmps;
	return n;
}

static struct py_node *parse_not(struct parser *p)
{
	struct pos at = start(p);
	if (!accept_kw(p, "not"))
		return parse_comparison(p);
	enter(p);
	struct py_node *v = parse_not(p);
	leave(p);
	struct py_node *n = mk(p, PY_UNARY_OP, at);
	n->u.unary_op.op = "not";
	n->u.unary_op.operand = v;
	return n;
}

static struct py_node *parse_bool(struct parser *p, const char *op)
{
	bool is_or = op[0] == 'o';
	struct pos at = start(p);
	struct py_node *first = is_or ? parse_bool(p, "and") : parse_not(p);
	if (!at_kw(p, op))
		return first;
	size_t m = mark(p);
	push(p, first);
	while (accept_kw(p, op))
		push(p, is_or ? parse_bool(p, "and") : parse_not(p));
	struct py_list vals = collect(p, m);
	struct py_node *n = mk(p, PY_BOOL_OP, at);
	n->u.bool_op.op = is_or ? "or" : "and";
	n->u.bool_op.values = vals;
	return n;
}

static struct py_node *parse_or(struct parser *p)
{
	return parse_bool(p, "or");
}

static struct py_node *parse_lambda(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	size_t m = mark(p);
	parse_params(p, ":", false);
	struct py_list args = collect(p, m);
	expect_op(p, ":");
	struct py_node *body = parse_test(p);
	struct py_node *n = mk(p, PY_LAMBDA, at);
	n->u.lambda.args = args;
	n->u.lambda.body = body;
	return n;
}

/* Every nested expression passes here, so this is where depth is counted. */
/* Is the next expression a lone atom (a name, number or single string)
 * followed by a token that cannot continue an expression? Such atoms are
 * most expressions in migrations (list items, arguments, values), and
 * parse_atom gives exactly what the precedence ladder would. */
static bool lone_atom_ahead(struct parser *p)
{
	const struct py_token *t = peek(p, 0);
	if (t->kind == PY_TOK_NAME) {
		if (is_keyword(t) && !tok_is(t, PY_TOK_NAME, "None") && !tok_is(t, PY_TOK_NAME, "True") &&
		    !tok_is(t, PY_TOK_NAME, "False"))
			return false;
	} else if (t->kind != PY_TOK_NUMBER && t->kind != PY_TOK_STRING) {
		return false;
	}
	const struct py_token *u = peek(p, 1);
	if (u->kind == PY_TOK_NEWLINE || u->kind == PY_TOK_ENDMARKER)
		return true;
	return u->kind == PY_TOK_OP && u->len == 1 && strchr(",)]}=:;", u->text[0]) != NULL;
}

static struct py_node *parse_test(struct parser *p)
{
	if (lone_atom_ahead(p))
		return parse_atom(p);
	enter(p);
	struct py_node *e;
	if (at_kw(p, "lambda")) {
		e = parse_lambda(p);
	} else {
		struct pos at = start(p);
		e = parse_or(p);
		if (accept_kw(p, "if")) {
			struct py_node *test = parse_or(p);
			expect_kw(p, "else");
			struct py_node *orelse = parse_test(p);
			struct py_node *n = mk(p, PY_IF_EXP, at);
			n->u.if_exp.test = test;
			n->u.if_exp.body = e;
			n->u.if_exp.orelse = orelse;
			e = n;
		}
	}
	leave(p);
	return e;
}

static struct py_node *parse_named(struct parser *p)
{
	if (peek(p, 0)->kind == PY_TOK_NAME && tok_is(peek(p, 1), PY_TOK_OP, ":=")) {
		struct pos at = start(p);
		struct py_node *target = parse_atom(p);
		advance(p);
		struct py_node *v = parse_test(p);
		struct py_node *n = mk(p, PY_NAMED_EXPR, at);
		n->u.named_expr.target = target;
		n->u.named_expr.value = v;
		return n;
	}
	return parse_test(p);
}

static struct py_node *parse_star_named(struct parser *p)
{
	struct pos at = start(p);
	if (!accept_op(p, "*"))
		return parse_named(p);
	struct py_node *v = parse_bitor(p);
	struct py_node *n = mk(p, PY_STARRED, at);
	n->u.starred.value = v;
	return n;
}

static struct py_node *parse_star_exprs(struct parser *p)
{
	return parse_tuple_of(p, parse_star_named);
}

/* for-loop and comprehension targets: star_expr | bitor, comma-separated */
static struct py_node *parse_target_elem(struct parser *p)
{
	struct pos at = start(p);
	if (!accept_op(p, "*"))
		return parse_bitor(p);
	struct py_node *v = parse_bitor(p);
	struct py_node *n = mk(p, PY_STARRED, at);
	n->u.starred.value = v;
	return n;
}

static struct py_node *parse_targets(struct parser *p)
{
	return parse_tuple_of(p, parse_target_elem);
}

/* The generators of a comprehension; closer NULL when the brackets belong
 * to someone else (a generator as the sole argument of a call). */
static struct py_node *parse_comp_for(struct parser *p, enum py_kind kind, struct pos at,
				      struct py_node *elt, struct py_node *value,
				      const char *closer)
{
	size_t m = mark(p);
	while (at_comp_for(p)) {
		struct pos gat = start(p);
		bool is_async = accept_kw(p, "async");
		advance(p);
		struct py_node *target = parse_targets(p);
		expect_kw(p, "in");
		struct py_node *iter = parse_or(p);
		size_t mi = mark(p);
		while (accept_kw(p, "if"))
			push(p, parse_or(p));
		struct py_list ifs = collect(p, mi);
		struct py_node *g = mk(p, PY_COMPREHENSION, gat);
		g->u.comprehension.target = target;
		g->u.comprehension.iter = iter;
		g->u.comprehension.ifs = ifs;
		g->u.comprehension.is_async = is_async;
		push(p, g);
	}
	struct py_list gens = collect(p, m);
	if (closer)
		expect_op(p, closer);
	struct py_node *n = mk(p, kind, at);
	if (kind == PY_DICT_COMP) {
		n->u.comp.key = elt;
		n->u.comp.value = value;
	} else {
		n->u.comp.elt = elt;
	}
	n->u.comp.generators = gens;
	return n;
}

/* ---- parameters ---- */

/* def/lambda parameters up to closer, pushed as ARG nodes. */
static void parse_params(struct parser *p, const char *closer, bool annotations)
{
	while (!at_op(p, closer)) {
		struct pos at = start(p);
		int star = 0;
		if (accept_op(p, "/"))
			star = '/';
		else if (accept_op(p, "**"))
			star = 2;
		else if (accept_op(p, "*"))
			star = '*';
		const char *name = NULL;
		struct py_node *ann = NULL, *def = NULL;
		bool bare = star == '/' || (star == '*' && (at_op(p, ",") || at_op(p, closer)));
		if (!bare) {
			name = expect_name(p);
			if (annotations && accept_op(p, ":"))
				ann = star == '*' ? parse_star_named(p) : parse_test(p);
			if (star == 0 && accept_op(p, "="))
				def = parse_test(p);
		}
		struct py_node *a = mk(p, PY_ARG, at);
		a->u.arg.name = name;
		a->u.arg.star = star;
		a->u.arg.annotation = ann;
		a->u.arg.default_ = def;
		push(p, a);
		if (!accept_op(p, ","))
			break;
	}
}

/* ---- strings ---- */

static void put_utf8(struct strbuf *sb, unsigned long cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	strbuf_add(sb, b, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* k hex digits at s, or -1 */
static long hex_run(const char *s, size_t k)
{
	long v = 0;
	for (size_t i = 0; i < k; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* One escape at s[0] == '\\' (n >= 2); returns the bytes consumed. What is
 * not a valid escape keeps its backslash, as Python does (\N{...} too). */
static size_t decode_escape(struct strbuf *sb, const char *s, size_t n, bool bytes)
{
	static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
	char e = s[1];
	if (e == '\n')
		return 2;
	if (e == '\r')
		return n > 2 && s[2] == '\n' ? 3 : 2;
	for (size_t i = 0; simple[i]; i += 2) {
		if (simple[i] == e) {
			strbuf_addc(sb, simple[i + 1]);
			return 2;
		}
	}
	if (e >= '0' && e <= '7') {
		unsigned v = 0;
		size_t k = 1;
		while (k < 4 && k < n && s[k] >= '0' && s[k] <= '7')
			v = v * 8 + (unsigned)(s[k++] - '0');
		if (bytes)
			strbuf_addc(sb, (char)(v & 0xFF));
		else
			put_utf8(sb, v);
		return k;
	}
	size_t k = e == 'x' ? 2 : (e == 'u' && !bytes) ? 4 : (e == 'U' && !bytes) ? 8 : 0;
	long v = k && n >= 2 + k ? hex_run(s + 2, k) : -1;
	if (v >= 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF && !bytes)) {
		if (bytes)
			strbuf_addc(sb, (char)v);
		else
			put_utf8(sb, (unsigned long)v);
		return 2 + k;
	}
	strbuf_addc(sb, '\\');
	return 1;
}

/* Append the value of literal text s[0..n) to sb: escapes decoded unless
 * raw, line ends normalised to \n as Python reads source. */
static void decode_text(struct strbuf *sb, const char *s, size_t n, bool raw, bool bytes)
{
	if (!n)
		return;
	size_t i = 0;
	/* runs between escapes and CRs found with memchr (docstrings are
	 * mostly plain text); the next CR is looked for again once passed */
	const char *cr = memchr(s, '\r', n);
	size_t next_cr = cr ? (size_t)(cr - s) : n;
	while (i < n) {
		if (next_cr < i) {
			cr = memchr(s + i, '\r', n - i);
			next_cr = cr ? (size_t)(cr - s) : n;
		}
		const char *bs = memchr(s + i, '\\', next_cr - i);
		size_t j = bs ? (size_t)(bs - s) : next_cr;
		strbuf_add(sb, s + i, j - i);
		i = j;
		if (i >= n)
			break;
		if (s[i] == '\r') {
			strbuf_addc(sb, '\n');
			i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
		} else if (raw || i + 1 >= n) {
			strbuf_addc(sb, '\\');
			i++;
		} else {
			i += decode_escape(sb, s + i, n - i, bytes);
		}
	}
}

/* Where the text between the quotes of a STRING token lies. */
static void str_body(const struct py_token *t, size_t *off, size_t *n)
{
	size_t i = 0;
	while (i < t->len && t->text[i] != '\'' && t->text[i] != '"')
		i++;
	size_t q = (t->flags & PY_STR_TRIPLE) ? 3 : 1;
	*off = i + q;
	*n = t->len >= i + 2 * q ? t->len - i - 2 * q : 0;
}

static struct py_node *const_node(struct parser *p, struct pos at, struct pos end, bool bytes,
				  const struct strbuf *sb)
{
	struct py_node *n = arena_alloc(p->sh->arena, sizeof(*n));
	n->kind = PY_CONSTANT;
	n->line = at.line;
	n->col = at.col;
	n->end_line = end.line;
	n->end_col = end.col;
	n->u.constant.kind = bytes ? PY_CONST_BYTES : PY_CONST_STR;
	n->u.constant.value = arena_strndup(p->sh->arena, sb->buf ? sb->buf : "", sb->len);
	n->u.constant.len = sb->len;
	return n;
}

static struct py_node *string_const(struct parser *p, const struct py_token *t)
{
	size_t off, n;
	str_body(t, &off, &n);
	struct strbuf *sb = &p->sh->sbuf;
	strbuf_reset(sb);
	decode_text(sb, t->text + off, n, t->flags & PY_STR_RAW, t->flags & PY_STR_BYTES);
	return const_node(p, (struct pos){ t->line, t->col }, (struct pos){ t->end_line, t->end_col },
			  t->flags & PY_STR_BYTES, sb);
}

/* A cursor over the text of an f-string token that keeps line/col. */
struct fcur {
	const char *s;
	size_t i, end;
	unsigned line, col;
};

static void fc_adv(struct fcur *c)
{
	unsigned char ch = (unsigned char)c->s[c->i++];
	if (ch == '\n' || (ch == '\r' && !(c->i < c->end && c->s[c->i] == '\n'))) {
		c->line++;
		c->col = 1;
	} else if ((ch & 0xC0) != 0x80 && ch != '\r') {
		c->col++;
	}
}

static struct pos fc_pos(const struct fcur *c)
{
	return (struct pos){ c->line, c->col };
}

static char fc_at(const struct fcur *c, size_t k)
{
	return c->i + k < c->end ? c->s[c->i + k] : '\0';
}

/* Push the literal text gathered in sbuf as a CONSTANT part. */
static void flush_lit(struct parser *p, struct pos at, const struct fcur *c)
{
	struct strbuf *sb = &p->sh->sbuf;
	if (sb->len)
		push(p, const_node(p, at, fc_pos(c), false, sb));
	strbuf_reset(sb);
}

/* A quoted string inside a replacement field: skipped, parsed later. */
static void skip_fquote(struct parser *p, struct fcur *c, struct pos field)
{
	char q = fc_at(c, 0);
	bool triple = fc_at(c, 1) == q && fc_at(c, 2) == q;
	size_t ql = triple ? 3 : 1;
	for (size_t k = 0; k < ql; k++)
		fc_adv(c);
	for (;;) {
		if (c->i >= c->end)
			fail_pos(p, field, false, "f-string: unterminated string");
		char ch = c->s[c->i];
		if (ch == '\\') {
			fc_adv(c);
			if (c->i < c->end)
				fc_adv(c);
		} else if (ch == q && (!triple || (fc_at(c, 1) == q && fc_at(c, 2) == q))) {
			for (size_t k = 0; k < ql; k++)
				fc_adv(c);
			return;
		} else {
			fc_adv(c);
		}
	}
}

/* The expression of a replacement field, parsed by a parser of its own over
 * the same source bytes (so positions are the file's). */
static struct py_node *parse_fragment(struct parser *p, const char *s, size_t n, struct pos at)
{
	struct parser sub;
	memset(&sub, 0, sizeof(sub));
	sub.sh = p->sh;
	sub.depth = p->depth;
	sub.lx = py_lexer_new_fragment(p->sh->arena, p->sh->diags, p->sh->file, s, n, at.line,
				       at.col);
	struct py_node *e = at_kw(&sub, "yield") ? parse_yield(&sub) : parse_star_exprs(&sub);
	if (!at_kind(&sub, PY_TOK_ENDMARKER))
		fail_here(&sub, "f-string: invalid syntax");
	return e;
}

static void parse_fparts(struct parser *p, struct fcur *c, bool raw, int level, bool in_spec);

/* End of a field's expression: '}', '!' (not '!='), ':' or a self-documenting
 * '=' at bracket depth 0. Returns the index where the expression ends. */
static size_t scan_field_expr(struct parser *p, struct fcur *c, struct pos field, bool *self_doc)
{
	size_t es = c->i;
	int depth = 0;
	for (;;) {
		if (c->i >= c->end)
			fail_pos(p, field, false, "f-string: expecting '}'");
		char ch = c->s[c->i], nx = fc_at(c, 1);
		if (ch == '\'' || ch == '"') {
			skip_fquote(p, c, field);
			continue;
		}
		if (ch == '(' || ch == '[' || ch == '{') {
			depth++;
		} else if (ch == ')' || ch == ']') {
			depth -= depth > 0;
		} else if (ch == '}') {
			if (depth == 0)
				return c->i;
			depth--;
		} else if (depth == 0 && ((ch == '!' && nx != '=') || ch == ':')) {
			return c->i;
		} else if (depth == 0 && ch == '=' && nx != '=' &&
			   (c->i == es || !strchr("=!<>", c->s[c->i - 1]))) {
			size_t ee = c->i;
			fc_adv(c);
			while (c->i < c->end && strchr(" \t\r\n\f", c->s[c->i]) && c->s[c->i])
				fc_adv(c);
			*self_doc = true;
			return ee;
		} else if (ch == '#') {
			fail_pos(p, field, false, "f-string expression part cannot include '#'");
		}
		fc_adv(c);
	}
}

static void parse_field(struct parser *p, struct fcur *c, bool raw, int level)
{
	struct pos at = fc_pos(c);
	if (level > FSTRING_MAX_NEST)
		fail_pos(p, at, false, "f-string: expressions nested too deeply");
	fc_adv(c);
	size_t es = c->i;
	struct pos eat = fc_pos(c);
	bool self_doc = false;
	size_t ee = scan_field_expr(p, c, at, &self_doc);
	size_t k = es;
	while (k < ee && strchr(" \t\r\n\f", c->s[k]) && c->s[k])
		k++;
	if (k == ee)
		fail_pos(p, at, false, "f-string: empty expression not allowed");
	if (self_doc) {
		struct strbuf *sb = &p->sh->sbuf;
		strbuf_reset(sb);
		strbuf_add(sb, c->s + es, c->i - es);
		flush_lit(p, eat, c);
	}
	enter(p);
	struct py_node *v = parse_fragment(p, c->s + es, ee - es, eat);
	leave(p);
	int conv = 0;
	if (fc_at(c, 0) == '!') {
		fc_adv(c);
		char cv = fc_at(c, 0);
		if (cv != 'r' && cv != 's' && cv != 'a')
			fail_pos(p, fc_pos(c), false, "f-string: invalid conversion character");
		conv = cv;
		fc_adv(c);
	}
	struct py_node *spec = NULL;
	if (fc_at(c, 0) == ':') {
		struct pos sat = fc_pos(c);
		fc_adv(c);
		size_t m = mark(p);
		parse_fparts(p, c, raw, level + 1, true);
		struct py_list parts = collect(p, m);
		spec = arena_alloc(p->sh->arena, sizeof(*spec));
		spec->kind = PY_JOINED_STR;
		spec->line = sat.line;
		spec->col = sat.col;
		spec->end_line = c->line;
		spec->end_col = c->col;
		spec->u.joined_str.values = parts;
	}
	if (fc_at(c, 0) != '}')
		fail_pos(p, at, false, "f-string: expecting '}'");
	fc_adv(c);
	if (self_doc && !conv && !spec)
		conv = 'r';
	struct py_node *n = arena_alloc(p->sh->arena, sizeof(*n));
	n->kind = PY_FORMATTED_VALUE;
	n->line = at.line;
	n->col = at.col;
	n->end_line = c->line;
	n->end_col = c->col;
	n->u.formatted_value.value = v;
	n->u.formatted_value.conversion = conv;
	n->u.formatted_value.format_spec = spec;
	push(p, n);
}

/* Literal text and fields of an f-string (or of a format spec, which ends
 * at its '}'), pushed as parts. */
static void parse_fparts(struct parser *p, struct fcur *c, bool raw, int level, bool in_spec)
{
	struct strbuf *sb = &p->sh->sbuf;
	strbuf_reset(sb);
	size_t lit = c->i;
	struct pos lit_at = fc_pos(c);
	while (c->i < c->end) {
		char ch = c->s[c->i];
		if (ch == '{' || ch == '}') {
			decode_text(sb, c->s + lit, c->i - lit, raw, false);
			lit = c->i;
			if (fc_at(c, 1) == ch) {
				strbuf_addc(sb, ch);
				fc_adv(c);
				fc_adv(c);
				lit = c->i;
				continue;
			}
			if (ch == '}') {
				if (in_spec)
					break;
				fail_pos(p, fc_pos(c), false, "f-string: single '}' is not allowed");
			}
			flush_lit(p, lit_at, c);
			parse_field(p, c, raw, level);
			strbuf_reset(sb); /* nested literals used it */
			lit = c->i;
			lit_at = fc_pos(c);
			continue;
		}
		fc_adv(c);
		if (ch == '\\' && !raw && c->i < c->end) {
			/* keep an escape whole: \N{...} holds braces, \' is no quote */
			if (fc_at(c, 0) == 'N' && fc_at(c, 1) == '{') {
				while (c->i < c->end && c->s[c->i] != '}')
					fc_adv(c);
				if (c->i < c->end)
					fc_adv(c);
			} else if (fc_at(c, 0) != '{' && fc_at(c, 0) != '}') {
				fc_adv(c);
			}
		}
	}
	decode_text(sb, c->s + lit, c->i - lit, raw, false);
	flush_lit(p, lit_at, c);
}

static void parse_fstring(struct parser *p, const struct py_token *t)
{
	size_t off, n;
	str_body(t, &off, &n);
	struct fcur c = { t->text, 0, t->len, t->line, t->col };
	while (c.i < off)
		fc_adv(&c);
	c.end = off + n;
	parse_fparts(p, &c, t->flags & PY_STR_RAW, 0, false);
}

/* Adjacent CONSTANT parts merged, empty ones dropped. */
static struct py_list merge_parts(struct parser *p, struct py_list parts)
{
	struct strbuf *sb = &p->sh->sbuf;
	size_t m = mark(p);
	struct pos at = { 0, 0 }, end = { 0, 0 };
	strbuf_reset(sb);
	for (size_t i = 0; i < parts.n; i++) {
		struct py_node *x = parts.items[i];
		if (x->kind == PY_CONSTANT) {
			if (sb->len == 0)
				at = pos_of(x);
			strbuf_add(sb, x->u.constant.value, x->u.constant.len);
			end = (struct pos){ x->end_line, x->end_col };
			continue;
		}
		if (sb->len)
			push(p, const_node(p, at, end, false, sb));
		strbuf_reset(sb);
		push(p, x);
	}
	if (sb->len)
		push(p, const_node(p, at, end, false, sb));
	return collect(p, m);
}

/* Adjacent string literals: one CONSTANT, or one JOINED_STR if any is an
 * f-string. */
static struct py_node *parse_strings(struct parser *p)
{
	struct pos at = start(p);
	size_t m = mark(p);
	bool any_f = false, any_bytes = false, any_str = false;
	while (at_kind(p, PY_TOK_STRING)) {
		struct py_token t = next(p);
		if (t.flags & PY_STR_BYTES)
			any_bytes = true;
		else
			any_str = true;
		if (any_bytes && any_str)
			fail_pos(p, (struct pos){ t.line, t.col }, false,
				 "cannot mix bytes and nonbytes literals");
		if (t.flags & PY_STR_FMT) {
			any_f = true;
			parse_fstring(p, &t);
		} else {
			push(p, string_const(p, &t));
		}
	}
	struct py_list parts = collect(p, m);
	if (any_f) {
		struct py_list vals = merge_parts(p, parts);
		struct py_node *n = mk(p, PY_JOINED_STR, at);
		n->u.joined_str.values = vals;
		return n;
	}
	if (parts.n == 1)
		return parts.items[0];
	struct strbuf *sb = &p->sh->sbuf;
	strbuf_reset(sb);
	for (size_t i = 0; i < parts.n; i++)
		strbuf_add(sb, parts.items[i]->u.constant.value, parts.items[i]->u.constant.len);
	return const_node(p, at, (struct pos){ p->prev.end_line, p->prev.end_col }, any_bytes, sb);
}

/* ---- statements ---- */

static void statement(struct parser *p);
static void parse_simple_stmts(struct parser *p);

/* The end of a compound statement is that of its last inner statement. */
static void end_at(struct py_node *n, const struct py_list *l)
{
	if (l->n) {
		n->end_line = l->items[l->n - 1]->end_line;
		n->end_col = l->items[l->n - 1]->end_col;
	}
}

/* ':' then simple statements on the same line, or an indented block. */
static struct py_list parse_suite(struct parser *p)
{
	/* taken first: an error below must not leave it set for another suite */
	bool skip = p->outline && p->suite_depth == 0 && p->body_of_def;
	p->body_of_def = false;
	expect_op(p, ":");
	size_t m = mark(p);
	if (!at_kind(p, PY_TOK_NEWLINE)) {
		parse_simple_stmts(p);
		return collect(p, m);
	}
	advance(p);
	if (!at_kind(p, PY_TOK_INDENT))
		fail_here(p, "expected an indented block");
	if (skip) {
		/* an outline reads the block's tokens (lexical errors are still
		 * found) but builds nothing: metadata lives at module level */
		int level = 0;
		/* tokens already looked ahead first, then straight from the
		 * lexer: no copies into the lookahead ring */
		while (p->count) {
			if (at_kind(p, PY_TOK_INDENT))
				level++;
			else if (at_kind(p, PY_TOK_DEDENT))
				level--;
			advance(p);
			if (level <= 0 || p->prev.kind == PY_TOK_ENDMARKER)
				return collect(p, m);
		}
		for (;;) {
			struct py_token t = py_lexer_next(p->lx);
			if (t.kind == PY_TOK_INDENT)
				level++;
			else if (t.kind == PY_TOK_DEDENT)
				level--;
			if (t.kind == PY_TOK_ENDMARKER) {
				/* leave it to be seen by the caller */
				p->ring[p->head] = t;
				p->count = 1;
				break;
			}
			if (t.kind != PY_TOK_NL && t.kind != PY_TOK_COMMENT)
				p->prev = t;
			if (level <= 0)
				break;
		}
		return collect(p, m);
	}
	enter(p); /* before the INDENT, so that recovery skips the block whole */
	advance(p);
	p->suite_depth++;
	while (!at_kind(p, PY_TOK_DEDENT) && !at_kind(p, PY_TOK_ENDMARKER))
		statement(p);
	p->suite_depth--;
	if (at_kind(p, PY_TOK_DEDENT))
		advance(p);
	leave(p);
	return collect(p, m);
}

static const char *describe(const struct py_node *n)
{
	switch (n->kind) {
	case PY_CALL: return "function call";
	case PY_CONSTANT: return "literal";
	case PY_JOINED_STR: return "f-string expression";
	case PY_TUPLE: return "tuple";
	case PY_LAMBDA: return "lambda";
	case PY_NAMED_EXPR: return "named expression";
	default: return "expression";
	}
}

static void check_target(struct parser *p, const struct py_node *n, bool single)
{
	switch (n->kind) {
	case PY_NAME:
	case PY_ATTRIBUTE:
	case PY_SUBSCRIPT:
		return;
	case PY_TUPLE:
	case PY_LIST:
		if (single)
			break;
		for (size_t i = 0; i < n->u.seq.elts.n; i++)
			check_target(p, n->u.seq.elts.items[i], false);
		return;
	case PY_STARRED:
		if (single)
			break;
		check_target(p, n->u.starred.value, false);
		return;
	default:
		break;
	}
	fail_pos(p, pos_of(n), false, "cannot assign to %s", describe(n));
}

static struct py_node *parse_expr_stmt(struct parser *p)
{
	static const char *const aug_ops[] = {
		"+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=",
	};
	struct pos at = start(p);
	struct py_node *e = parse_rhs(p);
	if (accept_op(p, ":")) {
		check_target(p, e, true);
		struct py_node *ann = parse_test(p);
		struct py_node *v = accept_op(p, "=") ? parse_rhs(p) : NULL;
		struct py_node *n = mk(p, PY_ANNASSIGN, at);
		n->u.annassign.target = e;
		n->u.annassign.annotation = ann;
		n->u.annassign.value = v;
		return n;
	}
	/* every augmented operator is an OP token of 2 or 3 bytes ending in '=' */
	const struct py_token *t = peek(p, 0);
	bool aug = t->kind == PY_TOK_OP && t->len >= 2 && t->text[t->len - 1] == '=';
	for (size_t i = 0; aug && i < sizeof(aug_ops) / sizeof(aug_ops[0]); i++) {
		if (accept_op(p, aug_ops[i])) {
			check_target(p, e, true);
			struct py_node *v = parse_rhs(p);
			struct py_node *n = mk(p, PY_AUGASSIGN, at);
			n->u.augassign.target = e;
			n->u.augassign.op = aug_ops[i];
			n->u.augassign.value = v;
			return n;
		}
	}
	if (at_op(p, "=")) {
		size_t m = mark(p);
		push(p, e);
		while (accept_op(p, "="))
			push(p, parse_rhs(p));
		struct py_list all = collect(p, m);
		for (size_t i = 0; i + 1 < all.n; i++)
			check_target(p, all.items[i], false);
		struct py_node *n = mk(p, PY_ASSIGN, at);
		n->u.assign.targets.items = all.items;
		n->u.assign.targets.n = all.n - 1;
		n->u.assign.value = all.items[all.n - 1];
		return n;
	}
	struct py_node *n = mk(p, PY_EXPR_STMT, at);
	n->u.expr_stmt.value = e;
	return n;
}

static const char *parse_dotted(struct parser *p)
{
	struct strbuf *sb = &p->sh->sbuf;
	strbuf_reset(sb);
	do {
		const struct py_token *t = peek(p, 0);
		if (t->kind != PY_TOK_NAME || is_keyword(t))
			fail_here(p, t->kind == PY_TOK_ERRORTOKEN ? NULL : "expected a name");
		if (sb->len)
			strbuf_addc(sb, '.');
		strbuf_add(sb, t->text, t->len);
		advance(p);
	} while (accept_op(p, "."));
	return arena_strndup(p->sh->arena, sb->buf, sb->len);
}

static struct py_node *parse_alias(struct parser *p, bool dotted)
{
	struct pos at = start(p);
	const char *name = dotted ? parse_dotted(p) : expect_name(p);
	const char *asname = accept_kw(p, "as") ? expect_name(p) : NULL;
	struct py_node *n = mk(p, PY_ALIAS, at);
	n->u.alias.name = name;
	n->u.alias.asname = asname;
	return n;
}

static struct py_node *parse_import(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	size_t m = mark(p);
	do
		push(p, parse_alias(p, true));
	while (accept_op(p, ","));
	struct py_list names = collect(p, m);
	struct py_node *n = mk(p, PY_IMPORT, at);
	n->u.import.names = names;
	return n;
}

static struct py_node *parse_from(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	int level = 0;
	for (;;) {
		if (accept_op(p, "."))
			level++;
		else if (accept_op(p, "..."))
			level += 3;
		else
			break;
	}
	const char *module = NULL;
	if (level == 0 || !at_kw(p, "import"))
		module = parse_dotted(p);
	expect_kw(p, "import");
	size_t m = mark(p);
	struct pos sat = start(p);
	if (accept_op(p, "*")) {
		struct py_node *a = mk(p, PY_ALIAS, sat);
		a->u.alias.name = "*";
		push(p, a);
	} else {
		bool paren = accept_op(p, "(");
		do {
			if (paren && at_op(p, ")"))
				break;
			push(p, parse_alias(p, false));
		} while (accept_op(p, ","));
		if (paren)
			expect_op(p, ")");
	}
	struct py_list names = collect(p, m);
	struct py_node *n = mk(p, PY_IMPORT_FROM, at);
	n->u.import_from.module = module;
	n->u.import_from.level = level;
	n->u.import_from.names = names;
	return n;
}

/* NAME (',' NAME)* for global and nonlocal */
static struct py_list parse_names(struct parser *p)
{
	size_t m = mark(p);
	do {
		struct pos at = start(p);
		const char *id = expect_name(p);
		struct py_node *n = mk(p, PY_NAME, at);
		n->u.name.id = id;
		push(p, n);
	} while (accept_op(p, ","));
	return collect(p, m);
}

static struct py_node *parse_small(struct parser *p)
{
	static const struct { const char *kw; enum py_kind k; } bare[] = {
		{ "pass", PY_PASS }, { "break", PY_BREAK }, { "continue", PY_CONTINUE },
	};
	struct pos at = start(p);
	/* each statement below starts with a keyword: any other token is an
	 * expression or assignment */
	if (!is_keyword(peek(p, 0)))
		return parse_expr_stmt(p);
	for (size_t i = 0; i < 3; i++)
		if (accept_kw(p, bare[i].kw))
			return mk(p, bare[i].k, at);
	struct py_node *n;
	if (accept_kw(p, "return")) {
		struct py_node *v = starts_expr(p) ? parse_star_exprs(p) : NULL;
		n = mk(p, PY_RETURN, at);
		n->u.return_.value = v;
	} else if (accept_kw(p, "raise")) {
		struct py_node *exc = starts_expr(p) ? parse_test(p) : NULL;
		struct py_node *cause = exc && accept_kw(p, "from") ? parse_test(p) : NULL;
		n = mk(p, PY_RAISE, at);
		n->u.raise.exc = exc;
		n->u.raise.cause = cause;
	} else if (at_kw(p, "global") || at_kw(p, "nonlocal")) {
		enum py_kind k = at_kw(p, "global") ? PY_GLOBAL : PY_NONLOCAL;
		advance(p);
		struct py_list names = parse_names(p);
		n = mk(p, k, at);
		n->u.global.names = names;
	} else if (accept_kw(p, "del")) {
		size_t m = mark(p);
		do
			push(p, parse_target_elem(p));
		while (accept_op(p, ",") && starts_expr(p));
		struct py_list targets = collect(p, m);
		for (size_t i = 0; i < targets.n; i++)
			check_target(p, targets.items[i], false);
		n = mk(p, PY_DEL, at);
		n->u.del.targets = targets;
	} else if (accept_kw(p, "assert")) {
		struct py_node *test = parse_test(p);
		struct py_node *msg = accept_op(p, ",") ? parse_test(p) : NULL;
		n = mk(p, PY_ASSERT, at);
		n->u.assert_.test = test;
		n->u.assert_.msg = msg;
	} else if (at_kw(p, "import")) {
		n = parse_import(p);
	} else if (at_kw(p, "from")) {
		n = parse_from(p);
	} else {
		n = parse_expr_stmt(p);
	}
	return n;
}

static void parse_simple_stmts(struct parser *p)
{
	do {
		if (at_kind(p, PY_TOK_NEWLINE) && p->prev.kind == PY_TOK_OP)
			break; /* a trailing ';' */
		push(p, parse_small(p));
	} while (accept_op(p, ";"));
	if (at_kind(p, PY_TOK_NEWLINE))
		advance(p);
	else if (!at_kind(p, PY_TOK_ENDMARKER))
		fail_here(p, NULL);
}

static struct py_node *parse_if(struct parser *p)
{
	struct pos at = start(p);
	advance(p); /* if, elif */
	struct py_node *test = parse_named(p);
	struct py_list body = parse_suite(p);
	struct py_list orelse = { NULL, 0 };
	if (at_kw(p, "elif")) {
		enter(p); /* an elif chain nests in the tree */
		size_t m = mark(p);
		push(p, parse_if(p));
		orelse = collect(p, m);
		leave(p);
	} else if (accept_kw(p, "else")) {
		orelse = parse_suite(p);
	}
	struct py_node *n = mk(p, PY_IF, at);
	n->u.if_.test = test;
	n->u.if_.body = body;
	n->u.if_.orelse = orelse;
	end_at(n, &body);
	end_at(n, &orelse);
	return n;
}

static struct py_list parse_else(struct parser *p)
{
	struct py_list l = { NULL, 0 };
	if (accept_kw(p, "else"))
		l = parse_suite(p);
	return l;
}

static struct py_node *parse_while(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	struct py_node *test = parse_named(p);
	struct py_list body = parse_suite(p);
	struct py_list orelse = parse_else(p);
	struct py_node *n = mk(p, PY_WHILE, at);
	n->u.while_.test = test;
	n->u.while_.body = body;
	n->u.while_.orelse = orelse;
	end_at(n, &body);
	end_at(n, &orelse);
	return n;
}

static struct py_node *parse_for(struct parser *p, struct pos at, bool is_async)
{
	expect_kw(p, "for");
	struct py_node *target = parse_targets(p);
	check_target(p, target, false);
	expect_kw(p, "in");
	struct py_node *iter = parse_star_exprs(p);
	struct py_list body = parse_suite(p);
	struct py_list orelse = parse_else(p);
	struct py_node *n = mk(p, PY_FOR, at);
	n->u.for_.target = target;
	n->u.for_.iter = iter;
	n->u.for_.body = body;
	n->u.for_.orelse = orelse;
	n->u.for_.is_async = is_async;
	end_at(n, &body);
	end_at(n, &orelse);
	return n;
}

static struct py_node *parse_try(struct parser *p)
{
	struct pos at = start(p);
	advance(p);
	struct py_list body = parse_suite(p);
	size_t m = mark(p);
	while (at_kw(p, "except")) {
		struct pos hat = start(p);
		advance(p);
		accept_op(p, "*"); /* except* groups */
		struct py_node *type = NULL;
		const char *name = NULL;
		if (!at_op(p, ":")) {
			type = parse_star_exprs(p);
			if (accept_kw(p, "as"))
				name = expect_name(p);
		}
		struct py_list hbody = parse_suite(p);
		struct py_node *h = mk(p, PY_EXCEPT_HANDLER, hat);
		h->u.except_handler.type = type;
		h->u.except_handler.name = name;
		h->u.except_handler.body = hbody;
		end_at(h, &hbody);
		push(p, h);
	}
	struct py_list handlers = collect(p, m);
	struct py_list orelse = handlers.n ? parse_else(p) : (struct py_list){ NULL, 0 };
	struct py_list finalbody = { NULL, 0 };
	if (accept_kw(p, "finally"))
		finalbody = parse_suite(p);
	else if (!handlers.n)
		fail_here(p, "expected 'except' or 'finally' block");
	struct py_node *n = mk(p, PY_TRY, at);
	n->u.try_.body = body;
	n->u.try_.handlers = handlers;
	n->u.try_.orelse = orelse;
	n->u.try_.finalbody = finalbody;
	end_at(n, &body);
	end_at(n, &handlers);
	end_at(n, &orelse);
	end_at(n, &finalbody);
	return n;
}

static struct py_node *with_item(struct parser *p, struct pos at, struct py_node *ctx)
{
	struct py_node *vars = NULL;
	if (accept_kw(p, "as")) {
		vars = parse_target_elem(p);
		check_target(p, vars, false);
	}
	struct py_node *n = mk(p, PY_WITH_ITEM, at);
	n->u.with_item.context_expr = ctx;
	n->u.with_item.optional_vars = vars;
	return n;
}

/* with (a as b, c): items in brackets; "(a) as b" and "(a, b) as c" too.
 * Other expressions starting with '(' (like "(a).b") are not supported. */
static void parse_paren_items(struct parser *p, struct pos at)
{
	size_t m = mark(p);
	bool any_as = false;
	advance(p);
	while (!at_op(p, ")")) {
		struct pos iat = start(p);
		struct py_node *ctx = parse_test(p);
		any_as |= at_kw(p, "as");
		push(p, with_item(p, iat, ctx));
		if (!accept_op(p, ","))
			break;
	}
	expect_op(p, ")");
	if (at_op(p, ":") || any_as)
		return;
	/* the brackets were a tuple or a parenthesised expression */
	struct py_list items = collect(p, m);
	struct py_node *ctx;
	if (items.n == 1) {
		ctx = items.items[0]->u.with_item.context_expr;
	} else {
		ctx = mk(p, PY_TUPLE, at);
		ctx->u.seq.elts.n = items.n;
		ctx->u.seq.elts.items = items.items;
		for (size_t i = 0; i < items.n; i++)
			items.items[i] = items.items[i]->u.with_item.context_expr;
	}
	if (!at_kw(p, "as"))
		fail_here(p, NULL);
	push(p, with_item(p, at, ctx));
	if (accept_op(p, ","))
		do {
			struct pos iat = start(p);
			push(p, with_item(p, iat, parse_test(p)));
		} while (accept_op(p, ","));
}

static struct py_node *parse_with(struct parser *p, struct pos at, bool is_async)
{
	expect_kw(p, "with");
	size_t m = mark(p);
	if (at_op(p, "(")) {
		parse_paren_items(p, start(p));
	} else {
		do {
			struct pos iat = start(p);
			push(p, with_item(p, iat, parse_test(p)));
		} while (accept_op(p, ","));
	}
	struct py_list items = collect(p, m);
	struct py_list body = parse_suite(p);
	struct py_node *n = mk(p, PY_WITH, at);
	n->u.with.items = items;
	n->u.with.body = body;
	n->u.with.is_async = is_async;
	end_at(n, &body);
	return n;
}

static struct py_node *parse_funcdef(struct parser *p, struct py_list decorators)
{
	struct pos at = start(p);
	bool is_async = accept_kw(p, "async");
	expect_kw(p, "def");
	const char *name = expect_name(p);
	expect_op(p, "(");
	size_t m = mark(p);
	parse_params(p, ")", true);
	struct py_list args = collect(p, m);
	expect_op(p, ")");
	struct py_node *returns = accept_op(p, "->") ? parse_test(p) : NULL;
	p->body_of_def = true;
	struct py_list body = parse_suite(p);
	struct py_node *n = mk(p, PY_FUNCTION_DEF, at);
	n->u.function_def.name = name;
	n->u.function_def.args = args;
	n->u.function_def.decorators = decorators;
	n->u.function_def.body = body;
	n->u.function_def.returns = returns;
	n->u.function_def.is_async = is_async;
	end_at(n, &body);
	return n;
}

static struct py_node *parse_classdef(struct parser *p, struct py_list decorators)
{
	struct pos at = start(p);
	advance(p);
	const char *name = expect_name(p);
	struct py_list bases = { NULL, 0 }, kws = { NULL, 0 };
	if (accept_op(p, "("))
		parse_call_args(p, &bases, &kws);
	p->body_of_def = true;
	struct py_list body = parse_suite(p);
	struct py_node *n = mk(p, PY_CLASS_DEF, at);
	n->u.class_def.name = name;
	n->u.class_def.bases = bases;
	n->u.class_def.keywords = kws;
	n->u.class_def.decorators = decorators;
	n->u.class_def.body = body;
	end_at(n, &body);
	return n;
}

static struct py_node *parse_decorated(struct parser *p)
{
	size_t m = mark(p);
	while (accept_op(p, "@")) {
		push(p, parse_named(p));
		if (!at_kind(p, PY_TOK_NEWLINE))
			fail_here(p, NULL);
		advance(p);
	}
	struct py_list decos = collect(p, m);
	if (at_kw(p, "def") || (at_kw(p, "async") && tok_is(peek(p, 1), PY_TOK_NAME, "def")))
		return parse_funcdef(p, decos);
	if (at_kw(p, "class"))
		return parse_classdef(p, decos);
	fail_here(p, "expected 'def' or 'class' after a decorator");
}

/* One statement (several for "a; b"), pushed on the scratch stack. */
static void parse_statement(struct parser *p)
{
	static const struct py_list none = { NULL, 0 };
	const struct py_token *t = peek(p, 0);
	struct pos at = { t->line, t->col };
	if (t->kind == PY_TOK_INDENT)
		fail_here(p, NULL);
	if (t->kind == PY_TOK_OP && tok_is(t, PY_TOK_OP, "@")) {
		push(p, parse_decorated(p));
		return;
	}
	if (t->kind != PY_TOK_NAME) {
		parse_simple_stmts(p);
		return;
	}
	if (at_kw(p, "if")) {
		push(p, parse_if(p));
	} else if (at_kw(p, "while")) {
		push(p, parse_while(p));
	} else if (at_kw(p, "for")) {
		push(p, parse_for(p, at, false));
	} else if (at_kw(p, "try")) {
		push(p, parse_try(p));
	} else if (at_kw(p, "with")) {
		push(p, parse_with(p, at, false));
	} else if (at_kw(p, "def")) {
		push(p, parse_funcdef(p, none));
	} else if (at_kw(p, "class")) {
		push(p, parse_classdef(p, none));
	} else if (at_kw(p, "async")) {
		const struct py_token *t1 = peek(p, 1);
		if (tok_is(t1, PY_TOK_NAME, "def")) {
			push(p, parse_funcdef(p, none));
		} else if (tok_is(t1, PY_TOK_NAME, "for")) {
			advance(p);
			push(p, parse_for(p, at, true));
		} else if (tok_is(t1, PY_TOK_NAME, "with")) {
			advance(p);
			push(p, parse_with(p, at, true));
		} else {
			fail_here(p, NULL);
		}
	} else {
		parse_simple_stmts(p);
	}
}

/* Skip an indented block whole, keeping INDENT/DEDENT balanced. */
static void skip_block(struct parser *p)
{
	size_t level = 0;
	do {
		struct py_token t = next(p);
		if (t.kind == PY_TOK_INDENT)
			level++;
		else if (t.kind == PY_TOK_DEDENT)
			level--;
		else if (t.kind == PY_TOK_ENDMARKER)
			return;
	} while (level > 0);
}

/* After an error: skip to the start of the next statement. */
static void recover(struct parser *p, bool progressed)
{
	if (progressed && p->prev.kind == PY_TOK_NEWLINE) {
		/* the error was at a line start, e.g. a missing block */
		if (at_kind(p, PY_TOK_INDENT))
			skip_block(p);
		return;
	}
	for (;;) {
		enum py_tok_kind k = peek(p, 0)->kind;
		if (k == PY_TOK_ENDMARKER || k == PY_TOK_DEDENT)
			return;
		if (k == PY_TOK_INDENT) {
			skip_block(p);
			return;
		}
		advance(p);
		if (k == PY_TOK_NEWLINE) {
			if (at_kind(p, PY_TOK_INDENT))
				skip_block(p);
			return;
		}
	}
}

static void report_error(struct parser *p, struct pos at, bool progressed)
{
	struct shared *sh = p->sh;
	recover(p, progressed);
	struct py_node *n = mk(p, PY_ERROR, at);
	n->u.error.message = sh->err_msg ? sh->err_msg : "invalid syntax";
	push(p, n);
	sh->n_errors++;
	if (sh->err_quiet || !sh->diags)
		return;
	struct span sp = { sh->file, sh->err_line, sh->err_col, 1 };
	if (sh->n_diags++ < PARSE_MAX_DIAGS)
		diag_push(sh->diags, DIAG_ERROR, "py-syntax", sp, "%s", n->u.error.message);
	else if (sh->n_diags == PARSE_MAX_DIAGS + 1)
		diag_push(sh->diags, DIAG_ERROR, "py-syntax", sp,
			  "too many syntax errors, further ones not reported");
}

/* A statement under its own error exit: what fails becomes an ERROR node. */
static void statement(struct parser *p)
{
	struct shared *sh = p->sh;
	jmp_buf jb;
	jmp_buf *saved = sh->jb;
	size_t m = sh->n_stack, consumed = p->n_consumed;
	int depth = p->depth;
	struct pos at = start(p);
	if (setjmp(jb)) {
		sh->jb = saved;
		sh->n_stack = m;
		p->depth = depth;
		report_error(p, at, p->n_consumed > consumed);
		return;
	}
	sh->jb = &jb;
	parse_statement(p);
	sh->jb = saved;
}

static struct py_module *py_parse_mode(struct arena *arena, struct diag_list *diags,
					const char *file, const char *src, size_t len, bool outline)
{
	struct shared sh;
	memset(&sh, 0, sizeof(sh));
	sh.arena = arena;
	sh.diags = diags;
	sh.file = file;
	strbuf_init(&sh.sbuf);
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.sh = &sh;
	p.keep_comments = true;
	p.outline = outline;
	p.lx = py_lexer_new(arena, diags, file, src, len);

	while (!at_kind(&p, PY_TOK_ENDMARKER)) {
		if (at_kind(&p, PY_TOK_DEDENT) || at_kind(&p, PY_TOK_NEWLINE))
			advance(&p); /* stray layout after recovery */
		else
			statement(&p);
	}
	struct py_list body = collect(&p, 0);
	struct py_node *root = mk(&p, PY_MODULE, (struct pos){ 1, 1 });
	root->u.module.body = body;

	struct py_module *mod = arena_alloc(arena, sizeof(*mod));
	mod->file = file;
	mod->root = root;
	mod->comments = sh.comments;
	mod->n_comments = sh.n_comments;
	mod->src = src;
	mod->src_len = len;
	mod->n_errors = sh.n_errors;
	mod->outline = outline;
	free(sh.stack);
	strbuf_release(&sh.sbuf);
	return mod;
}

struct py_module *py_parse(struct arena *arena, struct diag_list *diags,
			   const char *file, const char *src, size_t len)
{
	return py_parse_mode(arena, diags, file, src, len, false);
}

struct py_module *py_parse_outline(struct arena *arena, struct diag_list *diags,
				   const char *file, const char *src, size_t len)
{
	return py_parse_mode(arena, diags, file, src, len, true);
}

const char *py_kind_name(enum py_kind kind)
{
	switch (kind) {
#define X(k) case PY_##k: return #k;
		PY_NODE_KINDS(X)
#undef X
	}
	return "?";
}

const struct py_node *py_module_docstring(const struct py_module *m)
{
	if (!m || !m->root || m->root->u.module.body.n == 0)
		return NULL;
	const struct py_node *s = m->root->u.module.body.items[0];
	if (s->kind != PY_EXPR_STMT)
		return NULL;
	const struct py_node *v = s->u.expr_stmt.value;
	return v->kind == PY_CONSTANT && v->u.constant.kind == PY_CONST_STR ? v : NULL;
}
