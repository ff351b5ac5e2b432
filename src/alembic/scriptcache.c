/* scriptcache.c - scripts' metadata between runs: one binary file per
 * project, a header that names the binary that wrote it, then one entry
 * per clean script keyed by its directory, name and stat identity. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cupel/path.h"
#include "cupel/scriptcache.h"
#include "cupel/strbuf.h"

#define CACHE_MAGIC "CUPELSC2"

/* ---- writing ---- */

/* Bytes appended in place: a first run writes some hundred fields per
 * script, too many for a call into strbuf each. */
static inline void put_bytes(struct strbuf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		strbuf_grow(b, n < 4096 ? 4096 : n);
	memcpy(b->buf + b->len, p, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static inline void put_u64(struct strbuf *b, uint64_t v)
{
	put_bytes(b, &v, sizeof(v));
}

static inline void put_u32(struct strbuf *b, uint32_t v)
{
	put_bytes(b, &v, sizeof(v));
}

static void put_str(struct strbuf *b, const char *s)
{
	if (!s) {
		put_u32(b, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);
	put_u32(b, (uint32_t)n);
	put_bytes(b, s, n);
}

static void put_list(struct strbuf *b, const struct strlist *l)
{
	put_u32(b, (uint32_t)l->n);
	for (size_t i = 0; i < l->n; i++)
		put_str(b, l->items[i]);
}

static void put_decl(struct strbuf *b, const struct script_decl *d)
{
	put_u32(b, d->present);
	put_u32(b, d->line);
	put_u32(b, d->col);
	put_u32(b, d->val_line);
	put_u32(b, d->val_col);
	put_u32(b, d->val_end_line);
	put_u32(b, d->val_end_col);
}

/* What identifies a file's content without reading it. */
static void put_stat(struct strbuf *b, const struct stat *st)
{
	put_u64(b, (uint64_t)st->st_size);
	put_u64(b, (uint64_t)st->st_mtim.tv_sec);
	put_u64(b, (uint64_t)st->st_mtim.tv_nsec);
	put_u64(b, (uint64_t)st->st_ctim.tv_sec);
	put_u64(b, (uint64_t)st->st_ctim.tv_nsec);
	put_u64(b, (uint64_t)st->st_ino);
	put_u64(b, (uint64_t)st->st_dev);
}

/* The binary itself: a rebuilt cupel may read scripts differently. */
static bool put_self(struct strbuf *b)
{
	struct stat st;
	if (stat("/proc/self/exe", &st) != 0)
		return false;
	put_stat(b, &st);
	put_str(b, PACKAGE_VERSION);
	return true;
}

static void put_header(struct strbuf *b, const char *loc, const char *const *dirs, size_t n_dirs, bool *ok)
{
	strbuf_add(b, CACHE_MAGIC, 8);
	*ok = put_self(b);
	put_str(b, loc);
	put_u32(b, (uint32_t)n_dirs);
	for (size_t i = 0; i < n_dirs; i++)
		put_str(b, dirs[i]);
}

/* ---- reading ---- */

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static uint32_t get_u32(struct reader *r)
{
	uint32_t v = 0;
	if (r->end - r->p < (ptrdiff_t)sizeof(v)) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

/* A string in a (NULL for none, or when a is NULL: skipped). */
static const char *get_str(struct reader *r, struct arena *a)
{
	uint32_t n = get_u32(r);
	if (r->bad || n == UINT32_MAX)
		return NULL;
	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	const char *s = a ? arena_strndup(a, (const char *)r->p, n) : NULL;
	r->p += n;
	return s;
}

static void get_list(struct reader *r, struct arena *a, struct strlist *l)
{
	uint32_t n = get_u32(r);
	if (r->bad || n > 100000) {
		r->bad = true;
		l->n = 0;
		l->items = NULL;
		return;
	}
	l->n = n;
	l->items = a ? arena_alloc(a, (n + 1) * sizeof(*l->items)) : NULL;
	for (uint32_t i = 0; i < n; i++) {
		const char *s = get_str(r, a);
		if (a)
			l->items[i] = s;
	}
}

static void get_decl(struct reader *r, struct script_decl *d)
{
	d->present = get_u32(r) != 0;
	d->line = get_u32(r);
	d->col = get_u32(r);
	d->val_line = get_u32(r);
	d->val_col = get_u32(r);
	d->val_end_line = get_u32(r);
	d->val_end_col = get_u32(r);
}

static bool same_bytes(struct reader *r, const struct strbuf *want)
{
	if ((size_t)(r->end - r->p) < want->len || memcmp(r->p, want->buf, want->len) != 0)
		return false;
	r->p += want->len;
	return true;
}

static const char *cache_file(struct arena *a, const char *loc, const char *const *dirs, size_t n_dirs)
{
	const char *off = getenv("CUPEL_CACHE");
	if (off && (!strcmp(off, "off") || !strcmp(off, "0")))
		return NULL;
	const char *dir = getenv("CUPEL_CACHE_DIR");
	if (!dir || !*dir) {
		const char *x = getenv("XDG_CACHE_HOME");
		const char *h = getenv("HOME");
		if (x && *x)
			dir = arena_printf(a, "%s/cupel", x);
		else if (h && *h)
			dir = arena_printf(a, "%s/.cache/cupel", h);
		else
			return NULL;
	}
	/* FNV-1a of the location and the directories: one file per project */
	uint64_t hash = 1469598103934665603ull;
	const char *parts[64];
	size_t np = 0;
	parts[np++] = loc ? loc : "";
	for (size_t i = 0; i < n_dirs && np < 64; i++)
		parts[np++] = dirs[i];
	for (size_t i = 0; i < np; i++) {
		for (const char *s = parts[i]; *s; s++)
			hash = (hash ^ (unsigned char)*s) * 1099511628211ull;
		hash = (hash ^ '\n') * 1099511628211ull;
	}
	return arena_printf(a, "%s/%016llx.scripts", dir, (unsigned long long)hash);
}

void scriptcache_open(struct scriptcache *c, struct arena *a, const char *script_location,
		      const char *const *dirs, size_t n_dirs)
{
	memset(c, 0, sizeof(*c));
	c->a = a;
	strmap_init(&c->entries, a);
	c->path = cache_file(a, script_location, dirs, n_dirs);
	if (!c->path)
		return;
	size_t len = 0;
	char *data = path_read_file(a, c->path, 512u * 1024u * 1024u, &len);
	if (!data)
		return;
	struct strbuf want = STRBUF_INIT;
	bool ok;
	put_header(&want, script_location, dirs, n_dirs, &ok);
	struct reader r = { (const unsigned char *)data, (const unsigned char *)data + len, false };
	if (!ok || !same_bytes(&r, &want)) {
		strbuf_release(&want);
		return;
	}
	strbuf_release(&want);
	/* index the entries: "dir/name" -> offset */
	while (!r.bad && r.p < r.end) {
		size_t off = (size_t)(r.p - (const unsigned char *)data);
		uint32_t dir = get_u32(&r);
		const char *name = get_str(&r, a);
		uint32_t skip = get_u32(&r);
		if (r.bad || !name || (size_t)(r.end - r.p) < skip)
			break;
		r.p += skip;
		strmap_put(&c->entries, arena_printf(a, "%u/%s", dir, name), off);
	}
	c->data = (const unsigned char *)data;
	c->len = len;
	c->usable = true;
}

struct script *scriptcache_get(struct scriptcache *c, size_t dir, const char *name, const char *path,
			       const struct stat *st, struct arena *a)
{
	if (!c->usable)
		return NULL;
	size_t off;
	char key[600];
	snprintf(key, sizeof(key), "%zu/%s", dir, name);
	if (!strmap_get(&c->entries, key, &off))
		return NULL;
	struct reader r = { c->data + off, c->data + c->len, false };
	(void)get_u32(&r);
	(void)get_str(&r, NULL);
	(void)get_u32(&r);
	struct strbuf want = STRBUF_INIT;
	put_stat(&want, st);
	bool same = same_bytes(&r, &want);
	strbuf_release(&want);
	if (!same)
		return NULL;
	struct script *sc = arena_alloc(a, sizeof(*sc));
	memset(sc, 0, sizeof(*sc));
	sc->path = path;
	sc->filename = arena_strdup(a, name);
	sc->revision = get_str(&r, a);
	get_list(&r, a, &sc->down);
	get_list(&r, a, &sc->depends);
	get_list(&r, a, &sc->labels);
	sc->longdoc = get_str(&r, a);
	sc->doc = get_str(&r, a);
	get_decl(&r, &sc->revision_decl);
	get_decl(&r, &sc->down_decl);
	get_decl(&r, &sc->labels_decl);
	get_decl(&r, &sc->depends_decl);
	sc->revision_from_filename = get_u32(&r) != 0;
	return r.bad ? NULL : sc;
}

void scriptcache_save(struct scriptcache *c, const char *script_location, const char *const *dirs, size_t n_dirs,
		      const size_t *file_dir, const char *const *file_name, const struct stat *file_st,
		      struct script *const *scripts, size_t n)
{
	if (!c->path)
		return;
	struct strbuf b = STRBUF_INIT;
	bool ok;
	put_header(&b, script_location, dirs, n_dirs, &ok);
	for (size_t i = 0; ok && i < n; i++) {
		const struct script *sc = scripts[i];
		if (!sc)
			continue;
		put_u32(&b, (uint32_t)file_dir[i]);
		put_str(&b, file_name[i]);
		/* the entry's length, filled in once it is written */
		size_t at = b.len;
		put_u32(&b, 0);
		put_stat(&b, &file_st[i]);
		put_str(&b, sc->revision);
		put_list(&b, &sc->down);
		put_list(&b, &sc->depends);
		put_list(&b, &sc->labels);
		put_str(&b, sc->longdoc);
		put_str(&b, sc->doc);
		put_decl(&b, &sc->revision_decl);
		put_decl(&b, &sc->down_decl);
		put_decl(&b, &sc->labels_decl);
		put_decl(&b, &sc->depends_decl);
		put_u32(&b, sc->revision_from_filename);
		uint32_t len = (uint32_t)(b.len - at - sizeof(uint32_t));
		memcpy(b.buf + at, &len, sizeof(len));
	}
	if (ok) {
		/* the directory, then a temporary file renamed over the old one */
		path_mkdirs_for(c->path);
		const char *tmp = arena_printf(c->a, "%s.%ld", c->path, (long)getpid());
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0) {
			bool written = write(fd, b.buf, b.len) == (ssize_t)b.len;
			written = close(fd) == 0 && written;
			if (!written || rename(tmp, c->path) != 0)
				unlink(tmp);
		}
	}
	strbuf_release(&b);
}
