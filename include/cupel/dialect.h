/* dialect.h - the SQL dialects cupel renders for. */
#ifndef CUPEL_DIALECT_H
#define CUPEL_DIALECT_H

#include <stdbool.h>

enum dialect { DIALECT_POSTGRESQL, DIALECT_SQLITE };

/* "postgresql" / "sqlite" (SQLAlchemy's dialect.name). */
const char *dialect_name(enum dialect d);
/* Parse a dialect name or the scheme of an SQLAlchemy URL
 * ("postgresql+psycopg2://...", "sqlite:///x.db"); false if unknown. */
bool dialect_from_name(const char *s, enum dialect *out);
/* Alembic's transactional_ddl default for the dialect. */
bool dialect_transactional_ddl(enum dialect d);

#endif
