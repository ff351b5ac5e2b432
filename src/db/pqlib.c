/* pqlib.c - libpq loaded on demand (see pqlib.h for why). */
#include <dlfcn.h>

#include "cupel/pqlib.h"

bool pqlib_load(struct pqlib *lib, struct strbuf *err)
{
	/* NODELETE: OpenSSL, which libpq loads, must never be unmapped under
	 * its exit handlers; a second dlopen only counts a reference */
	void *h = dlopen(CUPEL_LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!h) {
		const char *why = dlerror();
		strbuf_addf(err, "cannot load the PostgreSQL client library %s: %s (install the Debian package libpq5)",
			    CUPEL_LIBPQ_SONAME, why ? why : "unknown error");
		return false;
	}
#define PQLIB_SYM(f)                                                                          \
	lib->f = (__typeof__(lib->f))dlsym(h, #f);                                            \
	if (!lib->f) {                                                                        \
		strbuf_addf(err, "the PostgreSQL client library %s has no %s (libpq 14 or later " \
				 "is needed)", CUPEL_LIBPQ_SONAME, #f);                            \
		return false;                                                                 \
	}
	PQLIB_FUNCS(PQLIB_SYM)
#undef PQLIB_SYM
	return true;
}
