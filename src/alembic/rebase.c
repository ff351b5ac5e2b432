/* rebase.c - ROOT's down_revision moved to another head (see rebase.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cupel/path.h"
#include "cupel/py_token.h"
#include "cupel/rebase.h"
#include "cupel/revspec.h"
#include "cupel/xalloc.h"

void rebase_edit_release(struct rebase_edit *e)
{
	free(e->path);
	free(e->root);
	free(e->old_parent);
	free(e->onto);
	free(e->old_text);
	free(e->new_text);
	memset(e, 0, sizeof(*e));
}

static bool rebase_resolve(const struct revgraph *g, const char *spec, const char *what, size_t *idx,
			   struct strbuf *err)
{
	bool found = false;
	if (!revspec_get_one(g, spec, &found, idx, err))
		return false;
	if (!found) {
		strbuf_addf(err, "%s '%s' names no revision", what, spec);
		return false;
	}
	/* a shadowed duplicate: the revision that won */
	revgraph_lookup(g, g->revs[*idx].id, idx);
	return true;
}

/* (l1,c1) <= (l2,c2) */
static bool pos_le(unsigned l1, unsigned c1, unsigned l2, unsigned c2)
{
	return l1 < l2 || (l1 == l2 && c1 <= c2);
}

/* The quotes of a plain string token: inner text in [*s, *s + *n). */
static bool string_inner(const struct py_token *t, size_t *s, size_t *n)
{
	size_t i = 0;
	while (i < t->len && t->text[i] != '\'' && t->text[i] != '"') {
		char c = t->text[i];
		if (c != 'r' && c != 'R' && c != 'u' && c != 'U')
			return false; /* b'', f'': not a plain str */
		i++;
	}
	if (i >= t->len)
		return false;
	size_t q = (i + 2 < t->len && t->text[i + 1] == t->text[i] && t->text[i + 2] == t->text[i]) ? 3 : 1;
	if (t->len < i + 2 * q)
		return false;
	*s = i + q;
	*n = t->len - i - 2 * q;
	return true;
}

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct repl {
	size_t off, len;
	const char *with;
};

bool rebase_prepare(struct project *p, const char *root_spec, const char *onto_spec, struct rebase_edit *out,
		    struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	const struct revgraph *g = p->graph;
	struct arena *a = &p->arena;
	if (!p->loaded || !g) {
		strbuf_adds(err, "the project could not be loaded");
		return false;
	}
	if (g->broken || g->cyclic) {
		strbuf_adds(err, "the revision graph has errors (see 'cupel check'): not rebasing");
		return false;
	}
	size_t root, onto;
	if (!rebase_resolve(g, root_spec, "ROOT", &root, err) || !rebase_resolve(g, onto_spec, "--onto", &onto, err))
		return false;
	const struct rev *r = &g->revs[root], *h = &g->revs[onto];
	if (root == onto) {
		strbuf_addf(err, "cannot rebase %s onto itself", r->id);
		return false;
	}
	struct revset desc = revset_new(a, g->n);
	revgraph_descendants(g, &root, 1, true, &desc);
	if (revset_has(&desc, onto)) {
		strbuf_addf(err, "cannot rebase %s onto %s: %s is a descendant of %s, the rebase would make a cycle",
			    r->id, h->id, h->id, r->id);
		return false;
	}
	if (h->nextrev.n) {
		strbuf_addf(err, "cannot rebase onto %s: it is not a head", h->id);
		return false;
	}
	const struct script *sc = r->script;
	if (!sc->down.n) {
		strbuf_addf(err, "cannot rebase %s: it is a base revision (down_revision is None)", r->id);
		return false;
	}
	/* the fork point: the down revision of ROOT that HEAD descends from */
	struct revset anc = revset_new(a, g->n);
	revgraph_ancestors(g, &onto, 1, true, &anc);
	const char *old = NULL;
	size_t n_fork = 0;
	for (size_t i = 0; i < sc->down.n; i++) {
		size_t d;
		if (strcmp(sc->down.items[i], h->id) == 0) {
			strbuf_addf(err, "%s already revises %s: nothing to do", r->id, h->id);
			return false;
		}
		if (revgraph_lookup(g, sc->down.items[i], &d) && revset_has(&anc, d)) {
			old = sc->down.items[i];
			n_fork++;
		}
	}
	if (n_fork != 1) {
		if (n_fork == 0)
			strbuf_addf(err, "cannot rebase %s onto %s: none of its down revisions is an ancestor of %s "
					 "(ROOT must be the first revision of a branch that forked from %s's line)",
				    r->id, h->id, h->id, h->id);
		else
			strbuf_addf(err, "cannot rebase %s onto %s: several of its down revisions are ancestors of %s",
				    r->id, h->id, h->id);
		return false;
	}
	if (!sc->down_decl.present || !sc->down_decl.val_line) {
		strbuf_addf(err, "%s: the down_revision assignment was not found", sc->path);
		return false;
	}

	/* the file as it is now */
	size_t len;
	char *text = path_read_file(a, sc->path, PROJECT_MAX_SCRIPT_BYTES, &len);
	struct stat st;
	if (!text || stat(sc->path, &st) != 0) {
		strbuf_addf(err, "could not read %s: %s", sc->path, strerror(errno));
		return false;
	}
	struct arena scratch;
	arena_init(&scratch);
	struct diag_list dl;
	diag_list_init(&dl, &scratch);
	struct py_lexer *lx = py_lexer_new(&scratch, &dl, sc->path, text, len);
	struct repl reps[2];
	size_t n_reps = 0, n_found = 0;
	bool first = true, doc_pending = false, revises_changed = false;
	struct py_token doc = { 0 };
	const struct script_decl *d = &sc->down_decl;
	for (;;) {
		struct py_token t = py_lexer_next(lx);
		if (t.kind == PY_TOK_ENDMARKER)
			break;
		if (t.kind == PY_TOK_COMMENT || t.kind == PY_TOK_NL)
			continue;
		if (doc_pending) {
			doc_pending = false;
			if (t.kind != PY_TOK_NEWLINE)
				doc.len = 0; /* "..." + x: not a docstring */
		}
		if (first) {
			first = false;
			if (t.kind == PY_TOK_STRING) {
				doc = t;
				doc_pending = true;
			}
		}
		if (t.kind != PY_TOK_STRING || !pos_le(d->val_line, d->val_col, t.line, t.col) ||
		    !pos_le(t.end_line, t.end_col, d->val_end_line, d->val_end_col))
			continue;
		size_t s, n;
		if (string_inner(&t, &s, &n) && n == strlen(old) && memcmp(t.text + s, old, n) == 0) {
			if (!n_found++) {
				reps[n_reps].off = t.off + s;
				reps[n_reps].len = n;
				reps[n_reps++].with = h->id;
			}
		}
	}
	if (n_found != 1) {
		arena_free(&scratch);
		strbuf_addf(err, "%s:%u:%u: could not find the one string '%s' in the down_revision assignment", sc->path,
			    d->val_line, d->val_col, old);
		return false;
	}
	/* the docstring's "Revises: X" line */
	if (doc.len) {
		const char *ds = doc.text, *de = doc.text + doc.len;
		for (const char *l = ds; l < de;) {
			const char *le = memchr(l, '\n', (size_t)(de - l));
			if (!le)
				le = de;
			const char *q = l;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			if (le - q >= 8 && memcmp(q, "Revises:", 8) == 0) {
				size_t ol = strlen(old);
				for (const char *m = q + 8; m + ol <= le; m++)
					if (memcmp(m, old, ol) == 0 && !is_word(m[-1]) && (m + ol == le || !is_word(m[ol]))) {
						reps[n_reps].off = (size_t)(m - text);
						reps[n_reps].len = ol;
						reps[n_reps++].with = h->id;
						revises_changed = true;
						break;
					}
				break;
			}
			l = le + 1;
		}
	}
	arena_free(&scratch);

	/* apply, in file order */
	if (n_reps == 2 && reps[1].off < reps[0].off) {
		struct repl tmp = reps[0];
		reps[0] = reps[1];
		reps[1] = tmp;
	}
	struct strbuf nb = STRBUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < n_reps; i++) {
		strbuf_add(&nb, text + at, reps[i].off - at);
		strbuf_adds(&nb, reps[i].with);
		at = reps[i].off + reps[i].len;
	}
	strbuf_add(&nb, text + at, len - at);

	/* the edited file must read as the same revision with the new parent */
	arena_init(&scratch);
	diag_list_init(&dl, &scratch);
	struct script *ns = script_read(&scratch, &scratch, &dl, sc->path, sc->filename, strbuf_str(&nb), nb.len, false);
	bool ok = ns && ns->revision && strcmp(ns->revision, r->id) == 0 && ns->down.n == sc->down.n;
	for (size_t i = 0; ok && i < sc->down.n; i++) {
		const char *want = strcmp(sc->down.items[i], old) == 0 ? h->id : sc->down.items[i];
		ok = strcmp(ns->down.items[i], want) == 0;
	}
	arena_free(&scratch);
	if (!ok) {
		strbuf_release(&nb);
		strbuf_addf(err, "%s: the edit would not read back as down_revision %s (the file may have changed)",
			    sc->path, h->id);
		return false;
	}
	out->path = xstrdup(sc->path);
	out->root = xstrdup(r->id);
	out->old_parent = xstrdup(old);
	out->onto = xstrdup(h->id);
	out->old_text = xmalloc(len + 1);
	memcpy(out->old_text, text, len + 1);
	out->old_len = len;
	out->new_text = strbuf_detach(&nb, &out->new_len);
	out->mode = st.st_mode & 07777;
	out->revises_changed = revises_changed;
	return true;
}

bool rebase_write(const struct rebase_edit *e, struct strbuf *err)
{
	/* the file must not have changed since it was read */
	struct arena a;
	arena_init(&a);
	size_t len;
	const char *now = path_read_file(&a, e->path, PROJECT_MAX_SCRIPT_BYTES, &len);
	if (!now) {
		strbuf_addf(err, "could not read %s: %s", e->path, strerror(errno));
		arena_free(&a);
		return false;
	}
	bool same = len == e->old_len && memcmp(now, e->old_text, len) == 0;
	arena_free(&a);
	if (!same) {
		strbuf_addf(err, "%s changed since it was read: not writing it", e->path);
		return false;
	}
	/* a temporary file beside it (not *.py, so Alembic never loads it) */
	size_t n = strlen(e->path);
	char *tmp = xmalloc(n + 16);
	memcpy(tmp, e->path, n);
	memcpy(tmp + n, ".cupel-XXXXXX", 14);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		strbuf_addf(err, "could not create a temporary file beside %s: %s", e->path, strerror(errno));
		free(tmp);
		return false;
	}
	bool ok = fchmod(fd, e->mode) == 0;
	for (size_t done = 0; ok && done < e->new_len;) {
		ssize_t w = write(fd, e->new_text + done, e->new_len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			ok = false;
		else
			done += (size_t)w;
	}
	ok = ok && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, e->path) != 0)
		ok = false;
	if (!ok) {
		strbuf_addf(err, "could not write %s: %s", e->path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok;
}
