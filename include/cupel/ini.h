/* ini.h - INI files read the way Python's configparser.ConfigParser reads
 * them (what Alembic uses): '=' or ':' delimiters, full-line '#'/';'
 * comments only, indented continuation lines joined with '\n', blank lines
 * kept inside values, lower-cased keys, a DEFAULT section, and on lookup the
 * "%(name)s" / "%%" interpolation. A bad line is reported and skipped.
 *
 * Why not inih: Debian's libinih strips " ;" inline comments, which turns
 * Alembic's documented "version_path_separator = ;" into an empty value. */
#ifndef CUPEL_INI_H
#define CUPEL_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/diag.h"

struct ini_entry {
	const char *key;   /* lower-cased */
	const char *value; /* raw, before interpolation */
	unsigned line;
};

struct ini_section {
	const char *name;
	unsigned line;
	struct ini_entry *entries;
	size_t n, cap;
};

struct ini {
	const char *file;
	struct ini_section defaults; /* [DEFAULT] plus the caller's defaults */
	struct ini_section *sections;
	size_t n, cap;
};

/* Parse text; never fails (bad lines become diagnostics "ini-syntax"). */
struct ini *ini_parse(struct arena *a, struct diag_list *diags, const char *file,
		      const char *text, size_t len);
/* Add or replace a default (like ConfigParser(defaults)). */
void ini_set_default(struct ini *ini, struct arena *a, const char *key, const char *value);
bool ini_has_section(const struct ini *ini, const char *section);
/* Raw value of section/key (falling back to the defaults), or NULL. */
const struct ini_entry *ini_lookup(const struct ini *ini, const char *section, const char *key);
/* Interpolated value, or NULL if absent. An interpolation error pushes a
 * diagnostic "ini-interpolation" and returns NULL. */
const char *ini_get(const struct ini *ini, struct arena *a, struct diag_list *diags,
		    const char *section, const char *key);

#endif
