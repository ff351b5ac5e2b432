/* strmap.c - open addressing with linear probing, FNV-1a hashes. Each
 * slot keeps its key's hash: a probe past another key compares hashes,
 * not strings (ids and file names share long prefixes), and growing the
 * table hashes nothing again. */
#include <stdint.h>
#include <string.h>

#include "cupel/strmap.h"

static uint64_t strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m, struct arena *arena)
{
	m->arena = arena;
	m->slots = NULL;
	m->cap = m->n = 0;
}

static struct strmap_slot *strmap_find(const struct strmap *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)h & mask;
	while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & mask;
	return &m->slots[i];
}

static void strmap_resize(struct strmap *m, size_t cap)
{
	struct strmap_slot *old = m->slots;
	size_t old_cap = m->cap;
	m->cap = cap;
	m->slots = arena_alloc(m->arena, m->cap * sizeof(*m->slots));
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key) {
			size_t j = (size_t)old[i].hash & (m->cap - 1);
			while (m->slots[j].key)
				j = (j + 1) & (m->cap - 1);
			m->slots[j] = old[i];
		}
}

void strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;
	while (n * 4 > cap * 3)
		cap *= 2;
	if (cap > m->cap)
		strmap_resize(m, cap);
}

bool strmap_put(struct strmap *m, const char *key, size_t value)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		strmap_resize(m, m->cap ? m->cap * 2 : 64);
	uint64_t h = strmap_hash(key);
	struct strmap_slot *s = strmap_find(m, key, h);
	bool fresh = s->key == NULL;
	if (fresh)
		m->n++;
	s->key = key;
	s->hash = h;
	s->value = value;
	return fresh;
}

bool strmap_get(const struct strmap *m, const char *key, size_t *value)
{
	if (!m->cap)
		return false;
	const struct strmap_slot *s = strmap_find(m, key, strmap_hash(key));
	if (!s->key)
		return false;
	if (value)
		*value = s->value;
	return true;
}
