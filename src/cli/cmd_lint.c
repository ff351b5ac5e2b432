/* cmd_lint.c - `cupel lint`: findings as text (file:line:col, the source
 * line with a caret, the hint), JSON or SARIF 2.1.0 for CI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cupel/cli_cmd.h"
#include "cupel/dialect.h"
#include "cupel/lint.h"
#include "cupel/path.h"
#include "cupel/plan.h"
#include "cupel/text.h"

/* Line n of a file (without its newline) into sb; false if none. */
static bool source_line(const char *path, unsigned n, struct strbuf *sb)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f)
		return false;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned i = 0;
	bool ok = false;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (++i == n) {
			while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				len--;
			text_escape_controls(sb, line, (size_t)len, false);
			ok = true;
			break;
		}
	}
	free(line);
	fclose(f);
	return ok;
}

static const char *sarif_level(enum lint_level l)
{
	return l == LINT_ERROR ? "error" : l == LINT_WARNING ? "warning" : "note";
}

/* Problems met loading the project (a script that does not parse ...),
 * which the text output shows on stderr: machine-readable outputs carry
 * them too, or CI would see only the findings of what could be read. */
static bool load_problem(const struct diag *d)
{
	return d->level >= DIAG_WARNING;
}

static json_t *json_load_problems(const struct diag_list *load)
{
	json_t *arr = json_array();
	for (size_t i = 0; load && i < load->n; i++) {
		const struct diag *d = &load->items[i];
		if (!load_problem(d))
			continue;
		json_t *j = json_object();
		json_object_set_new(j, "code", json_string(d->code ? d->code : ""));
		json_object_set_new(j, "level", json_string(diag_level_name(d->level)));
		json_object_set_new(j, "file", d->span.file ? json_string(d->span.file) : json_null());
		json_object_set_new(j, "line", json_integer(d->span.line));
		json_object_set_new(j, "column", json_integer(d->span.col));
		json_object_set_new(j, "message", json_string(d->msg ? d->msg : ""));
		json_array_append_new(arr, j);
	}
	return arr;
}

static json_t *sarif_location(const char *file, unsigned line, unsigned col)
{
	json_t *loc = json_object(), *phys = json_object(), *art = json_object(), *reg = json_object();
	json_object_set_new(art, "uri", json_string(file ? file : "alembic.ini"));
	json_object_set_new(reg, "startLine", json_integer(line ? line : 1));
	json_object_set_new(reg, "startColumn", json_integer(col ? col : 1));
	json_object_set_new(phys, "artifactLocation", art);
	json_object_set_new(phys, "region", reg);
	json_object_set_new(loc, "physicalLocation", phys);
	return loc;
}

/* SARIF's place for what stopped the tool from reading some input. */
static json_t *sarif_invocations(const struct diag_list *load)
{
	json_t *notes = json_array();
	bool ok = true;
	for (size_t i = 0; load && i < load->n; i++) {
		const struct diag *d = &load->items[i];
		if (!load_problem(d))
			continue;
		ok &= d->level < DIAG_ERROR;
		json_t *n = json_object(), *msg = json_object(), *desc = json_object(), *locs = json_array();
		json_object_set_new(n, "level", json_string(d->level >= DIAG_ERROR ? "error" : "warning"));
		json_object_set_new(msg, "text", json_string(d->msg ? d->msg : ""));
		json_object_set_new(n, "message", msg);
		json_object_set_new(desc, "id", json_string(d->code ? d->code : "load"));
		json_object_set_new(n, "descriptor", desc);
		if (d->span.file) {
			json_array_append_new(locs, sarif_location(d->span.file, d->span.line, d->span.col));
			json_object_set_new(n, "locations", locs);
		} else {
			json_decref(locs);
		}
		json_array_append_new(notes, n);
	}
	json_t *inv = json_object(), *arr = json_array();
	json_object_set_new(inv, "executionSuccessful", json_boolean(ok));
	json_object_set_new(inv, "toolExecutionNotifications", notes);
	json_array_append_new(arr, inv);
	return arr;
}

static json_t *as_json(const struct lint_result *r, const struct diag_list *load)
{
	json_t *root = json_object(), *arr = json_array();
	json_object_set_new(root, "cupel_lint_version", json_integer(1));
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		json_t *j = json_object();
		json_object_set_new(j, "rule", json_string(f->rule));
		json_object_set_new(j, "level", json_string(lint_level_name(f->level)));
		json_object_set_new(j, "file", f->file ? json_string(f->file) : json_null());
		json_object_set_new(j, "line", json_integer(f->line));
		json_object_set_new(j, "column", json_integer(f->col));
		json_object_set_new(j, "revision", f->revision ? json_string(f->revision) : json_null());
		json_object_set_new(j, "message", json_string(f->message));
		json_object_set_new(j, "hint", f->hint ? json_string(f->hint) : json_null());
		json_array_append_new(arr, j);
	}
	json_object_set_new(root, "findings", arr);
	json_object_set_new(root, "suppressed", json_integer((json_int_t)r->suppressed));
	json_object_set_new(root, "load_problems", json_load_problems(load));
	return root;
}

static json_t *as_sarif(const struct lint_result *r, const struct diag_list *load)
{
	json_t *rules = json_array();
	for (size_t i = 0; i < lint_n_rules; i++) {
		const struct lint_rule *lr = &lint_rules[i];
		json_t *j = json_object();
		json_object_set_new(j, "id", json_string(lr->id));
		json_t *sd = json_object();
		json_object_set_new(sd, "text", json_string(lr->summary));
		json_object_set_new(j, "shortDescription", sd);
		json_t *dc = json_object();
		json_object_set_new(dc, "level", json_string(sarif_level(lr->level)));
		json_object_set_new(j, "defaultConfiguration", dc);
		char uri[256];
		snprintf(uri, sizeof(uri), "doc/rules/%s.md", lr->id);
		json_t *help = json_object();
		json_object_set_new(help, "text", json_string(uri));
		json_object_set_new(j, "help", help);
		json_array_append_new(rules, j);
	}
	json_t *results = json_array();
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->v[i];
		json_t *res = json_object();
		json_object_set_new(res, "ruleId", json_string(f->rule));
		json_object_set_new(res, "level", json_string(sarif_level(f->level)));
		json_t *msg = json_object();
		char *text = NULL;
		if (f->hint && asprintf(&text, "%s (hint: %s)", f->message, f->hint) < 0)
			text = NULL;
		json_object_set_new(msg, "text", json_string(text ? text : f->message));
		free(text);
		json_object_set_new(res, "message", msg);
		json_t *locs = json_array();
		json_array_append_new(locs, sarif_location(f->file, f->line, f->col));
		json_object_set_new(res, "locations", locs);
		if (f->revision) {
			json_t *props = json_object();
			json_object_set_new(props, "revision", json_string(f->revision));
			json_object_set_new(res, "properties", props);
		}
		json_array_append_new(results, res);
	}
	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("cupel"));
	json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
	json_object_set_new(driver, "informationUri", json_string("https://example.invalid/cupel"));
	json_object_set_new(driver, "rules", rules);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "results", results);
	json_object_set_new(run, "invocations", sarif_invocations(load));
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_object_set_new(root, "runs", runs);
	return root;
}

static bool parse_level(const char *s, enum lint_level *l)
{
	if (!strcmp(s, "error"))
		*l = LINT_ERROR;
	else if (!strcmp(s, "warning"))
		*l = LINT_WARNING;
	else if (!strcmp(s, "info"))
		*l = LINT_INFO;
	else
		return false;
	return true;
}

/* The findings in the chosen format; how many reach fail_on. */
static size_t print_findings(struct cli_ctx *ctx, const struct lint_result *rp, const struct diag_list *load,
			     const char *format, enum lint_level fail_on, size_t accepted, size_t out_of_range,
			     const char *range)
{
	const struct lint_result r = *rp;
	struct strbuf out = STRBUF_INIT;
	size_t failing = 0;
	for (size_t i = 0; i < r.n; i++)
		failing += r.v[i].level >= fail_on;
	if (!strcmp(format, "text")) {
		for (size_t i = 0; i < r.n; i++) {
			const struct lint_finding *f = &r.v[i];
			strbuf_addf(&out, "%s:%u:%u: %s[%s]: %s\n", f->file ? f->file : "(project)", f->line, f->col,
				    lint_level_name(f->level), f->rule, f->message);
			struct strbuf src = STRBUF_INIT;
			if (f->file && source_line(f->file, f->line, &src)) {
				strbuf_addf(&out, "    %s\n    %*s^\n", strbuf_str(&src), (int)(f->col ? f->col - 1 : 0), "");
			}
			strbuf_release(&src);
			if (f->hint)
				strbuf_addf(&out, "  hint: %s\n", f->hint);
		}
		strbuf_addf(&out, "%zu finding(s)", r.n);
		if (r.suppressed)
			strbuf_addf(&out, ", %zu suppressed", r.suppressed);
		if (accepted)
			strbuf_addf(&out, ", %zu accepted by the baseline", accepted);
		if (out_of_range)
			strbuf_addf(&out, ", %zu outside %s", out_of_range, range);
		strbuf_adds(&out, "\n");
	} else {
		json_t *j = !strcmp(format, "json") ? as_json(rp, load) : as_sarif(rp, load);
		char *txt = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		strbuf_adds(&out, txt);
		strbuf_addc(&out, '\n');
		free(txt);
		json_decref(j);
	}
	cli_write(ctx, strbuf_str(&out), out.len);
	strbuf_release(&out);
	return failing;
}

/* cupel lint --sql FILE: no project, the PostgreSQL rules on the file. */
static int lint_sql_file(struct cli_ctx *ctx, const char *file, const struct lint_opts *o, const char *format,
			 enum lint_level fail_on)
{
	struct arena a;
	arena_init(&a);
	size_t len;
	char *text = path_read_file(&a, file, (size_t)1 << 30, &len);
	if (!text) {
		cli_error(ctx, "lint: could not read %s", file);
		arena_free(&a);
		return CLI_USAGE;
	}
	if (memchr(text, '\0', len)) {
		cli_error(ctx, "lint: %s is not a text file (it holds a NUL byte)", file);
		arena_free(&a);
		return CLI_USAGE;
	}
	struct lint_result r;
	struct strbuf err = STRBUF_INIT;
	int status;
	if (!lint_run_sql(file, text, o, &r, &err)) {
		cli_error(ctx, "lint: %s", strbuf_str(&err));
		status = CLI_USAGE;
	} else {
		status = print_findings(ctx, &r, NULL, format, fail_on, 0, 0, NULL) ? CLI_FINDINGS : CLI_OK;
	}
	lint_result_free(&r);
	strbuf_release(&err);
	arena_free(&a);
	return status;
}

int cli_cmd_lint(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("lint");
	const char *format = "text", *dialect = NULL, *range = NULL, *baseline = NULL, *write_baseline = NULL,
		   *sql_file = NULL;
	enum lint_level fail_on = LINT_ERROR;
	const char **only = calloc((size_t)argc + 1, sizeof(*only)), **excl = calloc((size_t)argc + 1, sizeof(*excl));
	if (!only || !excl)
		abort();
	size_t n_only = 0, n_excl = 0;
	int status = -1;
	for (int i = 1; i < argc && status < 0; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (cli_want_help(ctx, self, a)) {
			status = CLI_OK;
		} else if (!strcmp(a, "--list-rules")) {
			for (size_t k = 0; k < lint_n_rules; k++) {
				fprintf(ctx->out, "%-30s %-8s %s\n", lint_rules[k].id, lint_level_name(lint_rules[k].level),
					lint_rules[k].summary);
				for (size_t q = 0; q < lint_n_params; q++)
					if (!strcmp(lint_params[q].rule, lint_rules[k].id))
						fprintf(ctx->out, "%-30s %-8s %s.%s = %ld: %s\n", "", "", lint_params[q].rule,
							lint_params[q].name, lint_params[q].def, lint_params[q].doc);
			}
			status = CLI_OK;
		} else if (!strcmp(a, "--explain") && v) {
			/* the rule's page, as built in: no source tree needed */
			i++;
			const char *page = lint_rule_page(v);
			if (!lint_find_rule(v)) {
				cli_error(ctx, "lint: no rule '%s' (see --list-rules)", v);
				status = CLI_USAGE;
			} else if (!page) {
				cli_error(ctx, "lint: rule '%s' has no page (doc/rules/%s.md)", v, v);
				status = CLI_USAGE;
			} else {
				fputs(page, ctx->out);
				status = CLI_OK;
			}
		} else if ((!strcmp(a, "--baseline") || !strcmp(a, "--write-baseline") || !strcmp(a, "--sql")) && v) {
			i++;
			if (!strcmp(a, "--sql"))
				sql_file = v;
			else if (!strcmp(a, "--baseline"))
				baseline = v;
			else
				write_baseline = v;
		} else if ((!strcmp(a, "--format") || !strcmp(a, "--dialect") || !strcmp(a, "--rule") ||
			    !strcmp(a, "--exclude") || !strcmp(a, "--fail-on")) && v) {
			i++;
			if (!strcmp(a, "--format"))
				format = v;
			else if (!strcmp(a, "--dialect"))
				dialect = v;
			else if (!strcmp(a, "--rule") || !strcmp(a, "--exclude")) {
				if (!lint_find_rule(v)) {
					cli_error(ctx, "lint: no rule '%s' (see --list-rules)", v);
					status = CLI_USAGE;
				}
				if (!strcmp(a, "--rule"))
					only[n_only++] = v;
				else
					excl[n_excl++] = v;
			} else if (!parse_level(v, &fail_on)) {
				cli_error(ctx, "lint: --fail-on is error, warning or info");
				status = CLI_USAGE;
			}
		} else if (a[0] != '-' && !range) {
			range = a;
		} else {
			cli_error(ctx, "lint: unexpected argument '%s'", a);
			status = CLI_USAGE;
		}
	}
	if (status < 0 && strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif")) {
		cli_error(ctx, "lint: --format is text, json or sarif");
		status = CLI_USAGE;
	}
	struct lint_opts o = { true, true, only, n_only, excl, n_excl, NULL, 0, NULL, 0 };
	if (status < 0 && dialect) {
		if (!strcmp(dialect, "postgresql"))
			o.sqlite = false;
		else if (!strcmp(dialect, "sqlite"))
			o.pg = false;
		else {
			cli_error(ctx, "unknown dialect '%s' (postgresql or sqlite)", dialect);
			status = CLI_USAGE;
		}
	}
	if (status < 0 && sql_file && (range || baseline || write_baseline || (dialect && !o.pg))) {
		cli_error(ctx, "lint: --sql takes no RANGE, baseline or --dialect sqlite (PostgreSQL statements only)");
		status = CLI_USAGE;
	}
	if (status < 0 && sql_file) {
		o.sqlite = false;
		o.pg = true;
		status = lint_sql_file(ctx, sql_file, &o, format, fail_on);
	}
	if (status >= 0) {
		free(only);
		free(excl);
		return status;
	}
	struct project *p = cli_load(ctx);
	if (!p) {
		free(only);
		free(excl);
		return CLI_USAGE;
	}
	/* the targets: --dialect, else [cupel] dialects, else the dialect of
	 * sqlalchemy.url, else both; rule levels from [cupel] */
	struct lint_config cfg;
	struct diag_list cdiags;
	diag_list_init(&cdiags, &p->arena);
	lint_config_read(p, &p->arena, &cdiags, &cfg);
	for (size_t i = 0; i < cdiags.n; i++)
		fprintf(ctx->err, "%s:%u: %s\n", cdiags.items[i].span.file ? cdiags.items[i].span.file : "",
			cdiags.items[i].span.line, cdiags.items[i].msg);
	/* a bad threshold: linting with the default would pass what the
	 * project meant to fail */
	bool bad_config = false;
	for (size_t i = 0; i < cdiags.n; i++)
		bad_config |= cdiags.items[i].level == DIAG_ERROR;
	if (bad_config) {
		project_free(p);
		free(only);
		free(excl);
		return CLI_USAGE;
	}
	enum dialect ud;
	if (!dialect && cfg.has_dialects) {
		o.pg = cfg.pg;
		o.sqlite = cfg.sqlite;
	} else if (!dialect && p->sqlalchemy_url && dialect_from_name(p->sqlalchemy_url, &ud)) {
		o.pg = ud == DIALECT_POSTGRESQL;
		o.sqlite = ud == DIALECT_SQLITE;
	}
	o.levels = cfg.levels;
	o.n_levels = cfg.n_levels;
	o.params = cfg.params;
	o.n_params = cfg.n_params;
	if (!baseline)
		baseline = cfg.baseline;
	struct lint_result r;
	size_t loaded = p->diags.n;
	lint_run(p, &o, &r);
	cli_print_diags_from(ctx, p, loaded); /* function bodies that do not parse */
	/* RANGE: the findings of its revisions (all are linted: the schema
	 * before them comes from the ones before) */
	size_t accepted = 0, out_of_range = 0;
	if (range) {
		struct plan plan;
		struct strbuf err = STRBUF_INIT;
		if (!plan_offline(p->graph, &p->arena, PLAN_UPGRADE, range, &plan, &err)) {
			cli_error(ctx, "lint: %s", strbuf_str(&err));
			strbuf_release(&err);
			lint_result_free(&r);
			status = cli_status(p, CLI_USAGE);
			project_free(p);
			free(only);
			free(excl);
			return CLI_USAGE;
		}
		strbuf_release(&err);
		size_t k = 0;
		for (size_t i = 0; i < r.n; i++) {
			bool in = !r.v[i].revision;
			for (size_t s = 0; !in && s < plan.n; s++)
				in = plan.steps[s].rev != PLAN_NO_REV &&
				     !strcmp(p->graph->revs[plan.steps[s].rev].id, r.v[i].revision);
			if (in)
				r.v[k++] = r.v[i];
			else
				out_of_range++;
		}
		r.n = k;
	}
	/* the baseline: findings accepted before, by rule, revision and message */
	if (baseline && !write_baseline) {
		size_t blen;
		char *btext = path_read_file(&p->arena, baseline, 64u << 20, &blen);
		if (!btext) {
			cli_error(ctx, "lint: could not read the baseline %s", baseline);
		} else {
			size_t k = 0;
			for (size_t i = 0; i < r.n; i++) {
				/* a whole line of the file: at its start or after a newline */
				char key[2048];
				snprintf(key, sizeof(key), "\n%s\t%s\t%s\n", r.v[i].rule, r.v[i].revision ? r.v[i].revision : "",
					 r.v[i].message);
				bool known = !strncmp(btext, key + 1, strlen(key + 1)) || strstr(btext, key) != NULL;
				if (known)
					accepted++;
				else
					r.v[k++] = r.v[i];
			}
			r.n = k;
		}
	}
	if (write_baseline) {
		FILE *bf = fopen(write_baseline, "w");
		if (!bf) {
			cli_error(ctx, "lint: could not write %s", write_baseline);
		} else {
			fputs("# cupel lint baseline: rule, revision, message (tab separated); these findings are accepted\n",
			      bf);
			for (size_t i = 0; i < r.n; i++)
				fprintf(bf, "%s\t%s\t%s\n", r.v[i].rule, r.v[i].revision ? r.v[i].revision : "",
					r.v[i].message);
			fclose(bf);
			fprintf(ctx->err, "cupel: %zu finding(s) written to the baseline %s\n", r.n, write_baseline);
		}
	}
	size_t failing = print_findings(ctx, &r, &p->diags, format, fail_on, accepted, out_of_range, range);
	lint_result_free(&r);
	/* a script that could not be read or parsed is a load error (2):
	 * what it does went unchecked, whatever the findings of the rest */
	status = diag_count(&p->diags, DIAG_ERROR) ? CLI_USAGE : failing ? CLI_FINDINGS : CLI_OK;
	project_free(p);
	free(only);
	free(excl);
	return status;
}
