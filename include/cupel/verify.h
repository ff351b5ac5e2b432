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
};

struct verify_step {
	const struct plan_step *step;
	enum verify_outcome outcome;
	const char *diff;          /* lines "- before" / "+ after downgrade" */
	struct runner_failure fail;
	bool has_fail;
};

struct verify_result {
	struct verify_step *steps;
	size_t n;
};

/* Run the round trips of plan (from an empty database) on vt's database,
 * which must be empty. Results live in a. */
void verify_run(struct project *p, struct vtable *vt, const struct plan *plan, struct arena *a,
		struct verify_result *out);

#endif
