/* orm-in-migration: a migration that imports the application (its models,
 * sessions, helpers). The models change after the migration is written,
 * so it breaks or silently does something else later; and a module-level
 * import breaks loading of every script. */
#include "../rule.h"

/* What a migration may import: Alembic, SQLAlchemy and the standard
 * library modules migrations use. */
static const char *const allowed[] = {
	"alembic", "sqlalchemy", "sqlmodel", "__future__", "typing", "typing_extensions", "datetime", "decimal",
	"enum", "json", "re", "os", "sys", "uuid", "logging", "collections", "itertools", "functools", "math",
	"time", "textwrap", "dataclasses", "contextlib", "string", "hashlib", "random", "copy", "pathlib",
	"warnings", "base64", "zoneinfo", "operator", "secrets", "struct", "csv", "io", "ipaddress", "pytz",
	"geoalchemy2", "sqlalchemy_utils", "psycopg2", "psycopg",
};

static bool is_allowed(const char *module)
{
	if (!module)
		return true; /* relative import: reported below by level */
	size_t n = strcspn(module, ".");
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strlen(allowed[i]) == n && !strncmp(allowed[i], module, n))
			return true;
	return false;
}

static void walk(struct lint_ctx *c, const struct py_list *l);

static void visit(struct lint_ctx *c, const struct py_node *n)
{
	const char *hint = "copy what the migration needs into it: sa.table()/sa.column() and op.execute(); "
			   "never import application models";
	if (n->kind == PY_IMPORT_FROM) {
		if (n->u.import_from.level > 0 || !is_allowed(n->u.import_from.module))
			lint_report(c, n->line, n->col, hint, "migration imports the application (%s%s)",
				    n->u.import_from.level ? "." : "",
				    n->u.import_from.module ? n->u.import_from.module : "");
		return;
	}
	if (n->kind == PY_IMPORT) {
		for (size_t i = 0; i < n->u.import.names.n; i++) {
			const char *m = n->u.import.names.items[i]->u.alias.name;
			if (!is_allowed(m))
				lint_report(c, n->line, n->col, hint, "migration imports the application (%s)", m);
		}
		return;
	}
	switch (n->kind) {
	case PY_FUNCTION_DEF:
		walk(c, &n->u.function_def.body);
		break;
	case PY_CLASS_DEF:
		walk(c, &n->u.class_def.body);
		break;
	case PY_IF:
		walk(c, &n->u.if_.body);
		walk(c, &n->u.if_.orelse);
		break;
	case PY_FOR:
		walk(c, &n->u.for_.body);
		walk(c, &n->u.for_.orelse);
		break;
	case PY_WHILE:
		walk(c, &n->u.while_.body);
		walk(c, &n->u.while_.orelse);
		break;
	case PY_WITH:
		walk(c, &n->u.with.body);
		break;
	case PY_TRY:
		walk(c, &n->u.try_.body);
		walk(c, &n->u.try_.orelse);
		walk(c, &n->u.try_.finalbody);
		for (size_t i = 0; i < n->u.try_.handlers.n; i++)
			walk(c, &n->u.try_.handlers.items[i]->u.except_handler.body);
		break;
	default:
		break;
	}
}

static void walk(struct lint_ctx *c, const struct py_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		visit(c, l->items[i]);
}

LINT_RULE(orm_in_migration)
{
	if (c->module && c->module->root)
		walk(c, &c->module->root->u.module.body);
}

LINT_NO_GRAPH(orm_in_migration)
