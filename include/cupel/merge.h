/* merge.h - a new merge revision, as `alembic merge` (Alembic 1.8's
 * ScriptDirectory.generate_revision) writes it: the revision id, the file
 * name from file_template, the version location, the create date, and the
 * file rendered from the project's script.py.mako (template.h) or, when
 * there is none, Alembic's generic template. Nothing is written until
 * merge_write. */
#ifndef CUPEL_MERGE_H
#define CUPEL_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cupel/project.h"
#include "cupel/strbuf.h"

struct merge_opts {
	const char *message;          /* -m; NULL: "empty message", empty slug */
	const char *rev_id;           /* NULL: 12 random hex digits (uuid4().hex[-12:]) */
	const char *branch_label;     /* NULL: none */
	const char *const *revs;      /* revision specifiers; none: "heads" */
	size_t n_revs;
	const struct timespec *now;   /* NULL: the clock (CLOCK_REALTIME) */
};

struct merge_result {
	char *rev_id;
	char *path;                   /* the file to create */
	char *template_path;          /* the script.py.mako used, NULL: the built-in one */
	char *content;                /* what to write */
	size_t len;
	size_t n_heads;               /* how many revisions the new one revises */
	struct strbuf notes;          /* one line each: what the user should know */
};

/* Alembic 1.8's templates/generic/script.py.mako. */
extern const char merge_generic_template[];

/* Compute the merge revision of p. false: the reason in err (Alembic's
 * message where it has one); nothing to release then. */
bool merge_prepare(struct project *p, const struct merge_opts *opts, struct merge_result *out,
		   struct strbuf *err);
/* Create out->path with out->content; never replaces an existing file. */
bool merge_write(const struct merge_result *r, struct strbuf *err);
void merge_result_release(struct merge_result *r);

/* The file name Alembic's _rev_path makes: file_template (Python
 * %-formatting with rev, slug, epoch, year ... second) + ".py".
 * Returns NULL with the reason in err. The result is xmalloc'd. */
char *merge_file_name(const char *file_template, int truncate_slug_length, const char *rev_id,
		      const char *message, const struct tm *tm, long long epoch, struct strbuf *err);

#endif
