/* script.h - one migration script: its metadata as Alembic reads it
 * (module-level revision, down_revision, branch_labels, depends_on and the
 * docstring), read statically from the parsed source. */
#ifndef CUPEL_SCRIPT_H
#define CUPEL_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/py_ast.h"

struct strlist {
	const char **items;
	size_t n;
};

/* Where a metadata variable was assigned (for diagnostics and rewrites). */
struct script_decl {
	bool present;
	unsigned line, col;         /* the assignment statement */
	unsigned val_line, val_col; /* the value expression */
	unsigned val_end_line, val_end_col;
};

struct script {
	const char *path;      /* as Alembic prints it: join(abs version dir, file) */
	const char *filename;
	const char *revision;  /* NULL when it cannot be determined */
	/* down_revision normalised as Alembic does (None, '', () -> empty;
	 * a 1-tuple -> one item). */
	struct strlist down;
	/* depends_on as declared (normalised the same way). */
	struct strlist depends;
	/* branch_labels as declared, in declaration order. */
	struct strlist labels;
	const char *longdoc;   /* docstring stripped, "" when none */
	const char *doc;       /* longdoc up to the first blank line ("\n\n") */
	struct script_decl revision_decl, down_decl, labels_decl, depends_decl;
	struct py_module *module;  /* the full parse, or NULL (see script_read) */
	const char *src;       /* kept by a full parse only; see project_script_source */
	size_t src_len;
	bool revision_from_filename; /* legacy "<hex>.py" naming */
};

/* Read a script from its source. Problems go to diags with file:line:col.
 * With full, the whole file is parsed into `a` and kept as ->module.
 * Otherwise function bodies are only tokenized (py_parse_outline), the
 * outline lives in `scratch` (which the caller may reset afterwards) and
 * ->module is NULL: only the metadata is kept, copied into `a`.
 * Returns NULL only when the file cannot be a revision at all (no revision
 * id can be determined); the diagnostic then says why. */
struct script *script_read(struct arena *a, struct arena *scratch, struct diag_list *diags,
			   const char *path, const char *filename, const char *src, size_t len,
			   bool full);

/* The source as Python reads it: a PEP 263 Latin-1 cookie is decoded to
 * UTF-8 (in a); other non-UTF-8 encodings are reported and read as UTF-8. */
const char *script_decode(struct arena *a, struct diag_list *diags, const char *path, const char *src,
			  size_t len, size_t *out_len);

/* Does this file name take part in loading, as Alembic's
 * "(?!\.\#|__init__)(.*\.py)$" says? */
bool script_is_candidate_name(const char *filename);

#endif
