/* estimate.h - how long a statement's work on a table takes: its size
 * (tablestats.h) over the server's throughput for rewriting a table,
 * reading it through, and building an index, as `cupel calibrate`
 * measures on that server (a scratch table in a transaction that is
 * rolled back) or as the user sets them. The wait for the lock itself is
 * not part of it: it depends on the other sessions. */
#ifndef CUPEL_ESTIMATE_H
#define CUPEL_ESTIMATE_H

#include <stdbool.h>

#include "cupel/arena.h"
#include "cupel/db.h"
#include "cupel/lockmodel.h"
#include "cupel/strbuf.h"
#include "cupel/tablestats.h"

/* Bytes per second; 0 when unknown. */
struct throughput {
	double scan, rewrite, index;
	const char *source;     /* "calibrated 2026-12-01 on ...", "--throughput" */
};

/* "scan=200MB,rewrite=60MB,index=40MB" (per second; B, kB, MB, GB, or a
 * bare number of bytes). False with the reason in err. */
bool estimate_parse_throughput(const char *text, struct throughput *out, struct strbuf *err);

/* The calibration file: $CUPEL_CALIBRATION, else
 * $XDG_CONFIG_HOME/cupel/calibration, else ~/.config/cupel/calibration;
 * a line per server: KEY scan=B rewrite=B index=B measured=DATE. */
const char *estimate_calibration_path(struct arena *a);
bool estimate_load(struct arena *a, const char *key, struct throughput *out);
bool estimate_save(struct arena *a, const char *key, const struct throughput *t, const char *when,
		   struct strbuf *err);

/* Measure the throughputs on db: a scratch table of `rows` rows made,
 * read through, rewritten and indexed in one transaction that is rolled
 * back (nothing stays; each step bounded by statement_timeout). */
bool estimate_calibrate(struct db *db, struct arena *a, long rows, struct throughput *out, struct strbuf *err);

/* Seconds the work of fact f takes on a table with stats st: a rewrite
 * (heap and indexes), an index build, a full read; 0 for a change of the
 * catalog only; < 0 when it cannot be told (no size, no throughput). */
double estimate_fact(const struct lock_fact *f, const struct table_stats *st, const struct throughput *tp);

/* "1.2 s", "3 min 20 s", "2 h 5 min" */
void estimate_format_seconds(struct strbuf *out, double s);
/* "12.3 MB" */
void estimate_format_bytes(struct strbuf *out, double b);

#endif
