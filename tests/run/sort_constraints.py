"""Normalise `sqlite3 .schema` output for comparison: inside each CREATE
TABLE, the table-level constraint lines are sorted (their trailing commas
dropped); column lines and everything else keep their order and text.

Alembic's batch "move and copy" collects a table's constraints in a set
ordered by object address, so the order differs from run to run."""
import re
import sys

CONSTRAINT = re.compile(r"^\s*(CONSTRAINT|PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK)\b")


def flush(block, out):
    cons = sorted(l for l in block if CONSTRAINT.match(l))
    rest = [l for l in block if not CONSTRAINT.match(l)]
    out.extend(rest[:-1] + cons + rest[-1:] if rest else cons)


def main():
    out, block = [], None
    for line in sys.stdin.read().splitlines():
        line = re.sub(r",\s*$", "", line.rstrip())
        if block is None:
            if line.startswith("CREATE TABLE") and not line.endswith(";"):
                block = [line]
            else:
                out.append(line)
            continue
        block.append(line)
        if line.startswith(")"):
            flush(block, out)
            block = None
    if block is not None:
        flush(block, out)
    sys.stdout.write("\n".join(out) + "\n")


main()
