/* cmd_sql.c - `cupel sql`, the offline (--sql) script of an upgrade,
 * downgrade or stamp, as `alembic upgrade|downgrade|stamp RANGE --sql`
 * prints it; and `cupel upgrade|downgrade|stamp ... --sql`, the same with
 * Alembic's argument order. */
#include <stdlib.h>
#include <string.h>

#include "cupel/cli_cmd.h"
#include "cupel/dialect.h"
#include "cupel/envpy.h"
#include "cupel/offline.h"
#include "cupel/plan.h"
#include "cupel/sqlgen.h"
#include "cupel/text.h"

struct sql_args {
	enum plan_dir dir;
	const char **revs;  /* ranges (several only for stamp) */
	size_t n_revs;
	const char *dialect;
	bool strict;
	const char *db;     /* --db: only its dialect counts offline */
};

/* The notes env.py reading added (after the load's diagnostics were shown). */
static void sql_print_new_diags(struct cli_ctx *ctx, const struct project *p, size_t from)
{
	for (size_t i = from; i < p->diags.n; i++) {
		const struct diag *d = &p->diags.items[i];
		struct strbuf sb = STRBUF_INIT, safe = STRBUF_INIT;
		if (d->span.file) {
			strbuf_adds(&sb, d->span.file);
			if (d->span.line)
				strbuf_addf(&sb, ":%u:%u", d->span.line, d->span.col);
			strbuf_adds(&sb, ": ");
		}
		strbuf_addf(&sb, "%s[%s]: %s", diag_level_name(d->level), d->code, d->msg);
		text_escape_controls(&safe, sb.buf, sb.len, false);
		fprintf(ctx->err, "%s\n", strbuf_str(&safe));
		strbuf_release(&sb);
		strbuf_release(&safe);
	}
}

static int sql_run(struct cli_ctx *ctx, const struct sql_args *sa)
{
	enum dialect d;
	if (!cli_dialect_opt(ctx, sa->dialect, &d))
		return CLI_USAGE;
	ctx->full_parse = true;
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	if (cli_refuse_broken_scripts(ctx, p, sa->dir == PLAN_UPGRADE ? "upgrade --sql" : sa->dir == PLAN_DOWNGRADE ? "downgrade --sql" : "stamp --sql")) {
		int st = cli_status(p, CLI_FINDINGS);
		project_free(p);
		return st;
	}
	/* the dialect of the database the online form would use: --db, then
	 * $CUPEL_DATABASE_URL, then sqlalchemy.url (Alembic's --sql takes the
	 * URL env.py gives configure()) */
	const char *env_url = getenv("CUPEL_DATABASE_URL");
	if (!sa->dialect && sa->db)
		(void)dialect_from_name(sa->db, &d);
	else if (!sa->dialect && env_url && *env_url)
		(void)dialect_from_name(env_url, &d);
	else
		cli_dialect_of(p, sa->dialect, &d);
	int status = CLI_OK;
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct plan plan;
	bool ok;
	if (sa->dir == PLAN_STAMP)
		ok = plan_offline_stamp(p->graph, &p->arena, sa->revs, sa->n_revs, &plan, &err);
	else
		ok = plan_offline(p->graph, &p->arena, sa->dir, sa->revs[0], &plan, &err);
	if (!ok) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
		goto done;
	}
	if (plan.warning)
		fprintf(ctx->err, "cupel: warning: %s\n", plan.warning);
	size_t n_diags = p->diags.n;
	struct envpy_config env;
	struct envpy_source src = { false, p->ini, p->section }; /* config.get_main_option() from the ini */
	envpy_read_from(&p->arena, &p->diags, p->script_location, &src, &env);
	sql_print_new_diags(ctx, p, n_diags);
	struct sqlgen sg;
	sqlgen_init(&sg, p);
	struct offline_opts opts = { d, &env,
				     env.transactional_ddl >= 0 ? env.transactional_ddl != 0 : dialect_transactional_ddl(d),
				     sqlgen_body, &sg };
	sqlgen_prerender(&sg, &plan, d, opts.transactional_ddl);
	if (!offline_render(&out, p->graph, &plan, &opts))
		status = CLI_FINDINGS;
	cli_write(ctx, strbuf_str(&out), out.len);
	if (sa->strict && sg.stats.opaque) {
		cli_error(ctx, "%zu step(s) could not be rendered statically (--strict)", sg.stats.opaque);
		status = CLI_FINDINGS;
	}
	sqlgen_release(&sg);
done:
	strbuf_release(&err);
	strbuf_release(&out);
	status = cli_status(p, status);
	project_free(p);
	return status;
}

/* Options shared by every form; returns 0 when argv[*i] was one, else -1,
 * or a status to return. */
static int sql_common_opt(struct cli_ctx *ctx, int argc, char **argv, int *i, struct sql_args *sa)
{
	const char *a = argv[*i];
	if (strcmp(a, "--dialect") == 0) {
		if (*i + 1 >= argc) {
			cli_error(ctx, "--dialect needs a value (postgresql or sqlite)");
			return CLI_USAGE;
		}
		sa->dialect = argv[++*i];
		return 0;
	}
	if (strncmp(a, "--dialect=", 10) == 0) {
		sa->dialect = a + 10;
		return 0;
	}
	if (strcmp(a, "--strict") == 0) {
		sa->strict = true;
		return 0;
	}
	if (strcmp(a, "--db") == 0 || strncmp(a, "--db=", 5) == 0) {
		const char *v = a[4] == '=' ? a + 5 : *i + 1 < argc ? argv[++*i] : NULL;
		if (!v || !*v) {
			cli_error(ctx, "--db is empty: give a database URL");
			return CLI_USAGE;
		}
		sa->db = v;
		return 0;
	}
	return -1;
}

int cli_cmd_sql(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("sql");
	struct sql_args sa = { PLAN_UPGRADE, NULL, 0, NULL, false, NULL };
	const char *range = NULL;
	bool down = false, stamp = false;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		int r = sql_common_opt(ctx, argc, argv, &i, &sa);
		if (r > 0)
			return r;
		if (r == 0)
			continue;
		if (strcmp(argv[i], "--downgrade") == 0) {
			down = true;
		} else if (strcmp(argv[i], "--stamp") == 0) {
			stamp = true;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cli_error(ctx, "sql: unknown option '%s'", argv[i]);
			return CLI_USAGE;
		} else if (!range) {
			range = argv[i];
		} else {
			cli_error(ctx, "sql: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (down && stamp) {
		cli_error(ctx, "sql: --downgrade and --stamp exclude each other");
		return CLI_USAGE;
	}
	sa.dir = down ? PLAN_DOWNGRADE : stamp ? PLAN_STAMP : PLAN_UPGRADE;
	if (!range)
		range = down ? "heads:base" : stamp ? "heads" : "base:heads";
	sa.revs = &range;
	sa.n_revs = 1;
	return sql_run(ctx, &sa);
}

/* upgrade|downgrade|stamp REV... [--sql]: Alembic's command line. */
static int sql_alembic_form(struct cli_ctx *ctx, int argc, char **argv, const char *name, enum plan_dir dir)
{
	const struct cli_command *self = cli_find_command(name);
	struct sql_args sa = { dir, NULL, 0, NULL, false, NULL };
	bool offline = false;
	for (int i = 1; i < argc; i++)
		offline |= strcmp(argv[i], "--sql") == 0;
	if (!offline)
		return cli_run_online(ctx, argc, argv, name, dir);
	bool purge = false;
	const char **revs = calloc((size_t)argc + 1, sizeof(char *));
	if (!revs)
		abort();
	int status = -1;
	for (int i = 1; i < argc && status < 0; i++) {
		if (cli_want_help(ctx, self, argv[i])) {
			status = CLI_OK;
			break;
		}
		int r = sql_common_opt(ctx, argc, argv, &i, &sa);
		if (r > 0) {
			status = r;
		} else if (r == 0) {
			continue;
		} else if (strcmp(argv[i], "--sql") == 0) {
			continue; /* this is the offline form */
		} else if (dir == PLAN_STAMP && strcmp(argv[i], "--purge") == 0) {
			purge = true;
		} else if (argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]) {
			cli_error(ctx, "%s: unknown option '%s'", name, argv[i]);
			status = CLI_USAGE;
		} else if (dir == PLAN_STAMP || sa.n_revs == 0) {
			revs[sa.n_revs++] = argv[i];
		} else {
			cli_error(ctx, "%s: unexpected argument '%s'", name, argv[i]);
			status = CLI_USAGE;
		}
	}
	if (status < 0 && !sa.n_revs) {
		cli_error(ctx, "%s: a revision is required", name);
		status = CLI_USAGE;
	}
	if (status < 0 && purge) {
		cli_error(ctx, "Can't use --purge with --sql mode");
		status = CLI_FINDINGS;
	}
	if (status < 0) {
		sa.revs = revs;
		status = sql_run(ctx, &sa);
	}
	free(revs);
	return status;
}

int cli_cmd_upgrade(struct cli_ctx *ctx, int argc, char **argv)
{
	return sql_alembic_form(ctx, argc, argv, "upgrade", PLAN_UPGRADE);
}

int cli_cmd_downgrade(struct cli_ctx *ctx, int argc, char **argv)
{
	return sql_alembic_form(ctx, argc, argv, "downgrade", PLAN_DOWNGRADE);
}

int cli_cmd_stamp(struct cli_ctx *ctx, int argc, char **argv)
{
	return sql_alembic_form(ctx, argc, argv, "stamp", PLAN_STAMP);
}
