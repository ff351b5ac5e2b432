/* xalloc.h - heap allocation that never returns NULL. On failure the
 * registered hook runs (the UI restores the terminal there) and we abort. */
#ifndef CUPEL_XALLOC_H
#define CUPEL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Called once before abort() on allocation failure; NULL for none. */
void xalloc_set_failure_hook(void (*hook)(void));
/* Abort with a message: an allocation of n bytes failed. */
_Noreturn void xalloc_die(size_t n);

#endif
