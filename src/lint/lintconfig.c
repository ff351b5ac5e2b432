/* lintconfig.c - the [cupel] section of alembic.ini or cupel.ini: lint
 * targets, rule levels, thresholds, the baseline file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cupel/ini.h"
#include "cupel/lint.h"
#include "cupel/path.h"
#include "cupel/strbuf.h"

static struct span at(const struct ini *ini, unsigned line)
{
	struct span s;
	memset(&s, 0, sizeof(s));
	s.file = ini->file;
	s.line = line;
	s.col = 1;
	return s;
}

static void add_level(struct arena *a, struct lint_config *c, size_t *cap, const char *rule, int level)
{
	for (size_t i = 0; i < c->n_levels; i++)
		if (!strcmp(c->levels[i].rule, rule)) {
			c->levels[i].level = level;
			return;
		}
	if (c->n_levels == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		c->levels = arena_grow(a, c->levels, c->n_levels, nc, sizeof(*c->levels));
		*cap = nc;
	}
	c->levels[c->n_levels].rule = arena_strdup(a, rule);
	c->levels[c->n_levels++].level = level;
}

/* <rule id>.<threshold> = N: false when the key is not of that form. */
static bool read_param(struct arena *a, struct diag_list *diags, const struct ini *ini, const struct ini_entry *e,
		       struct lint_config *out, size_t *cap)
{
	const char *dot = strrchr(e->key, '.');
	if (!dot || dot == e->key || !dot[1])
		return false;
	char *rule = arena_strdup(a, e->key);
	rule[dot - e->key] = 0;
	const char *name = dot + 1;
	if (!lint_find_rule(rule)) {
		diag_push(diags, DIAG_WARNING, "lint-config", at(ini, e->line), "no rule '%s' (see cupel lint --list-rules)",
			  rule);
		return true;
	}
	const struct lint_param *p = lint_find_param(rule, name);
	if (!p) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < lint_n_params; i++)
			if (!strcmp(lint_params[i].rule, rule))
				strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", lint_params[i].name);
		diag_push(diags, DIAG_ERROR, "lint-config", at(ini, e->line), "%s has no threshold '%s'%s%s%s", rule, name,
			  sb.len ? " (it has " : " (it has none", strbuf_str(&sb), ")");
		strbuf_release(&sb);
		return true;
	}
	const char *v = e->value ? e->value : "";
	char *end = NULL;
	errno = 0;
	long n = strtol(v, &end, 10);
	while (end && (*end == ' ' || *end == '\t'))
		end++;
	if (!*v || errno || !end || *end || n < p->min || n > p->max) {
		diag_push(diags, DIAG_ERROR, "lint-config", at(ini, e->line),
			  "%s: the threshold is a whole number from %ld to %ld, not '%s'", e->key, p->min, p->max, v);
		return true;
	}
	for (size_t i = 0; i < out->n_params; i++)
		if (!strcmp(out->params[i].rule, p->rule) && !strcmp(out->params[i].name, p->name)) {
			out->params[i].value = n;
			return true;
		}
	if (out->n_params == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;
		out->params = arena_grow(a, out->params, out->n_params, nc, sizeof(*out->params));
		*cap = nc;
	}
	out->params[out->n_params].rule = p->rule;
	out->params[out->n_params].name = p->name;
	out->params[out->n_params++].value = n;
	return true;
}

static int level_of(const char *v)
{
	return !strcmp(v, "off") ? -1 : !strcmp(v, "info") ? LINT_INFO : !strcmp(v, "warning") ? LINT_WARNING
		: !strcmp(v, "error") ? LINT_ERROR : -2;
}

static void read_section(struct arena *a, struct diag_list *diags, const struct ini *ini, const char *dir,
			 struct lint_config *out)
{
	size_t cap = 0, pcap = 0;
	const struct ini_section *sec = NULL;
	for (size_t i = 0; i < ini->n; i++)
		if (!strcmp(ini->sections[i].name, "cupel"))
			sec = &ini->sections[i];
	if (!sec)
		return;
	out->file = ini->file;
	for (size_t i = 0; i < sec->n; i++) {
		const struct ini_entry *e = &sec->entries[i];
		const char *v = e->value ? e->value : "";
		if (!strcmp(e->key, "dialects")) {
			out->has_dialects = true;
			out->pg = strstr(v, "postgresql") != NULL;
			out->sqlite = strstr(v, "sqlite") != NULL;
			if (!out->pg && !out->sqlite)
				diag_push(diags, DIAG_WARNING, "lint-config", at(ini, e->line),
					  "dialects names neither postgresql nor sqlite: both are linted");
			if (!out->pg && !out->sqlite)
				out->pg = out->sqlite = true;
		} else if (!strcmp(e->key, "disable")) {
			char *list = arena_strdup(a, v);
			for (char *t = strtok(list, " ,\n\t"); t; t = strtok(NULL, " ,\n\t")) {
				if (lint_find_rule(t))
					add_level(a, out, &cap, t, -1);
				else
					diag_push(diags, DIAG_WARNING, "lint-config", at(ini, e->line),
						  "disable: no rule '%s' (see cupel lint --list-rules)", t);
			}
		} else if (!strncmp(e->key, "rule.", 5)) {
			int lv = level_of(v);
			if (!lint_find_rule(e->key + 5))
				diag_push(diags, DIAG_WARNING, "lint-config", at(ini, e->line),
					  "no rule '%s' (see cupel lint --list-rules)", e->key + 5);
			else if (lv == -2)
				diag_push(diags, DIAG_WARNING, "lint-config", at(ini, e->line),
					  "%s: the level is off, info, warning or error, not '%s'", e->key, v);
			else
				add_level(a, out, &cap, e->key + 5, lv);
		} else if (!strcmp(e->key, "baseline")) {
			out->baseline = v[0] == '/' ? arena_strdup(a, v) : path_join(a, dir, v);
		} else if (read_param(a, diags, ini, e, out, &pcap)) {
			/* a threshold */
		} else {
			diag_push(diags, DIAG_WARNING, "lint-config", at(ini, e->line), "unknown key '%s' in [cupel]",
				  e->key);
		}
	}
}

void lint_config_read(struct project *p, struct arena *a, struct diag_list *diags, struct lint_config *out)
{
	memset(out, 0, sizeof(*out));
	const char *ini_path = p->ini_path;
	char *dir = ini_path ? arena_strdup(a, ini_path) : NULL;
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = 0;
	if (p->ini && ini_has_section(p->ini, "cupel")) {
		read_section(a, diags, p->ini, dir ? dir : ".", out);
		return;
	}
	/* else cupel.ini beside alembic.ini */
	const char *other = dir ? path_join(a, dir, "cupel.ini") : NULL;
	size_t len;
	char *text = other ? path_read_file(a, other, 1u << 20, &len) : NULL;
	if (text)
		read_section(a, diags, ini_parse(a, diags, other, text, len), dir, out);
}
