/* cmd_run.c - the online commands: `cupel current`, and `cupel upgrade|
 * downgrade|stamp TARGET` on a live database (the --sql forms are in
 * cmd_sql.c). The database is --db URL, else $CUPEL_DATABASE_URL, else
 * sqlalchemy.url of alembic.ini. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cupel/cli_cmd.h"
#include "cupel/db.h"
#include "cupel/envpy.h"
#include "cupel/plan.h"
#include "cupel/revformat.h"
#include "cupel/revspec.h"
#include "cupel/runner.h"
#include "cupel/scratch.h"
#include "cupel/verify.h"
#include "cupel/vtable.h"

struct run_args {
	bool alembic;     /* --alembic: hand steps cupel cannot run to alembic */
	const char *db;
	const char *lock_timeout, *statement_timeout;
	int lock_wait;
	bool one_transaction, purge, verbose, quiet;
	const char **revs;
	size_t n_revs;
};

/* A timeout PostgreSQL takes: digits, an optional fraction, an optional
 * unit of us, ms, s, min, h or d (blanks between allowed, as the server
 * allows); nothing that could leave SET LOCAL's quotes. */
static bool timeout_value(const char *v)
{
	const char *c = v;
	if (!isdigit((unsigned char)*c))
		return false;
	while (isdigit((unsigned char)*c))
		c++;
	if (*c == '.') {
		c++;
		while (isdigit((unsigned char)*c))
			c++;
	}
	while (*c == ' ')
		c++;
	static const char *const units[] = { "", "us", "ms", "s", "min", "h", "d" };
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(c, units[i]))
			return true;
	return false;
}

/* Options shared by the online commands; 0 when argv[*i] was one, -1 if
 * not, else a status. */
static int run_opt(struct cli_ctx *ctx, int argc, char **argv, int *i, struct run_args *ra)
{
	const char *a = argv[*i];
	const char *names[] = { "--db", "--lock-timeout", "--statement-timeout", "--lock-wait" };
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t n = strlen(names[k]);
		const char *v = NULL;
		if (strcmp(a, names[k]) == 0) {
			if (*i + 1 >= argc) {
				cli_error(ctx, "%s needs a value", names[k]);
				return CLI_USAGE;
			}
			v = argv[++*i];
		} else if (strncmp(a, names[k], n) == 0 && a[n] == '=') {
			v = a + n + 1;
		} else {
			continue;
		}
		switch (k) {
		case 0: ra->db = v; break;
		case 1: ra->lock_timeout = v; break;
		case 2: ra->statement_timeout = v; break;
		default: {
			char *end;
			long s = strtol(v, &end, 10);
			if (*end || s < 0 || s > 86400) {
				cli_error(ctx, "--lock-wait needs a number of seconds");
				return CLI_USAGE;
			}
			ra->lock_wait = (int)s;
		}
		}
		/* a duration as PostgreSQL reads it (a number, a unit of its
		 * own), refused here rather than by the server mid-run */
		if ((k == 1 || k == 2) && !timeout_value(v)) {
			cli_error(ctx, "%s: invalid value '%s'", names[k], v);
			return CLI_USAGE;
		}
		return 0;
	}
	if (strcmp(a, "--one-transaction") == 0) {
		ra->one_transaction = true;
		return 0;
	}
	if (strcmp(a, "--alembic") == 0) {
		ra->alembic = true;
		return 0;
	}
	if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
		ra->quiet = true;
		return 0;
	}
	return -1;
}

struct online {
	struct project *p;
	struct envpy_config env;
	struct dburl url;
	struct db *db;
	struct vtable vt;
	const char *url_text; /* the URL as given, with its password */
};

/* --db, else $CUPEL_DATABASE_URL, else sqlalchemy.url; NULL after saying
 * there is none. An empty --db is a mistake (a variable that expanded to
 * nothing), not a request for the ini's database; an empty
 * CUPEL_DATABASE_URL counts as unset, as an empty ALEMBIC_CONFIG does. */
static const char *online_url(struct cli_ctx *ctx, const struct project *p, const char *db_opt)
{
	if (db_opt && !*db_opt) {
		cli_error(ctx, "--db is empty: give a database URL (or leave --db out for $CUPEL_DATABASE_URL or "
			       "sqlalchemy.url)");
		return NULL;
	}
	const char *url = db_opt;
	if (!url)
		url = getenv("CUPEL_DATABASE_URL");
	if (!url || !*url)
		url = p->sqlalchemy_url;
	if (!url || !*url) {
		cli_error(ctx, "no database: give --db URL, set CUPEL_DATABASE_URL, or set sqlalchemy.url in %s",
			  p->ini_path ? p->ini_path : "alembic.ini");
		return NULL;
	}
	return url;
}

/* env.py read as Alembic runs it online: its online configure() call,
 * config.get_main_option() from the ini. */
static void online_env(struct project *p, struct envpy_config *env)
{
	struct envpy_source src = { true, p->ini, p->section };
	envpy_read_from(&p->arena, &p->diags, p->script_location, &src, env);
}

/* The session settings env.py gives its connection (SET search_path ...,
 * PRAGMA ...), run on cupel's; false after printing why. */
static bool online_session(struct cli_ctx *ctx, struct project *p, struct db *db, const struct envpy_config *env)
{
	size_t bad = 0;
	struct db_error e;
	if (db_exec_each(db, &p->arena, env->session, env->n_session, &bad, &e))
		return true;
	struct strbuf sb = STRBUF_INIT;
	db_error_format(&sb, db, &e);
	cli_error(ctx, "env.py's \"%s\" failed: %s", env->session[bad], strbuf_str(&sb));
	strbuf_release(&sb);
	return false;
}

/* Load, find the URL, connect. Returns a status, CLI_OK when connected.
 * change: the command's name when it changes the database (then every
 * script is parsed whole first, and a broken one refuses it), else NULL. */
static int online_open(struct cli_ctx *ctx, const struct run_args *ra, struct online *on, const char *change)
{
	memset(on, 0, sizeof(*on));
	if (change)
		ctx->full_parse = true;
	on->p = cli_load(ctx);
	if (!on->p)
		return CLI_USAGE;
	struct project *p = on->p;
	if (change && cli_refuse_broken_scripts(ctx, p, change))
		return CLI_FINDINGS;
	online_env(p, &on->env);
	const char *url = online_url(ctx, p, ra->db);
	if (!url)
		return CLI_USAGE;
	on->url_text = url;
	struct strbuf err = STRBUF_INIT;
	if (!dburl_parse(&p->arena, url, &on->url, &err) || !db_connect(&on->url, 10, &on->db, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		strbuf_release(&err);
		return CLI_FINDINGS;
	}
	strbuf_release(&err);
	if (!online_session(ctx, p, on->db, &on->env))
		return CLI_FINDINGS;
	vtable_init(&on->vt, on->db, &on->env);
	return CLI_OK;
}

static int online_close(struct online *on, int status)
{
	db_close(on->db);
	if (on->p) {
		status = cli_status(on->p, status);
		project_free(on->p);
	}
	return status;
}

static void print_db_error(struct cli_ctx *ctx, struct online *on, const char *what, const struct db_error *e)
{
	struct strbuf sb = STRBUF_INIT;
	db_error_format(&sb, on->db, e);
	cli_error(ctx, "%s: %s", what, strbuf_str(&sb));
	strbuf_release(&sb);
}

/* The heads of the database, or false after printing why. */
static bool read_heads(struct cli_ctx *ctx, struct online *on, const char ***heads, size_t *n)
{
	struct db_error e;
	if (!vtable_read(&on->vt, &on->p->arena, heads, n, &e)) {
		print_db_error(ctx, on, "could not read the version table", &e);
		return false;
	}
	return true;
}

bool cli_read_current(struct cli_ctx *ctx, struct project *p, const char *db_url, const char ***heads, size_t *n)
{
	struct online on;
	memset(&on, 0, sizeof(on));
	on.p = p;
	online_env(p, &on.env);
	const char *url = online_url(ctx, p, db_url);
	if (!url)
		return false;
	struct strbuf err = STRBUF_INIT;
	if (!dburl_parse(&p->arena, url, &on.url, &err) || !db_connect(&on.url, 10, &on.db, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		strbuf_release(&err);
		return false;
	}
	strbuf_release(&err);
	if (!online_session(ctx, p, on.db, &on.env)) {
		db_close(on.db);
		return false;
	}
	vtable_init(&on.vt, on.db, &on.env);
	bool ok = read_heads(ctx, &on, heads, n);
	db_close(on.db);
	return ok;
}

int cli_cmd_current(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("current");
	struct run_args ra = { 0 };
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		int r = run_opt(ctx, argc, argv, &i, &ra);
		if (r > 0)
			return r;
		if (r == 0)
			continue;
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			ra.verbose = true;
		} else {
			cli_error(ctx, "current: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	struct online on;
	int status = online_open(ctx, &ra, &on, NULL);
	if (status != CLI_OK)
		return online_close(&on, status);
	const char **heads;
	size_t n;
	if (!read_heads(ctx, &on, &heads, &n))
		return online_close(&on, CLI_FINDINGS);
	const struct revgraph *g = on.p->graph;
	struct strbuf sb = STRBUF_INIT;
	if (ra.verbose) {
		strbuf_adds(&sb, "Current revision(s) for ");
		dburl_alembic_display(&sb, &on.url);
		strbuf_adds(&sb, ":\n");
	}
	/* Alembic's get_all_current: the rows, their ancestors with
	 * dependencies, reduced to the branch heads of that set (a revision
	 * with a child in it goes), so that what the rows depend on shows */
	size_t *rows = arena_alloc(&on.p->arena, (n + 1) * sizeof(*rows));
	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		if (!revgraph_lookup(g, heads[i], &rows[nr])) {
			/* Alembic resolves every row before it prints one: a row
			 * it cannot locate leaves only -v's header */
			cli_write(ctx, strbuf_str(&sb), sb.len);
			strbuf_release(&sb);
			cli_error(ctx, "Can't locate revision identified by '%s'", heads[i]);
			return online_close(&on, CLI_FINDINGS);
		}
		nr++;
	}
	struct revset all = revset_new(&on.p->arena, g->n);
	if (!g->cyclic)
		revgraph_ancestors(g, rows, nr, true, &all);
	for (size_t i = 0; i < nr; i++)
		revset_add(&all, rows[i]);
	/* the rows first, in the table's order, then the dependencies' heads
	 * (Alembic 1.8 lists a set, in no fixed order); each line is
	 * cmd_format's: the revision and its head/branchpoint/mergepoint
	 * marks, no branch labels */
	bool *shown = arena_alloc(&on.p->arena, g->n + 1);
	memset(shown, 0, g->n + 1);
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < (pass ? g->n : nr); k++) {
			size_t r = pass ? k : rows[k];
			if (!revset_has(&all, r) || shown[r])
				continue;
			bool child_in = false;
			for (size_t c = 0; c < g->revs[r].nextrev.n && !child_in; c++)
				child_in = revset_has(&all, g->revs[r].nextrev.v[c]);
			if (child_in)
				continue;
			shown[r] = true;
			if (ra.verbose)
				revformat_log_entry(&sb, g, r, false);
			else
				revformat_line(&sb, g, r, REVFMT_TREE);
			strbuf_addc(&sb, '\n');
		}
	cli_write(ctx, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	return online_close(&on, status);
}

struct progress {
	struct cli_ctx *ctx;
	const struct revgraph *g;
	bool quiet;
};

static void on_event(void *c, const struct runner_event *ev)
{
	struct progress *pr = c;
	if (pr->quiet)
		return;
	const struct plan_step *s = ev->step;
	const char *what = s->dir == PLAN_UPGRADE ? "upgrade" : s->dir == PLAN_DOWNGRADE ? "downgrade" : "stamp";
	switch (ev->kind) {
	case RUNNER_STEP_BEGIN:
		fprintf(pr->ctx->err, "cupel: [%zu/%zu] running %s %s -> %s\n", ev->index + 1, ev->total, what,
			s->from_text, s->to_text);
		break;
	case RUNNER_STATEMENT:
		break;
	case RUNNER_STEP_DONE:
		fprintf(pr->ctx->err, "cupel: [%zu/%zu] done in %.1f ms\n", ev->index + 1, ev->total, ev->ms);
		break;
	}
}

/* The statement of a failure, shortened to its first line. */
static void first_line(struct strbuf *sb, const char *sql)
{
	while (*sql == '\n' || *sql == ' ')
		sql++;
	const char *nl = strchr(sql, '\n');
	size_t n = nl ? (size_t)(nl - sql) : strlen(sql);
	strbuf_add(sb, sql, n > 200 ? 200 : n);
	if (nl || n > 200)
		strbuf_adds(sb, " ...");
}

/* The hand-off to the alembic command: a copy of alembic.ini beside it
 * (so %(here)s and relative paths hold) with sqlalchemy.url set to the
 * database cupel runs on, readable by the owner only, removed after. */
struct handoff {
	struct cli_ctx *ctx;
	struct project *p;
	const char *url;
};

static bool run_alembic(void *c, const struct plan_step *step, struct strbuf *err)
{
	struct handoff *h = c;
	const char *rev = h->p->graph->revs[step->rev].id;
	if (!h->p->ini_path) {
		strbuf_adds(err, "the project has no alembic.ini for the alembic command");
		return false;
	}
	char *dir = arena_strdup(&h->p->arena, h->p->ini_path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = 0;
	else
		dir = (char *)".";
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s/.cupel-alembic-%ld.ini", dir, (long)getpid());
	FILE *in = fopen(h->p->ini_path, "r");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!in || !out) {
		strbuf_addf(err, "could not write %s", tmp);
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		else if (fd >= 0)
			close(fd);
		return false;
	}
	/* the [section] of the project: sqlalchemy.url replaced (or added first) */
	char *line = NULL;
	size_t cap = 0;
	bool in_section = false, written = false;
	char head[256];
	snprintf(head, sizeof(head), "[%s]", h->p->section ? h->p->section : "alembic");
	struct strbuf esc = STRBUF_INIT;
	for (const char *u = h->url; *u; u++) {
		if (*u == '%')
			strbuf_addc(&esc, '%');
		strbuf_addc(&esc, *u);
	}
	while (getline(&line, &cap, in) >= 0) {
		if (line[0] == '[') {
			if (in_section && !written) {
				fprintf(out, "sqlalchemy.url = %s\n", strbuf_str(&esc));
				written = true;
			}
			in_section = !strncmp(line, head, strlen(head));
		}
		if (in_section && !strncmp(line, "sqlalchemy.url", 14) && !written) {
			fprintf(out, "sqlalchemy.url = %s\n", strbuf_str(&esc));
			written = true;
			continue;
		}
		fputs(line, out);
	}
	if (!written)
		fprintf(out, "\n%s\nsqlalchemy.url = %s\n", head, strbuf_str(&esc));
	free(line);
	fclose(in);
	fclose(out);
	strbuf_release(&esc);
	fprintf(h->ctx->err, "cupel: handing %s to alembic (cupel cannot run it itself)\n", rev);
	fflush(h->ctx->err);
	pid_t pid = fork();
	if (pid == 0) {
		/* alembic's output is the user's to see, on stderr */
		dup2(STDERR_FILENO, STDOUT_FILENO);
		const char *section = h->p->section ? h->p->section : "alembic";
		execlp("alembic", "alembic", "-c", tmp, "-n", section, "upgrade", rev, (char *)NULL);
		execl("/usr/bin/python3", "python3", "-m", "alembic", "-c", tmp, "-n", section, "upgrade", rev,
		      (char *)NULL);
		_exit(127);
	}
	int st = 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	unlink(tmp);
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		strbuf_addf(err, "alembic upgrade %s exited with status %d", rev,
			    pid < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		return false;
	}
	return true;
}

/* "line N" or "lines N-M" */
static void line_range(struct strbuf *sb, unsigned from, unsigned to)
{
	if (from == to)
		strbuf_addf(sb, "line %u", from);
	else
		strbuf_addf(sb, "lines %u-%u", from, to);
}

/* A step found before the run that cupel cannot run: which, where, why,
 * and the target short of it that runs cleanly. */
static void print_refusal(struct cli_ctx *ctx, struct project *p, const char *name, const struct plan *plan,
			  const struct runner_failure *f)
{
	struct strbuf sb = STRBUF_INIT;
	const struct rev *rv = &p->graph->revs[f->step->rev];
	strbuf_addf(&sb, "%s %s -> %s refused", f->step->dir == PLAN_DOWNGRADE ? "downgrade" : "upgrade",
		    f->step->from_text, f->step->to_text);
	if (rv->script && rv->script->path) {
		strbuf_addf(&sb, " (%s", rv->script->path);
		if (f->line)
			strbuf_addf(&sb, ":%u", f->line);
		strbuf_addc(&sb, ')');
	}
	strbuf_addf(&sb, ": %s\nnothing was run: every migration of the plan is checked before the first one runs; ",
		    f->message ? f->message : "cupel cannot run it");
	if (f->index > 0)
		strbuf_addf(&sb, "'cupel %s %s' runs the %zu migration(s) before it", name, plan->steps[f->index - 1].to_text,
			    f->index);
	else
		strbuf_adds(&sb, "it is the first migration of the plan");
	if (f->step->dir == PLAN_UPGRADE)
		strbuf_adds(&sb, "; --alembic hands such a migration to alembic");
	cli_error(ctx, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
}

/* Alembic plans inside run_migrations, after it made the version table of
 * a database without a head (a range too is refused only then): in a
 * transaction of its own on SQLite and with transaction_per_migration, so
 * that stays when the plan then fails; on PostgreSQL otherwise inside its
 * one transaction, rolled back with it (with_first). Alembic's --purge
 * also deletes the rows first, so that `stamp --purge BADREV` empties the
 * version table on SQLite; cupel keeps them: bad input loses no data. */
static void vtable_before_plan(struct online *on, bool purge, size_t n_heads, bool with_first)
{
	if (with_first || (n_heads && !purge))
		return;
	struct arena *a = &on->p->arena;
	struct db_error e;
	const char *begin = on->db->dialect == DIALECT_POSTGRESQL ? "BEGIN" : "BEGIN IMMEDIATE";
	if (!db_exec(on->db, a, begin, &e))
		return;
	if (vtable_create(&on->vt, a, &e))
		(void)db_exec(on->db, a, "COMMIT", &e);
	else
		(void)db_exec(on->db, a, "ROLLBACK", &e);
}

int cli_run_online(struct cli_ctx *ctx, int argc, char **argv, const char *name, enum plan_dir dir)
{
	const struct cli_command *self = cli_find_command(name);
	struct run_args ra = { 0 };
	ra.lock_wait = 10;
	ra.revs = calloc((size_t)argc + 1, sizeof(char *));
	if (!ra.revs)
		abort();
	int status = -1;
	for (int i = 1; i < argc && status < 0; i++) {
		if (cli_want_help(ctx, self, argv[i])) {
			status = CLI_OK;
			break;
		}
		int r = run_opt(ctx, argc, argv, &i, &ra);
		if (r > 0)
			status = r;
		else if (r == 0)
			continue;
		else if (dir == PLAN_STAMP && strcmp(argv[i], "--purge") == 0)
			ra.purge = true;
		else if (argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]) {
			cli_error(ctx, "%s: unknown option '%s'", name, argv[i]);
			status = CLI_USAGE;
		} else if (ra.n_revs == 0 || dir == PLAN_STAMP) {
			/* stamp takes several revisions, as Alembic's */
			ra.revs[ra.n_revs++] = argv[i];
		} else {
			cli_error(ctx, "%s: unexpected argument '%s'", name, argv[i]);
			status = CLI_USAGE;
		}
	}
	if (status < 0 && !ra.n_revs) {
		cli_error(ctx, "%s: a revision is required", name);
		status = CLI_USAGE;
	}
	if (status >= 0) {
		free(ra.revs);
		return status;
	}
	struct online on;
	status = online_open(ctx, &ra, &on, name);
	if (status != CLI_OK)
		goto out;
	struct project *p = on.p;
	struct strbuf err = STRBUF_INIT;
	if (!runner_lock(&on.vt, &p->arena, ra.lock_wait, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		strbuf_release(&err);
		status = CLI_FINDINGS;
		goto out;
	}
	const char **heads;
	size_t n_heads;
	struct plan plan;
	if (!read_heads(ctx, &on, &heads, &n_heads)) {
		status = CLI_FINDINGS;
		goto unlock;
	}
	/* Alembic runs the command in one transaction only where the DDL is
	 * transactional: env.py's transactional_ddl=False gives PostgreSQL
	 * one transaction per migration, and the version table is made and
	 * committed before the first */
	bool pg = on.db->dialect == DIALECT_POSTGRESQL;
	bool tddl = pg ? on.env.transactional_ddl != 0 : on.env.transactional_ddl == 1;
	/* env.py without begin_transaction(): Alembic (SQLAlchemy 1.4)
	 * autocommits each statement there */
	bool alembic_none = tddl && on.env.found && !on.env.online_transaction && !on.env.transaction_per_migration;
	bool alembic_one = tddl && !alembic_none && !on.env.transaction_per_migration;
	/* on SQLite pysqlite commits the version table's CREATE at once */
	bool vt_with_first = pg && (ra.one_transaction || alembic_one);
	if (!plan_online_to(p->graph, &p->arena, dir, ra.purge ? NULL : heads, ra.purge ? 0 : n_heads, ra.revs,
			    ra.n_revs, &plan, &err)) {
		vtable_before_plan(&on, ra.purge, n_heads, vt_with_first);
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
		goto unlock;
	}
	if (plan.warning)
		fprintf(ctx->err, "cupel: warning: %s\n", plan.warning);
	/* the default differs from Alembic's here: say so once */
	if (!ra.quiet && !ra.one_transaction && alembic_one && plan.n > 1)
		fprintf(ctx->err,
			"cupel: note: env.py leaves transaction_per_migration off, so alembic would run these %zu "
			"migrations in one transaction; cupel commits each one (--one-transaction runs them %s)\n",
			plan.n,
			/* pysqlite commits DDL that runs before the first DML */
			pg ? "as alembic does" : "in one, DDL included");
	if (!ra.quiet && !ra.one_transaction && alembic_none && plan.n > 0)
		fprintf(ctx->err,
			"cupel: note: env.py runs the migrations outside context.begin_transaction(), so alembic would "
			"commit each statement as it runs (a failure keeps the statements before it); cupel runs each "
			"migration in a transaction\n");
	struct progress pr = { ctx, p->graph, ra.quiet };
	struct handoff ho = { ctx, p, on.url.masked };
	/* the real URL (with its password) only goes into the 0600 file */
	ho.url = on.url_text;
	struct runner_opts ro = { ra.one_transaction, ra.lock_timeout, ra.statement_timeout, ra.lock_wait, ra.purge,
				  true, on_event, &pr, ra.alembic ? run_alembic : NULL, &ho,
				  vt_with_first, ra.purge ? NULL : heads, n_heads };
	size_t done;
	struct runner_failure f;
	if (runner_run(p, &on.vt, &plan, &ro, &p->arena, &done, &f)) {
		status = CLI_OK;
	} else if (f.up_front) {
		print_refusal(ctx, p, name, &plan, &f);
		status = CLI_FINDINGS;
	} else {
		struct strbuf sb = STRBUF_INIT;
		if (f.step && f.step->rev != PLAN_NO_REV) {
			const struct rev *rv = &p->graph->revs[f.step->rev];
			strbuf_addf(&sb, "%s %s -> %s failed", f.step->dir == PLAN_DOWNGRADE ? "downgrade" : "upgrade",
				    f.step->from_text, f.step->to_text);
			if (rv->script && rv->script->path) {
				strbuf_addf(&sb, " (%s", rv->script->path);
				if (f.line)
					strbuf_addf(&sb, ":%u", f.line);
				strbuf_addc(&sb, ')');
			}
			strbuf_adds(&sb, ": ");
		} else if (f.step) {
			strbuf_addf(&sb, "stamp %s -> %s failed: ", f.step->from_text, f.step->to_text);
		}
		if (f.message)
			strbuf_adds(&sb, f.message);
		if (f.has_err) {
			/* a message of cupel's own ends in ": " when the server's
			 * words complete it */
			size_t ml = f.message ? strlen(f.message) : 0;
			if (ml && f.message[ml - 1] != ' ')
				strbuf_adds(&sb, ": ");
			db_error_format(&sb, on.db, &f.err);
		}
		if (f.statement) {
			strbuf_adds(&sb, "\nstatement: ");
			first_line(&sb, f.statement);
			if (f.has_err && f.err.position > 0)
				strbuf_addf(&sb, "\nposition: %d", f.err.position);
		}
		bool lost = f.has_err && f.err.connection;
		if (lost && !(f.step && (f.kept || f.block_step)))
			strbuf_adds(&sb, "\nthe connection was lost: the server rolled the migration back");
		else if (f.step && f.kept) {
			/* the server rolls back the open transaction only: what
			 * an autocommit block committed stays after a lost
			 * connection too */
			strbuf_addf(&sb, "\n%sits autocommit block(s) committed %zu statement(s) that stay (",
				    lost ? "the connection was lost; " : "", f.kept);
			line_range(&sb, f.kept_from, f.kept_to);
			strbuf_adds(&sb, ": a block's own, and what ran before a block); the rest of the migration was "
					 "rolled back and the version table not updated");
		} else if (f.step && f.block_step) {
			/* one transaction since an earlier migration's block: the
			 * rollback undoes the end of that migration too */
			strbuf_addf(&sb,
				    "\n%sthe transaction was rolled back to the autocommit block of %s %s -> %s: of that "
				    "migration %zu statement(s) stay (",
				    lost ? "the connection was lost; " : "",
				    f.block_step->dir == PLAN_DOWNGRADE ? "downgrade" : "upgrade", f.block_step->from_text,
				    f.block_step->to_text, f.block_kept);
			line_range(&sb, f.block_from, f.block_to);
			strbuf_adds(&sb, ": a block's own, and what ran before a block), the rest of it, its version change "
					 "and the migrations after it were rolled back");
		}
		else if (f.step)
			strbuf_adds(&sb, "\nthe migration was rolled back");
		strbuf_addf(&sb, "; %zu of %zu step(s) committed", done, plan.n);
		cli_error(ctx, "%s", strbuf_str(&sb));
		strbuf_release(&sb);
		status = CLI_FINDINGS;
	}
unlock:
	if (on.db)
		runner_unlock(&on.vt, &p->arena);
	strbuf_release(&err);
out:
	free(ra.revs);
	return online_close(&on, status);
}

/* `cupel verify [--db URL]`: round trips on a scratch database, a
 * temporary SQLite file, or a PostgreSQL database created next to URL's
 * and dropped afterwards. */
int cli_cmd_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *self = cli_find_command("verify");
	struct run_args ra = { 0 };
	bool data = false;
	for (int i = 1; i < argc; i++) {
		if (cli_want_help(ctx, self, argv[i]))
			return CLI_OK;
		if (!strcmp(argv[i], "--data")) {
			data = true;
			continue;
		}
		int r = run_opt(ctx, argc, argv, &i, &ra);
		if (r > 0)
			return r;
		if (r != 0) {
			cli_error(ctx, "verify: unexpected argument '%s'", argv[i]);
			return CLI_USAGE;
		}
	}
	if (ra.db && !*ra.db) {
		cli_error(ctx, "--db is empty: give a database URL (or leave --db out for a scratch SQLite file)");
		return CLI_USAGE;
	}
	struct project *p = cli_load(ctx);
	if (!p)
		return CLI_USAGE;
	struct envpy_config env;
	online_env(p, &env);
	struct strbuf err = STRBUF_INIT;
	int status = CLI_OK;
	struct plan plan;
	if (!plan_online(p->graph, &p->arena, PLAN_UPGRADE, NULL, 0, "heads", &plan, &err)) {
		cli_error(ctx, "%s", strbuf_str(&err));
		strbuf_release(&err);
		status = cli_status(p, CLI_FINDINGS);
		project_free(p);
		return status;
	}
	struct scratch sc;
	bool ok = scratch_open(&p->arena, ra.db, "verify", &sc, &err);
	struct db *db = sc.db;
	if (!ok) {
		cli_error(ctx, "%s", strbuf_str(&err));
		status = CLI_FINDINGS;
	} else {
		struct vtable vt;
		vtable_init(&vt, db, &env);
		struct verify_result vr;
		verify_run(p, &vt, &plan, data, &p->arena, &vr);
		size_t same = 0, differ = 0, failed = 0, lost = 0, put = 0;
		for (size_t i = 0; i < vr.n; i++) {
			const struct verify_step *v = &vr.steps[i];
			const struct rev *rv = &p->graph->revs[v->step->rev];
			const char *doc = rv->script && rv->script->doc ? rv->script->doc : "";
			static const char *const word[] = { "ok  ", "DIFF", "FAIL", "FAIL", "FAIL", "FAIL" };
			static const char *const what[] = { "", " downgrade does not restore the schema", " upgrade failed",
							    " downgrade failed", " upgrade after downgrade failed",
							    " the schema could not be compared" };
			fprintf(ctx->out, "%s %s %.*s%s\n", word[v->outcome], rv->id, (int)strcspn(doc, "\n"), doc,
				what[v->outcome]);
			if (v->diff)
				fprintf(ctx->out, "%s", v->diff);
			if (v->has_fail) {
				struct strbuf sb = STRBUF_INIT;
				if (v->fail.message)
					strbuf_adds(&sb, v->fail.message);
				if (v->fail.has_err)
					db_error_format(&sb, db, &v->fail.err);
				if (v->fail.statement) {
					strbuf_adds(&sb, "\n    statement: ");
					first_line(&sb, v->fail.statement);
				}
				fprintf(ctx->out, "    %s\n", strbuf_str(&sb));
				strbuf_release(&sb);
			}
			if (v->rebuilt)
				fprintf(ctx->out, "    (the scratch database was emptied and upgraded to %s again)\n", rv->id);
			if (v->lost_in_upgrade)
				fprintf(ctx->out, "DATA %s the upgrade lost rows:\n%s", rv->id, v->lost_in_upgrade);
			if (v->lost_in_round_trip)
				fprintf(ctx->out, "DATA %s downgrade and upgrade again lost rows:\n%s", rv->id,
					v->lost_in_round_trip);
			if (data && v->data_notes)
				for (const char *l = v->data_notes; *l;) {
					size_t n = strcspn(l, "\n");
					fprintf(ctx->out, "    note: %.*s\n", (int)n, l);
					l += n + (l[n] == '\n');
				}
			same += v->outcome == VERIFY_SAME;
			differ += v->outcome == VERIFY_DIFFERS;
			failed += v->outcome >= VERIFY_UP_FAILED;
			lost += v->lost_in_upgrade || v->lost_in_round_trip;
			put += v->rows_inserted;
		}
		fprintf(ctx->out, "%zu of %zu migration(s) verified on %s: %zu round trip(s) equal, %zu differ, %zu failed",
			vr.n, plan.n, sc.url.masked, same, differ, failed);
		if (data)
			fprintf(ctx->out, "; %zu sample row(s) put in, %zu migration(s) lost some", put, lost);
		fputc('\n', ctx->out);
		if (differ || failed || lost || vr.n < plan.n)
			status = CLI_FINDINGS;
	}
	if (ok) {
		struct strbuf sb = STRBUF_INIT;
		if (!scratch_close(&p->arena, &sc, &sb))
			cli_error(ctx, "%s", strbuf_str(&sb));
		strbuf_release(&sb);
	}
	strbuf_release(&err);
	status = cli_status(p, status);
	project_free(p);
	return status;
}
