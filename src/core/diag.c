/* diag.c - the diagnostic list. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cupel/diag.h"

void diag_list_init(struct diag_list *dl, struct arena *arena)
{
	dl->arena = arena;
	dl->items = NULL;
	dl->n = dl->cap = 0;
}

struct diag *diag_push(struct diag_list *dl, enum diag_level level, const char *code,
		       struct span span, const char *fmt, ...)
{
	if (dl->n == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 16;
		dl->items = arena_grow(dl->arena, dl->items, dl->n, cap, sizeof(*dl->items));
		dl->cap = cap;
	}
	struct diag *d = &dl->items[dl->n++];
	memset(d, 0, sizeof(*d));
	d->level = level;
	d->code = code;
	d->span = span;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = arena_alloc(dl->arena, n > 0 ? (size_t)n + 1 : 1);
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->msg = msg;
	return d;
}

void diag_list_append(struct diag_list *dst, const struct diag_list *src)
{
	for (size_t i = 0; i < src->n; i++) {
		if (dst->n == dst->cap) {
			size_t cap = dst->cap ? dst->cap * 2 : 16;
			dst->items = arena_grow(dst->arena, dst->items, dst->n, cap, sizeof(*dst->items));
			dst->cap = cap;
		}
		dst->items[dst->n++] = src->items[i];
	}
}

size_t diag_count(const struct diag_list *dl, enum diag_level at_least)
{
	size_t c = 0;
	for (size_t i = 0; i < dl->n; i++)
		if (dl->items[i].level >= at_least)
			c++;
	return c;
}

const char *diag_level_name(enum diag_level level)
{
	switch (level) {
	case DIAG_NOTE: return "note";
	case DIAG_INFO: return "info";
	case DIAG_WARNING: return "warning";
	case DIAG_ERROR: return "error";
	}
	return "error";
}
