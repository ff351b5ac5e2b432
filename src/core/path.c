/* path.c - Python os.path semantics for the paths Alembic prints. */
#include <dirent.h>
#include <errno.h>
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
	size_t dl = strlen(dir);
	if (dir[dl - 1] == '/')
		return arena_printf(a, "%s%s", dir, name);
	return arena_printf(a, "%s/%s", dir, name);
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
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max_bytes + 1) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	int err = ferror(f);
	fclose(f);
	if (err) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	char *r = arena_strndup(a, buf, n);
	free(buf);
	*len = n;
	return r;
}

static int path_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

bool path_list_dir(struct arena *a, const char *dir, const char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	size_t cap = 64, cnt = 0;
	const char **v = xmalloc(cap * sizeof(*v));
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (cnt == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[cnt++] = arena_strdup(a, e->d_name);
	}
	closedir(d);
	qsort(v, cnt, sizeof(*v), path_cmp);
	const char **out = arena_alloc(a, (cnt ? cnt : 1) * sizeof(*out));
	memcpy(out, v, cnt * sizeof(*v));
	free(v);
	*names = out;
	*n = cnt;
	return true;
}
