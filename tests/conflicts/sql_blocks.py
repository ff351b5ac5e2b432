"""The SQL of each migration in an offline script (alembic upgrade --sql):
`sql_blocks.py BEFORE AFTER` checks that every migration of BEFORE has the
same statements in AFTER, the version table's own statements (which name
the parents) left out. Prints what differs; exit 1 then."""
import re
import sys

RUN = re.compile(r"^-- Running upgrade .* -> (\S+)$")


def blocks(path):
    out, cur = {}, None
    for line in open(path):
        line = line.rstrip("\n")
        m = RUN.match(line)
        if m:
            cur = out.setdefault(m.group(1), [])
            continue
        if line == "COMMIT;":
            cur = None
        if cur is None or not line.strip() or "alembic_version" in line:
            continue
        cur.append(line)
    return out


before, after = blocks(sys.argv[1]), blocks(sys.argv[2])
bad = [r for r in before if after.get(r) != before[r]]
for r in bad:
    print("%s: before %r, after %r" % (r, before[r], after.get(r)))
if not before:
    print("no migration in", sys.argv[1])
sys.exit(1 if bad or not before else 0)
