/* require-concurrent-partition-detach: ALTER TABLE ... DETACH PARTITION
 * without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table:
 * every partition's reads and writes wait. */
#include "../rule.h"

static void check(struct lint_ctx *c, const struct lint_alter *a, void *arg)
{
	(void)arg;
	cJSON *pc;
	const char *k = pgq_node(pgq_get(a->cmd, "def"), &pc);
	if (strcmp(a->subtype, "AT_DetachPartition") != 0 || !k || cJSON_IsTrue(pgq_get(pc, "concurrent")))
		return;
	lint_report(c, a->stmt->line, 0,
		    "with op.get_context().autocommit_block(): op.execute(\"ALTER TABLE ... DETACH PARTITION ... "
		    "CONCURRENTLY\")",
		    "partition detached from %s without CONCURRENTLY: ACCESS EXCLUSIVE on the whole partitioned table",
		    a->table ? a->table : "?");
}

LINT_RULE(require_concurrent_partition_detach)
{
	if (c->pg)
		lint_each_alter_cmd(c, check, NULL);
}

LINT_NO_GRAPH(require_concurrent_partition_detach)
