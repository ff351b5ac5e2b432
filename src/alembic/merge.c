/* merge.c - the merge revision `alembic merge` writes (see merge.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cupel/merge.h"
#include "cupel/path.h"
#include "cupel/revspec.h"
#include "cupel/template.h"
#include "cupel/xalloc.h"

const char merge_generic_template[] =
	"\"\"\"${message}\n"
	"\n"
	"Revision ID: ${up_revision}\n"
	"Revises: ${down_revision | comma,n}\n"
	"Create Date: ${create_date}\n"
	"\n"
	"\"\"\"\n"
	"from alembic import op\n"
	"import sqlalchemy as sa\n"
	"${imports if imports else \"\"}\n"
	"\n"
	"# revision identifiers, used by Alembic.\n"
	"revision = ${repr(up_revision)}\n"
	"down_revision = ${repr(down_revision)}\n"
	"branch_labels = ${repr(branch_labels)}\n"
	"depends_on = ${repr(depends_on)}\n"
	"\n"
	"\n"
	"def upgrade() -> None:\n"
	"    ${upgrades if upgrades else \"pass\"}\n"
	"\n"
	"\n"
	"def downgrade() -> None:\n"
	"    ${downgrades if downgrades else \"pass\"}\n";

/* ---- the file name ---- */

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* One %(key)... conversion of Python's str % dict. */
static bool pyfmt_one(struct strbuf *out, const char **pp, const char *key, size_t key_len, const char *sval,
		      long long ival, bool is_int, struct strbuf *err)
{
	const char *p = *pp;
	bool left = false, zero = false, plus = false, space = false;
	for (;; p++) {
		if (*p == '-')
			left = true;
		else if (*p == '0')
			zero = true;
		else if (*p == '+')
			plus = true;
		else if (*p == ' ')
			space = true;
		else if (*p == '#')
			;
		else
			break;
	}
	long width = 0, prec = -1;
	while (*p >= '0' && *p <= '9')
		width = width * 10 + (*p++ - '0');
	if (*p == '.') {
		p++;
		prec = 0;
		while (*p >= '0' && *p <= '9')
			prec = prec * 10 + (*p++ - '0');
	}
	while (*p == 'h' || *p == 'l' || *p == 'L')
		p++;
	char conv = *p;
	if (!conv) {
		strbuf_adds(err, "file_template: incomplete format");
		return false;
	}
	p++;
	*pp = p;
	struct strbuf body = STRBUF_INIT;
	char sign = 0;
	if (conv == 's' || conv == 'r') {
		if (is_int)
			strbuf_addf(&body, "%lld", ival);
		else if (conv == 'r')
			template_py_repr(&body, sval);
		else
			strbuf_adds(&body, sval);
		if (prec >= 0 && (size_t)prec < body.len)
			body.len = (size_t)prec, body.buf[body.len] = '\0';
		zero = false;
	} else if (conv == 'd' || conv == 'i' || conv == 'u') {
		if (!is_int) {
			strbuf_addf(err, "file_template: %%(%.*s)%c needs a number, not a str", (int)key_len, key, conv);
			return false;
		}
		unsigned long long mag = ival < 0 ? 0ull - (unsigned long long)ival : (unsigned long long)ival;
		char digits[32];
		int nd = snprintf(digits, sizeof(digits), "%llu", mag);
		for (long i = nd; i < prec; i++)
			strbuf_addc(&body, '0');
		strbuf_adds(&body, digits);
		sign = ival < 0 ? '-' : plus ? '+' : space ? ' ' : 0;
	} else {
		strbuf_addf(err, "file_template: the conversion '%%%c' is not supported", conv);
		return false;
	}
	size_t total = body.len + (sign ? 1 : 0);
	size_t pad = (size_t)width > total ? (size_t)width - total : 0;
	if (!left && !zero)
		for (size_t i = 0; i < pad; i++)
			strbuf_addc(out, ' ');
	if (sign)
		strbuf_addc(out, sign);
	if (!left && zero)
		for (size_t i = 0; i < pad; i++)
			strbuf_addc(out, '0');
	strbuf_add(out, body.buf ? body.buf : "", body.len);
	if (left)
		for (size_t i = 0; i < pad; i++)
			strbuf_addc(out, ' ');
	strbuf_release(&body);
	return true;
}

char *merge_file_name(const char *file_template, int truncate_slug_length, const char *rev_id,
		      const char *message, const struct tm *tm, long long epoch, struct strbuf *err)
{
	/* slug = "_".join(re.findall(r"\w+", message or "")).lower() */
	struct strbuf slug = STRBUF_INIT;
	bool in_word = false;
	for (const unsigned char *m = (const unsigned char *)(message ? message : ""); *m; m++) {
		if (*m >= 0x80) {
			strbuf_release(&slug);
			strbuf_adds(err, "a message with non-ASCII characters is not supported for the file name "
					 "(Python's Unicode word rules)");
			return NULL;
		}
		if (is_word(*m)) {
			if (!in_word && slug.len)
				strbuf_addc(&slug, '_');
			strbuf_addc(&slug, (char)(*m >= 'A' && *m <= 'Z' ? *m - 'A' + 'a' : *m));
			in_word = true;
		} else {
			in_word = false;
		}
	}
	size_t tsl = truncate_slug_length > 0 ? (size_t)truncate_slug_length : 40;
	if (slug.len > tsl) {
		/* slug[:tsl].rsplit("_", 1)[0] + "_" */
		slug.len = tsl;
		slug.buf[tsl] = '\0';
		char *us = strrchr(slug.buf, '_');
		if (us)
			slug.len = (size_t)(us - slug.buf);
		slug.buf[slug.len] = '\0';
		strbuf_addc(&slug, '_');
	}
	struct {
		const char *key;
		const char *s;
		long long i;
	} vals[] = {
		{ "rev", rev_id, 0 },
		{ "slug", strbuf_str(&slug), 0 },
		{ "epoch", NULL, epoch },
		{ "year", NULL, tm->tm_year + 1900 },
		{ "month", NULL, tm->tm_mon + 1 },
		{ "day", NULL, tm->tm_mday },
		{ "hour", NULL, tm->tm_hour },
		{ "minute", NULL, tm->tm_min },
		{ "second", NULL, tm->tm_sec },
	};
	struct strbuf out = STRBUF_INIT;
	bool ok = true;
	for (const char *p = file_template; *p && ok;) {
		if (*p != '%') {
			strbuf_addc(&out, *p++);
			continue;
		}
		p++;
		if (*p == '%') {
			strbuf_addc(&out, '%');
			p++;
			continue;
		}
		if (*p != '(') {
			strbuf_adds(err, "file_template: a format without a (key) (Python: format requires a mapping)");
			ok = false;
			break;
		}
		const char *k = ++p;
		while (*p && *p != ')')
			p++;
		if (!*p) {
			strbuf_adds(err, "file_template: incomplete format key");
			ok = false;
			break;
		}
		size_t kl = (size_t)(p - k);
		p++;
		size_t v = 0;
		while (v < sizeof(vals) / sizeof(vals[0]) && (strlen(vals[v].key) != kl || memcmp(vals[v].key, k, kl) != 0))
			v++;
		if (v == sizeof(vals) / sizeof(vals[0])) {
			strbuf_addf(err, "file_template: unknown key '%.*s' (Alembic raises KeyError)", (int)kl, k);
			ok = false;
			break;
		}
		ok = pyfmt_one(&out, &p, k, kl, vals[v].s, vals[v].i, vals[v].s == NULL, err);
	}
	strbuf_release(&slug);
	if (!ok) {
		strbuf_release(&out);
		return NULL;
	}
	strbuf_adds(&out, ".py");
	if (strchr(out.buf, '/')) {
		strbuf_addf(err, "file_template makes a file name with '/': %s", out.buf);
		strbuf_release(&out);
		return NULL;
	}
	size_t n;
	return strbuf_detach(&out, &n);
}

/* ---- preparing the merge ---- */

static bool merge_random_id(char out[13], struct strbuf *err)
{
	unsigned char b[6];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, b, sizeof(b)) != (ssize_t)sizeof(b)) {
		strbuf_addf(err, "could not read /dev/urandom: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	for (int i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return true;
}

static const char *merge_ini(struct project *p, struct diag_list *dl, const char *key)
{
	if (!p->ini)
		return NULL;
	return ini_get(p->ini, &p->arena, dl, p->section, key);
}

void merge_result_release(struct merge_result *r)
{
	free(r->rev_id);
	free(r->path);
	free(r->template_path);
	free(r->content);
	strbuf_release(&r->notes);
	memset(r, 0, sizeof(*r));
}

bool merge_prepare(struct project *p, const struct merge_opts *o, struct merge_result *out,
		   struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	const struct revgraph *g = p->graph;
	struct arena *a = &p->arena;
	struct diag_list dl;
	diag_list_init(&dl, a);
	if (!p->loaded || !g) {
		strbuf_adds(err, "the project could not be loaded");
		return false;
	}
	if (g->broken || g->cyclic) {
		strbuf_adds(err, "the revision graph has errors (see 'cupel check'): Alembic would not merge");
		return false;
	}

	/* the revision id (Script.verify_rev_id) */
	char idbuf[13];
	const char *rev_id = o->rev_id;
	if (!rev_id) {
		if (!merge_random_id(idbuf, err))
			return false;
		rev_id = idbuf;
	}
	if (!*rev_id || strpbrk(rev_id, "@-+")) {
		if (!*rev_id) {
			strbuf_adds(err, "the revision id is empty");
		} else {
			strbuf_adds(err, "Character(s) '");
			const char *ill[] = { "+", "-", "@" }; /* sorted, as Alembic */
			bool first = true;
			for (int i = 0; i < 3; i++)
				if (strchr(rev_id, ill[i][0])) {
					strbuf_addf(err, "%s%s", first ? "" : ", ", ill[i]);
					first = false;
				}
			strbuf_addf(err, "' not allowed in revision identifier '%s'", rev_id);
		}
		return false;
	}
	if (strpbrk(rev_id, "/\\'\"\n\r\t ")) {
		strbuf_addf(err, "revision id '%s': cupel only writes ids without quotes, slashes or spaces", rev_id);
		return false;
	}
	size_t dummy;
	if (revgraph_lookup(g, rev_id, &dummy)) {
		strbuf_addf(err, "revision '%s' already exists", rev_id);
		return false;
	}
	if (o->branch_label && revgraph_lookup(g, o->branch_label, &dummy)) {
		strbuf_addf(err, "branch label '%s' is already used (by %s)", o->branch_label, g->revs[dummy].id);
		return false;
	}
	if (o->branch_label && (!*o->branch_label || strpbrk(o->branch_label, "'\"\\\n"))) {
		strbuf_addf(err, "branch label '%s' is not supported", o->branch_label);
		return false;
	}

	/* the heads: get_revisions of each specifier, concatenated */
	size_t n_heads = 0, cap = 8;
	size_t *heads = arena_alloc(a, cap * sizeof(*heads));
	static const char *const default_revs[] = { "heads" };
	const char *const *revs = o->n_revs ? o->revs : default_revs;
	size_t n_revs = o->n_revs ? o->n_revs : 1;
	for (size_t i = 0; i < n_revs; i++) {
		struct idxlist got;
		if (!revspec_get(g, revs[i], &got, err))
			return false;
		for (size_t k = 0; k < got.n; k++) {
			if (n_heads == cap) {
				heads = arena_grow(a, heads, cap, 2 * cap, sizeof(*heads));
				cap *= 2;
			}
			heads[n_heads++] = got.v[k];
		}
	}
	for (size_t i = 0; i < n_heads; i++)
		for (size_t k = 0; k < i; k++)
			if (heads[i] == heads[k]) {
				strbuf_adds(err, "Duplicate head revisions specified");
				return false;
			}

	/* create_date: datetime.now() */
	const char *tzname = merge_ini(p, &dl, "timezone");
	if (tzname && *tzname) {
		strbuf_addf(err, "timezone = %s in the ini file is not supported by cupel merge yet", tzname);
		return false;
	}
	const char *enc = merge_ini(p, &dl, "output_encoding");
	if (enc && strcasecmp(enc, "utf-8") != 0 && strcasecmp(enc, "utf8") != 0 && strcasecmp(enc, "utf_8") != 0) {
		strbuf_addf(err, "output_encoding = %s is not supported (only utf-8)", enc);
		return false;
	}
	struct timespec now;
	if (o->now)
		now = *o->now;
	else
		clock_gettime(CLOCK_REALTIME, &now);
	struct tm tm;
	time_t secs = now.tv_sec;
	localtime_r(&secs, &tm);
	long usec = now.tv_nsec / 1000;
	char date[64];
	if (usec)
		snprintf(date, sizeof(date), "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
	else
		snprintf(date, sizeof(date), "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);

	/* the version location */
	const char *vdir = NULL;
	if (p->n_version_dirs > 1) {
		for (size_t i = 0; i < n_heads && !vdir; i++)
			vdir = path_dirname(a, g->revs[heads[i]].script->path);
		if (!vdir) {
			strbuf_adds(err, "Multiple version locations present, please specify --version-path");
			return false;
		}
		bool known = false;
		const char *nv = path_normpath(a, vdir);
		for (size_t i = 0; i < p->n_version_dirs; i++)
			known |= strcmp(path_normpath(a, p->version_dirs[i]), nv) == 0;
		if (!known) {
			strbuf_addf(err, "Path %s is not represented in current version locations", vdir);
			return false;
		}
	} else if (p->n_version_dirs == 1) {
		vdir = p->version_dirs[0];
	} else {
		strbuf_adds(err, "the project has no version location");
		return false;
	}

	/* only heads can be merged (no --splice) */
	for (size_t i = 0; i < n_heads; i++)
		if (g->revs[heads[i]].nextrev.n) {
			strbuf_addf(err, "Revision %s is not a head revision", g->revs[heads[i]].id);
			return false;
		}

	/* the file name */
	const char *ft = merge_ini(p, &dl, "file_template");
	const char *tsl_s = merge_ini(p, &dl, "truncate_slug_length");
	int tsl = 40;
	if (tsl_s) {
		char *end;
		long v = strtol(tsl_s, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\n')
			end++;
		if (end == tsl_s || *end || v < -1000000 || v > 1000000) {
			strbuf_addf(err, "truncate_slug_length = %s is not a number", tsl_s);
			return false;
		}
		tsl = (int)v;
	}
	if (diag_count(&dl, DIAG_ERROR)) {
		strbuf_addf(err, "alembic.ini: %s", dl.items[0].msg);
		return false;
	}
	if (tsl < 0) {
		/* slug[:-n] in Python; rare enough to refuse */
		strbuf_addf(err, "truncate_slug_length = %d is not supported", tsl);
		return false;
	}
	char *fname = merge_file_name(ft ? ft : "%(rev)s_%(slug)s", tsl, rev_id, o->message, &tm,
				      (long long)now.tv_sec, err);
	if (!fname)
		return false;
	const char *path = path_join(a, vdir, fname);
	free(fname);
	if (path_exists(path)) {
		strbuf_addf(err, "%s already exists: not overwriting it", path);
		return false;
	}

	/* the template and its variables */
	const char *tpl = merge_generic_template, *tpl_file = "(Alembic's generic script.py.mako)";
	size_t tpl_len = sizeof(merge_generic_template) - 1;
	char *tpl_path = NULL;
	if (p->script_location) {
		const char *tp = path_join(a, p->script_location, "script.py.mako");
		size_t len;
		const char *s = path_read_file(a, tp, PROJECT_MAX_SCRIPT_BYTES, &len);
		if (s) {
			tpl = s;
			tpl_len = len;
			tpl_file = tp;
			tpl_path = xstrdup(tp);
		} else if (errno != ENOENT) {
			strbuf_addf(err, "could not read %s: %s", tp, strerror(errno));
			return false;
		}
	}
	const char **down = arena_alloc(a, (n_heads + 1) * sizeof(*down));
	for (size_t i = 0; i < n_heads; i++)
		down[i] = g->revs[heads[i]].id;
	struct template_value none = { TEMPLATE_NONE, NULL, NULL, 0 };
	struct template_value down_v = none, labels_v = none;
	if (n_heads == 1) {
		down_v.kind = TEMPLATE_STR;
		down_v.s = down[0];
	} else if (n_heads > 1) {
		down_v.kind = TEMPLATE_TUPLE;
		down_v.items = down;
		down_v.n = n_heads;
	}
	const char **lab = arena_alloc(a, sizeof(*lab));
	if (o->branch_label) {
		lab[0] = o->branch_label;
		labels_v.kind = TEMPLATE_TUPLE;
		labels_v.items = lab;
		labels_v.n = 1;
	}
	struct template_var vars[] = {
		{ "up_revision", { TEMPLATE_STR, rev_id, NULL, 0 } },
		{ "down_revision", down_v },
		{ "branch_labels", labels_v },
		{ "depends_on", none },
		{ "create_date", { TEMPLATE_OPAQUE, date, NULL, 0 } },
		{ "comma", { TEMPLATE_FILTER, NULL, NULL, 0 } },
		{ "message", { TEMPLATE_STR, o->message ? o->message : "empty message", NULL, 0 } },
		{ "config", { TEMPLATE_STR, "config", NULL, 0 } },
	};
	struct strbuf text = STRBUF_INIT;
	if (!template_render(tpl_file, tpl, tpl_len, vars, sizeof(vars) / sizeof(vars[0]), &text, err)) {
		strbuf_release(&text);
		free(tpl_path);
		return false;
	}

	/* what Alembic checks after writing: the file loads as this revision,
	 * with the branch label */
	struct arena scratch;
	arena_init(&scratch);
	struct diag_list sdl;
	diag_list_init(&sdl, &scratch);
	struct script *sc = script_read(&scratch, &scratch, &sdl, path, path_basename(path), strbuf_str(&text),
					text.len, false);
	bool ok = true;
	if (!sc || !sc->revision || strcmp(sc->revision, rev_id) != 0) {
		strbuf_addf(err, "the file rendered from %s does not declare revision = '%s'", tpl_file, rev_id);
		ok = false;
	} else if (o->branch_label && !sc->labels.n) {
		strbuf_addf(err, "Version %s specified branch_labels %s, however the migration file %s does not have "
				 "them; have you upgraded your script.py.mako to include the 'branch_labels' section?",
			    rev_id, o->branch_label, path);
		ok = false;
	}
	arena_free(&scratch);
	if (!ok) {
		strbuf_release(&text);
		free(tpl_path);
		return false;
	}

	out->rev_id = xstrdup(rev_id);
	out->path = xstrdup(path);
	out->template_path = tpl_path;
	out->content = strbuf_detach(&text, &out->len);
	out->n_heads = n_heads;
	if (n_heads < 2)
		strbuf_addf(&out->notes, "%s: the new revision is not a merge, as with 'alembic merge'\n",
			    n_heads ? "only one head" : "no head");
	if (p->ini && ini_has_section(p->ini, "post_write_hooks")) {
		const char *hooks = ini_get(p->ini, a, &dl, "post_write_hooks", "hooks");
		if (hooks && *hooks)
			strbuf_addf(&out->notes, "post_write_hooks (%s) are not run by cupel: run them on the new file\n",
				    hooks);
	}
	return true;
}

bool merge_write(const struct merge_result *r, struct strbuf *err)
{
	int fd = open(r->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		strbuf_addf(err, "could not create %s: %s", r->path, strerror(errno));
		return false;
	}
	size_t done = 0;
	while (done < r->len) {
		ssize_t w = write(fd, r->content + done, r->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			strbuf_addf(err, "could not write %s: %s", r->path, strerror(errno));
			close(fd);
			unlink(r->path);
			return false;
		}
		done += (size_t)w;
	}
	bool bad = fsync(fd) != 0;
	if (close(fd) != 0)
		bad = true;
	if (bad) {
		strbuf_addf(err, "could not write %s: %s", r->path, strerror(errno));
		unlink(r->path);
		return false;
	}
	return true;
}
