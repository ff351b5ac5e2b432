/* fuzz_template.c - libFuzzer target: a script.py.mako template rendered
 * with Alembic's variables, and the same bytes read as an INI file (both
 * come from the project: neither may crash or read out of bounds). */
#include <stddef.h>
#include <stdint.h>

#include "cupel/arena.h"
#include "cupel/diag.h"
#include "cupel/ini.h"
#include "cupel/strbuf.h"
#include "cupel/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const downs[] = { "a1b2c3", "d4e5f6" };
	const struct template_var vars[] = {
		{ "message", { TEMPLATE_STR, "merge heads", NULL, 0 } },
		{ "up_revision", { TEMPLATE_STR, "0123456789ab", NULL, 0 } },
		{ "down_revision", { TEMPLATE_TUPLE, NULL, downs, 2 } },
		{ "branch_labels", { TEMPLATE_NONE, NULL, NULL, 0 } },
		{ "depends_on", { TEMPLATE_NONE, NULL, NULL, 0 } },
		{ "create_date", { TEMPLATE_OPAQUE, "2026-12-01 09:00:00.000000", NULL, 0 } },
		{ "imports", { TEMPLATE_STR, "", NULL, 0 } },
		{ "upgrades", { TEMPLATE_STR, "pass", NULL, 0 } },
		{ "downgrades", { TEMPLATE_STR, "pass", NULL, 0 } },
		{ "comma", { TEMPLATE_FILTER, NULL, NULL, 0 } },
		{ "flag", { TEMPLATE_BOOL, "True", NULL, 0 } },
	};
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	(void)template_render("fuzz.mako", (const char *)data, size, vars, sizeof(vars) / sizeof(vars[0]), &out, &err);
	strbuf_release(&out);
	strbuf_release(&err);

	struct arena a;
	struct diag_list dl;
	arena_init(&a);
	diag_list_init(&dl, &a);
	struct ini *ini = ini_parse(&a, &dl, "fuzz.ini", (const char *)data, size);
	(void)ini_get(ini, &a, &dl, "alembic", "script_location");
	(void)ini_get(ini, &a, &dl, "cupel", "dialects");
	arena_free(&a);
	return 0;
}
