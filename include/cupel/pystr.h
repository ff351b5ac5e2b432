/* pystr.h - the str functions migrations apply to their SQL text before
 * op.execute: textwrap.dedent(s), s.strip() / lstrip() / rstrip() (with
 * or without characters), s.replace(old, new), evaluated as Python does. */
#ifndef CUPEL_PYSTR_H
#define CUPEL_PYSTR_H

#include "cupel/arena.h"
#include "cupel/pyeval.h"

/* The string `call` yields when it is one of those calls on known
 * strings, else NULL. The result lives in a. */
struct pyv *pystr_call(struct arena *a, const struct pyv *call);

/* Python's repr() of a float (the shortest text that reads back as x,
 * fixed notation for exponents -4 to 15, else 1e+16 / 1e-05 style) into
 * buf, which holds 32 bytes. "inf", "-inf" and "nan" as Python spells them. */
void pystr_float_repr(char buf[32], double x);

#endif
