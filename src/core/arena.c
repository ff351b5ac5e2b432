/* arena.c - bump allocator over a list of chunks. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/arena.h"
#include "cupel/xalloc.h"

#define ARENA_CHUNK_MIN (64 * 1024)
#define ARENA_CHUNK_MAX (4 * 1024 * 1024)
#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	max_align_t data[]; /* aligned payload */
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->total = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *keep = a->head;
	if (!keep)
		return;
	struct arena_chunk *c = keep->next;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	/* handed-out memory must read as zero again */
	memset(keep->data, 0, keep->used);
	keep->used = 0;
	keep->next = NULL;
	a->total = 0;
}

void arena_absorb(struct arena *dst, struct arena *src)
{
	if (!src->head)
		return;
	struct arena_chunk *tail = src->head;
	while (tail->next)
		tail = tail->next;
	/* behind dst's current chunk, whose free tail stays in use */
	if (dst->head) {
		tail->next = dst->head->next;
		dst->head->next = src->head;
	} else {
		dst->head = src->head;
	}
	dst->total += src->total;
	src->head = NULL;
	src->total = 0;
}

/* Chunks come from calloc, so memory is zero when handed out and the arena
 * never writes it twice (large chunks are fresh zero pages from mmap). */
void *arena_alloc(struct arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (need < size)
		xalloc_die(size);
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		/* chunks grow with the arena, so big loads use few of them */
		size_t csize = c ? c->size * 2 : ARENA_CHUNK_MIN;
		if (csize > ARENA_CHUNK_MAX)
			csize = ARENA_CHUNK_MAX;
		if (csize < need)
			csize = need;
		struct arena_chunk *fresh = xcalloc(1, sizeof(*fresh) + csize);
		fresh->size = csize;
		/* a block bigger than the standard chunk gets a chunk of its own
		 * behind the current one, so the current chunk's tail stays usable */
		if (c && need > ARENA_CHUNK_MAX / 2) {
			fresh->next = c->next;
			c->next = fresh;
		} else {
			fresh->next = c;
			a->head = fresh;
		}
		c = fresh;
	}
	void *p = (char *)c->data + c->used;
	c->used += need;
	a->total += need;
	return p;
}

void arena_shrink(struct arena *a, void *p, size_t old_size, size_t new_size)
{
	struct arena_chunk *c = a->head;
	size_t old_need = (old_size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	size_t new_need = (new_size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (!c || new_need > old_need || (char *)p + old_need != (char *)c->data + c->used)
		return;
	c->used -= old_need - new_need;
	a->total -= old_need - new_need;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* one pass through a stack buffer for the usual short string */
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *old, size_t old_n, size_t new_n, size_t elem)
{
	if (elem && new_n > SIZE_MAX / elem)
		xalloc_die(SIZE_MAX);
	void *p = arena_alloc(a, new_n * elem);
	if (old && old_n)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem);
	return p;
}
