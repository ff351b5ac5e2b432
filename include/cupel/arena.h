/* arena.h - memory by lifetime: everything of one project load lives in one
 * arena and is released as a whole. Allocation failure aborts (xalloc). */
#ifndef CUPEL_ARENA_H
#define CUPEL_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk first */
	size_t total;             /* bytes handed out, for statistics */
};

/* Initialise an empty arena (no allocation happens until first use). */
void arena_init(struct arena *a);
/* Release every chunk; the arena is empty and reusable afterwards. */
void arena_free(struct arena *a);
/* Drop everything allocated but keep the newest chunk for reuse (a scratch
 * arena reset between items of a loop). */
void arena_reset(struct arena *a);
/* Move every chunk of src into dst (src becomes empty): what another
 * thread built joins this arena's lifetime. */
void arena_absorb(struct arena *dst, struct arena *src);
/* Zeroed memory aligned for any type; never returns NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Give back the end of the most recent allocation p (of old_size bytes),
 * keeping new_size; the bytes given back must not have been written.
 * Does nothing if p is not the most recent allocation. */
void arena_shrink(struct arena *a, void *p, size_t old_size, size_t new_size);
/* Copy of n bytes plus a terminating NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array living in the arena: returns a new block of new_n elements
 * holding the first old_n elements of old (old is abandoned, not freed). */
void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t elem);

#endif
