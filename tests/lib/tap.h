/* tap.h - a minimal TAP producer for the unit tests (header only).
 * Each test binary prints "1..N" at the end and exits non-zero on failure. */
#ifndef CUPEL_TAP_H
#define CUPEL_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3), unused))
static int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

/* Compare strings; on mismatch print both as TAP diagnostics. */
__attribute__((unused))
static int tap_is_str(const char *got, const char *want, const char *name)
{
	int same = (got && want) ? strcmp(got, want) == 0 : got == want;
	tap_ok(same, "%s", name);
	if (!same) {
		printf("# got:  '%s'\n# want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
	}
	return same;
}

__attribute__((unused))
static int tap_is_int(long got, long want, const char *name)
{
	int same = got == want;
	tap_ok(same, "%s", name);
	if (!same)
		printf("# got:  %ld\n# want: %ld\n", got, want);
	return same;
}

__attribute__((unused))
static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
