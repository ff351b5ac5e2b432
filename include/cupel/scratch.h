/* scratch.h - an empty database to try migrations on, thrown away after:
 * a temporary SQLite file, or a PostgreSQL database created beside the one
 * a URL names (CREATE DATABASE, dropped by scratch_close). Used by cupel
 * verify and by the order check of cupel conflicts --db. */
#ifndef CUPEL_SCRATCH_H
#define CUPEL_SCRATCH_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/db.h"
#include "cupel/dburl.h"
#include "cupel/strbuf.h"

struct scratch {
	struct db *db;        /* the scratch database, connected */
	struct dburl url;     /* its URL; url.masked says what it is */
	struct db *admin;     /* PostgreSQL: the connection that created it */
	char name[64];        /* PostgreSQL: the scratch database's name */
	char file[64];        /* SQLite: the temporary file */
};

/* Open an empty scratch database. admin_url: a postgresql:// URL (the
 * scratch database is created on that server, named cupel_TAG_PID) or
 * NULL / anything else (a temporary SQLite file in /tmp). False with the
 * reason in err; whatever was created is removed again. */
bool scratch_open(struct arena *a, const char *admin_url, const char *tag, struct scratch *s, struct strbuf *err);
/* Close it and remove it. False (reason in err) when the scratch database
 * could not be dropped; it is closed anyway. */
bool scratch_close(struct arena *a, struct scratch *s, struct strbuf *err);

#endif
