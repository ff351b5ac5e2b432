#!/usr/bin/python3
"""Print the offline commands framing.sh compares, one per line:
``upgrade|downgrade|stamp RANGE``, for PROJECT (alembic.ini in it).

Ranges are ones the Alembic CLI accepts with --sql whatever the number of
heads: per head H (at most MAXHEADS, map order) and one ancestor R of H
picked with SEED: upgrade base:H, R:H; downgrade H:base, H:R, H:-1;
stamp H, R:H, H:R, H:base; plus upgrade R:+1 (often an ambiguous walk:
then both must fail).

usage: framing_cases.py PROJECT SEED MAXHEADS
"""
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "interop"))
import alembic_canon  # noqa: F401  (canonical map order)
from alembic.config import Config
from alembic.script import ScriptDirectory


def main():
    proj, seed, maxheads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    script = ScriptDirectory.from_config(
        Config(os.path.join(proj, "alembic.ini")))
    rmap = script.revision_map
    rng = random.Random(seed)
    order = {}
    for rev in rmap._revision_map.values():
        if rev is not None:
            order.setdefault(rev.revision, len(order))
    for head in list(rmap.heads)[:maxheads]:
        anc = sorted((r.revision for r in rmap._get_ancestor_nodes(
            [rmap.get_revision(head)]) if r.revision != head),
            key=order.__getitem__)
        cmds = ["upgrade base:%s" % head, "downgrade %s:base" % head,
                "downgrade %s:-1" % head, "stamp %s" % head,
                "stamp %s:base" % head]
        if anc:
            r = rng.choice(anc)
            cmds += ["upgrade %s:%s" % (r, head), "downgrade %s:%s" % (head, r),
                     "stamp %s:%s" % (r, head), "stamp %s:%s" % (head, r),
                     "upgrade %s:+1" % r]
        for c in cmds:
            print(c)


if __name__ == "__main__":
    main()
