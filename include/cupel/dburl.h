/* dburl.h - database URLs as alembic.ini's sqlalchemy.url writes them
 * (SQLAlchemy's RFC 1738 form), and their masked spelling: a password is
 * never shown. */
#ifndef CUPEL_DBURL_H
#define CUPEL_DBURL_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/dialect.h"
#include "cupel/strbuf.h"

struct dburl_param {
	const char *key, *value;
};

struct dburl {
	enum dialect dialect;
	const char *driver;     /* "psycopg2", "pysqlite" ...; NULL if none given */
	const char *user, *password, *host, *port, *database; /* NULL when absent */
	struct dburl_param *params; /* ?key=value&... (percent-decoded) */
	size_t n_params;
	/* SQLite: the file (relative paths as given: to the working directory,
	 * as SQLAlchemy does), or memory */
	const char *path;
	bool memory;
	const char *masked;     /* the URL with the password shown as *** */
};

/* Parse a URL; false with a message in err (which never holds the password). */
bool dburl_parse(struct arena *a, const char *text, struct dburl *out, struct strbuf *err);

/* Append s with the password of u replaced by "***" where it stands as a
 * password (a URL's user:password@, password=... of a conninfo), for
 * messages that might echo those; other text is kept whole, so a short
 * password does not mangle the words that contain it. */
void dburl_mask_in(struct strbuf *out, const struct dburl *u, const char *s);

/* The URL as `alembic current -v` shows it (SQLAlchemy's str() of it with
 * the password as XXXXX, its query sorted and quoted). */
void dburl_alembic_display(struct strbuf *out, const struct dburl *u);

#endif
