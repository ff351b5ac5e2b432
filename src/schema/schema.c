/* schema.c - replaying operations into a schema: the op.* calls from the
 * operation model, op.execute's SQL through libpg_query. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cupel/pgname.h"
#include "cupel/pgq.h"
#include "cupel/plpgsql.h"
#include "cupel/plan.h"
#include "cupel/schema.h"
#include "cupel/sqlgen.h"
#include "cupel/sqlquote.h"
#include "cupel/sqlrender.h"
#include "cupel/sqltype.h"
#include "cupel/xalloc.h"

#define GROW(a, arr, n, cap)                                                  \
	do {                                                                  \
		if ((n) == (cap)) {                                           \
			size_t nc_ = (cap) ? (cap) * 2 : 8;                   \
			(arr) = arena_grow((a), (arr), (n), nc_, sizeof(*(arr))); \
			(cap) = nc_;                                          \
		}                                                             \
	} while (0)

struct schema_name_node {
	size_t table;
	struct schema_name_node *next;
};

struct schema *schema_new(enum dialect d)
{
	struct schema *s = xcalloc(1, sizeof(*s));
	arena_init(&s->arena);
	s->dialect = d;
	strmap_init(&s->by_table, &s->arena);
	strmap_init(&s->by_con, &s->arena);
	strmap_init(&s->by_idx, &s->arena);
	strmap_init(&s->by_ref, &s->arena);
	return s;
}

/* name (an arena string of s) now names something of table pos. */
static void name_push(struct schema *s, struct strmap *m, const char *name, size_t pos)
{
	if (!name)
		return;
	size_t h;
	if (!strmap_get(m, name, &h)) {
		GROW(&s->arena, s->name_heads, s->n_heads, s->cap_heads);
		h = s->n_heads++;
		s->name_heads[h] = NULL;
		strmap_put(m, name, h);
	}
	if (s->name_heads[h] && s->name_heads[h]->table == pos)
		return;
	struct schema_name_node *n = arena_alloc(&s->arena, sizeof(*n));
	n->table = pos;
	n->next = s->name_heads[h];
	s->name_heads[h] = n;
}

static const struct schema_name_node *names_of(const struct schema *s, const struct strmap *m, const char *name)
{
	size_t h;
	return name && strmap_get(m, name, &h) ? s->name_heads[h] : NULL;
}

void schema_free(struct schema *s)
{
	if (!s)
		return;
	arena_free(&s->arena);
	free(s);
}

static void *copy_of(struct arena *a, const void *v, size_t n, size_t elem)
{
	void *r = arena_alloc(a, (n ? n : 1) * elem);
	if (n)
		memcpy(r, v, n * elem);
	return r;
}

/* Everything a replay may change is copied: the tables (those keep[]
 * marks, or all), their arrays and the column lists a rename rewrites in
 * place; strings are shared. */
static struct schema *clone_some(const struct schema *s, const bool *keep)
{
	struct schema *c = schema_new(s->dialect);
	struct arena *a = &c->arena;
	c->revision = s->revision;
	c->n_inherit = s->n_inherit;
	c->tables = arena_alloc(a, (s->n_tables ? s->n_tables : 1) * sizeof(*c->tables));
	c->cap_tables = s->n_tables;
	for (size_t i = 0; i < s->n_tables; i++) {
		if (keep && !keep[i])
			continue;
		struct schema_table *t = copy_of(a, s->tables[i], 1, sizeof(*t));
		t->cols = copy_of(a, t->cols, t->n_cols, sizeof(*t->cols));
		t->cap_cols = t->n_cols;
		t->cons = copy_of(a, t->cons, t->n_cons, sizeof(*t->cons));
		t->cap_cons = t->n_cons;
		for (size_t k = 0; k < t->n_cons; k++) {
			struct schema_constraint *ck = &t->cons[k];
			ck->cols = copy_of(a, ck->cols, ck->n_cols, sizeof(*ck->cols));
			ck->ref_cols = copy_of(a, ck->ref_cols, ck->n_ref_cols, sizeof(*ck->ref_cols));
			if (ck->expr_cols)
				ck->expr_cols = copy_of(a, ck->expr_cols, ck->n_expr_cols, sizeof(*ck->expr_cols));
		}
		t->parents = copy_of(a, t->parents, t->n_parents, sizeof(*t->parents));
		t->cap_parents = t->n_parents;
		t->idx = copy_of(a, t->idx, t->n_idx, sizeof(*t->idx));
		t->cap_idx = t->n_idx;
		t->trigs = copy_of(a, t->trigs, t->n_trigs, sizeof(*t->trigs));
		t->cap_trigs = t->n_trigs;
		t->stats = copy_of(a, t->stats, t->n_stats, sizeof(*t->stats));
		for (size_t k = 0; k < t->n_idx; k++) {
			t->idx[k].cols = copy_of(a, t->idx[k].cols, t->idx[k].n_cols, sizeof(*t->idx[k].cols));
			if (t->idx[k].n_incl)
				t->idx[k].incl = copy_of(a, t->idx[k].incl, t->idx[k].n_incl, sizeof(*t->idx[k].incl));
		}
		t->pos = c->n_tables;
		c->tables[c->n_tables++] = t;
		/* the names the lookups go by */
		name_push(c, &c->by_table, t->name, t->pos);
		for (size_t k = 0; k < t->n_cons; k++) {
			name_push(c, &c->by_con, t->cons[k].name, t->pos);
			name_push(c, &c->by_con, t->cons[k].pg_name, t->pos);
			if (t->cons[k].kind == SCON_FOREIGN_KEY)
				name_push(c, &c->by_ref, t->cons[k].ref_table, t->pos);
		}
		for (size_t k = 0; k < t->n_idx; k++)
			name_push(c, &c->by_idx, t->idx[k].name, t->pos);
	}
	c->enums = arena_alloc(a, (s->n_enums ? s->n_enums : 1) * sizeof(*c->enums));
	c->cap_enums = s->n_enums;
	for (size_t i = 0; i < s->n_enums; i++) {
		if (keep && s->enums[i]->dropped)
			continue; /* a partial copy: the live ones */
		struct schema_enum *e = copy_of(a, s->enums[i], 1, sizeof(*e));
		e->values = copy_of(a, e->values, e->n_values, sizeof(*e->values));
		e->cap_values = e->n_values;
		c->enums[c->n_enums++] = e;
	}
	schema_views_copy(c, s);
	schema_funcs_copy(c, s);
	schema_domains_copy(c, s);
	if (!keep) {
		c->n_notes = c->cap_notes = s->n_notes;
		c->notes = copy_of(a, s->notes, s->n_notes, sizeof(*c->notes));
	}
	return c;
}

struct schema_table *schema_stat_table(const struct schema *s, const char *schema, const char *name, size_t *at)
{
	for (size_t i = 0; s && name && i < s->n_tables; i++) {
		struct schema_table *t = s->tables[i];
		for (size_t k = 0; !t->dropped && k < t->n_stats; k++)
			if (!strcmp(t->stats[k].name, name) && schema_same_schema(t->stats[k].schema, schema)) {
				if (at)
					*at = k;
				return t;
			}
	}
	return NULL;
}

struct schema *schema_clone(const struct schema *s)
{
	return clone_some(s, NULL);
}

struct schema *schema_clone_tables(const struct schema *s, const char *const *names, size_t n)
{
	bool *keep = xcalloc(s->n_tables + 1, sizeof(*keep));
	for (size_t i = 0; i < n; i++) {
		const struct strmap *maps[] = { &s->by_table, &s->by_con, &s->by_idx };
		for (size_t m = 0; m < 3; m++)
			for (const struct schema_name_node *k = names_of(s, maps[m], names[i]); k; k = k->next)
				keep[k->table] = !s->tables[k->table]->dropped;
	}
	struct schema *c = clone_some(s, keep);
	free(keep);
	return c;
}

static const char *dup(struct schema *s, const char *x)
{
	return x ? arena_strdup(&s->arena, x) : NULL;
}

/* Does a default's text call nextval of the sequence (schema, name)? The
 * literal is read as regclass reads it: [schema.]name, unquoted names
 * folded to lower case. */
bool schema_default_uses_sequence(const char *def, const char *schema, const char *name)
{
	const char *p = def ? strstr(def, "nextval('") : NULL;
	if (!p)
		return false;
	p += strlen("nextval('");
	const char *end = strchr(p, '\'');
	if (!end || end == p || (size_t)(end - p) >= 256)
		return false;
	char lit[256], *parts[2] = { NULL, NULL }; /* two names of 63 bytes, quoted */
	memcpy(lit, p, (size_t)(end - p));
	lit[end - p] = 0;
	char *dot = strrchr(lit, '.');
	if (dot && lit[0] != '"') {
		*dot = 0;
		parts[0] = lit;
		parts[1] = dot + 1;
	} else {
		parts[1] = lit;
	}
	for (size_t i = 0; i < 2; i++) {
		char *w = parts[i];
		size_t n = w ? strlen(w) : 0;
		if (n >= 2 && w[0] == '"' && w[n - 1] == '"') {
			w[n - 1] = 0;
			parts[i] = w + 1;
		} else {
			for (size_t c = 0; c < n; c++)
				w[c] = (char)tolower((unsigned char)w[c]);
		}
	}
	return !strcmp(parts[1], name) && schema_same_schema(parts[0], schema);
}

bool schema_serial_type(const char *type)
{
	static const char *const serials[] = { "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8" };
	for (size_t i = 0; type && i < sizeof(serials) / sizeof(serials[0]); i++)
		if (!strcasecmp(type, serials[i]))
			return true;
	return false;
}

/* ALTER SEQUENCE (schema.)name RENAME TO to: PostgreSQL's defaults hold
 * the sequence by oid, so they show the new name; so do the model's,
 * including a serial column's own sequence. */
static void rename_sequence(struct schema *s, const char *schema, const char *name, const char *to)
{
	const char *text = schema ? arena_printf(&s->arena, "nextval('%s.%s'::regclass)", schema, to)
				  : arena_printf(&s->arena, "nextval('%s'::regclass)", to);
	for (size_t i = 0; name && i < s->n_tables; i++) {
		struct schema_table *t = s->tables[i];
		for (size_t c = 0; !t->dropped && c < t->n_cols; c++) {
			struct schema_column *col = &t->cols[c];
			bool own = schema_serial_type(col->type) && schema_same_schema(t->schema, schema) &&
				   pgname_serial_sequence(name, t->name, col->name);
			if (own || schema_default_uses_sequence(col->default_sql, schema, name))
				col->default_sql = text;
		}
	}
}

/* The rule `name` of t made (to NULL), renamed (to) or dropped (drop).
 * A new array each time: clones share the old one. */
static void rule_set(struct schema *s, struct schema_table *t, const char *name, const char *to, bool drop)
{
	if (!name)
		return;
	size_t at = t->n_rules;
	for (size_t i = 0; i < t->n_rules; i++)
		if (!strcmp(t->rules[i], name))
			at = i;
	if ((to || drop) == (at == t->n_rules))
		return; /* one the model does not know, or CREATE OR REPLACE */
	const char **v = arena_alloc(&s->arena, (t->n_rules + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < t->n_rules; i++)
		if (i != at)
			v[n++] = t->rules[i];
		else if (to)
			v[n++] = dup(s, to);
	if (!to && !drop)
		v[n++] = dup(s, name);
	t->rules = v;
	t->n_rules = n;
}

/* A foreign key's ON DELETE / ON UPDATE as the model keeps it: upper
 * case, NO ACTION (PostgreSQL's default) as NULL. */
static const char *fk_action(struct schema *s, const char *x)
{
	if (!x || !*x || !strcasecmp(x, "NO ACTION"))
		return NULL;
	char *u = arena_strdup(&s->arena, x);
	for (char *q = u; *q; q++)
		*q = (char)toupper((unsigned char)*q);
	return u;
}

/* libpg_query's fk_del_action / fk_upd_action letter. */
static const char *fk_action_letter(const char *x)
{
	switch (x && x[0] && !x[1] ? x[0] : 'a') {
	case 'r': return "RESTRICT";
	case 'c': return "CASCADE";
	case 'n': return "SET NULL";
	case 'd': return "SET DEFAULT";
	default: return NULL; /* 'a': NO ACTION */
	}
}

bool schema_same_schema(const char *a, const char *b)
{
	if (!a || !*a || !strcmp(a, "public"))
		a = NULL;
	if (!b || !*b || !strcmp(b, "public"))
		b = NULL;
	return (!a && !b) || (a && b && !strcmp(a, b));
}

struct schema_table *schema_table(const struct schema *s, const char *schema, const char *name)
{
	/* the newest live table of that name: the list is newest first, but a
	 * renamed table joins it late, so take the highest position */
	struct schema_table *best = NULL;
	for (const struct schema_name_node *n = names_of(s, &s->by_table, name); n; n = n->next) {
		struct schema_table *t = s->tables[n->table];
		if (!t->dropped && !strcmp(t->name, name) && schema_same_schema(t->schema, schema) &&
		    (!best || t->pos > best->pos))
			best = t;
	}
	return best;
}

static int pos_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

bool schema_table_gone(const struct schema *s, const char *schema, const char *name)
{
	if (!s || !name || schema_table(s, schema, name) || schema_view(s, schema, name))
		return false;
	for (const struct schema_name_node *n = names_of(s, &s->by_table, name); n; n = n->next) {
		const struct schema_table *t = s->tables[n->table];
		if (schema_same_schema(t->schema, schema) && (t->dropped || strcmp(t->name, name) != 0))
			return true;
	}
	return false;
}

struct schema_table **schema_referencing(const struct schema *s, struct arena *a, const char *name, size_t *n)
{
	*n = 0;
	size_t cap = 0;
	for (const struct schema_name_node *x = names_of(s, &s->by_ref, name); x; x = x->next)
		cap++;
	if (!cap)
		return NULL;
	size_t *pos = arena_alloc(a, cap * sizeof(*pos));
	size_t k = 0;
	for (const struct schema_name_node *x = names_of(s, &s->by_ref, name); x; x = x->next)
		pos[k++] = x->table;
	qsort(pos, k, sizeof(*pos), pos_cmp);
	struct schema_table **out = arena_alloc(a, cap * sizeof(*out));
	for (size_t i = 0; i < k; i++)
		if ((!i || pos[i] != pos[i - 1]) && !s->tables[pos[i]]->dropped)
			out[(*n)++] = s->tables[pos[i]];
	return out;
}

struct schema_column *schema_column(const struct schema_table *t, const char *name)
{
	for (size_t i = 0; t && name && i < t->n_cols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

/* A constraint's name: its own, else the one PostgreSQL gave it. */
static const char *con_name(const struct schema_constraint *k)
{
	return k->name ? k->name : k->pg_name;
}

/* The first table (in creation order) holding a constraint or index of
 * that name, as a walk over every table would find it. */
struct schema_constraint *schema_constraint(const struct schema *s, const char *name, struct schema_table **table)
{
	struct schema_table *bt = NULL;
	struct schema_constraint *best = NULL;
	for (const struct schema_name_node *n = names_of(s, &s->by_con, name); n; n = n->next) {
		struct schema_table *t = s->tables[n->table];
		if (t->dropped || (bt && t->pos > bt->pos))
			continue;
		for (size_t k = 0; k < t->n_cons; k++)
			if (con_name(&t->cons[k]) && !strcmp(con_name(&t->cons[k]), name)) {
				bt = t;
				best = &t->cons[k];
				break;
			}
	}
	if (best && table)
		*table = bt;
	return best;
}

/* The slice p[0..n) exactly "col IS NOT NULL" (spaces, parentheses,
 * double quotes and case aside). */
static bool is_not_null_text(const char *p, size_t n, const char *col)
{
	char a[256], b[256];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(a); i++)
		if (!isspace((unsigned char)p[i]) && p[i] != '(' && p[i] != ')' && p[i] != '"')
			a[k++] = (char)tolower((unsigned char)p[i]);
	a[k] = 0;
	snprintf(b, sizeof(b), "%sisnotnull", col ? col : "");
	for (char *q = b; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return k && col && !strcmp(a, b);
}

/* Does the CHECK text p[0..n) reject a NULL col: it is "col IS NOT NULL",
 * or one of its AND terms is (a row passes a CHECK that is true or NULL,
 * and false AND anything is false). Parentheses around the whole are
 * looked through; OR and NOT are not. */
static bool implies_not_null(const char *p, size_t n, const char *col, int depth)
{
	while (n && isspace((unsigned char)*p))
		p++, n--;
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (!n || depth > 16)
		return false;
	if (p[0] == '(') {
		/* the whole wrapped in one pair: look inside */
		int d = 0;
		size_t close = 0;
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '\'')
				while (++i < n && p[i] != '\'')
					;
			else if (p[i] == '(')
				d++;
			else if (p[i] == ')' && --d == 0) {
				close = i;
				break;
			}
		}
		if (close == n - 1)
			return implies_not_null(p + 1, n - 2, col, depth + 1);
	}
	int d = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\'') {
			while (++i < n && p[i] != '\'')
				;
		} else if (p[i] == '(') {
			d++;
		} else if (p[i] == ')') {
			d--;
		} else if (d == 0 && i + 3 <= n && !strncasecmp(p + i, "and", 3) &&
			   (i == 0 || isspace((unsigned char)p[i - 1]) || p[i - 1] == ')') &&
			   (i + 3 == n || isspace((unsigned char)p[i + 3]) || p[i + 3] == '(')) {
			return implies_not_null(p, i, col, depth + 1) ||
			       implies_not_null(p + i + 3, n - i - 3, col, depth + 1);
		}
	}
	return is_not_null_text(p, n, col);
}

bool schema_check_is_not_null(const char *text, const char *col)
{
	return text && implies_not_null(text, strlen(text), col, 0);
}

bool schema_not_null_checked(const struct schema_table *t, const char *col)
{
	for (size_t i = 0; t && i < t->n_cons; i++)
		if (t->cons[i].kind == SCON_CHECK && !t->cons[i].not_valid &&
		    schema_check_is_not_null(t->cons[i].sqltext, col))
			return true;
	return false;
}

struct schema_index *schema_index_in(const struct schema *s, const char *schema, const char *name,
				     struct schema_table **table)
{
	struct schema_table *bt = NULL;
	struct schema_index *best = NULL;
	for (const struct schema_name_node *n = names_of(s, &s->by_idx, name); n; n = n->next) {
		struct schema_table *t = s->tables[n->table];
		if (t->dropped || (bt && t->pos > bt->pos) || (schema && !schema_same_schema(t->schema, schema)))
			continue;
		for (size_t k = 0; k < t->n_idx; k++)
			if (t->idx[k].name && !strcmp(t->idx[k].name, name)) {
				bt = t;
				best = &t->idx[k];
				break;
			}
	}
	if (best && table)
		*table = bt;
	return best;
}

struct schema_index *schema_index(const struct schema *s, const char *name, struct schema_table **table)
{
	return schema_index_in(s, NULL, name, table);
}

static void note(struct schema *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct schema *s, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	GROW(&s->arena, s->notes, s->n_notes, s->cap_notes);
	s->notes[s->n_notes++] = arena_strdup(&s->arena, strbuf_str(&sb));
	strbuf_release(&sb);
}

static void uncertain(struct schema *s, struct schema_table *t, const char *why)
{
	if (!t->uncertain)
		t->uncertain = arena_printf(&s->arena, "%s (revision %s)", why, s->revision ? s->revision : "?");
}

static struct schema_table *new_table(struct schema *s, const char *schema, const char *name)
{
	struct schema_table *t = arena_alloc(&s->arena, sizeof(*t));
	t->schema = dup(s, schema && *schema ? schema : NULL);
	t->name = dup(s, name);
	t->created_by = s->revision;
	GROW(&s->arena, s->tables, s->n_tables, s->cap_tables);
	t->pos = s->n_tables;
	s->tables[s->n_tables++] = t;
	name_push(s, &s->by_table, t->name, t->pos);
	return t;
}

struct schema_table *schema_add_known_table(struct schema *s, const char *schema, const char *name)
{
	struct schema_table *t = new_table(s, schema, name);
	t->created_by = "(database)";
	return t;
}

/* The table an operation changes, or a note when it is not known. */
static struct schema_table *need_table(struct schema *s, const char *schema, const char *name, unsigned line)
{
	struct schema_table *t = schema_table(s, schema, name);
	if (!t)
		note(s, "revision %s line %u: table %s%s%s is not known at this point", s->revision, line,
		     schema ? schema : "", schema ? "." : "", name ? name : "?");
	return t;
}

static struct schema_column *add_col(struct schema *s, struct schema_table *t, const char *name)
{
	struct schema_column *c = schema_column(t, name);
	if (c)
		return c;
	GROW(&s->arena, t->cols, t->n_cols, t->cap_cols);
	c = &t->cols[t->n_cols++];
	memset(c, 0, sizeof(*c));
	c->name = dup(s, name);
	c->nullable = true;
	c->created_by = s->revision;
	return c;
}

void schema_add_known_column(struct schema *s, struct schema_table *t, const char *name, const char *type,
			     bool nullable)
{
	struct schema_column *c = add_col(s, t, name);
	c->type = dup(s, type);
	c->nullable = nullable;
	c->created_by = "(database)";
}

static struct schema_constraint *add_con(struct schema *s, struct schema_table *t, enum schema_con_kind k,
					 const char *name)
{
	GROW(&s->arena, t->cons, t->n_cons, t->cap_cons);
	struct schema_constraint *c = &t->cons[t->n_cons++];
	memset(c, 0, sizeof(*c));
	c->kind = k;
	c->name = dup(s, name);
	c->created_by = s->revision;
	name_push(s, &s->by_con, c->name, t->pos);
	return c;
}

static const char **dup_strvec(struct schema *s, const struct strvec *v);

void schema_add_known_fk(struct schema *s, struct schema_table *t, const char *name, const char *const *cols,
			 size_t n_cols, const char *ref_schema, const char *ref_table, const char *const *ref_cols,
			 size_t n_ref_cols, const char *ondelete, const char *onupdate)
{
	for (size_t i = 0; i < t->n_cons; i++)
		if (t->cons[i].kind == SCON_FOREIGN_KEY && t->cons[i].name && name && !strcmp(t->cons[i].name, name))
			return; /* the migrations' own */
	struct schema_constraint *k = add_con(s, t, SCON_FOREIGN_KEY, name);
	struct strvec c = { (const char **)cols, n_cols }, rc = { (const char **)ref_cols, n_ref_cols };
	k->cols = dup_strvec(s, &c);
	k->n_cols = n_cols;
	k->ref_schema = dup(s, ref_schema);
	k->ref_table = dup(s, ref_table);
	k->ref_cols = dup_strvec(s, &rc);
	k->n_ref_cols = n_ref_cols;
	k->ondelete = fk_action(s, ondelete);
	k->onupdate = fk_action(s, onupdate);
	k->created_by = "(database)";
	name_push(s, &s->by_ref, k->ref_table, t->pos);
}

void schema_add_known_check(struct schema *s, struct schema_table *t, const char *name, const char *not_null_col,
			    bool not_valid)
{
	for (size_t i = 0; i < t->n_cons; i++)
		if (t->cons[i].kind == SCON_CHECK && t->cons[i].name && name && !strcmp(t->cons[i].name, name))
			return; /* the migrations' own */
	struct schema_constraint *k = add_con(s, t, SCON_CHECK, name);
	k->sqltext = not_null_col ? arena_printf(&s->arena, "%s IS NOT NULL", not_null_col) : "(expression)";
	k->not_valid = not_valid;
	k->created_by = "(database)";
}

static struct schema_index *add_idx(struct schema *s, struct schema_table *t, const char *name)
{
	GROW(&s->arena, t->idx, t->n_idx, t->cap_idx);
	struct schema_index *x = &t->idx[t->n_idx++];
	memset(x, 0, sizeof(*x));
	x->name = dup(s, name);
	x->created_by = s->revision;
	name_push(s, &s->by_idx, x->name, t->pos);
	return x;
}

struct name_probe {
	const struct schema *s;
	const char *schema;
};

/* Is name a constraint, index or table of the probe's schema already?
 * PostgreSQL then takes the next number after the label. */
static bool name_taken(const char *name, void *arg)
{
	const struct name_probe *p = arg;
	const struct schema *s = p->s;
	for (const struct schema_name_node *n = names_of(s, &s->by_con, name); n; n = n->next) {
		const struct schema_table *t = s->tables[n->table];
		for (size_t k = 0; !t->dropped && schema_same_schema(t->schema, p->schema) && k < t->n_cons; k++)
			if (con_name(&t->cons[k]) && !strcmp(con_name(&t->cons[k]), name))
				return true;
	}
	return schema_index_in(s, p->schema ? p->schema : "", name, NULL) || schema_table(s, p->schema, name);
}

/* An unnamed constraint gets PostgreSQL's name once, when it is made: a
 * later rename of its table or columns leaves that name as it was. */
static void name_con(struct schema *s, struct schema_table *t, struct schema_constraint *k)
{
	if (k->name || k->pg_name || s->dialect != DIALECT_POSTGRESQL)
		return;
	struct name_probe p = { s, t->schema };
	k->pg_name = pgname_choose(&s->arena, t, k, name_taken, &p);
	name_push(s, &s->by_con, k->pg_name, t->pos);
}

static const char **dup_strvec(struct schema *s, const struct strvec *v)
{
	const char **r = arena_alloc(&s->arena, (v->n + 1) * sizeof(*r));
	for (size_t i = 0; i < v->n; i++)
		r[i] = dup(s, v->v[i]);
	return r;
}

static bool refers(const char *const *cols, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] && !strcmp(cols[i], col))
			return true;
	return false;
}

/* Is p (in text) the start of an identifier of n characters of its own,
 * not inside a longer one? */
static bool word_at(const char *text, const char *p, size_t n)
{
	return (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
	       !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* Does text name word as an identifier of its own (not inside another)? */
bool schema_text_mentions(const char *text, const char *word)
{
	size_t n = word ? strlen(word) : 0;
	for (const char *p = text; text && n && (p = strstr(p, word)) != NULL; p++)
		if (word_at(text, p, n))
			return true;
	return false;
}

/* text with the identifier from (as schema_text_mentions finds it)
 * spelled to: a renamed column in an index's or a CHECK's text. */
static const char *rename_word(struct schema *s, const char *text, const char *from, const char *to)
{
	if (!text || !schema_text_mentions(text, from))
		return text;
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(from);
	for (const char *p = text; *p;) {
		if (!strncmp(p, from, n) && word_at(text, p, n)) {
			strbuf_adds(&sb, to);
			p += n;
		} else {
			strbuf_addc(&sb, *p++);
		}
	}
	const char *r = dup(s, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

static bool index_reads(const struct schema_index *x, const char *name)
{
	if (refers(x->cols, x->n_cols, name) || refers(x->incl, x->n_incl, name) || schema_text_mentions(x->where, name))
		return true;
	for (size_t k = 0; k < x->n_cols; k++)
		if (schema_text_mentions(x->cols[k], name) && strchr(x->cols[k], '('))
			return true;
	return false;
}

static void drop_column(struct schema_table *t, const char *name)
{
	/* PostgreSQL drops the indexes, constraints and column triggers on
	 * the column too (an index or a CHECK whose expression reads it) */
	for (size_t i = 0; i < t->n_idx;)
		if (index_reads(&t->idx[i], name))
			t->idx[i] = t->idx[--t->n_idx];
		else
			i++;
	for (size_t i = 0; i < t->n_cons;) {
		const struct schema_constraint *k = &t->cons[i];
		bool reads = refers(k->cols, k->n_cols, name) ||
			     (k->kind == SCON_CHECK && ((k->expr_cols && refers(k->expr_cols, k->n_expr_cols, name)) ||
							(k->sqltext && schema_text_mentions(k->sqltext, name))));
		if (reads)
			t->cons[i] = t->cons[--t->n_cons];
		else
			i++;
	}
	for (size_t i = 0; i < t->n_trigs;)
		if (refers(t->trigs[i].cols, t->trigs[i].n_cols, name))
			t->trigs[i] = t->trigs[--t->n_trigs];
		else
			i++;
	for (size_t i = 0; i < t->n_cols; i++)
		if (!strcmp(t->cols[i].name, name)) {
			memmove(&t->cols[i], &t->cols[i + 1], (t->n_cols - i - 1) * sizeof(*t->cols));
			t->n_cols--;
			return;
		}
}

static void rename_in(struct schema *s, const char **cols, size_t n, const char *from, const char *to)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] && !strcmp(cols[i], from))
			cols[i] = dup(s, to);
}

/* Does foreign key c reference the table (schema, name)? */
static bool fk_onto(const struct schema_constraint *c, const char *schema, const char *name)
{
	return c->kind == SCON_FOREIGN_KEY && c->ref_table && !strcmp(c->ref_table, name) &&
	       schema_same_schema(c->ref_schema, schema);
}

/* The foreign keys onto what was (old_schema, old_name) follow t to its
 * new name or schema: PostgreSQL holds them by oid. */
static void move_refs(struct schema *s, const struct schema_table *t, const char *old_schema, const char *old_name)
{
	size_t n = 0;
	struct schema_table **refs = schema_referencing(s, &s->arena, old_name, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < refs[i]->n_cons; k++) {
			struct schema_constraint *c = &refs[i]->cons[k];
			if (!fk_onto(c, old_schema, old_name))
				continue;
			c->ref_table = t->name;
			if (!schema_same_schema(old_schema, t->schema))
				c->ref_schema = t->schema ? t->schema : "public";
			name_push(s, &s->by_ref, c->ref_table, refs[i]->pos);
		}
}

bool schema_inherits(const struct schema_table *t, const char *schema, const char *name)
{
	for (size_t i = 0; name && i < t->n_parents; i++)
		if (!strcmp(t->parents[i].name, name) && schema_same_schema(t->parents[i].schema, schema))
			return true;
	return false;
}

/* The tables inheriting from what was (old_schema, old_name) follow it. */
static void move_children(struct schema *s, const struct schema_table *t, const char *old_schema,
			  const char *old_name)
{
	if (!s->n_inherit)
		return;
	for (size_t i = 0; i < s->n_tables; i++)
		for (size_t k = 0; k < s->tables[i]->n_parents; k++) {
			struct schema_parent *p = &s->tables[i]->parents[k];
			if (!strcmp(p->name, old_name) && schema_same_schema(p->schema, old_schema)) {
				p->name = t->name;
				p->schema = t->schema;
			}
		}
}

static void rename_table(struct schema *s, struct schema_table *t, const char *to)
{
	const char *old = t->name;
	t->name = dup(s, to);
	name_push(s, &s->by_table, t->name, t->pos);
	move_refs(s, t, t->schema, old);
	move_children(s, t, t->schema, old);
	schema_view_rename_rel(s, t->schema, old, t->schema, t->name);
}

static void move_table(struct schema *s, struct schema_table *t, const char *to_schema)
{
	const char *old = t->schema;
	t->schema = dup(s, to_schema && *to_schema ? to_schema : NULL);
	move_refs(s, t, old, t->name);
	move_children(s, t, old, t->name);
	schema_view_rename_rel(s, old, t->name, t->schema, t->name);
}

void schema_add_known_parent(struct schema *s, struct schema_table *t, const char *parent_schema,
			     const char *parent_name, bool partition)
{
	if (!parent_name || schema_inherits(t, parent_schema, parent_name))
		return;
	GROW(&s->arena, t->parents, t->n_parents, t->cap_parents);
	t->parents[t->n_parents].schema = dup(s, parent_schema);
	t->parents[t->n_parents].partition = partition;
	t->parents[t->n_parents++].name = dup(s, parent_name);
	s->n_inherit++;
}

/* ALTER TABLE ... INHERIT / NO INHERIT of the table rel names. */
static void set_parent(struct schema *s, struct schema_table *t, cJSON *rel, bool inherit, bool partition)
{
	const char *sch = pgq_str(rel, "schemaname"), *name = pgq_str(rel, "relname");
	if (!name)
		return;
	for (size_t i = 0; i < t->n_parents; i++)
		if (!strcmp(t->parents[i].name, name) && schema_same_schema(t->parents[i].schema, sch)) {
			if (!inherit)
				t->parents[i] = t->parents[--t->n_parents];
			return;
		}
	if (inherit)
		schema_add_known_parent(s, t, sch, name, partition);
}


static void rename_column(struct schema *s, struct schema_table *t, const char *from, const char *to)
{
	struct schema_column *c = schema_column(t, from);
	if (c)
		c->name = dup(s, to);
	for (size_t i = 0; i < t->n_idx; i++) {
		rename_in(s, t->idx[i].cols, t->idx[i].n_cols, from, to);
		rename_in(s, t->idx[i].incl, t->idx[i].n_incl, from, to);
		/* expressions and WHERE, as text: PostgreSQL holds them by
		 * column number */
		for (size_t k = 0; k < t->idx[i].n_cols; k++)
			if (strchr(t->idx[i].cols[k], '('))
				t->idx[i].cols[k] = rename_word(s, t->idx[i].cols[k], from, to);
		t->idx[i].where = rename_word(s, t->idx[i].where, from, to);
	}
	for (size_t i = 0; i < t->n_trigs; i++)
		rename_in(s, t->trigs[i].cols, t->trigs[i].n_cols, from, to);
	if (t->partition_key && !strcmp(t->partition_key, from))
		t->partition_key = dup(s, to);
	for (size_t i = 0; i < t->n_cons; i++) {
		rename_in(s, t->cons[i].cols, t->cons[i].n_cols, from, to);
		if (t->cons[i].kind == SCON_CHECK && t->cons[i].sqltext && strcmp(t->cons[i].sqltext, "(expression)") &&
		    !schema_check_is_not_null(t->cons[i].sqltext, from))
			t->cons[i].sqltext = rename_word(s, t->cons[i].sqltext, from, to);
		if (t->cons[i].expr_cols)
			rename_in(s, t->cons[i].expr_cols, t->cons[i].n_expr_cols, from, to);
		/* the one CHECK kept as text names the column too */
		if (t->cons[i].kind == SCON_CHECK && schema_check_is_not_null(t->cons[i].sqltext, from))
			t->cons[i].sqltext = arena_printf(&s->arena, "%s IS NOT NULL", to);
	}
	/* the keys onto the column name it by its new name too */
	size_t n = 0;
	struct schema_table **refs = schema_referencing(s, &s->arena, t->name, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < refs[i]->n_cons; k++)
			if (fk_onto(&refs[i]->cons[k], t->schema, t->name))
				rename_in(s, refs[i]->cons[k].ref_cols, refs[i]->cons[k].n_ref_cols, from, to);
}

static void rename_constraint(struct schema *s, struct schema_table *t, const char *from, const char *to)
{
	for (size_t i = 0; from && i < t->n_cons; i++)
		if (con_name(&t->cons[i]) && !strcmp(con_name(&t->cons[i]), from)) {
			t->cons[i].name = dup(s, to);
			name_push(s, &s->by_con, t->cons[i].name, t->pos);
			return;
		}
	uncertain(s, t, arena_printf(&s->arena, "constraint %s to rename is not known", from ? from : "?"));
}

/* ALTER SCHEMA ... RENAME TO: its tables, the keys onto them, its types. */
static void rename_schema(struct schema *s, const char *from, const char *to)
{
	const char *dto = dup(s, to);
	for (size_t i = 0; from && i < s->n_tables; i++)
		if (!s->tables[i]->dropped && s->tables[i]->schema && !strcmp(s->tables[i]->schema, from))
			move_table(s, s->tables[i], dto);
	for (size_t i = 0; from && i < s->n_enums; i++)
		if (s->enums[i]->schema && !strcmp(s->enums[i]->schema, from))
			s->enums[i]->schema = dto;
	for (size_t i = 0; from && i < s->n_views; i++) {
		struct schema_view *v = s->views[i];
		if (v->schema && !strcmp(v->schema, from))
			v->schema = dto;
		for (size_t k = 0; k < v->n_reads; k++)
			if (v->reads[k].schema && !strcmp(v->reads[k].schema, from))
				v->reads[k].schema = dto;
	}
}

static struct schema_enum *find_enum(const struct schema *s, const char *schema, const char *name)
{
	for (size_t i = 0; i < s->n_enums; i++)
		if (!s->enums[i]->dropped && !strcmp(s->enums[i]->name, name) &&
		    schema_same_schema(s->enums[i]->schema, schema))
			return s->enums[i];
	return NULL;
}

static struct schema_enum *add_enum(struct schema *s, const char *schema, const char *name)
{
	struct schema_enum *e = find_enum(s, schema, name);
	if (e)
		return e;
	e = arena_alloc(&s->arena, sizeof(*e));
	e->schema = dup(s, schema);
	e->name = dup(s, name);
	e->created_by = s->revision;
	GROW(&s->arena, s->enums, s->n_enums, s->cap_enums);
	s->enums[s->n_enums++] = e;
	return e;
}

static void enum_value(struct schema *s, struct schema_enum *e, const char *v)
{
	GROW(&s->arena, e->values, e->n_values, e->cap_values);
	e->values[e->n_values++] = dup(s, v);
}

/* ---- from the operation model ---- */

static const char *type_text(struct schema *s, const struct sqltype *t)
{
	if (!t)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *err = NULL;
	const char *r = sqltype_render(&sb, t, s->dialect, &err) ? dup(s, strbuf_str(&sb)) : NULL;
	strbuf_release(&sb);
	/* a native enum on PostgreSQL is a type of its own */
	const struct sqltype *d = sqltype_for(t, s->dialect);
	if (d && s->dialect == DIALECT_POSTGRESQL && (d->kind == SQLTYPE_ENUM || d->kind == SQLTYPE_PG_ENUM) &&
	    d->enum_name && d->native_enum != 0 && !find_enum(s, d->schema, d->enum_name)) {
		struct schema_enum *e = add_enum(s, d->schema, d->enum_name);
		for (size_t i = 0; i < d->n_labels; i++)
			enum_value(s, e, d->labels[i]);
	}
	return r;
}

static const char *default_text(struct schema *s, const struct op_default *d)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r = sqlrender_default(&sb, d, s->dialect, true) ? dup(s, strbuf_str(&sb)) : NULL;
	strbuf_release(&sb);
	/* PostgreSQL keeps no default for DEFAULT NULL (SQLite's schema text does) */
	if (r && s->dialect == DIALECT_POSTGRESQL && !strcasecmp(r, "NULL"))
		return NULL;
	return r;
}

static void apply_column(struct schema *s, struct schema_table *t, const struct op_column *oc,
			 struct strvec *pk)
{
	struct schema_column *c = add_col(s, t, oc->name);
	c->type = type_text(s, oc->type);
	if (!c->type)
		uncertain(s, t, "a column type cupel cannot render");
	c->nullable = oc->nullable == -1 ? !oc->primary_key : oc->nullable != 0;
	c->default_sql = default_text(s, &oc->server_default);
	/* Identity(), Computed(), or a key rendered SERIAL (the safe side:
	 * any autoincrement primary key) */
	c->generated = oc->identity || oc->computed || (oc->primary_key && oc->autoincrement != 0);
	c->comment = dup(s, oc->comment);
	if (oc->primary_key && pk) {
		pk->v = arena_grow(&s->arena, (void *)pk->v, pk->n, pk->n + 1, sizeof(*pk->v));
		pk->v[pk->n++] = c->name;
	}
	/* unique=True with index=True is a unique index, not a constraint */
	if (oc->unique == 1 && oc->index != 1) {
		struct schema_constraint *k = add_con(s, t, SCON_UNIQUE, oc->unique_name);
		k->cols = arena_alloc(&s->arena, sizeof(*k->cols));
		k->cols[0] = c->name;
		k->n_cols = 1;
		name_con(s, t, k);
	}
	if (oc->index == 1) {
		struct schema_index *x = add_idx(s, t, oc->index_name ? oc->index_name
								 : arena_printf(&s->arena, "ix_%s_%s", t->name, c->name));
		x->cols = arena_alloc(&s->arena, sizeof(*x->cols));
		x->cols[0] = c->name;
		x->n_cols = 1;
		x->unique = oc->unique == 1;
	}
	for (size_t f = 0; f < oc->n_fks; f++) {
		struct schema_constraint *k = add_con(s, t, SCON_FOREIGN_KEY, oc->fks[f].name);
		k->cols = arena_alloc(&s->arena, sizeof(*k->cols));
		k->cols[0] = c->name;
		k->n_cols = 1;
		k->ref_schema = dup(s, oc->fks[f].ref_schema);
		k->ref_table = dup(s, oc->fks[f].ref_table);
		k->ondelete = fk_action(s, oc->fks[f].ondelete);
		k->onupdate = fk_action(s, oc->fks[f].onupdate);
		k->deferred = oc->fks[f].initially && !strcasecmp(oc->fks[f].initially, "DEFERRED");
		k->deferrable = oc->fks[f].deferrable == 1 || k->deferred;
		name_push(s, &s->by_ref, k->ref_table, t->pos);
		k->ref_cols = dup_strvec(s, &oc->fks[f].ref_cols);
		k->n_ref_cols = oc->fks[f].ref_cols.n;
		name_con(s, t, k);
	}
}

static void apply_constraint(struct schema *s, struct schema_table *t, const struct op_constraint *oc)
{
	static const enum schema_con_kind map[] = { [CON_PRIMARY_KEY] = SCON_PRIMARY_KEY, [CON_UNIQUE] = SCON_UNIQUE,
						    [CON_FOREIGN_KEY] = SCON_FOREIGN_KEY, [CON_CHECK] = SCON_CHECK,
						    [CON_EXCLUDE] = SCON_EXCLUDE };
	struct schema_constraint *k = add_con(s, t, map[oc->kind], oc->name ? oc->name : oc->fk.name);
	k->not_valid = s->dialect == DIALECT_POSTGRESQL &&
		       (oc->kind == CON_FOREIGN_KEY ? oc->fk.pg_not_valid : oc->kind == CON_CHECK && oc->pg_not_valid);
	if (oc->kind == CON_FOREIGN_KEY) {
		k->cols = dup_strvec(s, &oc->fk.cols);
		k->n_cols = oc->fk.cols.n;
		k->ref_schema = dup(s, oc->fk.ref_schema);
		k->ref_table = dup(s, oc->fk.ref_table);
		k->ondelete = fk_action(s, oc->fk.ondelete);
		k->onupdate = fk_action(s, oc->fk.onupdate);
		k->deferred = (oc->fk.initially && !strcasecmp(oc->fk.initially, "DEFERRED")) ||
			      (oc->initially && !strcasecmp(oc->initially, "DEFERRED"));
		k->deferrable = oc->fk.deferrable == 1 || oc->deferrable == 1 || k->deferred;
		name_push(s, &s->by_ref, k->ref_table, t->pos);
		k->ref_cols = dup_strvec(s, &oc->fk.ref_cols);
		k->n_ref_cols = oc->fk.ref_cols.n;
	} else {
		k->cols = dup_strvec(s, &oc->cols);
		k->n_cols = oc->cols.n;
	}
	k->sqltext = dup(s, oc->sqltext);
	name_con(s, t, k);
	/* a PRIMARY KEY makes its columns NOT NULL */
	if (oc->kind == CON_PRIMARY_KEY)
		for (size_t i = 0; i < k->n_cols; i++) {
			struct schema_column *c = schema_column(t, k->cols[i]);
			if (c)
				c->nullable = false;
		}
}

static void apply_index(struct schema *s, struct schema_table *t, const struct op_index *oi)
{
	struct schema_index *x = add_idx(s, t, oi->name);
	x->cols = arena_alloc(&s->arena, (oi->n_elems + 1) * sizeof(*x->cols));
	for (size_t i = 0; i < oi->n_elems; i++)
		x->cols[i] = dup(s, oi->elems[i].name ? oi->elems[i].name : oi->elems[i].sql);
	x->n_cols = oi->n_elems;
	x->unique = oi->unique;
	x->where = dup(s, s->dialect == DIALECT_SQLITE ? oi->sqlite_where : oi->pg_where);
	if (s->dialect == DIALECT_POSTGRESQL && oi->pg_include.n) {
		x->incl = dup_strvec(s, &oi->pg_include);
		x->n_incl = oi->pg_include.n;
	}
}

/* What of a parent's column its inheritance children and partitions
 * follow: PostgreSQL recurses into them (not with ONLY). */
enum follow { FOLLOW_ADD = 1, FOLLOW_DROP = 2, FOLLOW_RENAME = 4, FOLLOW_TYPE = 8, FOLLOW_NULL = 16, FOLLOW_DEFAULT = 32 };

static void children_follow(struct schema *s, const struct schema_table *t, const char *old, const char *now,
			    unsigned what, int depth)
{
	if (!s->n_inherit || depth > 8)
		return;
	const struct schema_column *pc = now ? schema_column(t, now) : NULL;
	for (size_t i = 0; i < s->n_tables; i++) {
		struct schema_table *c = s->tables[i];
		if (c->dropped || c == t || !schema_inherits(c, t->schema, t->name))
			continue;
		if ((what & FOLLOW_RENAME) && old && now && schema_column(c, old))
			rename_column(s, c, old, now);
		if (what & FOLLOW_DROP) {
			drop_column(c, old);
		} else if (pc) {
			struct schema_column *cc = schema_column(c, now);
			if (!cc && (what & FOLLOW_ADD)) {
				cc = add_col(s, c, now);
				cc->nullable = true;
			}
			if (cc && (what & (FOLLOW_ADD | FOLLOW_TYPE))) {
				cc->type = pc->type;
				cc->collation = pc->collation;
			}
			if (cc && (what & (FOLLOW_ADD | FOLLOW_NULL)))
				cc->nullable = pc->nullable;
			if (cc && (what & (FOLLOW_ADD | FOLLOW_DEFAULT))) {
				cc->default_sql = pc->default_sql;
				cc->generated = pc->generated;
			}
		}
		children_follow(s, c, old, now, what, depth + 1);
	}
}

static void apply_sql(struct schema *s, const struct op *o, unsigned line);
static void read_bound(struct schema *s, struct schema_bound *b, const struct schema_table *parent, cJSON *bound);
static struct schema_parent *parent_link(struct schema_table *t, const char *schema, const char *name);

static void apply_op(struct schema *s, const struct op *o, const char *batch_schema, const char *batch_table)
{
	const char *tname = o->table ? o->table : batch_table;
	const char *sname = o->table ? o->schema : batch_schema;
	struct schema_table *t;
	switch (o->kind) {
	case OP_CREATE_TABLE: {
		t = schema_table(s, sname, tname);
		if (t)
			note(s, "revision %s line %u: table %s is created again", s->revision, o->line, tname);
		t = new_table(s, sname, tname);
		struct strvec pk = { NULL, 0 };
		for (size_t i = 0; i < o->n_columns; i++)
			apply_column(s, t, &o->columns[i], &pk);
		bool has_pk = false;
		for (size_t i = 0; i < o->n_constraints; i++)
			has_pk |= o->constraints[i].kind == CON_PRIMARY_KEY;
		if (pk.n && !has_pk) {
			struct schema_constraint *k = add_con(s, t, SCON_PRIMARY_KEY, o->pk_name);
			k->cols = pk.v;
			k->n_cols = pk.n;
			name_con(s, t, k);
		}
		for (size_t i = 0; i < o->n_constraints; i++)
			apply_constraint(s, t, &o->constraints[i]);
		for (size_t i = 0; i < o->n_indexes; i++)
			apply_index(s, t, &o->indexes[i]);
		t->comment = dup(s, o->comment);
		break;
	}
	case OP_DROP_TABLE:
		if ((t = need_table(s, sname, tname, o->line)))
			t->dropped = true;
		break;
	case OP_RENAME_TABLE:
		if ((t = need_table(s, sname, tname, o->line)))
			rename_table(s, t, o->new_name);
		break;
	case OP_ADD_COLUMN:
		if ((t = need_table(s, sname, tname, o->line))) {
			apply_column(s, t, &o->column, NULL);
			children_follow(s, t, NULL, o->column.name, FOLLOW_ADD, 0);
		}
		break;
	case OP_DROP_COLUMN:
		if ((t = need_table(s, sname, tname, o->line))) {
			if (!schema_column(t, o->column_name))
				note(s, "revision %s line %u: column %s.%s is not known at this point", s->revision, o->line,
				     tname, o->column_name);
			drop_column(t, o->column_name);
			children_follow(s, t, o->column_name, NULL, FOLLOW_DROP, 0);
		}
		break;
	case OP_ALTER_COLUMN: {
		if (!(t = need_table(s, sname, tname, o->line)))
			break;
		struct schema_column *c = schema_column(t, o->alter.column);
		if (!c) {
			note(s, "revision %s line %u: column %s.%s is not known at this point", s->revision, o->line,
			     tname, o->alter.column);
			break;
		}
		if (o->alter.nullable != -1)
			c->nullable = o->alter.nullable != 0;
		if (o->alter.type)
			c->type = type_text(s, o->alter.type);
		if (o->alter.server_default.kind != DEFAULT_NONE)
			c->default_sql = default_text(s, &o->alter.server_default);
		if (o->alter.comment_set)
			c->comment = dup(s, o->alter.comment);
		unsigned what = (o->alter.nullable != -1 ? FOLLOW_NULL : 0) | (o->alter.type ? FOLLOW_TYPE : 0) |
				(o->alter.server_default.kind != DEFAULT_NONE ? FOLLOW_DEFAULT : 0);
		children_follow(s, t, o->alter.column, o->alter.column, what, 0);
		if (o->alter.new_name) {
			rename_column(s, t, o->alter.column, o->alter.new_name);
			children_follow(s, t, o->alter.column, o->alter.new_name, FOLLOW_RENAME, 0);
		}
		break;
	}
	case OP_CREATE_INDEX:
		if ((t = need_table(s, o->index.schema ? o->index.schema : sname,
				    o->index.table ? o->index.table : tname, o->line)))
			apply_index(s, t, &o->index);
		break;
	case OP_DROP_INDEX: {
		struct schema_table *it = NULL;
		struct schema_index *x = schema_index(s, o->index.name, &it);
		if (!x) {
			note(s, "revision %s line %u: index %s is not known at this point", s->revision, o->line,
			     o->index.name ? o->index.name : "?");
			break;
		}
		*x = it->idx[--it->n_idx];
		break;
	}
	case OP_CREATE_UNIQUE:
	case OP_CREATE_FK:
	case OP_CREATE_CHECK:
	case OP_CREATE_PK:
	case OP_CREATE_EXCLUDE:
		if ((t = need_table(s, sname, tname, o->line)))
			apply_constraint(s, t, &o->constraint);
		break;
	case OP_DROP_CONSTRAINT: {
		struct schema_table *ct = NULL;
		struct schema_constraint *k = schema_constraint(s, o->constraint.name, &ct);
		if (!k || (tname && strcmp(ct->name, tname) != 0)) {
			note(s, "revision %s line %u: constraint %s is not known on %s at this point", s->revision,
			     o->line, o->constraint.name ? o->constraint.name : "?", tname ? tname : "?");
			break;
		}
		*k = ct->cons[--ct->n_cons];
		break;
	}
	case OP_CREATE_TABLE_COMMENT:
	case OP_DROP_TABLE_COMMENT:
		if ((t = need_table(s, sname, tname, o->line)))
			t->comment = o->kind == OP_CREATE_TABLE_COMMENT ? dup(s, o->comment) : NULL;
		break;
	case OP_EXECUTE:
		if (o->sql)
			apply_sql(s, o, o->line);
		else
			note(s, "revision %s line %u: op.execute of something cupel cannot read", s->revision, o->line);
		break;
	case OP_BULK_INSERT:
		break;
	case OP_BATCH:
		for (size_t i = 0; i < o->n_children; i++)
			apply_op(s, &o->children[i], o->schema, o->table);
		break;
	case OP_AUTOCOMMIT:
		for (size_t i = 0; i < o->n_children; i++)
			apply_op(s, &o->children[i], batch_schema, batch_table);
		break;
	case OP_ENUM_CREATE:
	case OP_ENUM_DROP: {
		const struct sqltype *et = sqltype_for(o->enum_type, s->dialect);
		if (!et || !et->enum_name || s->dialect != DIALECT_POSTGRESQL)
			break;
		if (o->kind == OP_ENUM_CREATE) {
			struct schema_enum *e = add_enum(s, et->schema, et->enum_name);
			if (!e->n_values)
				for (size_t i = 0; i < et->n_labels; i++)
					enum_value(s, e, et->labels[i]);
		} else {
			struct schema_enum *e = find_enum(s, et->schema, et->enum_name);
			if (e)
				e->dropped = true;
		}
		break;
	}
	case OP_OPAQUE:
		if (tname && (t = schema_table(s, sname, tname)))
			uncertain(s, t, o->reason ? o->reason : "an opaque step");
		else
			note(s, "revision %s line %u: opaque step: %s", s->revision, o->line,
			     o->reason ? o->reason : "not modelled");
		break;
	}
}

void schema_apply(struct schema *s, const struct op *ops, size_t n, const char *rev)
{
	schema_apply_parsed(s, ops, n, rev, NULL, 0);
}

/* SET CONSTRAINTS lasts until its transaction ends: the next revision
 * starts with the keys as they were made. */
void schema_constraints_reset(struct schema *s)
{
	for (size_t i = 0; s->constraints_set && i < s->n_tables; i++)
		for (size_t k = 0; k < s->tables[i]->n_cons; k++)
			s->tables[i]->cons[k].set_deferred = 0;
	s->constraints_set = false;
}

/* SET CONSTRAINTS ALL | name, ... DEFERRED | IMMEDIATE: the DEFERRABLE
 * keys it names (a key that is not DEFERRABLE cannot be deferred). */
static void constraints_set(struct schema *s, cJSON *st)
{
	cJSON *named = pgq_list(st, "constraints");
	int mode = cJSON_IsTrue(pgq_get(st, "deferred")) ? 2 : 1;
	for (size_t i = 0; i < s->n_tables; i++) {
		struct schema_table *t = s->tables[i];
		for (size_t k = 0; !t->dropped && k < t->n_cons; k++) {
			struct schema_constraint *c = &t->cons[k];
			if (c->kind != SCON_FOREIGN_KEY || !c->deferrable)
				continue;
			bool match = !named;
			for (cJSON *el = pgq_first(named); !match && el; el = el->next) {
				cJSON *rv;
				match = pgq_node(el, &rv) && con_name(c) && !strcmp(pgq_str(rv, "relname"), con_name(c)) &&
					(!pgq_str(rv, "schemaname") || schema_same_schema(pgq_str(rv, "schemaname"), t->schema));
			}
			if (match) {
				c->set_deferred = mode;
				s->constraints_set = true;
			}
		}
	}
}

bool schema_constraint_deferred(const struct schema_constraint *c)
{
	return c->set_deferred ? c->set_deferred == 2 : c->deferred;
}

/* Operations of revision rev onto s, op.execute's SQL from parsed. */
static void apply_ops(struct schema *s, const struct op *ops, size_t n, const char *ctx_schema,
		      const char *ctx_table, const char *rev, const struct schema_parsed *parsed, size_t n_parsed)
{
	if (s->constraints_set && (!s->revision || !rev || strcmp(s->revision, rev) != 0))
		schema_constraints_reset(s);
	s->revision = dup(s, rev);
	s->parsed = parsed;
	s->n_parsed = n_parsed;
	for (size_t i = 0; i < n; i++)
		apply_op(s, &ops[i], ctx_schema, ctx_table);
	s->parsed = NULL;
	s->n_parsed = 0;
}

void schema_apply_in(struct schema *s, const struct op *o, const char *ctx_schema, const char *ctx_table,
		     const char *rev, const struct schema_parsed *parsed, size_t n_parsed)
{
	apply_ops(s, o, 1, ctx_schema, ctx_table, rev, parsed, n_parsed);
}

void schema_apply_parsed(struct schema *s, const struct op *ops, size_t n, const char *rev,
			 const struct schema_parsed *parsed, size_t n_parsed)
{
	apply_ops(s, ops, n, NULL, NULL, rev, parsed, n_parsed);
}

/* ---- from SQL (op.execute) ---- */

static const char *upper_dup(struct schema *s, const char *x)
{
	char *r = arena_strdup(&s->arena, x);
	for (char *c = r; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return r;
}

/* PostgreSQL's internal type names in the spelling cupel renders. */
static const char *pg_type_text(struct schema *s, cJSON *tn)
{
	cJSON *names = pgq_list(tn, "names");
	size_t n = names ? pgq_len(names) : 0;
	const char *name = n ? pgq_sval(pgq_at(names, n - 1)) : NULL;
	if (!name)
		return NULL;
	static const struct {
		const char *pg, *out;
	} map[] = {
		{ "int4", "INTEGER" }, { "int8", "BIGINT" }, { "int2", "SMALLINT" }, { "bool", "BOOLEAN" },
		{ "varchar", "VARCHAR" }, { "bpchar", "CHAR" }, { "float8", "DOUBLE PRECISION" }, { "float4", "REAL" },
		{ "timestamp", "TIMESTAMP WITHOUT TIME ZONE" }, { "timestamptz", "TIMESTAMP WITH TIME ZONE" },
		{ "time", "TIME WITHOUT TIME ZONE" }, { "timetz", "TIME WITH TIME ZONE" }, { "interval", "INTERVAL" },
	};
	const char *base = NULL;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].pg, name))
			base = map[i].out;
	if (!base)
		base = upper_dup(s, name);
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, base);
	cJSON *mods = pgq_list(tn, "typmods");
	for (size_t i = 0; mods && i < pgq_len(mods); i++) {
		cJSON *inner;
		const char *k = pgq_node(pgq_at(mods, i), &inner);
		cJSON *iv = k && !strcmp(k, "A_Const") ? pgq_get(inner, "ival") : NULL;
		strbuf_addf(&sb, "%s%ld", i ? ", " : "(", iv ? pgq_int(iv, "ival", 0) : 0L);
		if (i + 1 == pgq_len(mods))
			strbuf_addc(&sb, ')');
	}
	if (pgq_list(tn, "arrayBounds"))
		strbuf_adds(&sb, "[]");
	const char *r = dup(s, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

/* A default of a ColumnDef: constants as text, anything else by its source
 * text would need deparsing, so it is kept as an expression marker. NULL
 * for DEFAULT NULL, of which PostgreSQL keeps no default (pg_attrdef). */
static const char *pg_default_text(struct schema *s, cJSON *expr)
{
	cJSON *inner;
	const char *k = pgq_node(expr, &inner);
	cJSON *cast_inner;
	const char *ck = k && !strcmp(k, "TypeCast") ? pgq_node(pgq_get(inner, "arg"), &cast_inner) : k;
	if (ck && !strcmp(ck, "A_Const") && cJSON_IsTrue(pgq_get(ck == k ? inner : cast_inner, "isnull")))
		return NULL;
	if (k && !strcmp(k, "A_Const")) {
		cJSON *v;
		const char *text;
		bool is_int;
		if ((v = pgq_get(inner, "ival")))
			/* 0 and negatives are read from the text, when it is known */
			return schema_pg_const(expr, s->src, &s->arena, &text, &is_int) ? text
			       : cJSON_IsNumber(pgq_get(v, "ival"))			  ? arena_printf(&s->arena, "%ld", pgq_int(v, "ival", 0))
											  : "(expression)";
		if ((v = pgq_get(inner, "sval")) && pgq_str(v, "sval"))
			return arena_printf(&s->arena, "'%s'", pgq_str(v, "sval"));
		if ((v = pgq_get(inner, "boolval")))
			return cJSON_IsTrue(pgq_get(v, "boolval")) ? "true" : "false";
	}
	/* nextval('seq'): which sequence the default uses (DROP SEQUENCE ...
	 * CASCADE drops the default), spelled as PostgreSQL shows it */
	if (k && !strcmp(k, "FuncCall")) {
		const char *fs, *fn;
		pgq_qualified(pgq_list(inner, "funcname"), &fs, &fn);
		cJSON *args = pgq_list(inner, "args"), *arg = NULL;
		const char *ak = pgq_len(args) == 1 ? pgq_node(pgq_at(args, 0), &arg) : NULL;
		if (ak && !strcmp(ak, "TypeCast"))
			ak = pgq_node(pgq_get(arg, "arg"), &arg);
		cJSON *sv = ak && !strcmp(ak, "A_Const") ? pgq_get(arg, "sval") : NULL;
		if (fn && !strcmp(fn, "nextval") && (!fs || !strcmp(fs, "pg_catalog")) && sv && pgq_str(sv, "sval") &&
		    !strchr(pgq_str(sv, "sval"), '\''))
			return arena_printf(&s->arena, "nextval('%s'::regclass)", pgq_str(sv, "sval"));
	}
	return "(expression)";
}

/* The column names under j (ColumnRef), each once, into v; false when
 * one cannot be read (a whole-row reference). */
static bool column_refs(struct schema *s, cJSON *j, const char ***v, size_t *n)
{
	if (!cJSON_IsArray(j) && !cJSON_IsObject(j))
		return true;
	cJSON *cr = cJSON_IsObject(j) ? pgq_get(j, "ColumnRef") : NULL;
	if (!cr) {
		for (cJSON *e = j->child; e; e = e->next)
			if (!column_refs(s, e, v, n))
				return false;
		return true;
	}
	cJSON *fields = pgq_list(cr, "fields");
	size_t nf = fields ? pgq_len(fields) : 0;
	const char *c = nf ? pgq_sval(pgq_at(fields, nf - 1)) : NULL;
	if (!c)
		return false;
	if (!refers(*v, *n, c)) {
		*v = arena_grow(&s->arena, (void *)*v, *n, *n + 1, sizeof(**v));
		(*v)[(*n)++] = dup(s, c);
	}
	return true;
}

/* An index expression or WHERE read from SQL: "(expression over: a, b)"
 * names the columns it reads (a type change or a drop of one of them
 * reaches it), "(expression)" when they cannot be read (any column). */
static const char *expr_over(struct schema *s, cJSON *j)
{
	const char **v = NULL;
	size_t n = 0;
	if (!column_refs(s, j, &v, &n))
		return "(expression)";
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "(expression over:");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s %s", i ? "," : "", v[i]);
	strbuf_addc(&sb, ')');
	const char *r = dup(s, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

/* The columns of a list of IndexElem: their names, "(expression over:
 * ...)" for an expression. */
static const char **index_elems(struct schema *s, cJSON *params, size_t *n)
{
	*n = params ? pgq_len(params) : 0;
	const char **r = arena_alloc(&s->arena, (*n + 1) * sizeof(*r));
	for (size_t i = 0; i < *n; i++) {
		cJSON *ie;
		pgq_node(pgq_at(params, i), &ie);
		const char *cn = ie ? pgq_str(ie, "name") : NULL;
		r[i] = cn ? dup(s, cn) : ie && pgq_get(ie, "expr") ? expr_over(s, pgq_get(ie, "expr")) : "(expression)";
	}
	return r;
}

static const char **name_list(struct schema *s, cJSON *list, size_t *n)
{
	*n = list ? pgq_len(list) : 0;
	const char **r = arena_alloc(&s->arena, (*n + 1) * sizeof(*r));
	for (size_t i = 0; i < *n; i++)
		r[i] = dup(s, pgq_sval(pgq_at(list, i)));
	return r;
}

/* The columns an expression names, each once, into k->expr_cols; false
 * when one cannot be read (a whole-row reference). */
static bool expr_columns(struct schema *s, struct schema_constraint *k, cJSON *j)
{
	return column_refs(s, j, &k->expr_cols, &k->n_expr_cols);
}

bool schema_pg_const(cJSON *e, const char *src, struct arena *a, const char **text, bool *is_int)
{
	cJSON *in;
	const char *k = pgq_node(e, &in);
	for (int d = 0; k && !strcmp(k, "TypeCast") && d < 4; d++)
		k = pgq_node(pgq_get(in, "arg"), &in);
	if (!k || strcmp(k, "A_Const") != 0)
		return false;
	cJSON *iv = pgq_get(in, "ival"), *sv = pgq_get(in, "sval");
	if (sv && pgq_str(sv, "sval")) {
		*text = arena_strdup(a, pgq_str(sv, "sval"));
		*is_int = false;
		return true;
	}
	if (!iv)
		return false;
	cJSON *n = pgq_get(iv, "ival");
	long long v;
	if (cJSON_IsNumber(n)) {
		v = (long long)n->valuedouble;
	} else {
		/* 0 and negative integers have no member: the text says which */
		long loc = pgq_int(in, "location", -1);
		if (!src || loc < 0 || (size_t)loc >= strlen(src))
			return false;
		char *end;
		v = strtoll(src + loc, &end, 10);
		if (end == src + loc)
			return false;
	}
	*text = arena_printf(a, "%lld", v);
	*is_int = true;
	return true;
}

/* The comparison terms of a CHECK's AND (col op constant(s)), made in a
 * from a tree parsed from src. */
struct terms {
	struct arena *a;
	const char *src;
	struct schema_check_term *v;
	size_t n;
};

static void check_terms(struct terms *out, cJSON *e, int depth)
{
	cJSON *in, *cr;
	const char *ek = pgq_node(e, &in);
	if (!ek || depth > 16)
		return;
	if (!strcmp(ek, "BoolExpr") && pgq_str(in, "boolop") && !strcmp(pgq_str(in, "boolop"), "AND_EXPR")) {
		for (cJSON *x = pgq_first(pgq_list(in, "args")); x; x = x->next)
			check_terms(out, x, depth + 1);
		return;
	}
	struct schema_check_term t = { 0 };
	cJSON *lhs = NULL, *rhs = NULL;
	bool between = false;
	if (!strcmp(ek, "NullTest") && pgq_str(in, "nulltesttype")) {
		t.op = !strcmp(pgq_str(in, "nulltesttype"), "IS_NOT_NULL") ? 'N' : 'Z';
		lhs = pgq_get(in, "arg");
	} else if (!strcmp(ek, "A_Expr") && pgq_str(in, "kind") && !strcmp(pgq_str(in, "kind"), "AEXPR_BETWEEN")) {
		/* col BETWEEN x AND y: col >= x and col <= y */
		between = true;
		t.op = 'G';
		lhs = pgq_get(in, "lexpr");
		rhs = pgq_get(in, "rexpr");
	} else if (!strcmp(ek, "A_Expr") && pgq_str(in, "kind")) {
		const char *kind = pgq_str(in, "kind");
		cJSON *nm = pgq_list(in, "name");
		const char *opn = pgq_len(nm) == 1 ? pgq_sval(pgq_at(nm, 0)) : NULL;
		lhs = pgq_get(in, "lexpr");
		rhs = pgq_get(in, "rexpr");
		if (!opn)
			return;
		if ((!strcmp(kind, "AEXPR_IN") || !strcmp(kind, "AEXPR_OP_ANY")) && !strcmp(opn, "="))
			t.op = 'I'; /* col = ANY (ARRAY[...]) is col IN (...) */
		else if (!strcmp(kind, "AEXPR_OP"))
			t.op = !strcmp(opn, ">=") ? 'G' : !strcmp(opn, ">") ? '>' : !strcmp(opn, "<=") ? 'L'
			     : !strcmp(opn, "<") ? '<' : !strcmp(opn, "=") ? '=' : 0;
		if (!t.op)
			return;
	} else {
		return;
	}
	const char *ck = pgq_node(lhs, &cr);
	cJSON *rc;
	const char *rck = pgq_node(rhs, &rc);
	if ((t.op == '=' || t.op == 'G' || t.op == '>' || t.op == 'L' || t.op == '<') && !between && ck &&
	    strcmp(ck, "ColumnRef") != 0 && rck && !strcmp(rck, "ColumnRef")) {
		/* constant op col: col, the other way round */
		cJSON *x = lhs;
		lhs = rhs;
		rhs = x;
		ck = pgq_node(lhs, &cr);
		t.op = t.op == 'G' ? 'L' : t.op == 'L' ? 'G' : t.op == '>' ? '<' : t.op == '<' ? '>' : t.op;
	}
	cJSON *fields = ck && !strcmp(ck, "ColumnRef") ? pgq_list(cr, "fields") : NULL;
	size_t nf = pgq_len(fields);
	t.col = nf ? pgq_sval(pgq_at(fields, nf - 1)) : NULL;
	if (!t.col)
		return;
	t.col = arena_strdup(out->a, t.col);
	if (nf >= 2 && pgq_sval(pgq_at(fields, nf - 2)))
		t.qual = arena_strdup(out->a, pgq_sval(pgq_at(fields, nf - 2)));
	if (between) {
		cJSON *li;
		const char *rk = pgq_node(rhs, &li);
		cJSON *ends = rk && !strcmp(rk, "List") ? pgq_list(li, "items") : NULL;
		struct schema_check_term u = t;
		const char **lo = arena_alloc(out->a, sizeof(*lo)), **hi = arena_alloc(out->a, sizeof(*hi));
		bool li_int, hi_int;
		if (pgq_len(ends) != 2 || !schema_pg_const(pgq_at(ends, 0), out->src, out->a, lo, &li_int) ||
		    !schema_pg_const(pgq_at(ends, 1), out->src, out->a, hi, &hi_int) || li_int != hi_int)
			return;
		t.vals = lo;
		u.vals = hi;
		t.n_vals = u.n_vals = 1;
		t.ints = u.ints = li_int;
		u.op = 'L';
		out->v = arena_grow(out->a, out->v, out->n, out->n + 2, sizeof(*out->v));
		out->v[out->n++] = t;
		out->v[out->n++] = u;
		return;
	}
	if (t.op != 'N' && t.op != 'Z') {
		cJSON *items = NULL, *li;
		const char *rk = pgq_node(rhs, &li);
		if (t.op == 'I' && rk && !strcmp(rk, "List"))
			items = pgq_list(li, "items");
		else if (t.op == 'I' && rk && !strcmp(rk, "A_ArrayExpr"))
			items = pgq_list(li, "elements");
		size_t nv = t.op == 'I' ? pgq_len(items) : 1;
		if (!nv)
			return;
		const char **vals = arena_alloc(out->a, nv * sizeof(*vals));
		bool first_int = false;
		for (size_t i = 0; i < nv; i++) {
			bool is_int;
			if (!schema_pg_const(t.op == 'I' ? pgq_at(items, i) : rhs, out->src, out->a, &vals[i], &is_int) ||
			    (i && is_int != first_int))
				return;
			first_int = is_int;
		}
		t.vals = vals;
		t.n_vals = nv;
		t.ints = first_int;
	}
	out->v = arena_grow(out->a, out->v, out->n, out->n + 1, sizeof(*out->v));
	out->v[out->n++] = t;
}

const struct schema_check_term *schema_expr_terms(struct arena *a, cJSON *e, const char *src, size_t *n)
{
	struct terms tl = { a, src, NULL, 0 };
	check_terms(&tl, e, 0);
	*n = tl.n;
	return tl.v;
}

/* The same from a CHECK's text (Alembic's create_check_constraint), read
 * when a partition bound is judged, not on every replay. */
static void text_terms(struct terms *out, const char *text)
{
	char *q = arena_printf(out->a, "SELECT (%s)", text);
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (pgq_parse(q, &r, &err)) {
		cJSON *tl = r.n == 1 ? pgq_list(r.stmts[0].node, "targetList") : NULL, *rt;
		if (pgq_len(tl) == 1 && pgq_node(pgq_at(tl, 0), &rt)) {
			out->src = q;
			check_terms(out, pgq_get(rt, "val"), 0);
		}
		pgq_free(&r);
	}
	strbuf_release(&err);
}

/* a against b: -1, 0, 1; 2 when they cannot be compared (an integer and
 * a string, or strings other than ISO dates of one length, unless equal) */
/* An ISO date, or date and time to the second ('T' or a blank between),
 * as "YYYY-MM-DD HH:MM:SS" in out (20 bytes); false for anything else
 * (fractions, zones). */
static bool iso_stamp(const char *v, char *out)
{
	static const char date[] = "dddd-dd-dd", time[] = " dd:dd:dd";
	size_t n = strlen(v);
	if (n != 10 && n != 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		char want = i < 10 ? date[i] : time[i - 10];
		bool ok = want == 'd' ? isdigit((unsigned char)v[i]) : i == 10 ? v[i] == ' ' || v[i] == 'T' : v[i] == want;
		if (!ok)
			return false;
	}
	memcpy(out, v, n);
	memcpy(out + n, " 00:00:00", 19 - n);
	out[10] = ' ';
	out[19] = '\0';
	return true;
}

int schema_const_cmp(const char *a, const char *b, bool ints)
{
	if (ints) {
		long long x = strtoll(a, NULL, 10), y = strtoll(b, NULL, 10);
		return x < y ? -1 : x > y;
	}
	int c = strcmp(a, b);
	if (!c)
		return 0;
	char sa[20], sb[20];
	if (iso_stamp(a, sa) && iso_stamp(b, sb)) {
		c = strcmp(sa, sb);
		return c < 0 ? -1 : c > 0;
	}
	bool iso = strlen(a) == strlen(b) && strlen(a) >= 10;
	for (size_t i = 0; iso && i < 10; i++)
		iso = (i == 4 || i == 7) ? a[i] == '-' && b[i] == '-' : isdigit((unsigned char)a[i]) && isdigit((unsigned char)b[i]);
	return iso ? (c < 0 ? -1 : 1) : 2;
}

bool schema_bound_implied(const struct schema_table *part, const struct schema_check_term *bound)
{
	const struct schema_column *c = part ? schema_column(part, bound->col) : NULL;
	bool not_null = c && !c->nullable, lo = false, hi = false, in = false;
	struct arena tmp;
	arena_init(&tmp);
	for (size_t i = 0; part && i < part->n_cons; i++) {
		const struct schema_constraint *k = &part->cons[i];
		if (k->kind != SCON_CHECK || k->not_valid)
			continue;
		const struct schema_check_term *terms = k->terms;
		size_t n_terms = k->n_terms;
		if (!n_terms && k->sqltext && strcmp(k->sqltext, "(expression)") != 0) {
			struct terms tl = { &tmp, NULL, NULL, 0 };
			text_terms(&tl, k->sqltext);
			terms = tl.v;
			n_terms = tl.n;
		}
		for (size_t j = 0; j < n_terms; j++) {
			const struct schema_check_term *t = &terms[j];
			if (strcmp(t->col, bound->col) != 0)
				continue;
			if (t->op == 'N') {
				not_null = true;
				continue;
			}
			if (t->op == 'Z')
				continue;
			if (t->ints != bound->ints)
				continue;
			if (bound->op == 'R') {
				int l = schema_const_cmp(t->vals[0], bound->vals[0], t->ints),
				    h = schema_const_cmp(t->vals[0], bound->vals[1], t->ints);
				lo |= (t->op == 'G' || t->op == '>' || t->op == '=') && (l == 0 || l == 1);
				hi |= ((t->op == '<' && (h == 0 || h == -1)) || ((t->op == 'L' || t->op == '=') && h == -1));
			} else if (bound->op == 'I' && (t->op == 'I' || t->op == '=')) {
				bool all = true;
				for (size_t v = 0; all && v < t->n_vals; v++) {
					bool found = false;
					for (size_t w = 0; !found && w < bound->n_vals; w++)
						found = schema_const_cmp(t->vals[v], bound->vals[w], t->ints) == 0;
					all = found;
				}
				in |= all;
			}
		}
	}
	arena_free(&tmp);
	return not_null && (bound->op == 'R' ? lo && hi : in);
}

/* The "col IS NOT NULL" terms of a CHECK's AND (or the whole), joined
 * with AND into sb; *rest: it has other terms. */
static void not_null_terms(cJSON *e, struct strbuf *sb, bool *rest, int depth)
{
	cJSON *in, *cr;
	const char *ek = pgq_node(e, &in);
	if (ek && !strcmp(ek, "BoolExpr") && pgq_str(in, "boolop") && !strcmp(pgq_str(in, "boolop"), "AND_EXPR") &&
	    depth < 16) {
		for (cJSON *a = pgq_first(pgq_list(in, "args")); a; a = a->next)
			not_null_terms(a, sb, rest, depth + 1);
		return;
	}
	const char *ck = ek && !strcmp(ek, "NullTest") && pgq_str(in, "nulltesttype") &&
				 !strcmp(pgq_str(in, "nulltesttype"), "IS_NOT_NULL")
			       ? pgq_node(pgq_get(in, "arg"), &cr)
			       : NULL;
	cJSON *fields = ck && !strcmp(ck, "ColumnRef") ? pgq_list(cr, "fields") : NULL;
	size_t nf = fields ? pgq_len(fields) : 0;
	const char *cn = nf ? pgq_sval(pgq_at(fields, nf - 1)) : NULL;
	if (!cn) {
		*rest = true;
		return;
	}
	strbuf_addf(sb, "%s%s IS NOT NULL", sb->len ? " AND " : "", cn);
}

static void pg_constraint(struct schema *s, struct schema_table *t, cJSON *c, const char *column)
{
	const char *ct = pgq_str(c, "contype");
	const char *name = pgq_str(c, "conname");
	if (!ct)
		return;
	struct schema_column *col = column ? schema_column(t, column) : NULL;
	if (!strcmp(ct, "CONSTR_NOTNULL") && col) {
		col->nullable = false;
	} else if (!strcmp(ct, "CONSTR_NULL") && col) {
		col->nullable = true;
	} else if (!strcmp(ct, "CONSTR_DEFAULT") && col) {
		col->default_sql = pg_default_text(s, pgq_get(c, "raw_expr"));
	} else if ((!strcmp(ct, "CONSTR_IDENTITY") || !strcmp(ct, "CONSTR_GENERATED")) && col) {
		col->generated = true;
	} else if (!strcmp(ct, "CONSTR_PRIMARY") || !strcmp(ct, "CONSTR_UNIQUE")) {
		bool pk = !strcmp(ct, "CONSTR_PRIMARY");
		struct schema_constraint *k = add_con(s, t, pk ? SCON_PRIMARY_KEY : SCON_UNIQUE, name);
		if (col) {
			k->cols = arena_alloc(&s->arena, sizeof(*k->cols));
			k->cols[0] = col->name;
			k->n_cols = 1;
		} else {
			k->cols = name_list(s, pgq_list(c, "keys"), &k->n_cols);
		}
		for (size_t i = 0; pk && i < k->n_cols; i++) {
			struct schema_column *pc = schema_column(t, k->cols[i]);
			if (pc)
				pc->nullable = false;
		}
		name_con(s, t, k);
	} else if (!strcmp(ct, "CONSTR_FOREIGN")) {
		struct schema_constraint *k = add_con(s, t, SCON_FOREIGN_KEY, name);
		if (col) {
			k->cols = arena_alloc(&s->arena, sizeof(*k->cols));
			k->cols[0] = col->name;
			k->n_cols = 1;
		} else {
			k->cols = name_list(s, pgq_list(c, "fk_attrs"), &k->n_cols);
		}
		cJSON *pkt = pgq_get(c, "pktable");
		k->ref_schema = dup(s, pgq_str(pkt, "schemaname"));
		k->ref_table = dup(s, pgq_str(pkt, "relname"));
		k->ondelete = fk_action_letter(pgq_str(c, "fk_del_action"));
		k->onupdate = fk_action_letter(pgq_str(c, "fk_upd_action"));
		k->not_valid = cJSON_IsTrue(pgq_get(c, "skip_validation"));
		k->deferred = cJSON_IsTrue(pgq_get(c, "initdeferred"));
		k->deferrable = cJSON_IsTrue(pgq_get(c, "deferrable")) || k->deferred;
		name_push(s, &s->by_ref, k->ref_table, t->pos);
		k->ref_cols = name_list(s, pgq_list(c, "pk_attrs"), &k->n_ref_cols);
		name_con(s, t, k);
	} else if (!strcmp(ct, "CONSTR_CHECK")) {
		struct schema_constraint *k = add_con(s, t, SCON_CHECK, name);
		k->sqltext = "(expression)";
		k->no_inherit = cJSON_IsTrue(pgq_get(c, "is_no_inherit"));
		/* which columns it reads: a type change of another keeps it */
		k->expr_cols = arena_alloc(&s->arena, sizeof(*k->expr_cols));
		if (!expr_columns(s, k, pgq_get(c, "raw_expr"))) {
			k->expr_cols = NULL;
			k->n_expr_cols = 0;
		}
		k->not_valid = cJSON_IsTrue(pgq_get(c, "skip_validation"));
		/* the one condition kept as text, alone or as AND terms: it lets
		 * SET NOT NULL skip its scan */
		struct strbuf nn = STRBUF_INIT;
		bool rest = false;
		not_null_terms(pgq_get(c, "raw_expr"), &nn, &rest, 0);
		struct terms tl = { &s->arena, s->src, NULL, 0 };
		check_terms(&tl, pgq_get(c, "raw_expr"), 0);
		k->terms = tl.v;
		k->n_terms = tl.n;
		if (nn.len)
			k->sqltext = arena_printf(&s->arena, "%s%s", strbuf_str(&nn), rest ? " AND (expression)" : "");
		strbuf_release(&nn);
	} else if (!strcmp(ct, "CONSTR_EXCLUSION")) {
		add_con(s, t, SCON_EXCLUDE, name);
	} else {
		uncertain(s, t, arena_printf(&s->arena, "SQL constraint %s not modelled", ct));
	}
}

const char *schema_pg_collation(cJSON *coldef)
{
	/* a typed field: the clause itself, not a node wrapping it */
	cJSON *names = pgq_list(pgq_get(coldef, "collClause"), "collname");
	size_t n = names ? pgq_len(names) : 0;
	const char *c = n ? pgq_sval(pgq_at(names, n - 1)) : NULL;
	return c && strcmp(c, "default") != 0 ? c : NULL;
}

static void pg_column_def(struct schema *s, struct schema_table *t, cJSON *cd)
{
	const char *name = pgq_str(cd, "colname");
	if (!name)
		return;
	struct schema_column *c = add_col(s, t, name);
	c->type = pg_type_text(s, pgq_get(cd, "typeName"));
	c->collation = dup(s, schema_pg_collation(cd));
	/* serial types: a sequence's value when none is given */
	cJSON *tn = pgq_list(pgq_get(cd, "typeName"), "names");
	const char *tl = pgq_len(tn) ? pgq_sval(pgq_at(tn, pgq_len(tn) - 1)) : NULL;
	c->generated = schema_serial_type(tl);
	cJSON *cons = pgq_list(cd, "constraints");
	size_t last = (size_t)-1;
	for (cJSON *cons_el = pgq_first(cons); cons_el; cons_el = cons_el->next) {
		cJSON *inner;
		if (!pgq_node(cons_el, &inner))
			continue;
		/* a column's [NOT] DEFERRABLE and INITIALLY DEFERRED / IMMEDIATE
		 * are nodes of their own, after the constraint they qualify */
		const char *ct = pgq_str(inner, "contype");
		if (ct && !strncmp(ct, "CONSTR_ATTR_", 12)) {
			struct schema_constraint *q = last < t->n_cons ? &t->cons[last] : NULL;
			if (q && !strcmp(ct, "CONSTR_ATTR_DEFERRED"))
				q->deferred = q->deferrable = true;
			else if (q && !strcmp(ct, "CONSTR_ATTR_IMMEDIATE"))
				q->deferred = false;
			else if (q && !strcmp(ct, "CONSTR_ATTR_DEFERRABLE"))
				q->deferrable = true;
			else if (q && !strcmp(ct, "CONSTR_ATTR_NOT_DEFERRABLE"))
				q->deferrable = false;
			continue;
		}
		size_t had = t->n_cons;
		pg_constraint(s, t, inner, name);
		if (t->n_cons > had)
			last = t->n_cons - 1;
	}
}

static struct schema_table *pg_relation(struct schema *s, cJSON *rel, unsigned line)
{
	return need_table(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), line);
}

/* Is type (a column's, any case, maybe an array of it) the type name? */
static bool type_is(const char *type, const char *name, size_t *len)
{
	*len = strlen(name);
	return type && !strncasecmp(type, name, *len) && (!type[*len] || !strncmp(type + *len, "[]", 2));
}

/* ALTER TYPE ... RENAME TO: the enum and the columns of that type (and
 * arrays of it) by the new name, spelled in the case they had. */
static void rename_type(struct schema *s, const char *schema, const char *from, const char *to)
{
	struct schema_enum *e = find_enum(s, schema, from);
	if (e)
		e->name = dup(s, to);
	for (size_t i = 0; i < s->n_tables; i++)
		for (size_t c = 0; !s->tables[i]->dropped && c < s->tables[i]->n_cols; c++) {
			struct schema_column *col = &s->tables[i]->cols[c];
			size_t n;
			if (!type_is(col->type, from, &n))
				continue;
			bool upper = isupper((unsigned char)col->type[0]);
			const char *base = upper ? upper_dup(s, to) : to;
			col->type = arena_printf(&s->arena, "%s%s", base, col->type + n);
		}
}

/* The dotted name of a DROP/TYPE object: [schema, name]. */
/* ALTER TABLE ... DROP CONSTRAINT key CASCADE: the foreign keys onto the
 * primary key or unique constraint go with it (onto one of its columns;
 * onto no columns: the primary key). */
static void drop_fks_onto(struct schema *s, const struct schema_table *t, const struct schema_constraint *key)
{
	size_t n = 0;
	struct schema_table **refs = schema_referencing(s, &s->arena, t->name, &n);
	for (size_t i = 0; i < n; i++) {
		struct schema_table *r = refs[i];
		for (size_t j = 0; j < r->n_cons;) {
			const struct schema_constraint *c = &r->cons[j];
			bool onto = c->kind == SCON_FOREIGN_KEY && c->ref_table && !strcmp(c->ref_table, t->name) &&
				    schema_same_schema(c->ref_schema, t->schema);
			bool cols = !c->n_ref_cols ? key->kind == SCON_PRIMARY_KEY : false;
			for (size_t m = 0; onto && m < c->n_ref_cols; m++)
				cols = cols || refers(key->cols, key->n_cols, c->ref_cols[m]);
			if (onto && cols)
				r->cons[j] = r->cons[--r->n_cons];
			else
				j++;
		}
	}
}

static void pg_alter_table(struct schema *s, cJSON *st, unsigned line)
{
	struct schema_table *t = pg_relation(s, pgq_get(st, "relation"), line);
	if (!t)
		return;
	cJSON *cmds = pgq_list(st, "cmds");
	for (cJSON *cmds_el = pgq_first(cmds); cmds_el; cmds_el = cmds_el->next) {
		cJSON *cmd;
		if (!pgq_node(cmds_el, &cmd))
			continue;
		const char *sub = pgq_str(cmd, "subtype");
		const char *name = pgq_str(cmd, "name");
		cJSON *def = pgq_get(cmd, "def"), *inner = NULL;
		const char *dk = def ? pgq_node(def, &inner) : NULL;
		struct schema_column *c = name ? schema_column(t, name) : NULL;
		if (!sub)
			continue;
		bool inh = cJSON_IsTrue(pgq_get(pgq_get(st, "relation"), "inh"));
		if (!strcmp(sub, "AT_AddColumn") && dk && !strcmp(dk, "ColumnDef")) {
			pg_column_def(s, t, inner);
			if (inh)
				children_follow(s, t, NULL, pgq_str(inner, "colname"), FOLLOW_ADD, 0);
		} else if (!strcmp(sub, "AT_DropColumn") && name) {
			drop_column(t, name);
			if (inh)
				children_follow(s, t, name, NULL, FOLLOW_DROP, 0);
			if (pgq_str(cmd, "behavior") && !strcmp(pgq_str(cmd, "behavior"), "DROP_CASCADE"))
				schema_view_drop_dependents(s, t->schema, t->name, name);
		}
		else if (!strcmp(sub, "AT_AlterColumnType") && c && dk && !strcmp(dk, "ColumnDef")) {
			c->type = pg_type_text(s, pgq_get(inner, "typeName"));
			c->collation = dup(s, schema_pg_collation(inner));
			if (inh)
				children_follow(s, t, name, name, FOLLOW_TYPE, 0);
		} else if ((!strcmp(sub, "AT_SetNotNull") || !strcmp(sub, "AT_DropNotNull")) && c) {
			c->nullable = !strcmp(sub, "AT_DropNotNull");
			if (inh)
				children_follow(s, t, name, name, FOLLOW_NULL, 0);
		} else if (!strcmp(sub, "AT_ColumnDefault") && c) {
			c->default_sql = def ? pg_default_text(s, def) : NULL;
			if (inh)
				children_follow(s, t, name, name, FOLLOW_DEFAULT, 0);
		} else if ((!strcmp(sub, "AT_AddIdentity") || !strcmp(sub, "AT_DropIdentity") ||
			    !strcmp(sub, "AT_DropExpression")) && c) {
			c->generated = !strcmp(sub, "AT_AddIdentity");
		}
		else if ((!strcmp(sub, "AT_AddInherit") || !strcmp(sub, "AT_DropInherit")) && dk &&
			 !strcmp(dk, "RangeVar"))
			set_parent(s, t, inner, !strcmp(sub, "AT_AddInherit"), false);
		else if ((!strcmp(sub, "AT_AttachPartition") || !strcmp(sub, "AT_DetachPartition")) && dk &&
			 !strcmp(dk, "PartitionCmd")) {
			cJSON *pr = pgq_get(inner, "name");
			struct schema_table *part = schema_table(s, pgq_str(pr, "schemaname"), pgq_str(pr, "relname"));
			bool attach = !strcmp(sub, "AT_AttachPartition");
			if (part) {
				cJSON *prel = pgq_get(st, "relation");
				set_parent(s, part, prel, attach, true);
				struct schema_parent *link =
					attach ? parent_link(part, pgq_str(prel, "schemaname"), pgq_str(prel, "relname")) : NULL;
				if (link)
					read_bound(s, &link->bound, t, pgq_get(inner, "bound"));
				part->default_partition =
					attach && cJSON_IsTrue(pgq_get(pgq_get(inner, "bound"), "is_default"));
			} else if (attach) {
				uncertain(s, t, "a partition the model does not know");
			}
		}
		else if (!strcmp(sub, "AT_SetLogged") || !strcmp(sub, "AT_SetUnLogged"))
			t->unlogged = !strcmp(sub, "AT_SetUnLogged");
		else if (!strcmp(sub, "AT_AddConstraint") && dk && !strcmp(dk, "Constraint"))
			pg_constraint(s, t, inner, NULL);
		else if (!strcmp(sub, "AT_AlterConstraint") && dk && !strcmp(dk, "Constraint")) {
			/* ALTER CONSTRAINT fk [NOT] DEFERRABLE [INITIALLY ...] */
			struct schema_table *ct = NULL;
			struct schema_constraint *k = schema_constraint(s, pgq_str(inner, "conname"), &ct);
			if (k && ct == t) {
				k->deferrable = cJSON_IsTrue(pgq_get(inner, "deferrable"));
				k->deferred = k->deferrable && cJSON_IsTrue(pgq_get(inner, "initdeferred"));
			}
		}
		else if (!strcmp(sub, "AT_ValidateConstraint") && name) {
			struct schema_table *ct = NULL;
			struct schema_constraint *k = schema_constraint(s, name, &ct);
			if (k && ct == t)
				k->not_valid = false;
		}
		else if (!strcmp(sub, "AT_DropConstraint") && name) {
			struct schema_table *ct = NULL;
			struct schema_constraint *k = schema_constraint(s, name, &ct);
			if (k && ct == t) {
				bool cascade = pgq_str(cmd, "behavior") && !strcmp(pgq_str(cmd, "behavior"), "DROP_CASCADE");
				if (cascade && (k->kind == SCON_PRIMARY_KEY || k->kind == SCON_UNIQUE))
					drop_fks_onto(s, t, k);
				k = schema_constraint(s, name, &ct);
				if (k && ct == t)
					*k = t->cons[--t->n_cons];
			} else
				note(s, "revision %s line %u: constraint %s is not known on %s", s->revision, line, name,
				     t->name);
		} else if (!schema_trigger_switch(s, t, sub, name))
			uncertain(s, t, arena_printf(&s->arena, "ALTER TABLE %s in op.execute not modelled", sub));
	}
}

/* CREATE TABLE ... (LIKE p [INCLUDING ...]): p's columns with their
 * types and NOT NULL; defaults, CHECKs and indexes (PRIMARY KEY and
 * UNIQUE ones as constraints, named as PostgreSQL names them) as the
 * options say (PostgreSQL's TableLikeOption bits). Foreign keys are never
 * copied. */
static void like_from(struct schema *s, struct schema_table *t, cJSON *like)
{
	enum { LIKE_CONSTRAINTS = 1 << 2, LIKE_DEFAULTS = 1 << 3, LIKE_INDEXES = 1 << 6 };
	cJSON *rv = pgq_get(like, "relation");
	const struct schema_table *p = schema_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"));
	if (!p) {
		uncertain(s, t, "LIKE of a table the model does not know");
		return;
	}
	long opts = pgq_int(like, "options", 0);
	for (size_t i = 0; i < p->n_cols; i++) {
		struct schema_column *c = add_col(s, t, p->cols[i].name);
		c->type = p->cols[i].type;
		c->nullable = p->cols[i].nullable;
		c->collation = p->cols[i].collation;
		c->default_sql = opts & LIKE_DEFAULTS ? p->cols[i].default_sql : NULL;
		c->generated = p->cols[i].generated; /* INCLUDING IDENTITY / GENERATED, or not: the safe side */
	}
	for (size_t i = 0; i < p->n_cons; i++) {
		const struct schema_constraint *k = &p->cons[i];
		bool idx = k->kind == SCON_PRIMARY_KEY || k->kind == SCON_UNIQUE || k->kind == SCON_EXCLUDE;
		if (!((k->kind == SCON_CHECK && (opts & LIKE_CONSTRAINTS)) || (idx && (opts & LIKE_INDEXES))))
			continue;
		struct schema_constraint *c = add_con(s, t, k->kind, k->kind == SCON_CHECK ? con_name(k) : NULL);
		const char *name = c->name;
		*c = *k;
		c->name = name;
		c->pg_name = NULL;
		/* own lists: a rename on the copy rewrites them in place */
		c->cols = copy_of(&s->arena, k->cols, k->n_cols, sizeof(*k->cols));
		if (k->expr_cols)
			c->expr_cols = copy_of(&s->arena, k->expr_cols, k->n_expr_cols, sizeof(*k->expr_cols));
		c->created_by = s->revision;
		name_con(s, t, c);
	}
	for (size_t i = 0; (opts & LIKE_INDEXES) && i < p->n_idx; i++) {
		const struct schema_index *x = &p->idx[i];
		const char *col = x->n_cols && schema_column(p, x->cols[0]) ? x->cols[0] : "expr";
		struct schema_index *y = add_idx(s, t, arena_printf(&s->arena, "%s_%s_idx", t->name, col));
		const char *name = y->name;
		*y = *x;
		y->name = name;
		y->cols = copy_of(&s->arena, x->cols, x->n_cols, sizeof(*x->cols));
		y->created_by = s->revision;
	}
}

/* CREATE TABLE ... AS SELECT: the columns of a query of one known table
 * that names its columns (or *): their types, all nullable; any other
 * query leaves the table uncertain. */
static void table_as(struct schema *s, cJSON *st)
{
	cJSON *rel = pgq_get(pgq_get(st, "into"), "rel"), *q;
	struct schema_table *t = new_table(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
	const char *qk = pgq_node(pgq_get(st, "query"), &q);
	cJSON *from = qk && !strcmp(qk, "SelectStmt") ? pgq_list(q, "fromClause") : NULL, *rv;
	const struct schema_table *p = pgq_len(from) == 1 && pgq_node(pgq_first(from), &rv) &&
					       !strcmp(pgq_node(pgq_first(from), &rv), "RangeVar")
					       ? schema_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"))
					       : NULL;
	if (!p || pgq_get(q, "groupClause") || pgq_get(q, "distinctClause")) {
		uncertain(s, t, "CREATE TABLE AS of a query the model does not read");
		return;
	}
	for (cJSON *el = pgq_first(pgq_list(q, "targetList")); el; el = el->next) {
		cJSON *rt, *cr;
		const char *vk = pgq_node(el, &rt) ? pgq_node(pgq_get(rt, "val"), &cr) : NULL;
		cJSON *fields = vk && !strcmp(vk, "ColumnRef") ? pgq_list(cr, "fields") : NULL;
		cJSON *last = fields ? pgq_at(fields, pgq_len(fields) - 1) : NULL, *star;
		if (last && pgq_node(last, &star) && !strcmp(pgq_node(last, &star), "A_Star")) {
			for (size_t i = 0; i < p->n_cols; i++) {
				struct schema_column *c = add_col(s, t, p->cols[i].name);
				c->type = p->cols[i].type;
				c->nullable = true;
				c->collation = p->cols[i].collation;
			}
			continue;
		}
		const struct schema_column *src = pgq_sval(last) ? schema_column(p, pgq_sval(last)) : NULL;
		if (!src) {
			uncertain(s, t, "CREATE TABLE AS of an expression the model does not read");
			return;
		}
		struct schema_column *c = add_col(s, t, pgq_str(rt, "name") ? pgq_str(rt, "name") : src->name);
		c->type = src->type;
		c->nullable = true;
		c->collation = src->collation;
	}
}

bool schema_bound_word(cJSON *e, const char *word)
{
	cJSON *inner;
	const char *k = pgq_node(e, &inner);
	cJSON *fields = k && !strcmp(k, "ColumnRef") ? pgq_list(inner, "fields") : NULL;
	const char *w = fields && pgq_len(fields) == 1 ? pgq_sval(pgq_at(fields, 0)) : NULL;
	return w && !strcmp(w, word);
}

/* One datum of a bound: its text (NULL and *null for NULL), false when it
 * is no constant the model can read. */
static bool bound_datum(struct schema *s, cJSON *e, const char **text, bool *is_int, bool *null)
{
	cJSON *in;
	const char *k = pgq_node(e, &in);
	*null = k && !strcmp(k, "A_Const") && cJSON_IsTrue(pgq_get(in, "isnull"));
	*text = NULL;
	return *null || schema_pg_const(e, s->src, &s->arena, text, is_int);
}

/* The bound (FOR VALUES ...) of a partition of parent, on parent's one
 * key column: kind 0 when the model cannot read it. */
static void read_bound(struct schema *s, struct schema_bound *b, const struct schema_table *parent, cJSON *bound)
{
	memset(b, 0, sizeof(*b));
	if (!bound)
		return;
	if (cJSON_IsTrue(pgq_get(bound, "is_default"))) {
		b->kind = 'd';
		return;
	}
	if (!parent || !parent->partition_key)
		return;
	cJSON *lo = pgq_list(bound, "lowerdatums"), *hi = pgq_list(bound, "upperdatums"), *li = pgq_list(bound, "listdatums");
	bool is_int = false, first = true, null;
	if (parent->partition_strategy == 'r' && pgq_len(lo) == 1 && pgq_len(hi) == 1) {
		cJSON *ends[2] = { pgq_at(lo, 0), pgq_at(hi, 0) };
		const char **to[2] = { &b->lo, &b->hi };
		for (int i = 0; i < 2; i++) {
			if (schema_bound_word(ends[i], i ? "maxvalue" : "minvalue"))
				continue;
			bool ii;
			if (!bound_datum(s, ends[i], to[i], &ii, &null) || null || (!first && ii != is_int))
				return;
			is_int = ii;
			first = false;
		}
		b->ints = is_int;
		b->kind = 'r';
	} else if (parent->partition_strategy == 'l' && pgq_len(li) > 0) {
		const char **vals = arena_alloc(&s->arena, pgq_len(li) * sizeof(*vals));
		size_t n = 0;
		for (cJSON *e = pgq_first(li); e; e = e->next) {
			bool ii;
			const char *v;
			if (!bound_datum(s, e, &v, &ii, &null))
				return;
			if (null) {
				b->nulls = true;
				continue;
			}
			if (!first && ii != is_int)
				return;
			is_int = ii;
			first = false;
			vals[n++] = v;
		}
		b->vals = vals;
		b->n_vals = n;
		b->ints = is_int;
		b->kind = 'l';
	}
}

/* The link of t to (schema, name), or NULL. */
static struct schema_parent *parent_link(struct schema_table *t, const char *schema, const char *name)
{
	for (size_t i = 0; name && i < t->n_parents; i++)
		if (!strcmp(t->parents[i].name, name) && schema_same_schema(t->parents[i].schema, schema))
			return &t->parents[i];
	return NULL;
}

/* CREATE TABLE ... INHERITS or PARTITION OF: the parents, and their
 * columns first (as the server merges them; NOT NULL is inherited,
 * defaults too). A partition's link says so: PostgreSQL recurses into
 * partitions further than into inheritance children. */
static void inherit_from(struct schema *s, struct schema_table *t, cJSON *parents, cJSON *bound)
{
	for (cJSON *el = pgq_first(parents); el; el = el->next) {
		cJSON *rv;
		if (!pgq_node(el, &rv))
			continue;
		set_parent(s, t, rv, true, bound != NULL);
		struct schema_table *p = schema_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"));
		struct schema_parent *link = bound ? parent_link(t, pgq_str(rv, "schemaname"), pgq_str(rv, "relname")) : NULL;
		if (link)
			read_bound(s, &link->bound, p, bound);
		if (!p) {
			uncertain(s, t, "a parent table the model does not know");
			continue;
		}
		for (size_t i = 0; i < p->n_cols; i++) {
			struct schema_column *c = add_col(s, t, p->cols[i].name);
			c->type = p->cols[i].type;
			c->nullable = p->cols[i].nullable;
			c->default_sql = p->cols[i].default_sql;
			c->generated = p->cols[i].generated;
			c->collation = p->cols[i].collation;
		}
	}
}

/* CREATE STATISTICS name ON ... FROM table: kept on the table (an unnamed
 * one gets a generated name, which a later statement cannot know either:
 * not kept). */
static void pg_create_stats(struct schema *s, cJSON *st)
{
	const char *ss, *sn;
	pgq_qualified(pgq_list(st, "defnames"), &ss, &sn);
	cJSON *rv = NULL;
	cJSON *rels = pgq_list(st, "relations");
	const char *rk = pgq_len(rels) == 1 ? pgq_node(pgq_at(rels, 0), &rv) : NULL;
	struct schema_table *t = rk && !strcmp(rk, "RangeVar")
					 ? schema_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"))
					 : NULL;
	if (!sn || !t || schema_stat_table(s, ss, sn, NULL))
		return;
	t->stats = arena_grow(&s->arena, t->stats, t->n_stats, t->n_stats + 1, sizeof(*t->stats));
	t->stats[t->n_stats++] = (struct schema_stat){ ss ? dup(s, ss) : NULL, dup(s, sn) };
}

static void do_block(struct schema *s, cJSON *st, unsigned line);

static void pg_stmt(struct schema *s, const struct pgq_stmt *ps, unsigned line)
{
	const char *k = ps->kind;
	cJSON *st = ps->node;
	struct schema_table *t;
	bool cascade = pgq_str(st, "behavior") && !strcmp(pgq_str(st, "behavior"), "DROP_CASCADE");
	if (!strcmp(k, "CreateStmt")) {
		cJSON *rel = pgq_get(st, "relation");
		t = new_table(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"));
		cJSON *bound = pgq_get(st, "partbound");
		inherit_from(s, t, pgq_list(st, "inhRelations"), bound);
		cJSON *spec = pgq_get(st, "partspec");
		t->partitioned = spec != NULL;
		if (spec) {
			const char *sg = pgq_str(spec, "strategy");
			t->partition_strategy = sg ? sg[0] : 0;
			cJSON *params = pgq_list(spec, "partParams"), *pe;
			if (pgq_len(params) == 1 && pgq_node(pgq_at(params, 0), &pe) && pgq_str(pe, "name"))
				t->partition_key = dup(s, pgq_str(pe, "name"));
		}
		t->default_partition = bound && cJSON_IsTrue(pgq_get(bound, "is_default"));
		t->unlogged = pgq_str(rel, "relpersistence") && !strcmp(pgq_str(rel, "relpersistence"), "u");
		cJSON *elts = pgq_list(st, "tableElts");
		for (cJSON *elts_el = pgq_first(elts); elts_el; elts_el = elts_el->next) {
			cJSON *inner;
			const char *ek = pgq_node(elts_el, &inner);
			if (ek && !strcmp(ek, "ColumnDef"))
				pg_column_def(s, t, inner);
			else if (ek && !strcmp(ek, "Constraint"))
				pg_constraint(s, t, inner, NULL);
			else if (ek && !strcmp(ek, "TableLikeClause"))
				like_from(s, t, inner);
		}
		/* NOT VALID in CREATE TABLE: a new table's rows are checked, so
		 * PostgreSQL marks the constraints valid */
		for (size_t i = 0; i < t->n_cons; i++)
			t->cons[i].not_valid = false;
	} else if (!strcmp(k, "AlterTableStmt")) {
		pg_alter_table(s, st, line);
	} else if (!strcmp(k, "ConstraintsSetStmt")) {
		constraints_set(s, st);
	} else if (!strcmp(k, "IndexStmt")) {
		if (!(t = pg_relation(s, pgq_get(st, "relation"), line)))
			return;
		struct schema_index *x = add_idx(s, t, pgq_str(st, "idxname"));
		x->cols = index_elems(s, pgq_list(st, "indexParams"), &x->n_cols);
		x->unique = cJSON_IsTrue(pgq_get(st, "unique"));
		if (pgq_get(st, "whereClause"))
			x->where = expr_over(s, pgq_get(st, "whereClause"));
		x->incl = index_elems(s, pgq_list(st, "indexIncludingParams"), &x->n_incl);
	} else if (!strcmp(k, "DropStmt")) {
		const char *rt = pgq_str(st, "removeType");
		cJSON *objs = pgq_list(st, "objects");
		for (cJSON *objs_el = pgq_first(objs); objs_el; objs_el = objs_el->next) {
			cJSON *inner;
			const char *ok = pgq_node(objs_el, &inner);
			const char *sch = NULL, *name = NULL;
			if (ok && !strcmp(ok, "List"))
				pgq_qualified(pgq_list(inner, "items"), &sch, &name);
			else if (ok && !strcmp(ok, "TypeName"))
				pgq_qualified(pgq_list(inner, "names"), &sch, &name);
			else if (ok && !strcmp(ok, "ObjectWithArgs") && rt &&
				 (!strcmp(rt, "OBJECT_FUNCTION") || !strcmp(rt, "OBJECT_PROCEDURE") ||
				  !strcmp(rt, "OBJECT_ROUTINE"))) {
				schema_func_drop(s, inner);
				if (cascade) {
					const char *fs, *fn;
					pgq_qualified(pgq_list(inner, "objname"), &fs, &fn);
					schema_triggers_drop_func(s, fs, fn);
				}
				continue;
			}
			if (ok && !strcmp(ok, "List") && rt && !strcmp(rt, "OBJECT_TRIGGER")) {
				schema_trigger_drop(s, pgq_list(inner, "items"));
				continue;
			}
			if (ok && !strcmp(ok, "List") && rt && !strcmp(rt, "OBJECT_RULE")) {
				/* [schema,] table, rule */
				cJSON *items = pgq_list(inner, "items");
				size_t n = (size_t)pgq_len(items);
				const char *part[3] = { NULL, NULL, NULL };
				size_t i = 0;
				for (cJSON *el = pgq_first(items); el && i < 3; el = el->next)
					part[i++] = pgq_sval(el);
				struct schema_table *rt_t =
					n == 2 ? schema_table(s, NULL, part[0]) : n == 3 ? schema_table(s, part[0], part[1]) : NULL;
				if (rt_t)
					rule_set(s, rt_t, part[n - 1], NULL, true);
				continue;
			}
			if (!name || !rt)
				continue;
			if (!strcmp(rt, "OBJECT_TABLE")) {
				if ((t = schema_table(s, sch, name)))
					t->dropped = true;
				if (cascade)
					schema_view_drop_dependents(s, sch, name, NULL);
			} else if (!strcmp(rt, "OBJECT_VIEW") || !strcmp(rt, "OBJECT_MATVIEW")) {
				if (schema_view_drop(s, sch, name) && cascade)
					schema_view_drop_dependents(s, sch, name, NULL);
			} else if (!strcmp(rt, "OBJECT_INDEX")) {
				struct schema_table *it = NULL;
				struct schema_index *x = schema_index(s, name, &it);
				if (x)
					*x = it->idx[--it->n_idx];
			} else if (!strcmp(rt, "OBJECT_TYPE")) {
				struct schema_enum *e = find_enum(s, sch, name);
				if (e)
					e->dropped = true;
			} else if (!strcmp(rt, "OBJECT_DOMAIN")) {
				schema_domain_drop(s, sch, name);
			} else if (!strcmp(rt, "OBJECT_STATISTIC_EXT")) {
				size_t at = 0;
				struct schema_table *stt = schema_stat_table(s, sch, name, &at);
				if (stt)
					stt->stats[at] = stt->stats[--stt->n_stats];
			} else {
				note(s, "revision %s line %u: DROP %s in op.execute not modelled", s->revision, line, rt);
			}
		}
	} else if (!strcmp(k, "CreateEnumStmt")) {
		const char *sch, *name;
		pgq_qualified(pgq_list(st, "typeName"), &sch, &name);
		if (!name)
			return;
		struct schema_enum *e = add_enum(s, sch, name);
		cJSON *vals = pgq_list(st, "vals");
		for (cJSON *vals_el = pgq_first(vals); vals_el; vals_el = vals_el->next)
			enum_value(s, e, pgq_sval(vals_el));
	} else if (!strcmp(k, "AlterEnumStmt")) {
		const char *sch, *name;
		pgq_qualified(pgq_list(st, "typeName"), &sch, &name);
		struct schema_enum *e = name ? find_enum(s, sch, name) : NULL;
		if (e && pgq_str(st, "newVal") && !pgq_str(st, "oldVal"))
			enum_value(s, e, pgq_str(st, "newVal"));
		else
			note(s, "revision %s line %u: ALTER TYPE in op.execute not modelled", s->revision, line);
	} else if (!strcmp(k, "RenameStmt")) {
		const char *rt = pgq_str(st, "renameType");
		const char *to = pgq_str(st, "newname");
		if (!rt || !to)
			return;
		cJSON *rel = pgq_get(st, "relation");
		const char *rsch = pgq_str(rel, "schemaname"), *rname = pgq_str(rel, "relname");
		if (!strcmp(rt, "OBJECT_STATISTIC_EXT")) {
			cJSON *ol = NULL;
			const char *os, *on;
			pgq_qualified(pgq_node(pgq_get(st, "object"), &ol) ? pgq_list(ol, "items") : NULL, &os, &on);
			size_t at = 0;
			struct schema_table *stt = schema_stat_table(s, os, on, &at);
			if (stt)
				stt->stats[at].name = dup(s, to);
			return;
		}
		if (!strcmp(rt, "OBJECT_TRIGGER")) {
			struct schema_table *tt = schema_table(s, rsch, rname);
			if (tt)
				schema_trigger_rename(s, tt, pgq_str(st, "subname"), to);
			return;
		}
		if (!strcmp(rt, "OBJECT_SEQUENCE")) {
			rename_sequence(s, rsch, rname, to);
			return;
		}
		if (!strcmp(rt, "OBJECT_RULE")) {
			struct schema_table *rt_t = schema_table(s, rsch, rname);
			if (rt_t)
				rule_set(s, rt_t, pgq_str(st, "subname"), to, false);
			return;
		}
		if (!strcmp(rt, "OBJECT_VIEW") || !strcmp(rt, "OBJECT_MATVIEW") ||
		    (!strcmp(rt, "OBJECT_TABLE") && !schema_table(s, rsch, rname) && schema_view(s, rsch, rname))) {
			/* ALTER TABLE renames a view too */
			if (!schema_view_rename(s, rsch, rname, rsch, to))
				note(s, "revision %s line %u: view %s to rename is not known", s->revision, line,
				     rname ? rname : "?");
		} else if (!strcmp(rt, "OBJECT_TABLE")) {
			if ((t = pg_relation(s, rel, line)))
				rename_table(s, t, to);
		} else if (!strcmp(rt, "OBJECT_TABCONSTRAINT")) {
			if ((t = pg_relation(s, pgq_get(st, "relation"), line)))
				rename_constraint(s, t, pgq_str(st, "subname"), to);
		} else if (!strcmp(rt, "OBJECT_SCHEMA")) {
			rename_schema(s, pgq_str(st, "subname"), to);
		} else if (!strcmp(rt, "OBJECT_TYPE")) {
			cJSON *obj;
			const char *ok = pgq_node(pgq_get(st, "object"), &obj);
			const char *sch = NULL, *name = NULL;
			if (ok && !strcmp(ok, "List"))
				pgq_qualified(pgq_list(obj, "items"), &sch, &name);
			if (name)
				rename_type(s, sch, name, to);
		} else if (!strcmp(rt, "OBJECT_COLUMN")) {
			if ((t = pg_relation(s, rel, line))) {
				rename_column(s, t, pgq_str(st, "subname"), to);
				if (cJSON_IsTrue(pgq_get(rel, "inh")))
					children_follow(s, t, pgq_str(st, "subname"), to, FOLLOW_RENAME, 0);
			}
		} else if (!strcmp(rt, "OBJECT_INDEX")) {
			struct schema_table *it = NULL;
			struct schema_index *x = schema_index(s, pgq_str(rel, "relname"), &it);
			if (x) {
				x->name = dup(s, to);
				name_push(s, &s->by_idx, x->name, it->pos);
			}
		} else {
			note(s, "revision %s line %u: RENAME %s in op.execute not modelled", s->revision, line, rt);
		}
	} else if (!strcmp(k, "CreateDomainStmt")) {
		schema_domain_define(s, st, pg_type_text(s, pgq_get(st, "typeName")), s->revision);
	} else if (!strcmp(k, "AlterDomainStmt")) {
		schema_domain_alter(s, st);
	} else if (!strcmp(k, "CreateFunctionStmt")) {
		schema_func_define(s, st, s->revision);
	} else if (!strcmp(k, "CreateTrigStmt")) {
		schema_trigger_define(s, st, s->revision);
	} else if (!strcmp(k, "DoStmt")) {
		do_block(s, st, line);
	} else if (!strcmp(k, "ViewStmt")) {
		cJSON *rel = pgq_get(st, "view");
		schema_view_define(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), false, pgq_get(st, "query"),
				   s->revision);
	} else if (!strcmp(k, "CreateTableAsStmt") && pgq_str(st, "objtype") &&
		   !strcmp(pgq_str(st, "objtype"), "OBJECT_TABLE")) {
		if (!cJSON_IsTrue(pgq_get(st, "if_not_exists")) ||
		    !schema_table(s, pgq_str(pgq_get(pgq_get(st, "into"), "rel"), "schemaname"),
				  pgq_str(pgq_get(pgq_get(st, "into"), "rel"), "relname")))
			table_as(s, st);
	} else if (!strcmp(k, "CreateTableAsStmt") && pgq_str(st, "objtype") &&
		   !strcmp(pgq_str(st, "objtype"), "OBJECT_MATVIEW")) {
		cJSON *rel = pgq_get(pgq_get(st, "into"), "rel");
		schema_view_define(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), true, pgq_get(st, "query"),
				   s->revision);
	} else if (!strcmp(k, "AlterObjectSchemaStmt") && pgq_str(st, "objectType") &&
		   (!strcmp(pgq_str(st, "objectType"), "OBJECT_VIEW") ||
		    !strcmp(pgq_str(st, "objectType"), "OBJECT_MATVIEW"))) {
		cJSON *rel = pgq_get(st, "relation");
		schema_view_rename(s, pgq_str(rel, "schemaname"), pgq_str(rel, "relname"), pgq_str(st, "newschema"),
				   pgq_str(rel, "relname"));
	} else if (!strcmp(k, "AlterObjectSchemaStmt") && pgq_str(st, "objectType") &&
		   !strcmp(pgq_str(st, "objectType"), "OBJECT_TABLE")) {
		if ((t = pg_relation(s, pgq_get(st, "relation"), line)))
			move_table(s, t, pgq_str(st, "newschema"));
	} else if (!strcmp(k, "CreateStatsStmt")) {
		pg_create_stats(s, st);
	} else if (!strcmp(k, "RuleStmt")) {
		/* the statements on the table are rewritten by it from now on */
		cJSON *rv = pgq_get(st, "relation");
		if ((t = schema_table(s, pgq_str(rv, "schemaname"), pgq_str(rv, "relname"))))
			rule_set(s, t, pgq_str(st, "rulename"), NULL, false);
	} else if (!strcmp(k, "InsertStmt") || !strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt") ||
		   !strcmp(k, "SelectStmt") || !strcmp(k, "TransactionStmt") || !strcmp(k, "VariableSetStmt") ||
		   !strcmp(k, "CommentStmt") || !strcmp(k, "GrantStmt") || !strcmp(k, "VacuumStmt") ||
		   !strcmp(k, "NotifyStmt")) {
		/* data, transactions, settings, comments, privileges: no change to
		 * what the model holds */
	} else {
		note(s, "revision %s line %u: %s in op.execute is not modelled", s->revision, line, k);
	}
}

/* A DO block: the statements its body surely runs, as if run alone;
 * the rest (under a condition, dynamic SQL) is a note. */
struct do_apply {
	struct schema *s;
	unsigned line;
	bool maybe;
};

static void do_sql(void *arg, const char *sql, bool sure)
{
	struct do_apply *d = arg;
	if (!sure) {
		d->maybe = true;
		return;
	}
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (pgq_parse(sql, &r, &err)) {
		const char *src = d->s->src;
		d->s->src = sql;
		for (size_t i = 0; i < r.n; i++)
			pg_stmt(d->s, &r.stmts[i], d->line);
		d->s->src = src;
		pgq_free(&r);
	}
	strbuf_release(&err);
}

static void do_block(struct schema *s, cJSON *st, unsigned line)
{
	const char *lang;
	const char *body = plpgsql_do_body(st, &lang);
	struct do_apply d = { s, line, false };
	struct plpgsql_walk w = { .on_sql = do_sql, .arg = &d };
	struct strbuf err = STRBUF_INIT;
	if (!lang || strcmp(lang, "plpgsql") != 0 || !plpgsql_walk(&s->arena, body, "void", &w, &err))
		note(s, "revision %s line %u: a DO block cupel cannot read", s->revision, line);
	else if (d.maybe || w.dynamic || w.unread)
		note(s, "revision %s line %u: a DO block's statements under a condition or dynamic SQL are not modelled",
		     s->revision, line);
	strbuf_release(&err);
}

void schema_apply_stmt(struct schema *s, const char *kind, struct cJSON *node, unsigned line, const char *rev)
{
	if (!s->revision || strcmp(s->revision, rev) != 0)
		s->revision = dup(s, rev);
	struct pgq_stmt ps = { kind, node, 0, 0 };
	pg_stmt(s, &ps, line);
}

static void apply_sql(struct schema *s, const struct op *o, unsigned line)
{
	s->src = o->sql;
	for (size_t i = 0; i < s->n_parsed; i++)
		if (s->parsed[i].op == o) {
			const struct pgq_result *t = s->parsed[i].tree;
			for (size_t k = 0; k < t->n; k++)
				pg_stmt(s, &t->stmts[k], line);
			s->src = NULL;
			return;
		}
	struct pgq_result r;
	struct strbuf err = STRBUF_INIT;
	if (!pgq_parse(o->sql, &r, &err)) {
		note(s, "revision %s line %u: op.execute SQL not understood: %s", s->revision, line, strbuf_str(&err));
		strbuf_release(&err);
		s->src = NULL;
		return;
	}
	for (size_t i = 0; i < r.n; i++)
		pg_stmt(s, &r.stmts[i], line);
	s->src = NULL;
	pgq_free(&r);
	strbuf_release(&err);
}

/* ---- replay ---- */

bool schema_replay(struct project *p, const char *target, enum dialect d, struct schema **out, struct strbuf *err)
{
	*out = NULL;
	struct plan plan;
	char *range = arena_printf(&p->arena, "base:%s", target);
	if (!plan_offline(p->graph, &p->arena, PLAN_UPGRADE, range, &plan, err))
		return false;
	struct schema *s = schema_new(d);
	struct arena scratch;
	arena_init(&scratch);
	for (size_t i = 0; i < plan.n; i++) {
		const struct plan_step *st = &plan.steps[i];
		struct op_list ops;
		struct diag_list diags;
		diag_list_init(&diags, &scratch);
		if (!sqlgen_step_ops(p, &scratch, &diags, st, d, true, &ops)) {
			s->revision = p->graph->revs[st->rev].id;
			note(s, "revision %s: the script could not be read", s->revision);
		} else {
			schema_apply(s, ops.v, ops.n, p->graph->revs[st->rev].id);
		}
		arena_reset(&scratch);
	}
	arena_free(&scratch);
	*out = s;
	return true;
}

bool schema_replay_at(struct project *p, size_t rev, bool including, enum dialect d, struct schema **out,
		      struct strbuf *err)
{
	*out = NULL;
	if (rev >= p->graph->n)
		return false;
	struct plan plan;
	char *range = arena_printf(&p->arena, "base:%s", p->graph->revs[rev].id);
	if (!plan_offline(p->graph, &p->arena, PLAN_UPGRADE, range, &plan, err))
		return false;
	struct schema *s = schema_new(d);
	struct arena scratch;
	arena_init(&scratch);
	for (size_t i = 0; i < plan.n; i++) {
		const struct plan_step *st = &plan.steps[i];
		if (st->rev == PLAN_NO_REV || (st->rev == rev && !including))
			continue;
		struct op_list ops;
		struct diag_list diags;
		diag_list_init(&diags, &scratch);
		if (sqlgen_step_ops(p, &scratch, &diags, st, d, true, &ops))
			schema_apply(s, ops.v, ops.n, p->graph->revs[st->rev].id);
		arena_reset(&scratch);
	}
	arena_free(&scratch);
	*out = s;
	return true;
}

static int table_cmp(const void *a, const void *b)
{
	const struct schema_table *x = *(struct schema_table *const *)a, *y = *(struct schema_table *const *)b;
	int c = strcmp(x->schema ? x->schema : "", y->schema ? y->schema : "");
	return c ? c : strcmp(x->name, y->name);
}

size_t schema_sorted_tables(const struct schema *s, struct schema_table ***out)
{
	struct schema_table **v = xcalloc(s->n_tables + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < s->n_tables; i++)
		if (!s->tables[i]->dropped)
			v[n++] = s->tables[i];
	qsort(v, n, sizeof(*v), table_cmp);
	*out = v;
	return n;
}

/* ---- text ---- */

static void list(struct strbuf *sb, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", v[i] ? v[i] : "?");
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines added to sb since `from`, sorted in place: comparisons that
 * must not depend on the order columns or constraints were added in. */
static void sort_lines_since(struct strbuf *sb, size_t from)
{
	if (sb->len <= from)
		return;
	char *text = xmalloc(sb->len - from + 1);
	memcpy(text, sb->buf + from, sb->len - from);
	text[sb->len - from] = 0;
	size_t n = 0, cap = 16;
	char **v = xcalloc(cap, sizeof(*v));
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n++] = l;
	}
	qsort(v, n, sizeof(*v), line_cmp);
	sb->len = from;
	sb->buf[from] = 0;
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(sb, v[i]);
		strbuf_addc(sb, '\n');
	}
	free(v);
	free(text);
}

void schema_format_text(struct strbuf *sb, const struct schema *s, unsigned flags)
{
	struct schema_table **v;
	size_t n = schema_sorted_tables(s, &v);
	bool origins = flags & SCHEMA_TEXT_ORIGINS;
	for (size_t i = 0; i < n; i++) {
		const struct schema_table *t = v[i];
		strbuf_addf(sb, "Table %s%s%s", t->schema ? t->schema : "", t->schema ? "." : "", t->name);
		if (origins)
			strbuf_addf(sb, " (created by %s)", t->created_by ? t->created_by : "?");
		strbuf_addc(sb, '\n');
		if (t->uncertain)
			strbuf_addf(sb, "  UNCERTAIN: %s\n", t->uncertain);
		size_t body = sb->len;
		size_t w = 6;
		for (size_t k = 0; k < t->n_cols; k++)
			if (strlen(t->cols[k].name) > w)
				w = strlen(t->cols[k].name);
		for (size_t k = 0; k < t->n_cols; k++) {
			const struct schema_column *c = &t->cols[k];
			strbuf_addf(sb, "  %-*s %-28s %-8s", (int)w, c->name, c->type ? c->type : "?",
				    c->nullable ? "" : "not null");
			if (c->default_sql)
				strbuf_addf(sb, " default %s", c->default_sql);
			while (sb->len && sb->buf[sb->len - 1] == ' ')
				sb->buf[--sb->len] = 0;
			strbuf_addc(sb, '\n');
		}
		for (size_t k = 0; k < t->n_cons; k++) {
			const struct schema_constraint *c = &t->cons[k];
			static const char *const kw[] = { "PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK", "EXCLUDE" };
			strbuf_addf(sb, "  constraint %s %s", c->name ? c->name : "(unnamed)", kw[c->kind]);
			if (c->n_cols || c->kind != SCON_CHECK) {
				strbuf_adds(sb, " (");
				list(sb, c->cols, c->n_cols);
				strbuf_addc(sb, ')');
			}
			if (c->kind == SCON_FOREIGN_KEY) {
				strbuf_addf(sb, " REFERENCES %s%s%s (", c->ref_schema ? c->ref_schema : "",
					    c->ref_schema ? "." : "", c->ref_table ? c->ref_table : "?");
				list(sb, c->ref_cols, c->n_ref_cols);
				strbuf_addc(sb, ')');
			}
			if (c->sqltext)
				strbuf_addf(sb, " %s", c->sqltext);
			strbuf_addc(sb, '\n');
		}
		for (size_t k = 0; k < t->n_idx; k++) {
			const struct schema_index *x = &t->idx[k];
			strbuf_addf(sb, "  index %s%s (", x->name ? x->name : "(unnamed)", x->unique ? " UNIQUE" : "");
			list(sb, x->cols, x->n_cols);
			strbuf_addc(sb, ')');
			if (x->where)
				strbuf_addf(sb, " WHERE %s", x->where);
			strbuf_addc(sb, '\n');
		}
		for (size_t k = 0; origins && k < t->n_trigs; k++) {
			const struct schema_trigger *g = &t->trigs[k];
			char ev[64];
			strbuf_addf(sb, "  trigger %s %s %s", g->name, schema_trigger_timing(g),
				    schema_trigger_events(g, ev, sizeof(ev)));
			if (g->n_cols) {
				strbuf_adds(sb, " OF ");
				list(sb, g->cols, g->n_cols);
			}
			strbuf_addf(sb, " FOR EACH %s%s EXECUTE FUNCTION %s%s%s()", g->row ? "ROW" : "STATEMENT",
				    g->has_when ? " WHEN (...)" : "", g->func_schema ? g->func_schema : "",
				    g->func_schema ? "." : "", g->func_name ? g->func_name : "?");
			if (strcmp(schema_trigger_state(g), "enabled") != 0)
				strbuf_addf(sb, " (%s)", schema_trigger_state(g));
			strbuf_addf(sb, " (created by %s)\n", g->created_by ? g->created_by : "?");
		}
		if (flags & SCHEMA_TEXT_SORTED)
			sort_lines_since(sb, body);
		strbuf_addc(sb, '\n');
	}
	free(v);
	for (size_t i = 0; i < s->n_enums; i++) {
		const struct schema_enum *e = s->enums[i];
		if (e->dropped)
			continue;
		strbuf_addf(sb, "Enum %s%s%s (", e->schema ? e->schema : "", e->schema ? "." : "", e->name);
		list(sb, e->values, e->n_values);
		strbuf_adds(sb, ")");
		if (origins)
			strbuf_addf(sb, " (created by %s)", e->created_by ? e->created_by : "?");
		strbuf_addc(sb, '\n');
	}
	for (size_t i = 0; i < s->n_views; i++) {
		const struct schema_view *w = s->views[i];
		if (w->dropped)
			continue;
		strbuf_addf(sb, "%s %s%s%s (reads ", w->materialized ? "Materialized view" : "View",
			    w->schema ? w->schema : "", w->schema ? "." : "", w->name);
		for (size_t k = 0; k < w->n_reads; k++)
			strbuf_addf(sb, "%s%s%s%s", k ? ", " : "", w->reads[k].schema ? w->reads[k].schema : "",
				    w->reads[k].schema ? "." : "", w->reads[k].name);
		strbuf_adds(sb, w->n_reads ? ")" : "nothing)");
		if (origins)
			strbuf_addf(sb, " (created by %s)", w->created_by ? w->created_by : "?");
		strbuf_addc(sb, '\n');
	}
	for (size_t i = 0; origins && i < s->n_notes; i++)
		strbuf_addf(sb, "note: %s\n", s->notes[i]);
}
