/* test_sqltypes.c - SQL type names, identifier quoting and string literals
 * against SQLAlchemy 1.4.46. The case tables come from
 * tests/sqlparity/types_oracle.py (sqltypes_cases.h); the few checks
 * written by hand below are about cupel's own API. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../lib/tap.h"
#include "cupel/dialect.h"
#include "cupel/sqlquote.h"
#include "cupel/sqltype.h"
#include "cupel/strbuf.h"

#include "sqltypes_cases.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const enum dialect dialects[2] = { DIALECT_POSTGRESQL, DIALECT_SQLITE };

/* "ok:TEXT" or "err:CLASS:MESSAGE", so one comparison shows everything */
static void describe(struct strbuf *sb, bool ok, const char *text, const char *exc)
{
	strbuf_reset(sb);
	if (ok)
		strbuf_addf(sb, "ok:%s", text);
	else
		strbuf_addf(sb, "err:%s:%s", exc ? exc : "(none)", text ? text : "(null)");
}

static void test_type_cases(void)
{
	struct strbuf out = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT, name = STRBUF_INIT;
	for (size_t i = 0; i < NELEM(type_cases); i++) {
		const struct type_case *c = &type_cases[i];
		for (int k = 0; k < 2; k++) {
			enum dialect d = dialects[k];
			const char *err = "unset", *exc = "unset";
			strbuf_reset(&out);
			strbuf_adds(&out, "col ");
			bool ok = sqltype_render_ex(&out, c->type, d, c->pct, &err, &exc);
			bool intact = ok ? strncmp(strbuf_str(&out), "col ", 4) == 0 && err == NULL && exc == NULL
					 : strcmp(strbuf_str(&out), "col ") == 0 && out.len == 4;
			describe(&got, ok, ok ? strbuf_str(&out) + 4 : err, exc);
			describe(&want, c->ok[k], c->text[k], c->exc[k]);
			strbuf_reset(&name);
			strbuf_addf(&name, "%s on %s%s", c->expr, dialect_name(d), c->pct ? " (pyformat)" : "");
			tap_is_str(strbuf_str(&got), strbuf_str(&want), strbuf_str(&name));
			if (!intact)
				tap_ok(0, "%s: out kept its prefix / error pointers reset", strbuf_str(&name));
			if (!c->pct) {
				/* the plain API: same text, no class */
				const char *err2 = "unset";
				strbuf_reset(&out);
				bool ok2 = sqltype_render(&out, c->type, d, &err2);
				if (ok2 != ok || (ok2 ? strcmp(strbuf_str(&out), strbuf_str(&got) + 3) != 0
						      : strcmp(err2, c->text[k]) != 0))
					tap_ok(0, "%s: sqltype_render agrees with sqltype_render_ex", strbuf_str(&name));
			}
		}
	}
	strbuf_release(&out);
	strbuf_release(&got);
	strbuf_release(&want);
	strbuf_release(&name);
}

static void test_ident_cases(void)
{
	struct strbuf out = STRBUF_INIT, name = STRBUF_INIT;
	int bad_needs = 0;
	for (size_t i = 0; i < NELEM(ident_cases); i++) {
		const struct ident_case *c = &ident_cases[i];
		const char *want[2][2] = { { c->pg, c->pg_pct }, { c->sl, c->sl_pct } };
		for (int k = 0; k < 2; k++) {
			for (int pct = 0; pct < 2; pct++) {
				strbuf_reset(&out);
				if (pct)
					sqlquote_ident_ex(&out, c->ident, dialects[k], true);
				else
					sqlquote_ident(&out, c->ident, dialects[k]);
				strbuf_reset(&name);
				strbuf_adds(&name, "quote '");
				for (const char *p = c->ident; *p; p++) {
					if ((unsigned char)*p < 0x20)
						strbuf_addf(&name, "\\x%02x", (unsigned)*p);
					else
						strbuf_addc(&name, *p);
				}
				strbuf_addf(&name, "' on %s%s", dialect_name(dialects[k]), pct ? " (pyformat)" : "");
				tap_is_str(strbuf_str(&out), want[k][pct], strbuf_str(&name));
			}
			if (sqlquote_needs_quotes(c->ident, dialects[k]) != (strcmp(want[k][0], c->ident) != 0)) {
				bad_needs++;
				printf("# sqlquote_needs_quotes wrong for '%s' on %s\n", c->ident,
				       dialect_name(dialects[k]));
			}
		}
	}
	tap_is_int(bad_needs, 0, "sqlquote_needs_quotes agrees with quote() on every identifier");
	strbuf_release(&out);
	strbuf_release(&name);
}

static void test_reserved(void)
{
	int n_pg = 0, n_sl = 0;
	for (size_t i = 0; i < NELEM(reserved_words); i++) {
		n_pg += sqlquote_needs_quotes(reserved_words[i], DIALECT_POSTGRESQL);
		n_sl += sqlquote_needs_quotes(reserved_words[i], DIALECT_SQLITE);
	}
	tap_is_int(n_pg, N_PG_RESERVED, "PostgreSQL reserved word count");
	tap_is_int(n_sl, N_SQLITE_RESERVED, "SQLite reserved word count");
	tap_ok(sqlquote_needs_quotes("user", DIALECT_POSTGRESQL) && !sqlquote_needs_quotes("user", DIALECT_SQLITE),
	       "user: reserved on PostgreSQL only");
	tap_ok(!sqlquote_needs_quotes("index", DIALECT_POSTGRESQL) && sqlquote_needs_quotes("index", DIALECT_SQLITE),
	       "index: reserved on SQLite only");
}

static void test_qual_cases(void)
{
	struct strbuf out = STRBUF_INIT, name = STRBUF_INIT;
	for (size_t i = 0; i < NELEM(qual_cases); i++) {
		const struct qual_case *c = &qual_cases[i];
		const char *want[2][2] = { { c->pg, c->pg_pct }, { c->sl, c->sl_pct } };
		for (int k = 0; k < 2; k++) {
			for (int pct = 0; pct < 2; pct++) {
				strbuf_reset(&out);
				if (pct)
					sqlquote_qualified_ex(&out, c->schema, c->name, dialects[k], true);
				else
					sqlquote_qualified(&out, c->schema, c->name, dialects[k]);
				strbuf_reset(&name);
				strbuf_addf(&name, "qualified %s.%s on %s%s", c->schema ? c->schema : "(none)", c->name,
					    dialect_name(dialects[k]), pct ? " (pyformat)" : "");
				tap_is_str(strbuf_str(&out), want[k][pct], strbuf_str(&name));
			}
		}
	}
	strbuf_release(&out);
	strbuf_release(&name);
}

static void test_lit_cases(void)
{
	struct strbuf out = STRBUF_INIT, name = STRBUF_INIT;
	for (size_t i = 0; i < NELEM(lit_cases); i++) {
		const struct lit_case *c = &lit_cases[i];
		const char *want[2][2] = { { c->pg, c->pg_pct }, { c->sl, c->sl_pct } };
		for (int k = 0; k < 2; k++) {
			for (int pct = 0; pct < 2; pct++) {
				strbuf_reset(&out);
				if (pct)
					sqlquote_string_ex(&out, c->s, dialects[k], true);
				else
					sqlquote_string(&out, c->s, dialects[k]);
				strbuf_reset(&name);
				strbuf_addf(&name, "literal #%zu on %s%s", i, dialect_name(dialects[k]),
					    pct ? " (pyformat)" : "");
				tap_is_str(strbuf_str(&out), want[k][pct], strbuf_str(&name));
			}
		}
	}
	strbuf_release(&out);
	strbuf_release(&name);
}

/* cupel's own API, not SQLAlchemy's behaviour */
static void test_api(void)
{
	struct strbuf out = STRBUF_INIT;

	/* SQLAlchemy raises IndexError on an empty name; cupel quotes it */
	tap_ok(sqlquote_needs_quotes("", DIALECT_POSTGRESQL) && sqlquote_needs_quotes("", DIALECT_SQLITE),
	       "empty identifier needs quotes");
	sqlquote_ident(&out, "", DIALECT_SQLITE);
	tap_is_str(strbuf_str(&out), "\"\"", "empty identifier renders as \"\"");

	tap_ok(sqlquote_doubles_percents("pyformat") && sqlquote_doubles_percents("format") &&
		       !sqlquote_doubles_percents("named") && !sqlquote_doubles_percents("qmark") &&
		       !sqlquote_doubles_percents("numeric") && !sqlquote_doubles_percents(NULL),
	       "sqlquote_doubles_percents");

#define X(k, nm) tap_is_str(sqltype_kind_name(SQLTYPE_##k), nm, "kind name " #k);
	SQLTYPE_KINDS(X)
#undef X

	struct sqltype t;
	sqltype_init(&t, SQLTYPE_NUMERIC);
	tap_ok(t.kind == SQLTYPE_NUMERIC && t.length == -1 && t.precision == -1 && t.scale == -1 &&
		       t.timezone == -1 && t.native_enum == -1 && t.create_constraint == -1 &&
		       t.create_type == -1 && t.dimensions == -1 && !t.labels && !t.collation && !t.fields &&
		       !t.interval_non_native,
	       "sqltype_init");
	strbuf_reset(&out);
	tap_ok(sqltype_render(&out, &t, DIALECT_POSTGRESQL, NULL), "error pointer may be NULL");
	tap_is_str(strbuf_str(&out), "NUMERIC", "Numeric() from sqltype_init");

	/* with_variant resolution */
	struct sqltype big, small, var, var2;
	sqltype_init(&big, SQLTYPE_BIGINT);
	sqltype_init(&small, SQLTYPE_SMALLINT);
	sqltype_init(&var, SQLTYPE_VARIANT);
	struct sqltype_variant vs[] = { { DIALECT_SQLITE, &small } };
	var.base = &big;
	var.variants = vs;
	var.n_variants = 1;
	tap_ok(sqltype_for(&var, DIALECT_SQLITE) == &small, "sqltype_for picks the dialect's variant");
	tap_ok(sqltype_for(&var, DIALECT_POSTGRESQL) == &big, "sqltype_for falls back to the base");
	tap_ok(sqltype_for(&big, DIALECT_SQLITE) == &big, "sqltype_for of a plain type is itself");
	tap_ok(sqltype_for(NULL, DIALECT_SQLITE) == NULL, "sqltype_for(NULL)");
	sqltype_init(&var2, SQLTYPE_VARIANT);
	struct sqltype_variant vs2[] = { { DIALECT_POSTGRESQL, &var } };
	var2.base = &small;
	var2.variants = vs2;
	var2.n_variants = 1;
	tap_ok(sqltype_for(&var2, DIALECT_POSTGRESQL) == &big, "a variant that is a variant resolves again");

	/* the error text lives past out's NUL and out is untouched */
	struct sqltype jsonb;
	sqltype_init(&jsonb, SQLTYPE_PG_JSONB);
	strbuf_reset(&out);
	strbuf_adds(&out, "ALTER TABLE t ADD COLUMN d ");
	const char *err = NULL, *exc = NULL;
	tap_ok(!sqltype_render_ex(&out, &jsonb, DIALECT_SQLITE, false, &err, &exc), "JSONB fails on SQLite");
	tap_is_str(strbuf_str(&out), "ALTER TABLE t ADD COLUMN d ", "out unchanged on failure");
	tap_is_str(err,
		   "Compiler <sqlalchemy.dialects.sqlite.base.SQLiteTypeCompiler object at " SQLTYPE_ADDR
		   "> can't render element of type JSONB",
		   "JSONB error text");
	tap_is_str(exc, "sqlalchemy.exc.UnsupportedCompilationError", "JSONB error class");
	tap_ok(err == out.buf + out.len + 1, "message parked after the NUL");

	/* missing ARRAY item / VARIANT base */
	struct sqltype arr;
	sqltype_init(&arr, SQLTYPE_PG_ARRAY);
	tap_ok(!sqltype_render_ex(&out, &arr, DIALECT_POSTGRESQL, false, &err, &exc) && exc == NULL,
	       "ARRAY without item: not modelled");
	struct sqltype nobase;
	sqltype_init(&nobase, SQLTYPE_VARIANT);
	tap_ok(!sqltype_render(&out, &nobase, DIALECT_SQLITE, &err), "VARIANT without base: not modelled");
	tap_is_str(err, "type not modelled by cupel (missing)", "missing type message");

	/* a long render appended to existing text */
	struct sqltype s;
	sqltype_init(&s, SQLTYPE_STRING);
	s.length = 123456789;
	strbuf_reset(&out);
	strbuf_adds(&out, "x ");
	tap_ok(sqltype_render(&out, &s, DIALECT_SQLITE, &err), "String(123456789)");
	tap_is_str(strbuf_str(&out), "x VARCHAR(123456789)", "render appends");
	strbuf_release(&out);
}

int main(void)
{
	test_type_cases();
	test_ident_cases();
	test_reserved();
	test_qual_cases();
	test_lit_cases();
	test_api();
	return tap_done();
}
