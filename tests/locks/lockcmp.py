#!/usr/bin/python3
"""One statement's lock facts from cupel against what PostgreSQL showed
(tests/locks/observe.sh and along.sh): the strongest mode per relation,
whether a table was rewritten, whether one that existed before was read
sequentially, and whether the statement ran in a transaction block.
Prints the difference and exits 1, or prints the facts.

    lockcmp.py FACTS OBS INTX [SETUP]

FACTS  cupel's JSON: a list of facts, or an object holding "facts"
OBS    lines "lock|REL|MODE", "rewrite|REL", "scan|REL"
INTX   1: the server ran it inside BEGIN; 0: it refused; -: not asked
SETUP  cupel's facts of the setup alone: that many leading facts of FACTS
       are the setup's, not the statement's
"""
import json
import sys

RANK = ["AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
        "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]
NAME = {"ACCESS SHARE": "AccessShareLock", "ROW SHARE": "RowShareLock", "ROW EXCLUSIVE": "RowExclusiveLock",
        "SHARE UPDATE EXCLUSIVE": "ShareUpdateExclusiveLock", "SHARE": "ShareLock",
        "SHARE ROW EXCLUSIVE": "ShareRowExclusiveLock", "EXCLUSIVE": "ExclusiveLock",
        "ACCESS EXCLUSIVE": "AccessExclusiveLock"}
DML = ("InsertStmt", "UpdateStmt", "DeleteStmt", "SelectStmt", "MergeStmt")


def strongest(d, rel, mode):
    if rel not in d or RANK.index(mode) > RANK.index(d[rel]):
        d[rel] = mode


def main():
    facts = json.load(open(sys.argv[1]))
    if isinstance(facts, dict):
        facts = facts["facts"]
    if len(sys.argv) > 4:
        facts = facts[len(json.load(open(sys.argv[4]))):]
    asked = sys.argv[3] != "-"
    in_tx = sys.argv[3] != "0"
    bad, model, rewrite, intx, scan = [], {}, False, True, False
    # DML's scans are the planner's choice (a WHERE on a column without an
    # index reads every row): the model's scan is checked for the other forms
    dml = any(f["kind"] in DML or (f["kind"] in ("DoStmt", "CallStmt") and "runs DML" in (f.get("note") or "")) for f in facts)
    for f in facts:
        if not f["known"]:
            print("unknown: %s" % f.get("unknown"))
            sys.exit(1)
        for lk in f["locks"]:
            key = lk["table"] if lk.get("schema") in (None, "", "public") else lk["schema"] + "." + lk["table"]
            strongest(model, key, NAME[lk["mode"]])
        if f["rewrite"] is None:
            bad.append("the model does not know whether it rewrites (%s)" % f.get("note"))
        rewrite = rewrite or f["rewrite"] is True
        intx = intx and f["in_transaction"]
        scan = scan or f["scan"]
    seen, rewritten, scanned = {}, [], []
    for line in open(sys.argv[2]):
        p = line.strip().split("|")
        if p[0] == "lock" and len(p) == 3:
            strongest(seen, p[1], p[2])
        elif p[0] == "rewrite" and len(p) == 2:
            rewritten.append(p[1])
        elif p[0] == "scan" and len(p) == 2:
            scanned.append(p[1])
    # Observed from a second connection (a statement that cannot run in a
    # transaction block), a lock held briefly can be taken and released
    # between two polls: CLUSTER of a partitioned table rewrites each small
    # partition in a transaction of its own. PostgreSQL gives a table a new
    # relfilenode only under ACCESS EXCLUSIVE, so a table seen rewritten
    # was held so even where no poll caught the lock.
    if not in_tx:
        for rel in rewritten:
            strongest(seen, rel, "AccessExclusiveLock")
    if model != seen:
        bad.append("locks: model %s, PostgreSQL %s" % (sorted(model.items()), sorted(seen.items())))
    if rewrite != bool(rewritten):
        bad.append("rewrite: model %s, PostgreSQL rewrote %s" % (rewrite, sorted(rewritten)))
    # a rewrite reads the old rows or fills new storage (TRUNCATE's index
    # rebuild scans the empty table): the scan is judged without one, and
    # only where the server's own transaction counted it
    if in_tx and not dml and not rewritten and scan != bool(scanned):
        bad.append("scan: model %s, PostgreSQL scanned %s" % (scan, sorted(scanned)))
    if asked and intx != in_tx:
        bad.append("in_transaction: model %s, PostgreSQL %s" % (intx, in_tx))
    if bad:
        print("; ".join(bad))
        sys.exit(1)
    print("ok %s rewrite=%s scan=%s in_transaction=%s" % (sorted(model.items()), rewrite, scan, intx))


main()
