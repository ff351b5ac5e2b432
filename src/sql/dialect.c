/* dialect.c - dialect names and defaults. */
#include <string.h>

#include "cupel/dialect.h"

const char *dialect_name(enum dialect d)
{
	return d == DIALECT_POSTGRESQL ? "postgresql" : "sqlite";
}

bool dialect_from_name(const char *s, enum dialect *out)
{
	if (!s)
		return false;
	/* the backend of an SQLAlchemy URL: up to '+' (driver) or ':' */
	size_t n = strcspn(s, "+:");
	if ((n == 10 && strncmp(s, "postgresql", 10) == 0) || (n == 8 && strncmp(s, "postgres", 8) == 0)) {
		*out = DIALECT_POSTGRESQL;
		return true;
	}
	if (n == 6 && strncmp(s, "sqlite", 6) == 0) {
		*out = DIALECT_SQLITE;
		return true;
	}
	return false;
}

bool dialect_transactional_ddl(enum dialect d)
{
	return d == DIALECT_POSTGRESQL;
}
