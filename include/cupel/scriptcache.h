/* scriptcache.h - the metadata of a project's scripts kept between runs,
 * so that a history of thousands of revisions opens without reading and
 * parsing every file again. A file's entry is used only while the file's
 * size, modification and change times, inode and device are the ones it
 * was read with, and only by the same cupel binary (its own size and time
 * are part of the cache); scripts that had any diagnostic are never kept.
 * $CUPEL_CACHE=off turns it off; it lives in $CUPEL_CACHE_DIR, else
 * $XDG_CACHE_HOME/cupel, else ~/.cache/cupel. */
#ifndef CUPEL_SCRIPTCACHE_H
#define CUPEL_SCRIPTCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "cupel/arena.h"
#include "cupel/script.h"
#include "cupel/strmap.h"

struct scriptcache {
	struct arena *a;
	const char *path;      /* the cache file, NULL when off */
	const unsigned char *data;
	size_t len;
	struct strmap entries; /* "dir/name" -> offset of the entry */
	bool usable;           /* data was read and is this binary's */
};

/* Open the cache of a project (its script location and version
 * directories); an unusable or missing file is an empty cache. */
void scriptcache_open(struct scriptcache *c, struct arena *a, const char *script_location,
		      const char *const *dirs, size_t n_dirs);
/* The script of dirs[dir]/name when the cache holds it for exactly this
 * file (st), rebuilt in a with the given path; else NULL. */
struct script *scriptcache_get(struct scriptcache *c, size_t dir, const char *name, const char *path,
			       const struct stat *st, struct arena *a);
/* Write the cache again with these scripts (atomically: a temporary file
 * renamed over it). Failures are silent: the cache is only an aid. */
void scriptcache_save(struct scriptcache *c, const char *script_location, const char *const *dirs, size_t n_dirs,
		      const size_t *file_dir, const char *const *file_name, const struct stat *file_st,
		      struct script *const *scripts, size_t n);

#endif
