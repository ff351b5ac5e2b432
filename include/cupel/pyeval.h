/* pyeval.h - evaluation of the constant Python that migrations are written
 * in: literals, module constants, f-strings and concatenations of them,
 * and calls of SQLAlchemy/Alembic names kept as data (callee path resolved
 * through the module's imports, arguments evaluated). */
#ifndef CUPEL_PYEVAL_H
#define CUPEL_PYEVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/py_ast.h"

enum pyv_kind {
	PYV_UNKNOWN, /* cannot be known without running Python */
	PYV_NONE, PYV_BOOL, PYV_INT, PYV_FLOAT, PYV_STR, PYV_BYTES,
	PYV_SEQ,     /* tuple or list */
	PYV_DICT,
	PYV_NAME,    /* a dotted name from the imports: "sqlalchemy.String" */
	PYV_CALL,    /* a call of a dotted name, or a method call on a value */
};

struct pyv;

struct pyv_kw {
	const char *name; /* NULL for **kwargs (then value is unknown) */
	const struct pyv *value;
};

struct pyv {
	enum pyv_kind kind;
	const struct py_node *node; /* where it came from */
	bool b;
	const char *s;              /* STR/BYTES value, INT/FLOAT spelling, NAME path */
	size_t len;
	/* SEQ items / DICT keys+values / CALL positional args */
	const struct pyv **items;
	const struct pyv **values;  /* DICT */
	size_t n;
	/* CALL: callee path ("sqlalchemy.Column", or method: ".create" with
	 * the receiver in self), keywords */
	const char *callee;
	const struct pyv *self;
	const struct pyv_kw *kws;
	size_t n_kws;
	const char *why;            /* UNKNOWN: the reason */
};

struct pyenv_entry {
	const char *name;
	const struct pyv *value;
};

/* Names bound in a scope (module constants, imports, locals), newest last. */
struct pyenv {
	struct arena *a;
	const struct pyenv *parent;
	struct pyenv_entry *v;
	size_t n, cap;
};

void pyenv_init(struct pyenv *env, struct arena *a, const struct pyenv *parent);
void pyenv_bind(struct pyenv *env, const char *name, const struct pyv *value);
const struct pyv *pyenv_lookup(const struct pyenv *env, const char *name);
/* Bind what an import statement / an assignment defines. */
void pyenv_bind_stmt(struct pyenv *env, const struct py_node *stmt);

const struct pyv *pyeval(const struct pyenv *env, const struct py_node *e);
const struct pyv *pyv_unknown(struct arena *a, const struct py_node *n, const char *why);

/* Helpers over values. */
const struct pyv *pyv_kw(const struct pyv *call, const char *name);
const struct pyv *pyv_arg(const struct pyv *call, size_t i);
bool pyv_is_str(const struct pyv *v);
/* Does the callee path end with ".name" (or equal name)? */
bool pyv_callee_is(const struct pyv *v, const char *name);
/* The last component of a dotted path. */
const char *pyv_basename(const char *path);

#endif
