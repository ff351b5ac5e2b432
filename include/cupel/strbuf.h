/* strbuf.h - growable byte string on the heap, always NUL-terminated. */
#ifndef CUPEL_STRBUF_H
#define CUPEL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;  /* NUL-terminated; NULL until the first append */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addc(struct strbuf *sb, char c);
/* The decimal digits of v (what "%llu" prints, without printf's cost). */
void strbuf_addu(struct strbuf *sb, unsigned long long v);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The contents ("" when empty); owned by sb. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the buffer to the caller (xmalloc'd, never NULL); sb becomes empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
