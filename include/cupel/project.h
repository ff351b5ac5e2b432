/* project.h - an Alembic project loaded as Alembic 1.8 loads it: the ini
 * file, script_location, version_locations, and every revision script. */
#ifndef CUPEL_PROJECT_H
#define CUPEL_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/ini.h"
#include "cupel/naming.h"
#include "cupel/revgraph.h"
#include "cupel/script.h"

struct project_opts {
	/* An alembic.ini, a directory holding one, a script directory (with
	 * env.py or versions/), or a bare versions folder. NULL: $ALEMBIC_CONFIG
	 * or ./alembic.ini, as Alembic. */
	const char *path;
	const char *ini_section; /* NULL: "alembic" */
	bool full_parse;         /* parse every function body now (else on demand) */
};

struct project {
	struct arena arena;     /* everything below lives here */
	struct diag_list diags;
	const char *ini_path;   /* NULL when not loaded from an ini file */
	struct ini *ini;
	const char *section;
	const char *script_location; /* as Alembic resolves it (abspath) */
	const char **version_dirs;   /* the directories actually scanned */
	size_t n_version_dirs;
	const char *sqlalchemy_url;  /* interpolated, NULL if absent */
	struct script **scripts;     /* map order */
	size_t n_scripts;
	struct revgraph *graph;
	bool loaded;                 /* false: nothing usable (see diags) */
	/* env.py's target_metadata naming_convention (SQLAlchemy's default
	 * when it has none cupel can read): the op.* objects are named by it */
	struct naming_convention naming;
	/* where loading spent its time, in seconds (shown by CUPEL_TIMING=1) */
	struct { double config, list, read, graph; } timing;
};

/* Load a project. Always returns an object; check ->loaded and ->diags. */
struct project *project_load(const struct project_opts *opts);
void project_free(struct project *p);

/* A script's source (decoded), read again from its file when the load did
 * not keep it; NULL (and errno) if it cannot be read. */
const char *project_script_source(struct project *p, struct script *sc, size_t *len);

/* Largest script file read (bigger ones are reported and skipped). */
#define PROJECT_MAX_SCRIPT_BYTES (64u * 1024u * 1024u)

#endif
