/* triggers.c - the triggers SQL makes, kept on their tables (schema.h):
 * what fires each one and the function it runs. A write to a table whose
 * trigger fires also takes the locks of what that function does
 * (src/lock/locktrig.c). */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cupel/pgq.h"
#include "cupel/schema.h"

static struct schema_trigger *find(struct schema_table *t, const char *name)
{
	for (size_t i = 0; name && i < t->n_trigs; i++)
		if (!strcmp(t->trigs[i].name, name))
			return &t->trigs[i];
	return NULL;
}

void schema_trigger_define(struct schema *s, struct cJSON *stmt, const char *rev)
{
	cJSON *rel = pgq_get(stmt, "relation");
	struct schema_table *t = schema_table(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
	const char *name = pgq_str(stmt, "trigname");
	if (!t || !name)
		return; /* on a view or a table the model does not hold */
	struct schema_trigger *g = find(t, name);
	if (!g) {
		if (t->n_trigs == t->cap_trigs) {
			size_t nc = t->cap_trigs ? 2 * t->cap_trigs : 2;
			t->trigs = arena_grow(&s->arena, t->trigs, t->n_trigs, nc, sizeof(*t->trigs));
			t->cap_trigs = nc;
		}
		g = &t->trigs[t->n_trigs++];
	}
	/* CREATE OR REPLACE TRIGGER: the new definition, enabled as made */
	memset(g, 0, sizeof(*g));
	g->name = arena_strdup(&s->arena, name);
	const char *fs, *fn;
	pgq_qualified(pgq_list(stmt, "funcname"), &fs, &fn);
	g->func_schema = fs ? arena_strdup(&s->arena, fs) : NULL;
	g->func_name = fn ? arena_strdup(&s->arena, fn) : NULL;
	g->events = (int)pgq_int(stmt, "events", 0);
	g->row = cJSON_IsTrue(pgq_get(stmt, "row"));
	g->timing = (int)pgq_int(stmt, "timing", 0);
	g->has_when = pgq_get(stmt, "whenClause") != NULL;
	g->deferred = cJSON_IsTrue(pgq_get(stmt, "isconstraint")) && cJSON_IsTrue(pgq_get(stmt, "initdeferred"));
	g->enabled = 'O';
	cJSON *cols = pgq_list(stmt, "columns");
	g->n_cols = pgq_len(cols);
	if (g->n_cols) {
		const char **v = arena_alloc(&s->arena, g->n_cols * sizeof(*v));
		size_t k = 0;
		for (cJSON *el = pgq_first(cols); el; el = el->next)
			if (pgq_sval(el))
				v[k++] = arena_strdup(&s->arena, pgq_sval(el));
		g->cols = v;
		g->n_cols = k;
	}
	g->created_by = rev ? arena_strdup(&s->arena, rev) : NULL;
}

void schema_trigger_drop(struct schema *s, struct cJSON *name_list)
{
	/* [schema,] table, trigger */
	size_t n = pgq_len(name_list);
	if (n < 2 || n > 3)
		return;
	const char *sch = n == 3 ? pgq_sval(pgq_at(name_list, 0)) : NULL;
	struct schema_table *t = schema_table(s, sch, pgq_sval(pgq_at(name_list, n - 2)));
	struct schema_trigger *g = t ? find(t, pgq_sval(pgq_at(name_list, n - 1))) : NULL;
	if (g)
		*g = t->trigs[--t->n_trigs];
}

bool schema_trigger_switch(struct schema *s, struct schema_table *t, const char *sub, const char *name)
{
	(void)s;
	static const struct {
		const char *sub;
		char state;
		int which; /* 0 the named one, 1 ALL (the foreign keys' too), 2 USER */
	} subs[] = {
		{ "AT_EnableTrig", 'O', 0 },	   { "AT_DisableTrig", 'D', 0 },      { "AT_EnableAlwaysTrig", 'A', 0 },
		{ "AT_EnableReplicaTrig", 'R', 0 }, { "AT_EnableTrigAll", 'O', 1 },  { "AT_DisableTrigAll", 'D', 1 },
		{ "AT_EnableTrigUser", 'O', 2 },    { "AT_DisableTrigUser", 'D', 2 },
	};
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(sub, subs[i].sub) != 0)
			continue;
		if (subs[i].which == 0) {
			struct schema_trigger *g = find(t, name);
			if (g)
				g->enabled = subs[i].state;
		} else {
			for (size_t k = 0; k < t->n_trigs; k++)
				t->trigs[k].enabled = subs[i].state;
			if (subs[i].which == 1)
				t->ri_off = subs[i].state == 'D';
		}
		return true;
	}
	return false;
}

void schema_trigger_rename(struct schema *s, struct schema_table *t, const char *from, const char *to)
{
	struct schema_trigger *g = find(t, from);
	if (g && to)
		g->name = arena_strdup(&s->arena, to);
}

void schema_triggers_drop_func(struct schema *s, const char *func_schema, const char *func_name)
{
	for (size_t i = 0; func_name && i < s->n_tables; i++) {
		struct schema_table *t = s->tables[i];
		for (size_t k = 0; !t->dropped && k < t->n_trigs;)
			if (schema_trigger_runs(&t->trigs[k], func_schema, func_name))
				t->trigs[k] = t->trigs[--t->n_trigs];
			else
				k++;
	}
}

bool schema_trigger_runs(const struct schema_trigger *g, const char *func_schema, const char *func_name)
{
	return g->func_name && func_name && !strcmp(g->func_name, func_name) &&
	       schema_same_schema(g->func_schema, func_schema);
}

bool schema_trigger_fires(const struct schema_trigger *g)
{
	/* session_replication_role is "origin" in a migration's session */
	return g->enabled == 'O' || g->enabled == 'A';
}

const char *schema_trigger_timing(const struct schema_trigger *g)
{
	return g->timing == SCHEMA_TRIG_BEFORE ? "BEFORE" : g->timing == SCHEMA_TRIG_INSTEAD ? "INSTEAD OF" : "AFTER";
}

const char *schema_trigger_events(const struct schema_trigger *g, char *buf, size_t size)
{
	static const struct { int bit; const char *word; } ev[] = {
		{ SCHEMA_TRIG_INSERT, "INSERT" }, { SCHEMA_TRIG_UPDATE, "UPDATE" },
		{ SCHEMA_TRIG_DELETE, "DELETE" }, { SCHEMA_TRIG_TRUNCATE, "TRUNCATE" },
	};
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		if (g->events & ev[i].bit) {
			int w = snprintf(buf + n, size - n, "%s%s", n ? " OR " : "", ev[i].word);
			if (w < 0 || (size_t)w >= size - n)
				break;
			n += (size_t)w;
		}
	return buf;
}

const char *schema_trigger_state(const struct schema_trigger *g)
{
	switch (g->enabled) {
	case 'D': return "disabled";
	case 'R': return "replica only";
	case 'A': return "always";
	default: return "enabled";
	}
}
