/* estimate.c - durations from sizes and measured throughputs, and the
 * calibration that measures them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cupel/estimate.h"
#include "cupel/path.h"

static bool parse_bytes(const char *s, size_t len, double *out)
{
	char buf[64];
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = 0;
	char *end;
	double v = strtod(buf, &end);
	if (end == buf || v <= 0)
		return false;
	while (*end == ' ')
		end++;
	static const struct {
		const char *u;
		double f;
	} units[] = { { "", 1 }, { "B", 1 }, { "kB", 1e3 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 } };
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].u) || (*units[i].u && !strncmp(end, units[i].u, strlen(units[i].u)) &&
						 !strcmp(end + strlen(units[i].u), "/s"))) {
			*out = v * units[i].f;
			return true;
		}
	return false;
}

bool estimate_parse_throughput(const char *text, struct throughput *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, ", ");
		const char *eq = memchr(p, '=', n);
		double v;
		if (!eq || !parse_bytes(eq + 1, n - (size_t)(eq + 1 - p), &v)) {
			strbuf_addf(err, "throughput '%.*s' is not KIND=SIZE (scan, rewrite, index; e.g. rewrite=60MB)",
				    (int)n, p);
			return false;
		}
		size_t kl = (size_t)(eq - p);
		if (kl == 4 && !strncmp(p, "scan", 4))
			out->scan = v;
		else if (kl == 7 && !strncmp(p, "rewrite", 7))
			out->rewrite = v;
		else if (kl == 5 && !strncmp(p, "index", 5))
			out->index = v;
		else {
			strbuf_addf(err, "unknown throughput '%.*s' (scan, rewrite or index)", (int)kl, p);
			return false;
		}
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	out->source = "--throughput";
	return true;
}

const char *estimate_calibration_path(struct arena *a)
{
	const char *env = getenv("CUPEL_CALIBRATION");
	if (env && *env)
		return env;
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x)
		return arena_printf(a, "%s/cupel/calibration", x);
	const char *h = getenv("HOME");
	return h && *h ? arena_printf(a, "%s/.config/cupel/calibration", h) : NULL;
}

static bool read_line(const char *line, const char *key, struct arena *a, struct throughput *out)
{
	size_t kl = strlen(key);
	if (strncmp(line, key, kl) != 0 || line[kl] != ' ')
		return false;
	memset(out, 0, sizeof(*out));
	const char *when = NULL;
	for (const char *p = line + kl; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " \n");
		if (!n)
			break;
		double v = 0;
		const char *eq = memchr(p, '=', n);
		if (eq && parse_bytes(eq + 1, n - (size_t)(eq + 1 - p), &v)) {
			if (!strncmp(p, "scan=", 5))
				out->scan = v;
			else if (!strncmp(p, "rewrite=", 8))
				out->rewrite = v;
			else if (!strncmp(p, "index=", 6))
				out->index = v;
		}
		if (!strncmp(p, "measured=", 9))
			when = arena_strndup(a, p + 9, n - 9);
		p += n;
	}
	out->source = arena_printf(a, "cupel calibrate%s%s", when ? " of " : "", when ? when : "");
	return out->scan > 0 || out->rewrite > 0 || out->index > 0;
}

bool estimate_load(struct arena *a, const char *key, struct throughput *out)
{
	const char *path = estimate_calibration_path(a);
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f)
		return false;
	char line[1024];
	bool found = false;
	/* the last line for a server wins: calibrate appends */
	while (fgets(line, sizeof(line), f)) {
		struct throughput t;
		if (read_line(line, key, a, &t)) {
			*out = t;
			found = true;
		}
	}
	fclose(f);
	return found;
}

bool estimate_save(struct arena *a, const char *key, const struct throughput *t, const char *when,
		   struct strbuf *err)
{
	const char *path = estimate_calibration_path(a);
	if (!path) {
		strbuf_adds(err, "no place for the calibration file: set HOME or CUPEL_CALIBRATION");
		return false;
	}
	path_mkdirs_for(path);
	FILE *f = fopen(path, "a");
	if (!f) {
		strbuf_addf(err, "could not write %s", path);
		return false;
	}
	fprintf(f, "%s scan=%.0f rewrite=%.0f index=%.0f measured=%s\n", key, t->scan, t->rewrite, t->index, when);
	bool ok = fclose(f) == 0;
	if (!ok)
		strbuf_addf(err, "could not write %s", path);
	return ok;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run sql; its duration in *secs. */
static bool timed(struct db *db, struct arena *a, const char *sql, double *secs, struct strbuf *err)
{
	struct db_error e;
	double t0 = now();
	if (!db_exec(db, a, sql, &e)) {
		strbuf_addf(err, "calibration failed at \"%.60s\": ", sql);
		db_error_format(err, db, &e);
		return false;
	}
	*secs = now() - t0;
	return true;
}

static long long size_of(struct db *db, struct arena *a, const char *sql)
{
	struct db_rows r;
	struct db_error e;
	if (!db_query(db, a, sql, NULL, 0, &r, &e) || r.n_rows != 1 || !r.cells[0])
		return 0;
	return strtoll(r.cells[0], NULL, 10);
}

bool estimate_calibrate(struct db *db, struct arena *a, long rows, struct throughput *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	struct db_error e;
	double t;
	if (!db_exec(db, a, "BEGIN", &e)) {
		db_error_format(err, db, &e);
		return false;
	}
	/* a scratch table that the ROLLBACK below removes again */
	const char *steps_ok = "SET LOCAL statement_timeout = '120s'";
	bool ok = timed(db, a, steps_ok, &t, err) &&
		  timed(db, a, "CREATE TABLE cupel_calibrate (id bigint, a integer, s text)", &t, err) &&
		  timed(db, a,
			arena_printf(a,
				     "INSERT INTO cupel_calibrate SELECT g, g %% 1000, md5(g::text) || md5((g + 1)::text) "
				     "FROM generate_series(1, %ld) g",
				     rows),
			&t, err) &&
		  timed(db, a, "CREATE INDEX cupel_calibrate_a ON cupel_calibrate (a)", &t, err);
	long long heap = ok ? size_of(db, a, "SELECT pg_table_size('cupel_calibrate')") : 0;
	long long idx = ok ? size_of(db, a, "SELECT pg_indexes_size('cupel_calibrate')") : 0;
	double scan = 0, rewrite = 0, index = 0;
	ok = ok && timed(db, a, "SELECT count(*) FROM cupel_calibrate WHERE s <> ''", &scan, err) &&
	     timed(db, a, "CREATE INDEX cupel_calibrate_s ON cupel_calibrate (s)", &index, err);
	long long heap2 = ok ? heap : 0;
	/* the rewrite rebuilds the heap and both indexes */
	long long idx2 = ok ? size_of(db, a, "SELECT pg_indexes_size('cupel_calibrate')") : 0;
	ok = ok && timed(db, a, "ALTER TABLE cupel_calibrate ALTER COLUMN a TYPE bigint", &rewrite, err);
	struct db_error e2;
	(void)db_exec(db, a, "ROLLBACK", &e2);
	if (!ok)
		return false;
	(void)idx;
	if (heap <= 0 || scan <= 0 || index <= 0 || rewrite <= 0) {
		strbuf_adds(err, "calibration measured nothing (the table is too small: try --rows 1000000)");
		return false;
	}
	out->scan = (double)heap / scan;
	out->index = (double)heap / index;
	/* estimate_fact charges heap/rewrite + indexes/index: take the index
	 * part out of the measured rewrite */
	double heap_part = rewrite - (double)idx2 / out->index;
	out->rewrite = (double)heap2 / (heap_part > rewrite * 0.2 ? heap_part : rewrite * 0.2);
	return true;
}

double estimate_fact(const struct lock_fact *f, const struct table_stats *st, const struct throughput *tp)
{
	if (!f->known)
		return -1;
	bool index = f->kind && (!strcmp(f->kind, "IndexStmt") || !strcmp(f->kind, "ReindexStmt"));
	if (f->rewrite < 0)
		return -1; /* it may rewrite: not "catalog only" */
	bool dml = f->kind && (!strcmp(f->kind, "UpdateStmt") || !strcmp(f->kind, "DeleteStmt") ||
			       !strcmp(f->kind, "InsertStmt") || !strcmp(f->kind, "SelectStmt"));
	if (dml && !f->scan)
		return -1; /* as long as the rows it touches take */
	if (dml && !strcmp(f->kind, "UpdateStmt")) {
		/* every row written again: as a rewrite, without the indexes' rebuild */
		if (!st || !st->found || !tp || tp->rewrite <= 0)
			return -1;
		return (double)st->table_bytes / tp->rewrite;
	}
	if (f->rewrite != 1 && !f->scan && !index)
		return 0;
	if (!st || !st->found || !tp)
		return -1;
	if (f->rewrite == 1) {
		if (tp->rewrite <= 0 || (st->index_bytes && tp->index <= 0))
			return -1;
		return (double)st->table_bytes / tp->rewrite + (st->index_bytes ? (double)st->index_bytes / tp->index : 0);
	}
	if (index)
		return tp->index > 0 ? (double)st->table_bytes / tp->index : -1;
	return tp->scan > 0 ? (double)st->table_bytes / tp->scan : -1;
}

void estimate_format_seconds(struct strbuf *out, double s)
{
	if (s < 0)
		strbuf_adds(out, "unknown");
	else if (s < 0.001)
		strbuf_adds(out, "< 1 ms");
	else if (s < 1)
		strbuf_addf(out, "%.0f ms", s * 1000);
	else if (s < 60)
		strbuf_addf(out, "%.1f s", s);
	else if (s < 3600)
		strbuf_addf(out, "%d min %d s", (int)(s / 60), (int)s % 60);
	else
		strbuf_addf(out, "%d h %d min", (int)(s / 3600), (int)(s / 60) % 60);
}

void estimate_format_bytes(struct strbuf *out, double b)
{
	if (b < 1e3)
		strbuf_addf(out, "%.0f B", b);
	else if (b < 1e6)
		strbuf_addf(out, "%.1f kB", b / 1e3);
	else if (b < 1e9)
		strbuf_addf(out, "%.1f MB", b / 1e6);
	else
		strbuf_addf(out, "%.2f GB", b / 1e9);
}
