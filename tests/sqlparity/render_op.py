#!/usr/bin/python3
# Render Alembic operations offline with the real Alembic 1.8 / SQLAlchemy 1.4,
# for both dialects: the Python of an upgrade() body on stdin (names op, sa,
# postgresql), the SQL on stdout. A quick oracle while writing the renderer.
import io, sys
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from alembic.runtime.migration import MigrationContext
from alembic.operations import Operations
def render(dialect, fn):
    buf = io.StringIO()
    ctx = MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": buf, "literal_binds": True})
    op = Operations(ctx)
    try: fn(op)
    except Exception as e: buf.write("ERROR %s: %s\n" % (type(e).__name__, e))
    return buf.getvalue()
code = sys.stdin.read()
for d in ("postgresql", "sqlite"):
    print("=====", d)
    print(render(d, lambda op: exec(code, {"op": op, "sa": sa, "postgresql": postgresql})), end="")
