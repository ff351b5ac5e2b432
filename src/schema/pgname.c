/* pgname.c - the names PostgreSQL gives constraints created without one
 * (ChooseConstraintName and its helpers in PostgreSQL's sources, as
 * observed on PostgreSQL 15): <table>_pkey, <table>_<cols>_fkey / _key /
 * _excl, <table>_<col>_check or <table>_check, with a number after the
 * label when the plain name was taken. */
#include <stdio.h>
#include <string.h>

#include "cupel/arena.h"
#include "cupel/pgname.h"
#include "cupel/pgq.h"
#include "cupel/strbuf.h"

/* PostgreSQL's NAMEDATALEN: names are at most 63 bytes */
#define NAMEDATALEN 64

/* At most limit bytes of s, not cutting a UTF-8 character in two
 * (pg_mbcliplen). */
static size_t clip_utf8(const char *s, size_t limit)
{
	size_t n = strlen(s);
	if (n <= limit)
		return n;
	while (limit > 0 && ((unsigned char)s[limit] & 0xC0) == 0x80)
		limit--;
	return limit;
}

/* makeObjectName (indexcmds.c): name1_name2_label in 63 bytes, the longer
 * of the two names cut first; the label is never cut. */
static void object_name(char *out, size_t size, const char *name1, const char *name2, const char *label)
{
	size_t n1 = clip_utf8(name1, NAMEDATALEN - 1), n2 = name2 ? clip_utf8(name2, NAMEDATALEN - 1) : 0;
	size_t avail = NAMEDATALEN - 1 - (name2 ? 1 : 0) - strlen(label) - 1;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	n1 = clip_utf8(name1, n1);
	n2 = name2 ? clip_utf8(name2, n2) : 0;
	snprintf(out, size, "%.*s%s%.*s_%s", (int)n1, name1, name2 ? "_" : "", (int)n2, name2 ? name2 : "", label);
}

/* ChooseForeignKeyConstraintNameAddition / ChooseIndexNameAddition: the
 * columns joined by '_', stopping once NAMEDATALEN bytes are reached. */
static void cols_addition(char *out, size_t size, const char *const *cols, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	for (size_t i = 0; i < n && len < NAMEDATALEN && len + 1 < size; i++) {
		if (len)
			out[len++] = '_';
		int w = snprintf(out + len, size - len, "%.*s", NAMEDATALEN - 1, cols[i]);
		len += w > 0 ? (size_t)w : 0;
		if (len >= size)
			len = size - 1;
	}
	out[len] = 0;
}

/* Is name what ChooseConstraintName / ChooseRelationName make of name1,
 * name2 and label, with a number after the label when the name was taken
 * (at most passes times)? */
static bool generated(const char *name, const char *name1, const char *name2, const char *label, size_t passes)
{
	char want[NAMEDATALEN * 2], lab[NAMEDATALEN];
	for (size_t pass = 0; pass <= passes; pass++) {
		if (pass)
			snprintf(lab, sizeof(lab), "%s%zu", label, pass);
		else
			snprintf(lab, sizeof(lab), "%s", label);
		object_name(want, sizeof(want), name1, name2, lab);
		if (!strcmp(want, name))
			return true;
	}
	return false;
}

/* The distinct columns a CHECK's text names: 0, 1, 2 (two or more), or
 * -1 when it cannot be read; *col is the one. */
static void column_refs(cJSON *n, const char **col, int *count)
{
	if (*count > 1 || !n)
		return;
	cJSON *cr = pgq_get(n, "ColumnRef");
	if (cr) {
		cJSON *fields = pgq_list(cr, "fields");
		size_t nf = pgq_len(fields);
		const char *c = nf ? pgq_sval(pgq_at(fields, nf - 1)) : NULL;
		if (c && (!*col || strcmp(*col, c) != 0)) {
			(*count)++;
			*col = c;
		}
		return;
	}
	for (cJSON *m = n->child; m; m = m->next)
		column_refs(m, col, count);
}

/* Is name PostgreSQL's for the unnamed CHECK k on table? Its column is the
 * only one its expression uses (checked against a parse), else none. */
static bool check_name(const char *name, const char *table, const struct schema_table *t,
		       const struct schema_constraint *k, size_t passes)
{
	struct pgq_result r = { NULL, NULL, 0 };
	struct strbuf sql = STRBUF_INIT, err = STRBUF_INIT;
	bool parsed = false, found = false;
	if (k->sqltext && strcmp(k->sqltext, "(expression)") != 0) {
		strbuf_addf(&sql, "SELECT (%s)", k->sqltext);
		parsed = pgq_parse(strbuf_str(&sql), &r, &err) && r.n == 1;
	}
	if (parsed) {
		const char *col = NULL;
		int count = 0;
		column_refs(r.stmts[0].node, &col, &count);
		found = generated(name, table, count == 1 ? col : NULL, "check", passes);
	} else {
		/* the text is not known: any column of the table, or none */
		found = generated(name, table, NULL, "check", passes);
		for (size_t i = 0; !found && i < t->n_cols; i++)
			found = generated(name, table, t->cols[i].name, "check", passes);
	}
	if (r.root)
		pgq_free(&r);
	strbuf_release(&sql);
	strbuf_release(&err);
	return found;
}

/* Alembic's type_ onto the model's kinds (NULL: any kind). */
static bool kind_wanted(const char *type, enum schema_con_kind k)
{
	if (!type)
		return true;
	static const struct {
		const char *type;
		enum schema_con_kind kind;
	} types[] = { { "primary", SCON_PRIMARY_KEY },
		      { "foreignkey", SCON_FOREIGN_KEY },
		      { "unique", SCON_UNIQUE },
		      { "check", SCON_CHECK } };
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(type, types[i].type))
			return types[i].kind == k;
	return true;
}

const struct schema_constraint *pgname_constraint(const struct schema_table *t, const char *name, const char *type)
{
	size_t cons = t->n_cons, rels = t->n_cons + t->n_idx;
	char add[NAMEDATALEN * 3];
	for (size_t i = 0; i < t->n_cons; i++) {
		const struct schema_constraint *k = &t->cons[i];
		if (k->name || !kind_wanted(type, k->kind))
			continue;
		if (k->pg_name) {
			/* named when made: exact, whatever was renamed since */
			if (!strcmp(k->pg_name, name))
				return k;
			continue;
		}
		cols_addition(add, sizeof(add), k->cols, k->n_cols);
		bool found = false;
		switch (k->kind) {
		case SCON_PRIMARY_KEY:
			found = generated(name, t->name, NULL, "pkey", rels);
			break;
		case SCON_UNIQUE:
			found = generated(name, t->name, add, "key", rels);
			break;
		case SCON_FOREIGN_KEY:
			found = generated(name, t->name, add, "fkey", cons);
			break;
		case SCON_EXCLUDE:
			/* the model may not know its columns: the table's prefix */
			found = k->n_cols ? generated(name, t->name, add, "excl", rels)
					  : !strncmp(name, t->name, strlen(t->name)) && strstr(name, "_excl");
			break;
		case SCON_CHECK:
			found = check_name(name, t->name, t, k, cons);
			break;
		}
		if (found)
			return k;
	}
	return NULL;
}


const char *pgname_choose(struct arena *a, const struct schema_table *t, const struct schema_constraint *k,
			  bool (*taken)(const char *name, void *arg), void *arg)
{
	const char *label = k->kind == SCON_PRIMARY_KEY ? "pkey"
			    : k->kind == SCON_UNIQUE    ? "key"
			    : k->kind == SCON_FOREIGN_KEY ? "fkey"
							  : NULL;
	if (!label || !t->name || (k->kind != SCON_PRIMARY_KEY && !k->n_cols))
		return NULL;
	char add[NAMEDATALEN * 3], want[NAMEDATALEN * 2], lab[NAMEDATALEN];
	cols_addition(add, sizeof(add), k->cols, k->n_cols);
	for (unsigned pass = 0; pass < 1000; pass++) {
		if (pass)
			snprintf(lab, sizeof(lab), "%s%u", label, pass);
		else
			snprintf(lab, sizeof(lab), "%s", label);
		object_name(want, sizeof(want), t->name, k->kind == SCON_PRIMARY_KEY ? NULL : add, lab);
		if (!taken(want, arg))
			return arena_strdup(a, want);
	}
	return NULL;
}

bool pgname_serial_sequence(const char *seq, const char *table, const char *col)
{
	/* ChooseRelationName of transformColumnDefinition's serial sequence */
	return seq && table && col && generated(seq, table, col, "seq", 9);
}
