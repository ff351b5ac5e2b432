/* template.h - the subset of Mako that Alembic's script.py.mako templates
 * use, rendered as Mako 1.x renders it:
 *   ${expr} and ${expr | f1,f2}  expr: a name, repr(x), str(x), a string
 *                                literal, None/True/False, not/and/or,
 *                                A if B else C, parentheses
 *   % if / elif / else / endif, % for NAME in EXPR: / endfor
 *   ## comment lines, <%doc>...</%doc>, "\" at the end of a line
 *   <%! ... %> and <% ... %> holding only imports, pass or comments
 * Default filter str() unless "n" is listed; filters: n, str, trim and
 * those bound as TEMPLATE_FILTER values (Alembic's comma).
 * Anything else is an error with file:line:col: a template is rendered
 * exactly or not at all. */
#ifndef CUPEL_TEMPLATE_H
#define CUPEL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/strbuf.h"

enum template_kind {
	TEMPLATE_UNDEFINED, /* Mako's UNDEFINED: false, str() is an error */
	TEMPLATE_NONE,
	TEMPLATE_BOOL,      /* s is "True" or "False" */
	TEMPLATE_STR,
	TEMPLATE_TUPLE,     /* of str */
	TEMPLATE_OPAQUE,    /* str() gives s, repr() is refused (a datetime) */
	TEMPLATE_FILTER,    /* util.format_as_comma, usable as a filter only */
};

struct template_value {
	enum template_kind kind;
	const char *s;            /* STR, BOOL, OPAQUE */
	const char *const *items; /* TUPLE */
	size_t n;
};

struct template_var {
	const char *name;
	struct template_value value;
};

/* Render src (file names it in messages) with vars into out. On error
 * returns false with "file:line:col: message" in err; out is then
 * incomplete and must not be used. */
bool template_render(const char *file, const char *src, size_t len, const struct template_var *vars,
		     size_t n_vars, struct strbuf *out, struct strbuf *err);

/* Python's repr() of a str, appended to out. */
void template_py_repr(struct strbuf *out, const char *s);

#endif
