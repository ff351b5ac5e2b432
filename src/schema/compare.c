/* compare.c - the differences between two schemas, object by object: what
 * a downgrade replayed after its upgrade leaves different. */
#include <ctype.h>
#include <string.h>

#include "cupel/schema.h"
#include "cupel/strbuf.h"

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return false;
	return true;
}

static const char *const con_kw[] = { "PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK", "EXCLUDE" };

static void add_list(struct strbuf *sb, const char *const *v, size_t n)
{
	strbuf_adds(sb, "(");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", v[i] ? v[i] : "?");
	strbuf_adds(sb, ")");
}

static void con_label(struct strbuf *sb, const struct schema_constraint *k)
{
	if (k->name) {
		strbuf_adds(sb, k->name);
		return;
	}
	strbuf_addf(sb, "unnamed %s ", con_kw[k->kind]);
	if (k->kind == SCON_CHECK && k->sqltext)
		strbuf_addf(sb, "(%s)", k->sqltext);
	else
		add_list(sb, k->cols, k->n_cols);
}

static void idx_label(struct strbuf *sb, const struct schema_index *x)
{
	if (x->name) {
		strbuf_adds(sb, x->name);
		return;
	}
	strbuf_adds(sb, "unnamed index ");
	add_list(sb, x->cols, x->n_cols);
}

/* Named: the same name; unnamed: the same kind and columns. */
static bool con_key_eq(const struct schema_constraint *a, const struct schema_constraint *b)
{
	if (a->name || b->name)
		return same_str(a->name, b->name);
	return a->kind == b->kind && same_list(a->cols, a->n_cols, b->cols, b->n_cols) &&
	       (a->kind != SCON_CHECK || same_str(a->sqltext, b->sqltext));
}

/* Two CHECK conditions, blanks aside; one read from SQL is not known
 * ("(expression)") and matches any. */
static bool same_check(const char *a, const char *b)
{
	if (!a || !b || !strcmp(a, "(expression)") || !strcmp(b, "(expression)"))
		return true;
	for (;;) {
		while (isspace((unsigned char)*a))
			a++;
		while (isspace((unsigned char)*b))
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

static bool con_def_eq(const struct schema_constraint *a, const struct schema_constraint *b)
{
	return a->kind == b->kind && same_list(a->cols, a->n_cols, b->cols, b->n_cols) &&
	       same_str(a->ref_table, b->ref_table) && same_list(a->ref_cols, a->n_ref_cols, b->ref_cols, b->n_ref_cols) &&
	       same_str(a->ondelete, b->ondelete) && same_str(a->onupdate, b->onupdate) &&
	       (a->kind != SCON_CHECK || same_check(a->sqltext, b->sqltext));
}

/* What differs between two definitions of one constraint, for the
 * message. */
static void con_what(struct strbuf *sb, const struct schema_constraint *a, const struct schema_constraint *b)
{
	if (!same_str(a->ondelete, b->ondelete))
		strbuf_addf(sb, "ON DELETE %s, was %s", b->ondelete ? b->ondelete : "NO ACTION",
			    a->ondelete ? a->ondelete : "NO ACTION");
	else if (!same_str(a->onupdate, b->onupdate))
		strbuf_addf(sb, "ON UPDATE %s, was %s", b->onupdate ? b->onupdate : "NO ACTION",
			    a->onupdate ? a->onupdate : "NO ACTION");
	else if (a->kind == SCON_CHECK && !same_check(a->sqltext, b->sqltext))
		strbuf_addf(sb, "condition (%s), was (%s)", b->sqltext, a->sqltext);
	else
		strbuf_adds(sb, "its definition differs");
}

static bool idx_key_eq(const struct schema_index *a, const struct schema_index *b)
{
	if (a->name || b->name)
		return same_str(a->name, b->name);
	return same_list(a->cols, a->n_cols, b->cols, b->n_cols);
}

static bool idx_def_eq(const struct schema_index *a, const struct schema_index *b)
{
	return a->unique == b->unique && same_list(a->cols, a->n_cols, b->cols, b->n_cols) && same_str(a->where, b->where);
}

struct cmp {
	schema_diff_fn fn;
	void *arg;
	size_t n;
};

static void emit(struct cmp *c, enum schema_obj obj, enum schema_change ch, const struct schema_table *t,
		 const char *name, const char *label, const char *what)
{
	struct schema_diff d = { obj, ch, t ? t->schema : NULL, t ? t->name : NULL, name, label ? label : name, what };
	c->n++;
	if (c->fn)
		c->fn(&d, c->arg);
}

static void col_what(struct strbuf *sb, const struct schema_column *a, const struct schema_column *b)
{
	if (!same_str(a->type, b->type))
		strbuf_addf(sb, "type %s, was %s", b->type ? b->type : "?", a->type ? a->type : "?");
	if (a->nullable != b->nullable)
		strbuf_addf(sb, "%s%s, was %s", sb->len ? "; " : "", b->nullable ? "nullable" : "NOT NULL",
			    a->nullable ? "nullable" : "NOT NULL");
	if (!same_str(a->default_sql, b->default_sql))
		strbuf_addf(sb, "%sdefault %s, was %s", sb->len ? "; " : "", b->default_sql ? b->default_sql : "none",
			    a->default_sql ? a->default_sql : "none");
}

static void tables(struct cmp *c, const struct schema_table *ta, const struct schema_table *tb)
{
	struct strbuf sb = STRBUF_INIT;
	/* columns */
	for (size_t i = 0; i < ta->n_cols; i++) {
		const struct schema_column *x = &ta->cols[i], *y = schema_column(tb, x->name);
		if (!y) {
			emit(c, SCHEMA_OBJ_COLUMN, SCHEMA_ONLY_A, ta, x->name, NULL, NULL);
			continue;
		}
		strbuf_reset(&sb);
		col_what(&sb, x, y);
		if (sb.len)
			emit(c, SCHEMA_OBJ_COLUMN, SCHEMA_DIFFERS, ta, x->name, NULL, strbuf_str(&sb));
	}
	for (size_t i = 0; i < tb->n_cols; i++)
		if (!schema_column(ta, tb->cols[i].name))
			emit(c, SCHEMA_OBJ_COLUMN, SCHEMA_ONLY_B, tb, tb->cols[i].name, NULL, NULL);
	/* constraints */
	for (int side = 0; side < 2; side++) {
		const struct schema_table *p = side ? tb : ta, *q = side ? ta : tb;
		for (size_t i = 0; i < p->n_cons; i++) {
			const struct schema_constraint *x = &p->cons[i], *y = NULL;
			for (size_t k = 0; !y && k < q->n_cons; k++)
				if (con_key_eq(x, &q->cons[k]))
					y = &q->cons[k];
			strbuf_reset(&sb);
			con_label(&sb, x);
			if (!y)
				emit(c, SCHEMA_OBJ_CONSTRAINT, side ? SCHEMA_ONLY_B : SCHEMA_ONLY_A, p, x->name, strbuf_str(&sb),
				     NULL);
			else if (!side && !con_def_eq(x, y)) {
				struct strbuf what = STRBUF_INIT;
				con_what(&what, x, y);
				emit(c, SCHEMA_OBJ_CONSTRAINT, SCHEMA_DIFFERS, p, x->name, strbuf_str(&sb),
				     strbuf_str(&what));
				strbuf_release(&what);
			}
		}
	}
	/* indexes */
	for (int side = 0; side < 2; side++) {
		const struct schema_table *p = side ? tb : ta, *q = side ? ta : tb;
		for (size_t i = 0; i < p->n_idx; i++) {
			const struct schema_index *x = &p->idx[i], *y = NULL;
			for (size_t k = 0; !y && k < q->n_idx; k++)
				if (idx_key_eq(x, &q->idx[k]))
					y = &q->idx[k];
			strbuf_reset(&sb);
			idx_label(&sb, x);
			if (!y)
				emit(c, SCHEMA_OBJ_INDEX, side ? SCHEMA_ONLY_B : SCHEMA_ONLY_A, p, x->name, strbuf_str(&sb), NULL);
			else if (!side && !idx_def_eq(x, y))
				emit(c, SCHEMA_OBJ_INDEX, SCHEMA_DIFFERS, p, x->name, strbuf_str(&sb), "its definition differs");
		}
	}
	strbuf_release(&sb);
}

/* at: where it probably is (two copies of one schema keep the order) */
static const struct schema_enum *live_enum(const struct schema *s, size_t at, const char *schema, const char *name)
{
	if (at < s->n_enums) {
		const struct schema_enum *e = s->enums[at];
		if (!e->dropped && !strcmp(e->name, name) && same_str(e->schema, schema))
			return e;
	}
	for (size_t i = 0; i < s->n_enums; i++) {
		const struct schema_enum *e = s->enums[i];
		if (!e->dropped && !strcmp(e->name, name) && same_str(e->schema, schema))
			return e;
	}
	return NULL;
}

size_t schema_compare(const struct schema *a, const struct schema *b, schema_diff_fn fn, void *arg)
{
	struct cmp c = { fn, arg, 0 };
	for (size_t i = 0; i < a->n_tables; i++) {
		const struct schema_table *ta = a->tables[i];
		if (ta->dropped)
			continue;
		const struct schema_table *tb = schema_table(b, ta->schema, ta->name);
		if (!tb)
			emit(&c, SCHEMA_OBJ_TABLE, SCHEMA_ONLY_A, ta, ta->name, NULL, NULL);
		else
			tables(&c, ta, tb);
	}
	for (size_t i = 0; i < b->n_tables; i++) {
		const struct schema_table *tb = b->tables[i];
		if (!tb->dropped && !schema_table(a, tb->schema, tb->name))
			emit(&c, SCHEMA_OBJ_TABLE, SCHEMA_ONLY_B, tb, tb->name, NULL, NULL);
	}
	struct strbuf sb = STRBUF_INIT;
	for (int side = 0; side < 2; side++) {
		const struct schema *p = side ? b : a, *q = side ? a : b;
		for (size_t i = 0; i < p->n_enums; i++) {
			const struct schema_enum *x = p->enums[i];
			if (x->dropped)
				continue;
			const struct schema_enum *y = live_enum(q, i, x->schema, x->name);
			if (!y) {
				emit(&c, SCHEMA_OBJ_ENUM, side ? SCHEMA_ONLY_B : SCHEMA_ONLY_A, NULL, x->name, NULL, NULL);
			} else if (!side && !same_list(x->values, x->n_values, y->values, y->n_values)) {
				strbuf_reset(&sb);
				strbuf_adds(&sb, "values ");
				add_list(&sb, y->values, y->n_values);
				strbuf_adds(&sb, ", were ");
				add_list(&sb, x->values, x->n_values);
				emit(&c, SCHEMA_OBJ_ENUM, SCHEMA_DIFFERS, NULL, x->name, NULL, strbuf_str(&sb));
			}
		}
	}
	strbuf_release(&sb);
	return c.n;
}
