/* diag.h - errors are data. Core functions push diagnostics to a list and
 * return a status; the front ends decide how to show them. */
#ifndef CUPEL_DIAG_H
#define CUPEL_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"

enum diag_level { DIAG_NOTE, DIAG_INFO, DIAG_WARNING, DIAG_ERROR };

/* A place in a file. line and col are 1-based; col counts code points.
 * line == 0 means "the whole file"; file == NULL means "no file". */
struct span {
	const char *file;
	unsigned line, col;
	unsigned len; /* in code points on that line, 0 if unknown */
};

struct diag {
	enum diag_level level;
	const char *code;     /* stable kebab-case id, e.g. "py-syntax" */
	const char *msg;      /* primary message: one line, lower case, no final period */
	const char *detail;   /* optional, may be NULL */
	const char *hint;     /* optional, may be NULL */
	struct span span;
	const char *revision; /* revision id it concerns, or NULL */
};

struct diag_list {
	struct arena *arena; /* where messages and the array live */
	struct diag *items;
	size_t n, cap;
};

void diag_list_init(struct diag_list *dl, struct arena *arena);
/* Push a diagnostic; msg is printf-formatted and copied into the arena.
 * Returns the new entry so that callers may set detail, hint, revision. */
struct diag *diag_push(struct diag_list *dl, enum diag_level level, const char *code,
		       struct span span, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Move src's diagnostics to the end of dst (their text stays in src's
 * arena, which must live as long as dst's). */
void diag_list_append(struct diag_list *dst, const struct diag_list *src);

size_t diag_count(const struct diag_list *dl, enum diag_level at_least);
const char *diag_level_name(enum diag_level level);

#endif
