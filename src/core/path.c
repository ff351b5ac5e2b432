/* path.c - Python os.path semantics for the paths Alembic prints. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cupel/path.h"
#include "cupel/strbuf.h"
#include "cupel/xalloc.h"

char *path_join(struct arena *a, const char *dir, const char *name)
{
	if (name[0] == '/' || dir[0] == '\0')
		return arena_strdup(a, name);
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dir[dl - 1] != '/';
	char *p = arena_alloc(a, dl + slash + nl + 1);
	memcpy(p, dir, dl);
	if (slash)
		p[dl] = '/';
	memcpy(p + dl + slash, name, nl + 1);
	return p;
}

char *path_normpath(struct arena *a, const char *p)
{
	if (!*p)
		return arena_strdup(a, ".");
	/* POSIX: exactly two leading slashes are kept, more collapse to one */
	int initial = 0;
	if (p[0] == '/') {
		initial = 1;
		if (p[1] == '/' && p[2] != '/')
			initial = 2;
	}
	size_t len = strlen(p);
	const char **comps = arena_alloc(a, (len + 1) * sizeof(*comps));
	size_t *clen = arena_alloc(a, (len + 1) * sizeof(*clen));
	size_t n = 0;
	const char *s = p;
	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		bool dotdot = l == 2 && s[0] == '.' && s[1] == '.';
		if (l == 1 && s[0] == '.') {
			/* "." adds nothing */
		} else if (!dotdot || (!initial && n == 0) ||
			   (n > 0 && clen[n - 1] == 2 && comps[n - 1][0] == '.' && comps[n - 1][1] == '.')) {
			comps[n] = s;
			clen[n++] = l;
		} else if (n > 0) {
			n--;
		}
		s += l;
	}
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < initial; i++)
		strbuf_addc(&sb, '/');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(&sb, '/');
		strbuf_add(&sb, comps[i], clen[i]);
	}
	if (sb.len == 0)
		strbuf_addc(&sb, '.');
	char *r = arena_strndup(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

char *path_abspath(struct arena *a, const char *p)
{
	if (p[0] == '/')
		return path_normpath(a, p);
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return path_normpath(a, p);
	char *joined = path_join(a, cwd, p);
	free(cwd);
	return path_normpath(a, joined);
}

char *path_dirname(struct arena *a, const char *p)
{
	const char *slash = strrchr(p, '/');
	if (!slash)
		return arena_strdup(a, "");
	size_t n = (size_t)(slash - p) + 1;
	/* strip trailing slashes unless the head is all slashes */
	size_t k = n;
	while (k > 0 && p[k - 1] == '/')
		k--;
	if (k == 0)
		return arena_strndup(a, p, n);
	return arena_strndup(a, p, k);
}

const char *path_basename(const char *p)
{
	const char *slash = strrchr(p, '/');
	return slash ? slash + 1 : p;
}

bool path_is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

bool path_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

char *path_read_file(struct arena *a, const char *p, size_t max_bytes, size_t *len)
{
	FILE *f = fopen(p, "rb");
	if (!f)
		return NULL;
	struct stat st;
	if (fstat(fileno(f), &st) != 0) {
		int e = errno;
		fclose(f);
		errno = e;
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return NULL;
	}
	if ((size_t)st.st_size > max_bytes) {
		fclose(f);
		errno = EFBIG;
		return NULL;
	}
	/* read straight into the arena; a file that grows meanwhile is cut
	 * at its size when we looked, like a snapshot */
	size_t size = (size_t)st.st_size;
	char *buf = arena_alloc(a, size + 1);
	size_t n = 0;
	while (n < size) {
		size_t got = fread(buf + n, 1, size - n, f);
		if (got == 0)
			break;
		n += got;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		errno = EIO;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Read until want bytes or the end, whichever comes first (a signal
 * interrupting a read is not an error): the bytes read, or -1. */
static ssize_t path_read_fd(int fd, char *buf, size_t want)
{
	size_t n = 0;
	while (n < want) {
		ssize_t got = read(fd, buf + n, want - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	return (ssize_t)n;
}

char *path_read_at(struct arena *a, int dirfd, const char *name, size_t max_bytes, size_t *len, struct stat *st)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	/* the fstat is the caller's stat too (the script cache's key), and
	 * its size spares the read that would only find the end */
	struct stat own;
	if (!st)
		st = &own;
	if (fstat(fd, st) != 0 || S_ISDIR(st->st_mode)) {
		int e = S_ISDIR(st->st_mode) ? EISDIR : errno;
		close(fd);
		errno = e;
		return NULL;
	}
	if (S_ISREG(st->st_mode)) {
		if ((size_t)st->st_size > max_bytes) {
			close(fd);
			errno = EFBIG;
			return NULL;
		}
		/* cut at the size fstat saw, like path_read_file */
		size_t size = (size_t)st->st_size;
		char *buf = arena_alloc(a, size + 1);
		ssize_t got = path_read_fd(fd, buf, size);
		int e = errno;
		close(fd);
		if (got < 0) {
			errno = e;
			return NULL;
		}
		size_t n = (size_t)got;
		buf[n] = '\0';
		*len = n;
		return buf;
	}
	/* not a regular file: read until the end, into the arena first and
	 * the heap for anything bigger than the first guess */
	enum { GUESS = 16384 };
	char *first = arena_alloc(a, GUESS + 1);
	char *heap = NULL;
	size_t cap = GUESS, n = 0;
	for (;;) {
		if (n == cap) {
			if (cap > max_bytes) {
				free(heap);
				close(fd);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			char *nb = xrealloc(heap, cap + 1);
			if (!heap)
				memcpy(nb, first, n);
			heap = nb;
		}
		char *buf = heap ? heap : first;
		ssize_t got = path_read_fd(fd, buf + n, cap - n);
		if (got < 0) {
			int e = errno;
			free(heap);
			close(fd);
			errno = e;
			return NULL;
		}
		n += (size_t)got;
		if (n < cap)
			break; /* the end came before the buffer was full */
	}
	close(fd);
	if (n > max_bytes) {
		free(heap);
		errno = EFBIG;
		return NULL;
	}
	*len = n;
	if (!heap) {
		first[n] = '\0';
		arena_shrink(a, first, GUESS + 1, n + 1);
		return first;
	}
	/* first's bytes were written, so it is not given back */
	char *r = arena_strndup(a, heap, n);
	free(heap);
	return r;
}

static int path_cmp(const void *x, const void *y)
{
	return strcmp(((const struct path_entry *)x)->name, ((const struct path_entry *)y)->name);
}

bool path_list_dir(struct arena *a, const char *dir, struct path_entry **entries, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	size_t cap = 64, cnt = 0;
	struct path_entry *v = xmalloc(cap * sizeof(*v));
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (cnt == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[cnt].name = arena_strdup(a, e->d_name);
		v[cnt].is_link = e->d_type == DT_LNK || e->d_type == DT_UNKNOWN;
		if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK)
			v[cnt].is_dir = path_is_dir(path_join(a, dir, e->d_name));
		else
			v[cnt].is_dir = e->d_type == DT_DIR;
		cnt++;
	}
	closedir(d);
	qsort(v, cnt, sizeof(*v), path_cmp);
	struct path_entry *out = arena_alloc(a, (cnt ? cnt : 1) * sizeof(*out));
	memcpy(out, v, cnt * sizeof(*v));
	free(v);
	*entries = out;
	*n = cnt;
	return true;
}

void path_mkdirs_for(const char *p)
{
	size_t n = strlen(p);
	char *dir = xmalloc(n + 1);
	memcpy(dir, p, n + 1);
	for (char *q = dir + 1; *q; q++)
		if (*q == '/') {
			*q = 0;
			(void)mkdir(dir, 0700);
			*q = '/';
		}
	free(dir);
}
