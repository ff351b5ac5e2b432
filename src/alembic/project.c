/* project.c - find the ini, resolve the version locations, read scripts. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/path.h"
#include "cupel/project.h"
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

static void project_add_script(struct project *p, size_t *cap, struct script *sc)
{
	if (p->n_scripts == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		p->scripts = arena_grow(&p->arena, p->scripts, p->n_scripts, *cap, sizeof(*p->scripts));
	}
	p->scripts[p->n_scripts++] = sc;
}

/* A file reached twice through overlapping locations is skipped, as Alembic
 * does (by real path). */
static bool project_first_visit(struct project *p, struct strmap *seen, const char *path)
{
	char *real = realpath(path, NULL);
	const char *key = real ? arena_strdup(&p->arena, real) : path;
	free(real);
	if (strmap_put(seen, key, 0))
		return true;
	diag_push(&p->diags, DIAG_WARNING, "project-duplicate-file", project_span(path, 0),
		  "file %s loaded twice! ignoring. Please ensure version_locations is unique", key);
	return false;
}

static void project_read_dir(struct project *p, const char *dir, size_t *cap, struct strmap *seen,
			     bool full, struct arena *scratch)
{
	struct arena *a = &p->arena;
	struct path_entry *ents;
	size_t n;
	if (!path_list_dir(a, dir, &ents, &n)) {
		diag_push(&p->diags, DIAG_ERROR, "project-io", project_span(dir, 0),
			  "could not list directory: %s", strerror(errno));
		return;
	}
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; i < n; i++) {
		const char *name = ents[i].name;
		if (!script_is_candidate_name(name))
			continue;
		const char *path = path_join(a, dir, name);
		/* a file reached twice through overlapping locations is skipped;
		 * with one location that cannot happen */
		if (seen && !project_first_visit(p, seen, path))
			continue;
		if (ents[i].is_dir) {
			diag_push(&p->diags, DIAG_ERROR, "project-io", project_span(path, 0),
				  "a directory named like a script: Alembic cannot import it");
			continue;
		}
		size_t len;
		char *src = dirfd >= 0 ? path_read_at(a, dirfd, name, PROJECT_MAX_SCRIPT_BYTES, &len)
				       : path_read_file(a, path, PROJECT_MAX_SCRIPT_BYTES, &len);
		if (!src) {
			diag_push(&p->diags, DIAG_ERROR, "project-io", project_span(path, 0),
				  "could not read script: %s", strerror(errno));
			continue;
		}
		struct script *sc = script_read(a, scratch, &p->diags, path, name, src, len, full);
		arena_reset(scratch);
		if (sc)
			project_add_script(p, cap, sc);
	}
	if (dirfd >= 0)
		close(dirfd);
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
	struct project *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena);
	struct arena *a = &p->arena;
	diag_list_init(&p->diags, a);
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
	size_t cap = 0;
	struct strmap seen;
	strmap_init(&seen, a);
	struct arena scratch;
	arena_init(&scratch);
	for (size_t i = 0; i < p->n_version_dirs; i++)
		project_read_dir(p, p->version_dirs[i], &cap, p->n_version_dirs > 1 ? &seen : NULL,
				 opts->full_parse, &scratch);
	arena_free(&scratch);
	p->graph = revgraph_build(a, &p->diags, p->scripts, p->n_scripts);
	p->loaded = true;
	return p;
}

void project_free(struct project *p)
{
	if (!p)
		return;
	arena_free(&p->arena);
	free(p);
}
