/* plan.h - which migrations run, in which order, and how the version table
 * changes at each step: Alembic's upgrade/downgrade/stamp plans
 * (ScriptDirectory._upgrade_revs/_downgrade_revs/_stamp_revs and
 * runtime.migration.HeadMaintainer), offline (--sql ranges) and online
 * (from the current heads of a database). */
#ifndef CUPEL_PLAN_H
#define CUPEL_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cupel/arena.h"
#include "cupel/revgraph.h"
#include "cupel/strbuf.h"

enum plan_dir { PLAN_UPGRADE, PLAN_DOWNGRADE, PLAN_STAMP };

/* One change of the version table, as Alembic emits it. */
enum vt_kind { VT_INSERT, VT_UPDATE, VT_DELETE };
struct vt_change {
	enum vt_kind kind;
	const char *from; /* UPDATE, DELETE */
	const char *to;   /* INSERT, UPDATE */
};

/* plan_step.rev of a stamp step: no migration code runs. */
#define PLAN_NO_REV ((size_t)-1)

struct plan_step {
	size_t rev;               /* the revision migrated (index in the graph), or PLAN_NO_REV */
	enum plan_dir dir;
	/* what the "-- Running upgrade A, B -> X" comment names: the
	 * versioned parents joined by ", " (upgrade), or the target after a
	 * downgrade; exactly the text between "upgrade " and " -> " etc. */
	const char *from_text, *to_text;
	struct vt_change *vt;     /* version table changes after the step */
	size_t n_vt;
	/* offline: CREATE TABLE inside this step, before its comment (the
	 * table has no row when the step begins) */
	bool create_version_table;
};

struct plan {
	enum plan_dir dir;
	struct plan_step *steps;
	size_t n;
	bool create_version_table; /* offline: CREATE TABLE before the first step */
	bool drop_version_table;   /* offline: DROP TABLE after the last step */
	const char *warning;       /* what Alembic warns about, or NULL */
	const char *const *end_heads; /* the version table's rows afterwards */
	size_t n_end_heads;
};

/* The plan for `alembic upgrade RANGE --sql` (dir UPGRADE; RANGE "a:b" or
 * "b" meaning "base:b"), `alembic downgrade RANGE --sql` (dir DOWNGRADE;
 * RANGE "a:b" required, as Alembic) or `alembic stamp RANGE --sql`.
 * On error returns false with Alembic's CLI message in err. */
bool plan_offline(const struct revgraph *g, struct arena *a, enum plan_dir dir, const char *range,
		  struct plan *out, struct strbuf *err);

/* `alembic stamp REV... --sql` with several revisions ("a:b" each; every
 * start must be the same). */
bool plan_offline_stamp(const struct revgraph *g, struct arena *a, const char *const *revs, size_t n,
			struct plan *out, struct strbuf *err);

/* The plan from a database's current heads (ids) to target, as
 * `alembic upgrade|downgrade|stamp TARGET` runs it online. */
bool plan_online(const struct revgraph *g, struct arena *a, enum plan_dir dir,
		 const char *const *current, size_t n_current, const char *target,
		 struct plan *out, struct strbuf *err);
/* The same with several targets: `alembic stamp REV1 REV2 ...` online
 * (upgrade and downgrade take one, targets[0]). */
bool plan_online_to(const struct revgraph *g, struct arena *a, enum plan_dir dir,
		    const char *const *current, size_t n_current, const char *const *targets, size_t n_targets,
		    struct plan *out, struct strbuf *err);

#endif
