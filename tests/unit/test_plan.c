/* test_plan.c - upgrade/downgrade/stamp plans on a small history, with the
 * expectations taken from Alembic 1.8.1 runs (tests/interop/alembic_canon.py
 * `upgrade|downgrade|stamp RANGE --sql`, its SQL reduced to one line per
 * "-- Running" comment and per version-table statement):
 *   xxxx -> aaaa, xxxx -> bbbb, mmmm = merge(aaaa, bbbb);
 *   mmmm -> cccc (label lc) -> eeee;  mmmm -> dddd
 *   yyyy -> pppp, yyyy -> qqqq -> rrrr (depends_on pppp), ssss = merge(pppp, rrrr)
 * "CRASH" marks what Alembic fails on with a traceback (cupel: an error). */
#include <string.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../lib/tap.h"
#include "cupel/envpy.h"
#include "cupel/offline.h"
#include "cupel/plan.h"

static struct strlist mklist(struct arena *a, const char *csv)
{
	struct strlist l = { arena_alloc(a, 4 * sizeof(char *)), 0 };
	while (csv && *csv) {
		const char *e = strchr(csv, ',');
		size_t n = e ? (size_t)(e - csv) : strlen(csv);
		l.items[l.n++] = arena_strndup(a, csv, n);
		csv = e ? e + 1 : NULL;
	}
	return l;
}

static struct script *mk(struct arena *a, const char *id, const char *down, const char *deps,
			 const char *labels)
{
	struct script *s = arena_alloc(a, sizeof(*s));
	s->revision = id;
	s->path = arena_printf(a, "/p/versions/%s.py", id);
	s->filename = s->path + 12;
	s->down = mklist(a, down);
	s->labels = mklist(a, labels);
	s->depends = mklist(a, deps);
	s->longdoc = id;
	s->doc = id;
	return s;
}

/* The plan in the notation of the expectations. */
static const char *dump(struct arena *a, const struct plan *p)
{
	static const char *const names[] = { "upgrade", "downgrade", "stamp_revision" };
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_step *s = &p->steps[i];
		if (s->create_version_table)
			strbuf_adds(&sb, "create\n");
		strbuf_addf(&sb, "%s %s -> %s\n", names[s->dir], s->from_text, s->to_text);
		for (size_t k = 0; k < s->n_vt; k++) {
			const struct vt_change *c = &s->vt[k];
			if (c->kind == VT_INSERT)
				strbuf_addf(&sb, " +%s\n", c->to);
			else if (c->kind == VT_DELETE)
				strbuf_addf(&sb, " -%s\n", c->from);
			else
				strbuf_addf(&sb, " %s>%s\n", c->from, c->to);
		}
	}
	if (p->drop_version_table)
		strbuf_adds(&sb, "drop\n");
	if (sb.len)
		sb.buf[--sb.len] = '\0';
	const char *r = arena_strdup(a, strbuf_str(&sb));
	strbuf_release(&sb);
	return r;
}

struct tcase {
	enum plan_dir dir;
	const char *range, *want;
};

static const struct tcase cases[] = {
	{ PLAN_UPGRADE, "base:ssss", "create\nupgrade  -> yyyy\n +yyyy\nupgrade yyyy -> pppp\n yyyy>pppp\nupgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\nupgrade pppp, rrrr -> ssss\n rrrr>ssss" },
	{ PLAN_UPGRADE, "xxxx:mmmm", "upgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm" },
	{ PLAN_UPGRADE, "qqqq:mmmm", "upgrade  -> xxxx\n +xxxx\nupgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm" },
	{ PLAN_UPGRADE, "+5", "ERR Ambiguous walk" },
	{ PLAN_UPGRADE, "xxxx:base", "" },
	{ PLAN_UPGRADE, "base:base", "drop" },
	{ PLAN_UPGRADE, "yyyy:ssss", "upgrade yyyy -> pppp\n yyyy>pppp\nupgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\nupgrade pppp, rrrr -> ssss\n rrrr>ssss" },
	{ PLAN_UPGRADE, "pppp:ssss", "upgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\nupgrade pppp, rrrr -> ssss\n rrrr>ssss" },
	{ PLAN_UPGRADE, "mmmm:ssss", "upgrade  -> yyyy\n +yyyy\nupgrade yyyy -> pppp\n yyyy>pppp\nupgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\nupgrade pppp, rrrr -> ssss\n rrrr>ssss" },
	{ PLAN_UPGRADE, "xxxx:aaaa+1", "upgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm" },
	{ PLAN_UPGRADE, "aaaa:-1", "ERR Relative revision -1 didn't produce 1 migrations" },
	{ PLAN_UPGRADE, "base:lc@head", "create\nupgrade  -> xxxx\n +xxxx\nupgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm\nupgrade mmmm -> cccc\n mmmm>cccc\nupgrade cccc -> eeee\n cccc>eeee" },
	{ PLAN_UPGRADE, "mmmm:lc@+1", "upgrade mmmm -> cccc\n mmmm>cccc" },
	{ PLAN_UPGRADE, "mmmm:+1", "ERR Ambiguous walk" },
	{ PLAN_UPGRADE, "base:eeee", "create\nupgrade  -> xxxx\n +xxxx\nupgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm\nupgrade mmmm -> cccc\n mmmm>cccc\nupgrade cccc -> eeee\n cccc>eeee" },
	{ PLAN_UPGRADE, "xxxx:dddd", "upgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm\nupgrade mmmm -> dddd\n mmmm>dddd" },
	{ PLAN_UPGRADE, "aaaa:mmmm", "upgrade xxxx -> bbbb\n +bbbb\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm" },
	{ PLAN_UPGRADE, "eeee:ssss", "upgrade  -> yyyy\n +yyyy\nupgrade yyyy -> pppp\n yyyy>pppp\nupgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\nupgrade pppp, rrrr -> ssss\n rrrr>ssss" },
	{ PLAN_UPGRADE, "base:heads", "create\nupgrade  -> yyyy\n +yyyy\nupgrade  -> xxxx\n +xxxx\nupgrade yyyy -> pppp\n yyyy>pppp\nupgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\nupgrade pppp, rrrr -> ssss\n rrrr>ssss\nupgrade xxxx -> bbbb\n xxxx>bbbb\nupgrade xxxx -> aaaa\n +aaaa\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm\nupgrade mmmm -> cccc\n mmmm>cccc\nupgrade cccc -> eeee\n cccc>eeee\nupgrade mmmm -> dddd\n +dddd" },
	{ PLAN_UPGRADE, "base:head", "ERR Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads" },
	{ PLAN_UPGRADE, "zz:ssss", "ERR Can't locate revision identified by 'zz'" },
	{ PLAN_UPGRADE, "ssss:zz", "ERR Can't locate revision identified by 'zz'" },
	{ PLAN_UPGRADE, "aaaa:bbbb", "upgrade xxxx -> bbbb\n +bbbb" },
	{ PLAN_UPGRADE, "a:b:c", "CRASH" },
	{ PLAN_UPGRADE, "heads:ssss", "ERR Multiple head revisions are present for given argument 'heads'; please specify a specific target revision, '<branchname>@heads' to narrow to a specific head, or 'heads' for all heads" },
	{ PLAN_UPGRADE, ":ssss", "CRASH" },
	{ PLAN_UPGRADE, "base:-1", "ERR Relative revision -1 didn't produce 1 migrations" },
	{ PLAN_UPGRADE, "mmmm:eeee-1", "upgrade mmmm -> cccc\n mmmm>cccc" },
	{ PLAN_UPGRADE, "base:lc@+2", "ERR Ambiguous walk" },
	{ PLAN_UPGRADE, "aaaa:+2", "ERR Ambiguous walk" },
	{ PLAN_DOWNGRADE, "ssss:base", "downgrade ssss -> pppp, rrrr\n +pppp\n ssss>rrrr\ndowngrade rrrr -> qqqq\n rrrr>qqqq\ndowngrade qqqq -> yyyy\n -qqqq\ndowngrade pppp -> yyyy\n pppp>yyyy\ndowngrade yyyy -> \n -yyyy\ndrop" },
	{ PLAN_DOWNGRADE, "ssss:yyyy", "downgrade ssss -> pppp, rrrr\n +pppp\n ssss>rrrr\ndowngrade rrrr -> qqqq\n rrrr>qqqq\ndowngrade qqqq -> yyyy\n -qqqq\ndowngrade pppp -> yyyy\n pppp>yyyy" },
	{ PLAN_DOWNGRADE, "ssss:pppp", "downgrade ssss -> pppp, rrrr\n +pppp\n ssss>rrrr" },
	{ PLAN_DOWNGRADE, "ssss:qqqq", "downgrade ssss -> pppp, rrrr\n +pppp\n ssss>rrrr\ndowngrade rrrr -> qqqq\n rrrr>qqqq" },
	{ PLAN_DOWNGRADE, "rrrr:yyyy", "downgrade rrrr -> qqqq\n +qqqq\n rrrr>pppp\ndowngrade qqqq -> yyyy\n -qqqq\ndowngrade pppp -> yyyy\n pppp>yyyy" },
	{ PLAN_DOWNGRADE, "mmmm:xxxx", "downgrade mmmm -> aaaa, bbbb\n +aaaa\n mmmm>bbbb\ndowngrade aaaa -> xxxx\n -aaaa\ndowngrade bbbb -> xxxx\n bbbb>xxxx" },
	{ PLAN_DOWNGRADE, "mmmm:aaaa", "downgrade mmmm -> aaaa, bbbb\n +aaaa\n mmmm>bbbb" },
	{ PLAN_DOWNGRADE, "eeee:base", "downgrade eeee -> cccc\n eeee>cccc\ndowngrade cccc -> mmmm\n cccc>mmmm\ndowngrade mmmm -> aaaa, bbbb\n +aaaa\n mmmm>bbbb\ndowngrade aaaa -> xxxx\n -aaaa\ndowngrade bbbb -> xxxx\n bbbb>xxxx\ndowngrade xxxx -> \n -xxxx\ndrop" },
	{ PLAN_DOWNGRADE, "eeee:mmmm", "downgrade eeee -> cccc\n eeee>cccc\ndowngrade cccc -> mmmm\n cccc>mmmm" },
	{ PLAN_DOWNGRADE, "eeee:xxxx", "downgrade eeee -> cccc\n eeee>cccc\ndowngrade cccc -> mmmm\n cccc>mmmm\ndowngrade mmmm -> aaaa, bbbb\n +aaaa\n mmmm>bbbb\ndowngrade aaaa -> xxxx\n -aaaa\ndowngrade bbbb -> xxxx\n bbbb>xxxx" },
	{ PLAN_DOWNGRADE, "eeee:-1", "downgrade eeee -> cccc\n eeee>cccc" },
	{ PLAN_DOWNGRADE, "eeee:-3", "ERR Ambiguous walk" },
	{ PLAN_DOWNGRADE, "ssss:-2", "ERR Ambiguous walk" },
	{ PLAN_DOWNGRADE, "eeee:zz", "ERR Can't locate revision identified by 'zz'" },
	{ PLAN_DOWNGRADE, "ssss:xxxx", "ERR Destination xxxx is not a valid downgrade target from current head(s)" },
	{ PLAN_DOWNGRADE, "mmmm:base", "downgrade mmmm -> aaaa, bbbb\n +aaaa\n mmmm>bbbb\ndowngrade aaaa -> xxxx\n -aaaa\ndowngrade bbbb -> xxxx\n bbbb>xxxx\ndowngrade xxxx -> \n -xxxx\ndrop" },
	{ PLAN_DOWNGRADE, "xxxx:base", "downgrade xxxx -> \n -xxxx\ndrop" },
	{ PLAN_DOWNGRADE, "base:base", "drop" },
	{ PLAN_DOWNGRADE, "ssss:ssss", "" },
	{ PLAN_DOWNGRADE, "ssss:+1", "ERR Relative revision +1 didn't produce 1 migrations" },
	{ PLAN_DOWNGRADE, "ssss:rrrr+1", "" },
	{ PLAN_DOWNGRADE, "ssss:yyyy+1", "ERR Ambiguous walk" },
	{ PLAN_DOWNGRADE, "eeee:lc@-1", "downgrade eeee -> cccc\n eeee>cccc" },
	{ PLAN_DOWNGRADE, "eeee:lc@mmmm", "downgrade eeee -> cccc\n eeee>cccc\ndowngrade cccc -> mmmm\n cccc>mmmm" },
	{ PLAN_DOWNGRADE, "rrrr:pppp", "ERR Destination pppp is not a valid downgrade target from current head(s)" },
	{ PLAN_DOWNGRADE, "base:xxxx", "ERR Destination xxxx is not a valid downgrade target from current head(s)" },
	{ PLAN_DOWNGRADE, "mmmm", "ERR downgrade with --sql requires <fromrev>:<torev>" },
	{ PLAN_DOWNGRADE, "a:b:c", "CRASH" },
	{ PLAN_DOWNGRADE, "ssss:heads", "ERR Multiple head revisions are present for given argument 'heads'; please specify a specific target revision, '<branchname>@heads' to narrow to a specific head, or 'heads' for all heads" },
	{ PLAN_DOWNGRADE, "ssss:head", "ERR Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads" },
	{ PLAN_DOWNGRADE, "eeee:mmmm@aaaa", "downgrade eeee -> cccc\n eeee>cccc\ndowngrade cccc -> mmmm\n cccc>mmmm\ndowngrade mmmm -> aaaa, bbbb\n +aaaa\n mmmm>bbbb" },
	{ PLAN_STAMP, "base", "drop" },
	{ PLAN_STAMP, "ssss", "create\nstamp_revision  -> ssss\n +ssss" },
	{ PLAN_STAMP, "base:ssss", "create\nstamp_revision  -> ssss\n +ssss" },
	{ PLAN_STAMP, "ssss:base", "stamp_revision ssss -> \n -ssss\ndrop" },
	{ PLAN_STAMP, "mmmm:ssss", "stamp_revision  -> ssss\n +ssss" },
	{ PLAN_STAMP, "yyyy:ssss", "stamp_revision yyyy -> ssss\n yyyy>ssss" },
	{ PLAN_STAMP, "ssss:yyyy", "stamp_revision ssss -> yyyy\n ssss>yyyy" },
	{ PLAN_STAMP, "ssss:pppp", "stamp_revision ssss -> pppp\n ssss>pppp" },
	{ PLAN_STAMP, "rrrr:pppp", "stamp_revision rrrr -> pppp\n rrrr>pppp" },
	{ PLAN_STAMP, "eeee:mmmm", "stamp_revision eeee -> mmmm\n eeee>mmmm" },
	{ PLAN_STAMP, "mmmm:eeee", "stamp_revision mmmm -> eeee\n mmmm>eeee" },
	{ PLAN_STAMP, "mmmm:heads", "stamp_revision mmmm -> dddd\n mmmm>dddd\nstamp_revision mmmm -> eeee\n +eeee\nstamp_revision  -> ssss\n +ssss" },
	{ PLAN_STAMP, "mmmm:head", "ERR Multiple heads are present; please specify a single target revision" },
	{ PLAN_STAMP, "aaaa:base", "stamp_revision aaaa -> \n -aaaa\ndrop" },
	{ PLAN_STAMP, "base:base", "drop" },
	{ PLAN_STAMP, "zz", "ERR Can't locate revision identified by 'zz'" },
	{ PLAN_STAMP, "eeee:dddd", "stamp_revision  -> dddd\n +dddd" },
	{ PLAN_STAMP, "eeee:lc@head", "" },
	{ PLAN_STAMP, "eeee:heads", "stamp_revision  -> dddd\n +dddd\nstamp_revision  -> ssss\n +ssss" },
};

/* Whole offline scripts from Alembic (bodies are `pass`); env "g2" is
 * context.configure(version_table="my_ver", version_table_schema="sch",
 * transaction_per_migration=True, version_table_pk=False). */
struct ocase {
	bool g2env;
	enum dialect d;
	enum plan_dir dir;
	const char *range, *want;
};

static const struct ocase ocases[] = {
	/* g1 postgresql upgrade base:aaaa */
	{ false, DIALECT_POSTGRESQL, PLAN_UPGRADE, "base:aaaa",
	  "BEGIN;\n\n"
	  "CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n"
	  "-- Running upgrade  -> xxxx\n\n"
	  "INSERT INTO alembic_version (version_num) VALUES ('xxxx') RETURNING alembic_version.version_num;\n\n"
	  "-- Running upgrade xxxx -> aaaa\n\n"
	  "UPDATE alembic_version SET version_num='aaaa' WHERE alembic_version.version_num = 'xxxx';\n\n"
	  "COMMIT;\n\n"
	  },
	/* g1 postgresql downgrade xxxx:base */
	{ false, DIALECT_POSTGRESQL, PLAN_DOWNGRADE, "xxxx:base",
	  "BEGIN;\n\n"
	  "-- Running downgrade xxxx -> \n\n"
	  "DELETE FROM alembic_version WHERE alembic_version.version_num = 'xxxx';\n\n"
	  "DROP TABLE alembic_version;\n\n"
	  "COMMIT;\n\n"
	  },
	/* g1 postgresql upgrade xxxx:base */
	{ false, DIALECT_POSTGRESQL, PLAN_UPGRADE, "xxxx:base",
	  "BEGIN;\n\n"
	  "COMMIT;\n\n"
	  },
	/* g1 sqlite upgrade base:mmmm */
	{ false, DIALECT_SQLITE, PLAN_UPGRADE, "base:mmmm",
	  "CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n"
	  "-- Running upgrade  -> xxxx\n\n"
	  "INSERT INTO alembic_version (version_num) VALUES ('xxxx');\n\n"
	  "-- Running upgrade xxxx -> bbbb\n\n"
	  "UPDATE alembic_version SET version_num='bbbb' WHERE alembic_version.version_num = 'xxxx';\n\n"
	  "-- Running upgrade xxxx -> aaaa\n\n"
	  "INSERT INTO alembic_version (version_num) VALUES ('aaaa');\n\n"
	  "-- Running upgrade aaaa, bbbb -> mmmm\n\n"
	  "DELETE FROM alembic_version WHERE alembic_version.version_num = 'aaaa';\n\n"
	  "UPDATE alembic_version SET version_num='mmmm' WHERE alembic_version.version_num = 'bbbb';\n\n"
	  },
	/* g2 postgresql upgrade base:aaaa */
	{ true, DIALECT_POSTGRESQL, PLAN_UPGRADE, "base:aaaa",
	  "BEGIN;\n\n"
	  "CREATE TABLE sch.my_ver (\n    version_num VARCHAR(32) NOT NULL\n);\n\n"
	  "-- Running upgrade  -> xxxx\n\n"
	  "INSERT INTO sch.my_ver (version_num) VALUES ('xxxx');\n\n"
	  "COMMIT;\n\n"
	  "BEGIN;\n\n"
	  "-- Running upgrade xxxx -> aaaa\n\n"
	  "UPDATE sch.my_ver SET version_num='aaaa' WHERE sch.my_ver.version_num = 'xxxx';\n\n"
	  "COMMIT;\n\n"
	  },
	/* g2 postgresql downgrade aaaa:base */
	{ true, DIALECT_POSTGRESQL, PLAN_DOWNGRADE, "aaaa:base",
	  "BEGIN;\n\n"
	  "-- Running downgrade aaaa -> xxxx\n\n"
	  "UPDATE sch.my_ver SET version_num='xxxx' WHERE sch.my_ver.version_num = 'aaaa';\n\n"
	  "COMMIT;\n\n"
	  "BEGIN;\n\n"
	  "-- Running downgrade xxxx -> \n\n"
	  "DELETE FROM sch.my_ver WHERE sch.my_ver.version_num = 'xxxx';\n\n"
	  "COMMIT;\n\n"
	  "DROP TABLE sch.my_ver;\n\n"
	  },
	/* g2 postgresql stamp aaaa:base */
	{ true, DIALECT_POSTGRESQL, PLAN_STAMP, "aaaa:base",
	  "BEGIN;\n\n"
	  "-- Running stamp_revision aaaa -> \n\n"
	  "DELETE FROM sch.my_ver WHERE sch.my_ver.version_num = 'aaaa';\n\n"
	  "COMMIT;\n\n"
	  "DROP TABLE sch.my_ver;\n\n"
	  },
};

/* A body that shows where statements go. */
static bool fake_body(void *ctx, struct strbuf *out, const struct plan_step *step, enum dialect d,
		      bool in_transaction)
{
	(void)d;
	(*(int *)ctx)++;
	strbuf_addf(out, "SELECT %d; -- %s\n\n", (int)in_transaction, step->to_text);
	return true;
}

static void test_envpy(struct arena *a)
{
	char dir[] = "/tmp/cupel-envpy-XXXXXX";
	if (!mkdtemp(dir)) {
		tap_ok(0, "mkdtemp");
		return;
	}
	char *file = arena_printf(a, "%s/env.py", dir);
	FILE *f = fopen(file, "w");
	fputs("from alembic import context\n"
	      "VT = 'ver'\n"
	      "def run_migrations_offline():\n"
	      "    context.configure(url=x, version_table=VT, transaction_per_migration=True,\n"
	      "                      version_table_schema=get_schema())\n"
	      "    with context.begin_transaction():\n"
	      "        context.run_migrations()\n"
	      "def run_migrations_online():\n"
	      "    context.configure(connection=c, version_table='other', version_table_pk=False)\n"
	      "if context.is_offline_mode():\n"
	      "    run_migrations_offline()\n",
	      f);
	fclose(f);
	struct diag_list dl;
	diag_list_init(&dl, a);
	struct envpy_config env;
	envpy_read(a, &dl, dir, &env);
	tap_ok(env.found, "env.py: configure() found");
	tap_is_str(env.version_table, "ver", "env.py: the offline call's module constant wins");
	tap_ok(env.transaction_per_migration, "env.py: transaction_per_migration");
	tap_ok(!env.version_table_pk, "env.py: version_table_pk from the other call");
	tap_ok(env.version_table_schema == NULL && env.transactional_ddl == -1, "env.py: defaults kept");
	tap_ok(dl.n == 1 && !strcmp(dl.items[0].code, "envpy-dynamic") && dl.items[0].span.line == 5,
	       "env.py: a computed argument is a note at its place");
	tap_ok(env.lock_timeout == NULL, "env.py: no lock_timeout");
	f = fopen(file, "w");
	fputs("from alembic import context\n"
	      "def run_migrations_online():\n"
	      "    with engine.connect() as connection:\n"
	      "        connection.execute(text(\"SET statement_timeout = 0; SET lock_timeout TO '250ms'\"))\n"
	      "        context.configure(connection=connection)\n"
	      "        with context.begin_transaction():\n"
	      "            context.run_migrations()\n",
	      f);
	fclose(f);
	envpy_read(a, &dl, dir, &env);
	tap_ok(env.lock_timeout && !strcmp(env.lock_timeout, "250ms") && env.lock_timeout_line == 4,
	       "env.py: SET lock_timeout before run_migrations(), the second statement of its SQL");
	unlink(file);
	rmdir(dir);
	envpy_read(a, &dl, dir, &env);
	tap_ok(!env.found && !strcmp(env.version_table, "alembic_version") && env.version_table_pk,
	       "env.py missing: defaults");
}

int main(void)
{
	struct arena a;
	arena_init(&a);
	struct diag_list dl;
	diag_list_init(&dl, &a);
	/* map order: file names sorted */
	struct script *s[] = {
		mk(&a, "aaaa", "xxxx", NULL, NULL), mk(&a, "bbbb", "xxxx", NULL, NULL),
		mk(&a, "cccc", "mmmm", NULL, "lc"), mk(&a, "dddd", "mmmm", NULL, NULL),
		mk(&a, "eeee", "cccc", NULL, NULL), mk(&a, "mmmm", "aaaa,bbbb", NULL, NULL),
		mk(&a, "pppp", "yyyy", NULL, NULL), mk(&a, "qqqq", "yyyy", NULL, NULL),
		mk(&a, "rrrr", "qqqq", "pppp", NULL), mk(&a, "ssss", "pppp,rrrr", NULL, NULL),
		mk(&a, "xxxx", NULL, NULL, NULL), mk(&a, "yyyy", NULL, NULL, NULL),
	};
	struct revgraph *g = revgraph_build(&a, &dl, s, sizeof(s) / sizeof(s[0]));
	tap_is_int((long)dl.n, 0, "no diagnostics");
	struct strbuf err = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		static const char *const dn[] = { "upgrade", "downgrade", "stamp" };
		struct plan p;
		strbuf_reset(&err);
		bool ok = plan_offline(g, &a, c->dir, c->range, &p, &err);
		const char *got;
		if (ok)
			got = dump(&a, &p);
		else if (strcmp(c->want, "CRASH") == 0)
			got = "CRASH";
		else
			got = arena_printf(&a, "ERR %s", strbuf_str(&err));
		tap_is_str(got, c->want, arena_printf(&a, "%s %s --sql", dn[c->dir], c->range));
	}

	/* online: from the rows of a database */
	static const char *const rows1[] = { "aaaa", "yyyy" };
	struct plan p;
	tap_ok(plan_online(g, &a, PLAN_UPGRADE, rows1, 2, "heads", &p, &err), "online upgrade heads");
	tap_is_str(dump(&a, &p),
		   "upgrade yyyy -> pppp\n yyyy>pppp\nupgrade yyyy -> qqqq\n +qqqq\nupgrade qqqq -> rrrr\n -qqqq\n pppp>rrrr\n"
		   "upgrade pppp, rrrr -> ssss\n rrrr>ssss\nupgrade xxxx -> bbbb\n +bbbb\nupgrade aaaa, bbbb -> mmmm\n -aaaa\n bbbb>mmmm\n"
		   "upgrade mmmm -> cccc\n mmmm>cccc\nupgrade cccc -> eeee\n cccc>eeee\nupgrade mmmm -> dddd\n +dddd",
		   "online upgrade: no CREATE TABLE, rows kept");
	tap_ok(!plan_online(g, &a, PLAN_UPGRADE, rows1, 2, "base:heads", &p, &err) &&
		       !strcmp(strbuf_str(&err), "Range revision not allowed"),
	       "online range refused");
	static const char *const rows2[] = { "ssss", "eeee" };
	static const char *const rows3[] = { "eeee", "ssss" };
	tap_ok(!plan_online(g, &a, PLAN_DOWNGRADE, rows2, 2, "-1", &p, &err) && !strcmp(strbuf_str(&err), "Ambiguous walk"),
	       "downgrade -1 from a merge row is ambiguous");
	tap_ok(plan_online(g, &a, PLAN_DOWNGRADE, rows3, 2, "-1", &p, &err), "online downgrade -1 from two heads");
	tap_is_str(dump(&a, &p), "downgrade eeee -> cccc\n eeee>cccc", "downgrade -1 walks the first row");
	tap_ok(p.warning && strstr(p.warning, "downgrade -1 from multiple heads is ambiguous") != NULL, "with Alembic's warning");
	tap_ok(plan_online(g, &a, PLAN_DOWNGRADE, rows2, 2, "base", &p, &err), "online downgrade base");
	tap_is_str(dump(&a, &p),
		   "downgrade eeee -> cccc\n eeee>cccc\ndowngrade cccc -> mmmm\n cccc>mmmm\ndowngrade mmmm -> aaaa, bbbb\n +aaaa\n"
		   " mmmm>bbbb\ndowngrade aaaa -> xxxx\n -aaaa\ndowngrade bbbb -> xxxx\n bbbb>xxxx\ndowngrade ssss -> pppp, rrrr\n"
		   " +pppp\n ssss>rrrr\ndowngrade rrrr -> qqqq\n rrrr>qqqq\ndowngrade qqqq -> yyyy\n -qqqq\ndowngrade pppp -> yyyy\n"
		   " pppp>yyyy\ndowngrade xxxx -> \n -xxxx\ndowngrade yyyy -> \n -yyyy",
		   "online downgrade to base: no DROP TABLE");
	tap_ok(plan_online(g, &a, PLAN_STAMP, rows2, 2, "mmmm", &p, &err), "online stamp");
	tap_is_str(dump(&a, &p), "stamp_revision eeee -> mmmm\n eeee>mmmm", "stamp below one of two rows");
	static const char *const multi[] = { "mmmm:dddd", "mmmm:ssss" };
	tap_ok(plan_offline_stamp(g, &a, multi, 2, &p, &err), "stamp two revisions");
	tap_is_str(dump(&a, &p), "stamp_revision mmmm -> dddd\n mmmm>dddd\nstamp_revision  -> ssss\n +ssss", "stamp mmmm:dddd mmmm:ssss");
	static const char *const multi2[] = { "mmmm:dddd", "eeee:ssss" };
	tap_ok(!plan_offline_stamp(g, &a, multi2, 2, &p, &err) &&
		       !strcmp(strbuf_str(&err), "Stamp operation with --sql only supports a single starting revision at a time"),
	       "stamp with two starts refused");

	/* offline text */
	struct envpy_config g1env = { "alembic_version", NULL, true, false, -1, true };
	struct envpy_config g2env = { "my_ver", "sch", false, true, -1, true };
	for (size_t i = 0; i < sizeof(ocases) / sizeof(ocases[0]); i++) {
		const struct ocase *c = &ocases[i];
		struct strbuf out = STRBUF_INIT;
		bool ok = plan_offline(g, &a, c->dir, c->range, &p, &err);
		struct offline_opts opts = { c->d, c->g2env ? &g2env : &g1env, dialect_transactional_ddl(c->d), NULL, NULL };
		ok = ok && offline_render(&out, g, &p, &opts);
		tap_ok(ok, "render %s", c->range);
		tap_is_str(strbuf_str(&out), c->want,
			   arena_printf(&a, "offline %s %s %s%s", dialect_name(c->d), c->dir == PLAN_UPGRADE ? "upgrade" : c->dir == PLAN_DOWNGRADE ? "downgrade" : "stamp",
					c->range, c->g2env ? " (version table options, transaction per migration)" : ""));
		strbuf_release(&out);
	}
	int calls = 0;
	struct strbuf out = STRBUF_INIT;
	struct offline_opts bo = { DIALECT_POSTGRESQL, &g1env, true, fake_body, &calls };
	tap_ok(plan_offline(g, &a, PLAN_UPGRADE, "xxxx:aaaa", &p, &err) && offline_render(&out, g, &p, &bo), "render with a body");
	tap_is_str(strbuf_str(&out),
		   "BEGIN;\n\n-- Running upgrade xxxx -> aaaa\n\nSELECT 1; -- aaaa\n\n"
		   "UPDATE alembic_version SET version_num='aaaa' WHERE alembic_version.version_num = 'xxxx';\n\nCOMMIT;\n\n",
		   "the body goes between the comment and the version table");
	strbuf_reset(&out);
	calls = 0;
	tap_ok(plan_offline(g, &a, PLAN_STAMP, "xxxx:aaaa", &p, &err) && offline_render(&out, g, &p, &bo) && calls == 0,
	       "no body for a stamp");
	strbuf_release(&out);

	test_envpy(&a);
	strbuf_release(&err);
	arena_free(&a);
	return tap_done();
}
