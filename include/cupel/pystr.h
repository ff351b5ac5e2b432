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

#endif
