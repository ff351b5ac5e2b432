/* path.h - file names as Python's os.path computes them, and file reading. */
#ifndef CUPEL_PATH_H
#define CUPEL_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"

/* os.path.join(a, b): b if absolute, else a + "/" + b (no double slash). */
char *path_join(struct arena *a, const char *dir, const char *name);
/* os.path.normpath: collapse //, /./ and /x/../ lexically. */
char *path_normpath(struct arena *a, const char *p);
/* os.path.abspath: normpath(join(cwd, p)). */
char *path_abspath(struct arena *a, const char *p);
/* os.path.dirname / basename. */
char *path_dirname(struct arena *a, const char *p);
const char *path_basename(const char *p);
bool path_is_dir(const char *p);
/* mkdir -p of the directories above the file p (mode 0700); errors are
 * left to the caller's open of p. */
void path_mkdirs_for(const char *p);
bool path_is_file(const char *p);
bool path_exists(const char *p);

/* Read a whole file into the arena (NUL-terminated; *len excludes the NUL).
 * Returns NULL and sets errno on failure. Files larger than max_bytes fail
 * with EFBIG. */
char *path_read_file(struct arena *a, const char *p, size_t max_bytes, size_t *len);

struct path_entry {
	const char *name;
	bool is_dir;
	bool is_link;
};

/* Read dir/name (dirfd from open(dir, O_DIRECTORY)) into the arena the same
 * way: one open relative to the directory, one fstat, reads, close. The
 * fstat is stored in *st unless st is NULL (untouched if the open fails). */
struct stat;
char *path_read_at(struct arena *a, int dirfd, const char *name, size_t max_bytes, size_t *len,
		   struct stat *st);

/* The entries of a directory (without . and ..), sorted by byte value.
 * Returns false and sets errno on failure. */
bool path_list_dir(struct arena *a, const char *dir, struct path_entry **entries, size_t *n);

#endif
