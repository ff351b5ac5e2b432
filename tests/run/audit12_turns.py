#!/usr/bin/python3
"""audit12_turns.py SEED BACKEND(sqlite|pg) STEPS : random project + random commands, each by cupel or alembic
on db X; alembic alone on db R; compare current (sorted) and outcome after each step."""
import os, random, subprocess, sys, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_live
seed, backend, nsteps = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
R = random.Random(seed)
BIN = os.environ["CUPEL_BIN"]
base = os.path.join(os.environ["AUDIT_TMP"], "rt%d_%s" % (seed, backend))
shutil.rmtree(base, ignore_errors=True)
proj = base + "/proj"
vers = proj + "/migrations/versions"
os.makedirs(vers)
open(proj + "/alembic.ini", "w").write(gen_live.INI)
open(proj + "/migrations/env.py", "w").write(gen_live.ENV_PY % {"extra": ""})
# graph
revs = []  # (rev, downs, labels, deps)
heads = []
n = R.randint(6, 14)
labels_used = 0
for i in range(n):
    rev = "r%02d" % i
    if not revs or R.random() < 0.12:
        downs = []  # a new base
    elif len(heads) >= 2 and R.random() < 0.35:
        downs = R.sample(heads, 2 if len(heads) == 2 or R.random() < 0.7 else 3)
    elif R.random() < 0.3:
        downs = [R.choice([r[0] for r in revs])]  # branch point possibly
    else:
        downs = [R.choice(heads)]
    lab = None
    if (not downs or (len(downs) == 1 and downs[0] not in heads)) and R.random() < 0.7:
        labels_used += 1
        lab = ("lab%d" % labels_used,)
    deps = None
    if revs and R.random() < 0.15:
        cand = [r[0] for r in revs if r[0] not in downs]
        if cand:
            deps = R.choice(cand)
    for d in downs:
        if d in heads:
            heads.remove(d)
    heads.append(rev)
    revs.append((rev, downs, lab, deps))
    down = None if not downs else (downs[0] if len(downs) == 1 else tuple(downs))
    up = ["op.create_table('t_%s', sa.Column('id', sa.Integer(), primary_key=True))" % rev]
    dn = ["op.drop_table('t_%s')" % rev]
    open("%s/%s.py" % (vers, rev), "w").write(gen_live.SCRIPT.format(
        message="m " + rev, rev=rev, down_text=", ".join(downs), down=down, labels=lab, deps=deps,
        up=gen_live.body(up), down_body=gen_live.body(dn)))
allrevs = [r[0] for r in revs]
labels = [r[2][0] for r in revs if r[2]]

def url(tag):
    if backend == "sqlite":
        return "sqlite:///%s/%s.db" % (base, tag)
    return "postgresql://postgres@/%s?host=%s&port=%s" % ("rt%d%s" % (seed, tag), os.environ["PGHOST"], os.environ["PGPORT"])
if backend == "pg":
    for tag in "xr":
        subprocess.run(["psql", "-qc", "DROP DATABASE IF EXISTS rt%d%s" % (seed, tag), "-c", "CREATE DATABASE rt%d%s" % (seed, tag)],
                       env=os.environ, capture_output=True)
def run(tool, u, args):
    if tool == "alembic":
        p = subprocess.run(["/usr/bin/python3", "-m", "alembic"] + args, cwd=proj, capture_output=True, text=True,
                           env=dict(os.environ, CUPEL_TEST_URL=u))
    else:
        p = subprocess.run([BIN] + args + ["--db", u, "-q"], cwd=proj, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr
def current(u):
    rc, out = run("alembic", u, ["current"])
    return sorted(l.split()[0] for l in out.splitlines() if l and l[0] in "r" and not l.startswith("rev"))
def tables(u):
    if backend == "sqlite":
        f = u[len("sqlite:///"):]
        if not os.path.exists(f): return []
        p = subprocess.run(["sqlite3", f, "select name from sqlite_master where type='table' order by 1"], capture_output=True, text=True)
    else:
        db = u.split("/")[3].split("?")[0]
        p = subprocess.run(["psql", "-d", db, "-tAc", "select tablename from pg_tables where schemaname='public' order by 1"],
                           capture_output=True, text=True, env=os.environ)
    return p.stdout.split()
def target():
    k = R.random()
    cands = allrevs + ["heads", "head", "base"] + [l + "@head" for l in labels] + ["+1", "+2", "-1", "-2"] \
        + [l + "@-1" for l in labels] + [l + "@+1" for l in labels] + [R.choice(allrevs) + "+1", R.choice(allrevs) + "-1"]
    return R.choice(cands)
print("graph:", [(r[0], r[1], r[2], r[3]) for r in revs])
ux, ur = url("x"), url("r")
bad = 0
nok = 0
for s in range(nsteps):
    k = R.random()
    if k < 0.45:
        cmd = ["upgrade", target()]
    elif k < 0.8:
        cmd = ["downgrade", target()]
    else:
        ts = R.sample(allrevs + ["heads", "base"], R.choice([1, 1, 2]))
        cmd = ["stamp"] + ts + (["--purge"] if R.random() < 0.3 else [])
    tool = R.choice(["cupel", "alembic"])
    prev = current(ur)
    rcx, outx = run(tool, ux, cmd)
    rcr, outr = run("alembic", ur, cmd)
    cx, cr = current(ux), current(ur)
    tx, tr = tables(ux), tables(ur)
    nok += rcr == 0
    okk = (rcx == 0) == (rcr == 0) and cx == cr and tx == tr
    if not okk:
        bad += 1
        print("STEP %d %s %s: rc %d/%d current %s / alembic %s tables %s / %s" % (s, tool, " ".join(cmd), rcx, rcr, cx, cr,
              [t for t in tx if t not in tr], [t for t in tr if t not in tx]))
        print("   before:", prev)
        print("   tool out:", outx.strip().splitlines()[-2:] if outx.strip() else "")
        print("   ref out:", outr.strip().splitlines()[-1:] if outr.strip() else "")
        if rcr != 0 and tx == tr and cmd[0] == "stamp" and ("KeyError" in outr or "AssertionError" in outr):
            print("   (both failed on a stamp; documented partial stamp in alembic) resync")
            run("alembic", ux, ["stamp", "--purge"] + (cr or ["base"]))
            bad -= 1
            continue
        break
print("seed %d %s: %d steps (%d succeeded), %s" % (seed, backend, s + 1, nok, "OK" if not bad else "MISMATCH"))
sys.exit(1 if bad else 0)
