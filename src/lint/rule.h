/* rule.h - what a rule file includes: one rule per file, named as its id. */
#ifndef CUPEL_LINT_RULE_H
#define CUPEL_LINT_RULE_H

#include <string.h>

#include "cupel/lint.h"

/* A rule that only looks at single revisions. */
#define LINT_NO_GRAPH(cname)                                 \
	void lint_rule_##cname##_graph(struct lint_ctx *c);  \
	void lint_rule_##cname##_graph(struct lint_ctx *c)   \
	{                                                    \
		(void)c;                                     \
	}

#define LINT_RULE(cname)                               \
	void lint_rule_##cname(struct lint_ctx *c);     \
	void lint_rule_##cname(struct lint_ctx *c)

#endif
