/* pqlib.h - libpq, loaded when a PostgreSQL connection is first wanted.
 *
 * Linked in, libpq makes every cupel process map and relocate its ~25
 * libraries (TLS, Kerberos, LDAP ...): ~4 ms at each start, paid by the
 * commands and the UI screens that never connect. Its headers still give
 * the types, so each entry has exactly the declared function's type. */
#ifndef CUPEL_PQLIB_H
#define CUPEL_PQLIB_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "cupel/strbuf.h"

/* every libpq function cupel calls */
#define PQLIB_FUNCS(X) \
	X(PQclear) X(PQconnectdbParams) X(PQenterPipelineMode) X(PQerrorMessage) \
	X(PQexec) X(PQexecParams) X(PQexitPipelineMode) X(PQfinish) X(PQgetResult) \
	X(PQgetisnull) X(PQgetvalue) X(PQnfields) X(PQntuples) X(PQpipelineSync) \
	X(PQresultErrorField) X(PQresultStatus) X(PQsendPrepare) X(PQsendQueryParams) \
	X(PQsendQueryPrepared) X(PQsetNoticeProcessor) X(PQstatus)

struct pqlib {
#define PQLIB_MEMBER(f) __typeof__(f) *f;
	PQLIB_FUNCS(PQLIB_MEMBER)
#undef PQLIB_MEMBER
};

/* Fill lib from the system's libpq (loaded once per process, never
 * unloaded); false with the reason in err when it cannot be loaded. */
bool pqlib_load(struct pqlib *lib, struct strbuf *err);

#endif
