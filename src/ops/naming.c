/* naming.c - naming_convention templates applied to the operations of a
 * migration, token by token as SQLAlchemy 1.4's sql/naming.py expands them
 * (ConventionDict) and cut to the dialect's identifier length as its
 * compiler cuts a conv() name. */
#include <md5.h>
#include <stdio.h>
#include <string.h>

#include "cupel/naming.h"
#include "cupel/strbuf.h"

void naming_default(struct naming_convention *nc)
{
	memset(nc, 0, sizeof(*nc));
	nc->tpl[NAMING_IX] = "ix_%(column_0_label)s";
}

/* What one constraint or index offers the template's tokens. */
struct nobj {
	const char *schema, *table;
	const struct strvec *cols;     /* local columns, in order */
	const char *ref_table;         /* foreign keys */
	const struct strvec *ref_cols;
	bool is_fk;
	/* the referred table is in the MetaData the constraint is built on
	 * (create_foreign_key, or a key onto its own table): only then can
	 * SQLAlchemy read the referred column */
	bool ref_resolved;
};

struct nctx {
	struct arena *a;
	const struct naming_convention *nc;
	enum dialect d;
	const char *error; /* the first refusal met in the current op */
};

static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The byte offset of code point i of s. */
static size_t utf8_offset(const char *s, size_t i)
{
	size_t off = 0;
	for (; s[off]; off++)
		if (((unsigned char)s[off] & 0xC0) != 0x80 && i-- == 0)
			return off;
	return off;
}

/* A conv() name as the dialect's compiler renders it: PostgreSQL allows 63
 * characters, SQLite (SQLAlchemy's default) 9999. */
static const char *cut(struct nctx *x, const char *name)
{
	size_t max = x->d == DIALECT_POSTGRESQL ? 63 : 9999;
	if (!name || utf8_len(name) <= max)
		return name;
	char hex[MD5_DIGEST_STRING_LENGTH];
	MD5Data((const uint8_t *)name, strlen(name), hex);
	size_t keep = utf8_offset(name, max - 8);
	return arena_printf(x->a, "%.*s_%s", (int)keep, name, hex + strlen(hex) - 4);
}

/* One column token's value: attr is "name", "key" or "label". */
static void column_value(struct strbuf *sb, const struct nobj *o, const char *col, const char *attr)
{
	if (!strcmp(attr, "label") && o->table) {
		if (o->schema) {
			for (const char *p = o->schema; *p; p++)
				strbuf_addc(sb, *p == '.' ? '_' : *p);
			strbuf_addc(sb, '_');
		}
		strbuf_adds(sb, o->table);
		strbuf_addc(sb, '_');
	}
	strbuf_adds(sb, col);
}

/* column_<i>[N|_N]_<attr> and referred_column_...: false if key is not one. */
static bool column_token(struct strbuf *sb, const struct nobj *o, const char *key, const char **err)
{
	bool referred = !strncmp(key, "referred_column_", 16);
	const char *p = referred ? key + 16 : !strncmp(key, "column_", 7) ? key + 7 : NULL;
	if (!p || *p < '0' || *p > '9')
		return false;
	size_t idx = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		idx = idx * 10 + (size_t)(*p - '0');
	const char *sep = NULL;
	if (!strncmp(p, "_N_", 3)) {
		sep = "_";
		p += 2;
	} else if (!strncmp(p, "N_", 2)) {
		sep = "";
		p += 1;
	}
	if (*p != '_')
		return false;
	const char *attr = p + 1;
	if (strcmp(attr, "name") && strcmp(attr, "key") && strcmp(attr, "label"))
		return false;
	if (referred && strcmp(attr, "name")) {
		*err = key;
		return true;
	}
	const struct strvec *v = referred ? o->ref_cols : o->cols;
	if (referred && !o->is_fk) {
		*err = key;
		return true;
	}
	if (referred && !o->ref_resolved) {
		*err = "";
		return true;
	}
	size_t n = v ? v->n : 0;
	if (sep) {
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_adds(sb, sep);
			column_value(sb, o, v->v[i], referred ? "name" : attr);
		}
	} else if (idx < n) {
		column_value(sb, o, v->v[idx], referred ? "name" : attr);
	}
	return true;
}

/* The name SQLAlchemy gives a constraint or index of kind k named `given`
 * (NULL: unnamed; conv: written as op.f()). */
static const char *name_for(struct nctx *x, enum naming_kind k, const char *given, bool conv, const struct nobj *o)
{
	if (given && conv)
		return cut(x, given);
	const char *tpl = x->nc->tpl[k];
	if (!tpl || (given && !strstr(tpl, "constraint_name")))
		return given;
	struct strbuf sb = STRBUF_INIT;
	const char *bad = NULL;
	for (const char *p = tpl; *p && !bad; p++) {
		if (*p != '%') {
			strbuf_addc(&sb, *p);
			continue;
		}
		if (p[1] == '%') {
			strbuf_addc(&sb, '%');
			p++;
			continue;
		}
		const char *end = p[1] == '(' ? strstr(p, ")s") : NULL;
		if (!end) {
			bad = "a template that is not %(token)s";
			break;
		}
		char key[128];
		size_t kl = (size_t)(end - (p + 2));
		if (kl >= sizeof(key)) {
			bad = "a token too long";
			break;
		}
		memcpy(key, p + 2, kl);
		key[kl] = '\0';
		const char *kerr = NULL;
		if (!strcmp(key, "table_name")) {
			strbuf_adds(&sb, o->table ? o->table : "");
		} else if (!strcmp(key, "constraint_name")) {
			if (!given)
				bad = "Naming convention including %(constraint_name)s token requires that constraint is "
				      "explicitly named.";
			else
				strbuf_adds(&sb, given);
		} else if (!strcmp(key, "referred_table_name")) {
			if (!o->is_fk || !o->ref_table)
				bad = arena_printf(x->a, "naming_convention token %%(%s)s on a constraint that is not a "
							 "foreign key",
						   key);
			else
				strbuf_adds(&sb, o->ref_table);
		} else if (!column_token(&sb, o, key, &kerr) || kerr) {
			if (kerr && !*kerr)
				bad = arena_printf(x->a,
						   "NoReferencedTableError: Foreign key associated with column '%s.%s' could "
						   "not find table '%s' with which to generate a foreign key to target column "
						   "'%s' (naming_convention token %%(%s)s)",
						   o->table, o->cols && o->cols->n ? o->cols->v[0] : "", o->ref_table,
						   o->ref_cols && o->ref_cols->n ? o->ref_cols->v[0] : "", key);
			else
				bad = arena_printf(x->a, "KeyError: '%s' (naming_convention token)", kerr ? kerr : key);
		}
		p = end + 1;
	}
	const char *name = bad ? NULL : arena_strdup(x->a, strbuf_str(&sb));
	strbuf_release(&sb);
	if (bad) {
		if (!x->error)
			x->error = bad;
		return given;
	}
	return cut(x, name);
}

static enum naming_kind kind_of(enum op_constraint_kind k)
{
	switch (k) {
	case CON_PRIMARY_KEY:
		return NAMING_PK;
	case CON_UNIQUE:
		return NAMING_UQ;
	case CON_FOREIGN_KEY:
		return NAMING_FK;
	case CON_CHECK:
		return NAMING_CK;
	default:
		return NAMING_N;
	}
}

static void name_fk(struct nctx *x, const char *schema, const char *table, struct op_fk *fk, bool resolved)
{
	bool self = fk->ref_table && table && !strcmp(fk->ref_table, table) &&
		    (fk->ref_schema == NULL) == (schema == NULL) && (!schema || !strcmp(fk->ref_schema, schema));
	struct nobj o = { schema, table, &fk->cols, fk->ref_table, &fk->ref_cols, true, resolved || self };
	fk->name = name_for(x, NAMING_FK, fk->name, fk->name_conv, &o);
}

static void name_constraint(struct nctx *x, const char *schema, const char *table, struct op_constraint *k,
			    bool resolved)
{
	if (k->kind == CON_FOREIGN_KEY) {
		name_fk(x, schema, table, &k->fk, resolved);
		k->name = k->fk.name;
		return;
	}
	enum naming_kind nk = kind_of(k->kind);
	if (nk == NAMING_N)
		return;
	struct nobj o = { schema, table, &k->cols, NULL, NULL, false, false };
	k->name = name_for(x, nk, k->name, k->name_conv, &o);
}

/* An unnamed index where the convention has no "ix": SQLAlchemy's DDL
 * compiler takes the length of its None name. */
static void unnamed_index(struct nctx *x)
{
	if (!x->error)
		x->error = "TypeError: object of type 'NoneType' has no len() (an unnamed index, and env.py's "
			   "naming_convention has no \"ix\" template)";
}

static void name_index(struct nctx *x, struct op_index *ix)
{
	const char **v = arena_alloc(x->a, (ix->n_elems ? ix->n_elems : 1) * sizeof(*v));
	struct strvec cols = { v, 0 };
	for (size_t i = 0; i < ix->n_elems; i++)
		if (ix->elems[i].name)
			v[cols.n++] = ix->elems[i].name;
	struct nobj o = { ix->schema, ix->table, &cols, NULL, NULL, false, false };
	const char *given = ix->name_auto ? NULL : ix->name;
	if (!given && !x->nc->tpl[NAMING_IX]) {
		unnamed_index(x);
		return;
	}
	const char *nm = name_for(x, NAMING_IX, given, ix->name_conv, &o);
	if (nm || !ix->name_auto)
		ix->name = nm;
}

/* The constraints and index a Column brings to its table. */
static void name_column(struct nctx *x, const char *schema, const char *table, struct op_column *c)
{
	struct strvec one = { &c->name, 1 };
	struct nobj o = { schema, table, &one, NULL, NULL, false, false };
	for (size_t k = 0; k < c->n_fks; k++)
		name_fk(x, schema, table, &c->fks[k], false);
	if (c->index == 1 && !x->nc->tpl[NAMING_IX])
		unnamed_index(x);
	else if (c->index == 1)
		c->index_name = name_for(x, NAMING_IX, NULL, false, &o);
	else if (c->unique == 1)
		c->unique_name = name_for(x, NAMING_UQ, NULL, false, &o);
}

static void create_table(struct nctx *x, struct op *op)
{
	bool has_pk_item = false;
	for (size_t i = 0; i < op->n_constraints; i++) {
		has_pk_item = has_pk_item || op->constraints[i].kind == CON_PRIMARY_KEY;
		name_constraint(x, op->schema, op->table, &op->constraints[i], false);
	}
	if (!has_pk_item) {
		/* the implicit PRIMARY KEY of primary_key=True columns */
		const char **v = arena_alloc(x->a, (op->n_columns ? op->n_columns : 1) * sizeof(*v));
		struct strvec cols = { v, 0 };
		for (size_t i = 0; i < op->n_columns; i++)
			if (op->columns[i].primary_key)
				v[cols.n++] = op->columns[i].name;
		struct nobj o = { op->schema, op->table, &cols, NULL, NULL, false, false };
		if (cols.n)
			op->pk_name = name_for(x, NAMING_PK, NULL, false, &o);
	}
	for (size_t i = 0; i < op->n_columns; i++)
		name_column(x, op->schema, op->table, &op->columns[i]);
	for (size_t i = 0; i < op->n_indexes; i++) {
		op->indexes[i].table = op->indexes[i].table ? op->indexes[i].table : op->table;
		name_index(x, &op->indexes[i]);
	}
}

static void drop_constraint(struct nctx *x, struct op *op)
{
	static const struct {
		const char *type;
		enum naming_kind k;
	} types[] = { { "foreignkey", NAMING_FK }, { "primary", NAMING_PK }, { "unique", NAMING_UQ },
		      { "check", NAMING_CK } };
	enum naming_kind k = NAMING_N;
	for (size_t i = 0; op->constraint_type && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(op->constraint_type, types[i].type))
			k = types[i].k;
	if (k == NAMING_N)
		return;
	struct strvec none = { NULL, 0 };
	struct nobj o = { op->schema, op->table, &none, NULL, &none, k == NAMING_FK, true };
	op->constraint.name = name_for(x, k, op->constraint.name, op->constraint.name_conv, &o);
}

static void apply_one(struct nctx *x, struct op *op)
{
	x->error = NULL;
	switch (op->kind) {
	case OP_CREATE_TABLE:
		create_table(x, op);
		break;
	case OP_ADD_COLUMN:
		name_column(x, op->schema, op->table, &op->column);
		break;
	case OP_CREATE_UNIQUE:
	case OP_CREATE_PK:
	case OP_CREATE_CHECK:
	case OP_CREATE_FK:
		name_constraint(x, op->schema, op->table, &op->constraint, op->kind == OP_CREATE_FK);
		break;
	case OP_CREATE_INDEX:
	case OP_DROP_INDEX:
		name_index(x, &op->index);
		break;
	case OP_DROP_CONSTRAINT:
		drop_constraint(x, op);
		break;
	case OP_AUTOCOMMIT:
		for (size_t i = 0; i < op->n_children; i++)
			apply_one(x, &op->children[i]);
		break;
	default:
		break;
	}
	if (x->error && !op->refusal)
		op->refusal = x->error;
}

void naming_apply(struct arena *a, const struct naming_convention *nc, struct op_list *ops, enum dialect d)
{
	struct nctx x = { a, nc, d, NULL };
	for (size_t i = 0; i < ops->n; i++)
		apply_one(&x, &ops->v[i]);
}
