/* verify.h - every migration's round trip on a scratch database: upgrade,
 * downgrade, compare the catalog with the one before, upgrade again. The
 * founding document's "test migrations in CI", built in. */
#ifndef CUPEL_VERIFY_H
#define CUPEL_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/envpy.h"
#include "cupel/plan.h"
#include "cupel/project.h"
#include "cupel/runner.h"
#include "cupel/vtable.h"

enum verify_outcome {
	VERIFY_SAME,          /* the downgrade restored the schema */
	VERIFY_DIFFERS,       /* it did not: diff says how */
	VERIFY_UP_FAILED,     /* the upgrade failed: verification stops */
	VERIFY_DOWN_FAILED,   /* the downgrade failed */
	VERIFY_REUP_FAILED,   /* the upgrade after the downgrade failed */
	VERIFY_SNAP_FAILED,   /* the catalog could not be read: verification stops */
};

struct verify_step {
	const struct plan_step *step;
	enum verify_outcome outcome;
	const char *diff;          /* lines "- before" / "+ after downgrade" */
	struct runner_failure fail;
	bool has_fail;
	/* with sample data: rows the upgrade lost ("table: N rows -> M"), and
	 * rows the downgrade and upgrade again lost; NULL when none */
	const char *lost_in_upgrade, *lost_in_round_trip;
	size_t rows_inserted;
	const char *data_notes;    /* tables that took no sample row, and why */
	/* VERIFY_REUP_FAILED on SQLite: the scratch database was emptied and
	 * upgraded to this step again, and verification went on */
	bool rebuilt;
};

struct verify_result {
	struct verify_step *steps;
	size_t n;
};

/* Run the round trips of plan (from an empty database) on vt's database,
 * which must be empty. With data, a sample row goes into every table
 * before each upgrade, and the row counts must not drop across the
 * upgrade nor across its round trip. An upgrade that fails after its
 * downgrade stops the run, except on SQLite where the scratch database is
 * rebuilt up to it (verify_step.rebuilt). Results live in a. */
void verify_run(struct project *p, struct vtable *vt, const struct plan *plan, bool data, struct arena *a,
		struct verify_result *out);

#endif
