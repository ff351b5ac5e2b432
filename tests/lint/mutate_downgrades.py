#!/usr/bin/python3
"""downgrade-not-inverse on a gen_live.py project, whose downgrades undo
each step exactly (cupel verify and Alembic agree on it, tests/run): the
rule is silent on the project; then, one revision at a time, its
downgrade is replaced by a no-op statement, and the rule must report that
revision exactly when its upgrade changes the schema (not for data-only
revisions). Prints TAP-ish lines "ok ..." / "not ok ...".

    mutate_downgrades.py CUPEL_BIN PROJECT [MAX]
"""
import json
import os
import re
import subprocess
import sys

binary, proj = os.path.abspath(sys.argv[1]), sys.argv[2]
most = int(sys.argv[3]) if len(sys.argv) > 3 else 40
vers = os.path.join(proj, "migrations", "versions")


def lint():
    out = subprocess.run([binary, "lint", "--rule", "downgrade-not-inverse", "--format", "json"], cwd=proj,
                         capture_output=True, text=True).stdout
    return json.loads(out)["findings"]


base = lint()
print("%sok - the project as generated: no finding (%d)" % ("" if not base else "not ", len(base)))
tried = agree = 0
bad = []
for f in sorted(os.listdir(vers)):
    path = os.path.join(vers, f)
    src = open(path).read()
    up = re.search(r"def upgrade\(\):\n((?:    .*\n?)+)", src)
    down = re.search(r"def downgrade\(\):\n((?:    .*\n?)+)", src)
    if not up or not down or down.group(1).strip() == "pass":
        continue
    calls = re.findall(r"op\.(\w+)\((.*)", up.group(1))
    data_only = all(name == "bulk_insert" or (name == "execute" and re.match(r"""\s*["'](INSERT|UPDATE|DELETE)""",
                                                                             rest)) for name, rest in calls)
    tried += 1
    open(path, "w").write(src.replace(down.group(1), '    op.execute("SELECT 1")\n'))
    try:
        fired = any(x["file"].endswith(f) for x in lint())
    finally:
        open(path, "w").write(src)
    if fired == (not data_only):
        agree += 1
    else:
        bad.append("%s (%s, %s)" % (f, "data only" if data_only else "schema", "fired" if fired else "silent"))
    if tried >= most:
        break
print("%sok - %d of %d downgrades replaced by a no-op: reported exactly where the upgrade changes the schema%s"
      % ("" if not bad and tried else "not ", agree, tried, "; wrong: " + ", ".join(bad[:5]) if bad else ""))
