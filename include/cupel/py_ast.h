/* py_ast.h - syntax tree of the Python subset that migration scripts use,
 * with source spans. Everything lives in the arena given to the parser. */
#ifndef CUPEL_PY_AST_H
#define CUPEL_PY_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/diag.h"

/* Every node kind, listed once. */
#define PY_NODE_KINDS(X) \
	/* statements */ \
	X(MODULE) X(EXPR_STMT) X(ASSIGN) X(ANNASSIGN) X(AUGASSIGN) \
	X(IMPORT) X(IMPORT_FROM) X(FUNCTION_DEF) X(CLASS_DEF) X(IF) X(FOR) \
	X(WHILE) X(WITH) X(TRY) X(RETURN) X(PASS) X(BREAK) X(CONTINUE) \
	X(RAISE) X(DEL) X(GLOBAL) X(NONLOCAL) X(ASSERT) X(ERROR) \
	/* expressions */ \
	X(NAME) X(CONSTANT) X(JOINED_STR) X(FORMATTED_VALUE) X(ATTRIBUTE) \
	X(SUBSCRIPT) X(SLICE) X(CALL) X(KEYWORD) X(STARRED) X(TUPLE) X(LIST) \
	X(SET) X(DICT) X(LIST_COMP) X(SET_COMP) X(DICT_COMP) X(GENERATOR_EXP) \
	X(COMPREHENSION) X(LAMBDA) X(IF_EXP) X(BOOL_OP) X(COMPARE) X(BIN_OP) \
	X(UNARY_OP) X(NAMED_EXPR) X(AWAIT) X(YIELD) X(YIELD_FROM) \
	/* parts */ \
	X(ARG) X(ALIAS) X(WITH_ITEM) X(EXCEPT_HANDLER)

enum py_kind {
#define X(k) PY_##k,
	PY_NODE_KINDS(X)
#undef X
};

enum py_const_kind {
	PY_CONST_NONE, PY_CONST_TRUE, PY_CONST_FALSE, PY_CONST_ELLIPSIS,
	PY_CONST_INT, PY_CONST_FLOAT, PY_CONST_IMAG, PY_CONST_STR, PY_CONST_BYTES,
};

/* Operators: the text is the Python spelling ("+", "and", "not in", "is not",
 * "**=", ...). Stored as a string so consumers compare with strcmp. */

struct py_node;

struct py_list {
	struct py_node **items;
	size_t n;
};

struct py_node {
	enum py_kind kind;
	unsigned line, col;         /* start, 1-based, col in code points */
	unsigned end_line, end_col; /* one past the last character */
	union {
		struct { struct py_list body; } module;
		struct { struct py_node *value; } expr_stmt;
		/* a = b = value: targets = [a, b] */
		struct { struct py_list targets; struct py_node *value; } assign;
		/* value may be NULL ("x: int") */
		struct { struct py_node *target, *annotation, *value; } annassign;
		struct { struct py_node *target; const char *op; struct py_node *value; } augassign;
		/* names: list of ALIAS */
		struct { struct py_list names; } import;
		/* module may be NULL for "from . import x"; level = number of dots */
		struct { const char *module; int level; struct py_list names; } import_from;
		/* args: list of ARG (with defaults in ARG.default); decorators: exprs */
		struct {
			const char *name;
			struct py_list args, decorators, body;
			struct py_node *returns; /* may be NULL */
			bool is_async;
		} function_def;
		struct { const char *name; struct py_list bases, keywords, decorators, body; } class_def;
		struct { struct py_node *test; struct py_list body, orelse; } if_; /* elif = nested IF in orelse */
		struct { struct py_node *target, *iter; struct py_list body, orelse; bool is_async; } for_;
		struct { struct py_node *test; struct py_list body, orelse; } while_;
		/* items: list of WITH_ITEM */
		struct { struct py_list items, body; bool is_async; } with;
		/* handlers: list of EXCEPT_HANDLER */
		struct { struct py_list body, handlers, orelse, finalbody; } try_;
		struct { struct py_node *value; } return_;           /* value may be NULL */
		struct { struct py_node *exc, *cause; } raise;       /* both may be NULL */
		struct { struct py_list targets; } del;
		struct { struct py_list names; } global;             /* NAME nodes */
		struct { struct py_node *test, *msg; } assert_;
		/* what could not be parsed; the parser resumed at the next statement */
		struct { const char *message; } error;

		struct { const char *id; } name;
		/* value: decoded text (UTF-8; bytes kept as raw bytes) for STR/BYTES,
		 * the literal spelling for numbers; len for embedded NULs. */
		struct { enum py_const_kind kind; const char *value; size_t len; } constant;
		/* f-string (and any implicit concatenation containing one):
		 * values = CONSTANT(str) and FORMATTED_VALUE nodes in order */
		struct { struct py_list values; } joined_str;
		/* conversion: 0, 's', 'r' or 'a'; format_spec: JOINED_STR or NULL;
		 * self_doc: the f"{x=}" form (its text is in the preceding constant) */
		struct { struct py_node *value; int conversion; struct py_node *format_spec; } formatted_value;
		struct { struct py_node *value; const char *attr; } attribute;
		struct { struct py_node *value, *slice; } subscript;  /* a[x, y]: slice is TUPLE */
		struct { struct py_node *lower, *upper, *step; } slice; /* each may be NULL */
		/* args: positional (STARRED for *a); keywords: KEYWORD nodes */
		struct { struct py_node *func; struct py_list args, keywords; } call;
		/* arg NULL means **value */
		struct { const char *arg; struct py_node *value; } keyword;
		struct { struct py_node *value; } starred;
		struct { struct py_list elts; } seq;               /* TUPLE, LIST, SET */
		/* keys[i] NULL means **values[i] */
		struct { struct py_list keys, values; } dict;
		/* LIST_COMP, SET_COMP, GENERATOR_EXP: elt; DICT_COMP: key/value.
		 * generators: COMPREHENSION nodes */
		struct { struct py_node *elt, *key, *value; struct py_list generators; } comp;
		struct { struct py_node *target, *iter; struct py_list ifs; bool is_async; } comprehension;
		struct { struct py_list args; struct py_node *body; } lambda;
		struct { struct py_node *test, *body, *orelse; } if_exp;
		struct { const char *op; struct py_list values; } bool_op; /* "and" / "or" */
		/* left ops[0] comparators[0] ops[1] comparators[1] ... */
		struct { struct py_node *left; const char **ops; struct py_list comparators; } compare;
		struct { struct py_node *left; const char *op; struct py_node *right; } bin_op;
		struct { const char *op; struct py_node *operand; } unary_op; /* "-", "+", "~", "not" */
		struct { struct py_node *target, *value; } named_expr;
		struct { struct py_node *value; } await_;  /* also YIELD, YIELD_FROM; may be NULL */

		/* a parameter: prefix 0, '*' or '/' (the bare markers have name NULL),
		 * or 2 for '**'; annotation and default may be NULL */
		struct { const char *name; int star; struct py_node *annotation, *default_; } arg;
		struct { const char *name, *asname; } alias;   /* dotted name; asname may be NULL */
		struct { struct py_node *context_expr, *optional_vars; } with_item;
		struct { struct py_node *type; const char *name; struct py_list body; } except_handler;
	} u;
};

/* A comment, kept with its place (for "# cupel: ignore[...]"). */
struct py_comment {
	unsigned line, col;
	const char *text; /* from '#' to the end of the line, without the newline */
};

struct py_module {
	const char *file;
	struct py_node *root;          /* MODULE */
	struct py_comment *comments;
	size_t n_comments;
	const char *src;               /* the source as given (BOM included) */
	size_t src_len;
	unsigned n_errors;             /* ERROR nodes produced */
	bool outline;                  /* made by py_parse_outline */
};

/* Parse src into a module. Never fails: what cannot be parsed becomes an
 * ERROR node (and a "py-syntax" diagnostic with file:line:col), and parsing
 * resumes at the next statement. Nesting deeper than PY_MAX_DEPTH is an
 * error, not a crash. */
#define PY_MAX_DEPTH 200
struct py_module *py_parse(struct arena *arena, struct diag_list *diags,
			   const char *file, const char *src, size_t len);

/* Like py_parse, but the bodies of module-level def and class statements
 * are only tokenized, not parsed: their body lists are empty. Lexical
 * errors are found, syntax errors inside those bodies are not.
 * This is what loading a project needs, at a fraction of the cost. */
struct py_module *py_parse_outline(struct arena *arena, struct diag_list *diags,
				   const char *file, const char *src, size_t len);

const char *py_kind_name(enum py_kind kind);

/* The module docstring (first statement a string constant), or NULL. */
const struct py_node *py_module_docstring(const struct py_module *m);

struct strbuf;
/* Append a compact, deterministic S-expression of the tree at n to out,
 * each node as (KIND@line:col ...), e.g.
 * (ASSIGN@3:1 (NAME@3:1 revision) (CONSTANT@3:12 str "abc")). For tests. */
void py_ast_dump(struct strbuf *out, const struct py_node *n);

#endif
