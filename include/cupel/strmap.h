/* strmap.h - string -> index map (open addressing), memory in an arena.
 * Keys are not copied: they must outlive the map (arena strings do). */
#ifndef CUPEL_STRMAP_H
#define CUPEL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cupel/arena.h"

struct strmap_slot {
	const char *key;
	size_t value;
	uint64_t hash;
};

struct strmap {
	struct arena *arena;
	struct strmap_slot *slots;
	size_t cap, n;
};

void strmap_init(struct strmap *m, struct arena *arena);
/* Make room for n keys at once (no rehash while they are inserted). */
void strmap_reserve(struct strmap *m, size_t n);
/* Insert or replace; returns true if the key was new. */
bool strmap_put(struct strmap *m, const char *key, size_t value);
/* Look up; returns false if absent. */
bool strmap_get(const struct strmap *m, const char *key, size_t *value);

#endif
