/* project.c - find the ini, resolve the version locations, read scripts. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cupel/envpy.h"
#include "cupel/path.h"
#include "cupel/project.h"
#include "cupel/scriptcache.h"
#include "cupel/strmap.h"
#include "cupel/xalloc.h"

static struct span project_span(const char *file, unsigned line)
{
	struct span s = { file, line, 0, 0 };
	return s;
}

/* Split version_locations as Alembic 1.8 does. */
static bool project_split_locations(struct project *p, const char *value, const char *sep,
				    unsigned line, const char ***out, size_t *n)
{
	struct arena *a = &p->arena;
	size_t cap = 8, cnt = 0;
	const char **v = arena_alloc(a, cap * sizeof(*v));
	char split = 0;
	if (sep) {
		if (strcmp(sep, "space") == 0)
			split = ' ';
		else if (strcmp(sep, "os") == 0 || strcmp(sep, ":") == 0)
			split = ':';
		else if (strcmp(sep, ";") == 0)
			split = ';';
		else {
			diag_push(&p->diags, DIAG_ERROR, "project-config", project_span(p->ini_path, line),
				  "'%s' is not a valid value for version_path_separator; expected 'space', 'os', ':', ';'",
				  sep);
			return false;
		}
	}
	const char *s = value;
	for (;;) {
		const char *e;
		size_t skip;
		if (split) {
			e = strchr(s, split);
			skip = 1;
		} else {
			/* legacy: re.split(", *|(?: +)") keeps empty items */
			e = s;
			while (*e && *e != ',' && *e != ' ')
				e++;
			if (!*e)
				e = NULL;
			skip = 0;
			if (e) {
				const char *q = e;
				if (*q == ',') {
					q++;
					while (*q == ' ')
						q++;
				} else {
					while (*q == ' ')
						q++;
				}
				skip = (size_t)(q - e);
			}
		}
		size_t len = e ? (size_t)(e - s) : strlen(s);
		/* the separator forms drop empty items, the legacy one keeps them */
		if (len || !split) {
			if (cnt == cap) {
				v = arena_grow(a, v, cnt, cap * 2, sizeof(*v));
				cap *= 2;
			}
			v[cnt++] = arena_strndup(a, s, len);
		}
		if (!e)
			break;
		s = e + skip;
	}
	*out = v;
	*n = cnt;
	return true;
}

/* A file reached twice through overlapping locations is skipped, as Alembic
 * does (by real path). The directory's real path is resolved once; only a
 * file that is itself a link needs its own. */
static bool project_first_visit(struct project *p, struct strmap *seen, const char *realdir,
				const char *path, const char *name, bool is_link)
{
	const char *key = NULL;
	if (is_link) {
		char *real = realpath(path, NULL);
		if (real)
			key = arena_strdup(&p->arena, real);
		free(real);
	}
	if (!key)
		key = path_join(&p->arena, realdir, name);
	if (strmap_put(seen, key, 0))
		return true;
	diag_push(&p->diags, DIAG_WARNING, "project-duplicate-file", project_span(path, 0),
		  "file %s loaded twice! ignoring. Please ensure version_locations is unique", key);
	return false;
}

/* One candidate script file. */
struct project_file {
	size_t dir;        /* index into version_dirs */
	const char *name;
	const char *path;
	bool is_dir;
};

/* The candidate files of every version directory, in map order. */
static struct project_file *project_list_files(struct project *p, size_t *n_out)
{
	struct arena *a = &p->arena;
	size_t nd = p->n_version_dirs;
	struct path_entry **ents = arena_alloc(a, (nd ? nd : 1) * sizeof(*ents));
	size_t *cnt = arena_alloc(a, (nd ? nd : 1) * sizeof(*cnt));
	const char **realdir = arena_alloc(a, (nd ? nd : 1) * sizeof(*realdir));
	/* a file can be reached twice only through two locations that are one
	 * directory, or through a link: otherwise no real paths are needed */
	bool dedupe = false;
	for (size_t d = 0; d < nd; d++) {
		const char *dir = p->version_dirs[d];
		if (!path_list_dir(a, dir, &ents[d], &cnt[d])) {
			diag_push(&p->diags, DIAG_ERROR, "project-io", project_span(dir, 0),
				  "could not list directory: %s", strerror(errno));
			cnt[d] = 0;
		}
		realdir[d] = dir;
		if (nd > 1) {
			char *rd = realpath(dir, NULL);
			if (rd)
				realdir[d] = arena_strdup(a, rd);
			free(rd);
			for (size_t e = 0; e < d; e++)
				dedupe = dedupe || strcmp(realdir[e], realdir[d]) == 0;
			for (size_t i = 0; i < cnt[d] && !dedupe; i++)
				dedupe = ents[d][i].is_link && script_is_candidate_name(ents[d][i].name);
		}
	}
	struct strmap seen;
	strmap_init(&seen, a);
	size_t n = 0, cap = 0;
	struct project_file *files = NULL;
	for (size_t d = 0; d < nd; d++) {
		for (size_t i = 0; i < cnt[d]; i++) {
			const struct path_entry *e = &ents[d][i];
			if (!script_is_candidate_name(e->name))
				continue;
			const char *path = path_join(a, p->version_dirs[d], e->name);
			if (dedupe && !project_first_visit(p, &seen, realdir[d], path, e->name, e->is_link))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				files = arena_grow(a, files, n, cap, sizeof(*files));
			}
			files[n].dir = d;
			files[n].name = e->name;
			files[n].path = path;
			files[n].is_dir = e->is_dir;
			n++;
		}
	}
	*n_out = n;
	return files;
}

/* The files still to read, taken a few at a time by whichever reader is
 * free: a reader whose core is busy with something else does not hold
 * the others up (a fixed half each waited for the slower one). */
struct project_queue {
	atomic_size_t next;
	size_t n;
	size_t *owner;        /* indexed like files: the reader that took it */
	size_t *diag_lo;      /* indexed like files: its diagnostics in that reader's list */
	size_t *diag_hi;
};

#define PROJECT_CHUNK 32

/* A reader thread, with memory of its own: arenas are not shared between
 * threads; they are merged when all are done. */
struct project_worker {
	const struct project_file *files;
	struct project_queue *queue;
	size_t id;
	const int *dirfds;
	bool full;
	struct script **out;  /* indexed like files; NULL where none (set: from the cache) */
	bool *clean;          /* indexed like files: read without a diagnostic */
	struct stat *st;      /* indexed like files: the stat of what was read (NULL: not wanted) */
	bool *st_ok;          /* st[i] is a regular file's */
	struct scriptcache *cache; /* a usable cache to try first, or NULL */
	bool *hit;            /* indexed like files: taken from the cache */
	struct arena arena;
	struct diag_list diags;
	pthread_t thread;
};

/* Read and parse files[i] (unless the cache had it). */
static void project_read_one(struct project_worker *w, struct arena *scratch, size_t i)
{
	const struct project_file *f = &w->files[i];
	int dfd = w->dirfds[f->dir];
	if (w->cache) {
		/* the cache's entry holds if the file's stat is the one it saw */
		struct stat *cs = &w->st[i];
		w->st_ok[i] = !f->is_dir && (dfd >= 0 ? fstatat(dfd, f->name, cs, 0) : stat(f->path, cs)) == 0 &&
			      S_ISREG(cs->st_mode);
		if (w->st_ok[i] && (w->out[i] = scriptcache_get(w->cache, f->dir, f->name, f->path, cs, &w->arena))) {
			w->hit[i] = true;
			return;
		}
	}
	if (f->is_dir) {
		diag_push(&w->diags, DIAG_ERROR, "project-io", project_span(f->path, 0),
			  "a directory named like a script: Alembic cannot import it");
		return;
	}
	size_t len;
	/* an outline load keeps no source: read it into scratch */
	struct arena *into = w->full ? &w->arena : scratch;
	struct stat *st = w->st ? &w->st[i] : NULL;
	char *src;
	if (dfd >= 0) {
		src = path_read_at(into, dfd, f->name, PROJECT_MAX_SCRIPT_BYTES, &len, st);
	} else {
		src = path_read_file(into, f->path, PROJECT_MAX_SCRIPT_BYTES, &len);
		if (st && stat(f->path, st) != 0)
			memset(st, 0, sizeof(*st));
	}
	if (st)
		w->st_ok[i] = src && S_ISREG(st->st_mode);
	if (!src) {
		diag_push(&w->diags, DIAG_ERROR, "project-io", project_span(f->path, 0),
			  "could not read script: %s", strerror(errno));
		return;
	}
	size_t before = w->diags.n;
	w->out[i] = script_read(&w->arena, scratch, &w->diags, f->path, f->name, src, len, w->full);
	w->clean[i] = w->diags.n == before;
	arena_reset(scratch);
}

static void *project_worker_run(void *arg)
{
	struct project_worker *w = arg;
	struct arena scratch;
	arena_init(&scratch);
	struct project_queue *q = w->queue;
	for (;;) {
		size_t lo = atomic_fetch_add(&q->next, PROJECT_CHUNK);
		if (lo >= q->n)
			break;
		size_t hi = lo + PROJECT_CHUNK < q->n ? lo + PROJECT_CHUNK : q->n;
		for (size_t i = lo; i < hi; i++) {
			q->owner[i] = w->id;
			q->diag_lo[i] = w->diags.n;
			project_read_one(w, &scratch, i);
			q->diag_hi[i] = w->diags.n;
		}
	}
	arena_free(&scratch);
	return NULL;
}

/* Read and parse every file, on several threads for big projects. */
static void project_read_files(struct project *p, const struct project_file *files, size_t n, bool full)
{
	struct arena *a = &p->arena;
	int *dirfds = arena_alloc(a, (p->n_version_dirs ? p->n_version_dirs : 1) * sizeof(int));
	for (size_t d = 0; d < p->n_version_dirs; d++)
		dirfds[d] = open(p->version_dirs[d], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct script **out = arena_alloc(a, (n ? n : 1) * sizeof(*out));
	bool *clean = arena_alloc(a, n + 1);
	memset(out, 0, (n ? n : 1) * sizeof(*out));
	memset(clean, 0, n + 1);
	/* an outline load takes what the cache still holds for unchanged
	 * files; a full parse reads everything. Only a usable cache needs a
	 * stat before reading: the files read are stat'ed by their readers
	 * (one fstat of the open file), and not at all with the cache off. */
	struct scriptcache cache;
	struct stat *st = NULL;
	bool *st_ok = NULL, *hit = NULL;
	size_t hits = 0;
	bool caching = false;
	if (!full) {
		scriptcache_open(&cache, a, p->script_location, p->version_dirs, p->n_version_dirs);
		caching = cache.path != NULL;
	}
	if (caching) {
		st = arena_alloc(a, (n ? n : 1) * sizeof(*st));
		st_ok = arena_alloc(a, n + 1);
		hit = arena_alloc(a, n + 1);
		memset(hit, 0, n + 1);
		memset(st_ok, 0, n + 1);
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t k = n < 512 || cpus < 2 ? 1 : (size_t)(cpus > 8 ? 8 : cpus);
	struct project_worker *w = xcalloc(k, sizeof(*w));
	struct project_queue queue;
	atomic_init(&queue.next, 0);
	queue.n = n;
	queue.owner = arena_alloc(a, (n ? n : 1) * sizeof(size_t));
	queue.diag_lo = arena_alloc(a, (n ? n : 1) * sizeof(size_t));
	queue.diag_hi = arena_alloc(a, (n ? n : 1) * sizeof(size_t));
	for (size_t t = 0; t < k; t++) {
		w[t].files = files;
		w[t].queue = &queue;
		w[t].id = t;
		w[t].dirfds = dirfds;
		w[t].full = full;
		w[t].out = out;
		w[t].clean = clean;
		w[t].st = st;
		w[t].st_ok = st_ok;
		/* the readers try the cache first: its lookups are read-only */
		w[t].cache = caching && cache.usable ? &cache : NULL;
		w[t].hit = hit;
		arena_init(&w[t].arena);
		diag_list_init(&w[t].diags, &w[t].arena);
	}
	size_t started = 0;
	for (size_t t = 1; t < k; t++, started++)
		if (pthread_create(&w[t].thread, NULL, project_worker_run, &w[t]) != 0)
			break;
	/* this thread reads too, until the queue is empty (all of it when
	 * no thread could be started) */
	project_worker_run(&w[0]);
	for (size_t t = 1; t <= started; t++)
		pthread_join(w[t].thread, NULL);
	/* merge in file order, so diagnostics come out as a single reader's */
	for (size_t i = 0; i < n; i++) {
		const struct diag_list *dl = &w[queue.owner[i]].diags;
		for (size_t j = queue.diag_lo[i]; j < queue.diag_hi[i]; j++) {
			struct diag *d = diag_push(&p->diags, dl->items[j].level, dl->items[j].code,
						   dl->items[j].span, "%s", dl->items[j].msg);
			d->detail = dl->items[j].detail;
			d->hint = dl->items[j].hint;
			d->revision = dl->items[j].revision;
		}
	}
	for (size_t t = 0; t < k; t++)
		arena_absorb(a, &w[t].arena);
	for (size_t i = 0; caching && i < n; i++)
		hits += hit[i];
	free(w);
	for (size_t d = 0; d < p->n_version_dirs; d++)
		if (dirfds[d] >= 0)
			close(dirfds[d]);
	if (caching && hits < n) {
		/* keep what was read cleanly (and the hits) for the next run */
		struct script **keep = arena_alloc(a, (n ? n : 1) * sizeof(*keep));
		size_t *fdir = arena_alloc(a, (n ? n : 1) * sizeof(*fdir));
		const char **fname = arena_alloc(a, (n ? n : 1) * sizeof(*fname));
		for (size_t i = 0; i < n; i++) {
			keep[i] = st_ok[i] && out[i] && (hit[i] || clean[i]) ? out[i] : NULL;
			fdir[i] = files[i].dir;
			fname[i] = files[i].name;
		}
		scriptcache_save(&cache, p->script_location, p->version_dirs, p->n_version_dirs, fdir, fname, st, keep, n);
	}
	p->scripts = arena_alloc(a, (n ? n : 1) * sizeof(*p->scripts));
	for (size_t i = 0; i < n; i++)
		if (out[i])
			p->scripts[p->n_scripts++] = out[i];
}

static double project_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Decide what opts->path is and fill ini_path / script_location. */
static bool project_locate(struct project *p, const struct project_opts *opts,
			   const char **versions_only)
{
	struct arena *a = &p->arena;
	const char *path = opts->path;
	*versions_only = NULL;
	if (!path) {
		const char *env = getenv("ALEMBIC_CONFIG");
		path = env && *env ? env : "alembic.ini";
		if (!path_is_file(path)) {
			diag_push(&p->diags, DIAG_ERROR, "project-not-found", project_span(NULL, 0),
				  "no config file '%s' found", path)->hint =
				"run cupel in a directory with an alembic.ini, or give -c FILE or --project PATH";
			return false;
		}
	}
	if (path_is_file(path)) {
		p->ini_path = path_abspath(a, path);
		return true;
	}
	if (!path_is_dir(path)) {
		diag_push(&p->diags, DIAG_ERROR, "project-not-found", project_span(NULL, 0),
			  "no such file or directory: '%s'", path);
		return false;
	}
	const char *ini = path_join(a, path, "alembic.ini");
	if (path_is_file(ini)) {
		p->ini_path = path_abspath(a, ini);
		return true;
	}
	const char *env_py = path_join(a, path, "env.py");
	const char *versions = path_join(a, path, "versions");
	if (path_is_file(env_py) || path_is_dir(versions)) {
		p->script_location = path_abspath(a, path);
		return true;
	}
	*versions_only = path_abspath(a, path);
	return true;
}

struct project *project_load(const struct project_opts *opts)
{
	double t_start = project_now();
	struct project *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena);
	struct arena *a = &p->arena;
	diag_list_init(&p->diags, a);
	naming_default(&p->naming);
	p->section = opts->ini_section ? opts->ini_section : "alembic";
	const char *versions_only = NULL;
	if (!project_locate(p, opts, &versions_only))
		return p;

	const char **locs = NULL;
	size_t n_locs = 0;
	if (p->ini_path) {
		size_t len;
		char *text = path_read_file(a, p->ini_path, 16u * 1024u * 1024u, &len);
		if (!text) {
			diag_push(&p->diags, DIAG_ERROR, "project-io", project_span(p->ini_path, 0),
				  "could not read config file: %s", strerror(errno));
			return p;
		}
		p->ini = ini_parse(a, &p->diags, p->ini_path, text, len);
		ini_set_default(p->ini, a, "here", path_dirname(a, p->ini_path));
		if (!ini_has_section(p->ini, p->section)) {
			diag_push(&p->diags, DIAG_ERROR, "project-config", project_span(p->ini_path, 0),
				  "no section [%s] in the config file", p->section);
			return p;
		}
		const char *loc = ini_get(p->ini, a, &p->diags, p->section, "script_location");
		if (!loc) {
			diag_push(&p->diags, DIAG_ERROR, "project-config", project_span(p->ini_path, 0),
				  "no 'script_location' key found in configuration");
			return p;
		}
		if (loc[0] != '/' && strchr(loc, ':')) {
			diag_push(&p->diags, DIAG_ERROR, "project-config",
				  project_span(p->ini_path, ini_lookup(p->ini, p->section, "script_location")->line),
				  "script_location '%s' names a Python package resource, which cupel cannot resolve without Python",
				  loc)->hint = "give the directory path instead";
			return p;
		}
		/* relative to the current directory, as in Alembic */
		p->script_location = path_abspath(a, loc);
		p->sqlalchemy_url = ini_get(p->ini, a, &p->diags, p->section, "sqlalchemy.url");
		const char *sourceless = ini_get(p->ini, a, &p->diags, p->section, "sourceless");
		if (sourceless && strcmp(sourceless, "true") == 0)
			diag_push(&p->diags, DIAG_WARNING, "project-sourceless", project_span(p->ini_path, 0),
				  "sourceless = true: .pyc files without source cannot be read and are skipped");
		const char *vl = ini_get(p->ini, a, &p->diags, p->section, "version_locations");
		if (vl && *vl) {
			const struct ini_entry *sep_e = ini_lookup(p->ini, p->section, "version_path_separator");
			const char *sep = sep_e ? ini_get(p->ini, a, &p->diags, p->section, "version_path_separator") : NULL;
			if (!project_split_locations(p, vl, sep, ini_lookup(p->ini, p->section, "version_locations")->line,
						     &locs, &n_locs))
				return p;
		}
	}
	if (!path_is_dir(p->script_location ? p->script_location : versions_only)) {
		diag_push(&p->diags, DIAG_ERROR, "project-not-found", project_span(p->ini_path, 0),
			  "path doesn't exist: '%s'", p->script_location);
		return p;
	}

	/* the directories to scan, in order */
	size_t cap_dirs = n_locs ? n_locs : 1;
	p->version_dirs = arena_alloc(a, cap_dirs * sizeof(*p->version_dirs));
	if (versions_only) {
		p->version_dirs[p->n_version_dirs++] = versions_only;
	} else if (n_locs) {
		/* listed locations that do not exist are silently skipped */
		for (size_t i = 0; i < n_locs; i++) {
			const char *abs = path_abspath(a, locs[i]);
			if (path_exists(abs))
				p->version_dirs[p->n_version_dirs++] = abs;
		}
	} else {
		const char *v = path_join(a, p->script_location, "versions");
		p->version_dirs[p->n_version_dirs++] = v;
		if (!path_is_dir(v)) {
			diag_push(&p->diags, DIAG_ERROR, "project-not-found", project_span(p->ini_path, 0),
				  "version directory '%s' does not exist", v);
			return p;
		}
	}
	size_t n_files;
	double t0 = project_now();
	struct project_file *files = project_list_files(p, &n_files);
	double t1 = project_now();
	project_read_files(p, files, n_files, opts->full_parse);
	double t2 = project_now();
	p->graph = revgraph_build(a, &p->diags, p->scripts, p->n_scripts);
	p->timing.config = t0 - t_start;
	p->timing.list = t1 - t0;
	p->timing.read = t2 - t1;
	p->timing.graph = project_now() - t2;
	/* env.py's notes are the commands' to give (they read it again) */
	struct diag_list quiet;
	diag_list_init(&quiet, a);
	struct envpy_config env;
	envpy_read(a, &quiet, p->script_location, &env);
	p->naming = env.convention;
	p->loaded = true;
	return p;
}

const char *project_script_source(struct project *p, struct script *sc, size_t *len)
{
	if (!sc->src) {
		size_t n;
		char *raw = path_read_file(&p->arena, sc->path, PROJECT_MAX_SCRIPT_BYTES, &n);
		if (!raw)
			return NULL;
		sc->src = script_decode(&p->arena, NULL, sc->path, raw, n, &sc->src_len);
	}
	*len = sc->src_len;
	return sc->src;
}

void project_free(struct project *p)
{
	if (!p)
		return;
	arena_free(&p->arena);
	free(p);
}
