#!/usr/bin/python3
"""Seeded random generator of valid Alembic projects (for cupel interop tests).

    gen_project.py OUTDIR --revisions N --seed S [--version-locations K]
        [--depends-density F] [--branch-density F] [--label-density F]
        [--merge-density F] [--id-style hex|mixed] [--file-template plain|mixed]
        [--path-separator random|legacy|os|space|;|:]

Writes OUTDIR/alembic.ini, OUTDIR/migrations/{env.py,script.py.mako} and N
revision scripts spread over K version directories.  The same arguments
always produce byte-identical files.  Every project loads in Alembic 1.8.1:

* down_revision / depends_on always point at earlier revisions;
* merges take 2-3 parents that are pairwise unrelated (also through
  depends_on), new depends_on targets are unrelated to every parent, so the
  normalized parents of a revision are an antichain (avoids the HeadMaintainer
  KeyError bug of 1.8.1);
* declared branch labels are unique and never equal a revision id;
* depends_on entries are full ids or branch labels (1.8.1 resolves them with
  a plain dict lookup: a *prefix* raises KeyError, so prefixes are not used);
  some entries repeat a dependency already declared by a down_revision
  ancestor (normalized away by Alembic).

Only the standard library is used.  Prints a one-line summary on stderr.
"""

import argparse
import os
import random
import sys

WORDS = (
    "add users table account email index order invoice customer address "
    "payment status flag drop column rename migrate data backfill audit log "
    "session token role permission tenant project task comment tag search "
    "cleanup legacy fix constraint unique foreign key schema view trigger "
    "enum type nullable default timestamp archive report metrics cache queue"
).split()

UNICODE_PHRASES = (
    "Ajout de la table «clients» — café ☕",
    "添加用户表",
    "Größenänderung der Spalte „straße“",
    "Миграция данных пользователей",
    "emoji 🚀 release ✓",
    "naïve façade résumé",
    "ελληνικά κείμενο",
)

LABEL_WORDS = (
    "core auth billing reporting search inventory shipping analytics "
    "notifications payments accounts catalog admin legacy feature exp"
).split()

LICENCE = (
    "# Copyright (c) 2019-2024 Example Corp.\n"
    "# SPDX-License-Identifier: Apache-2.0\n"
    "#\n"
    "# Licensed under the Apache License, Version 2.0 (the \"License\").\n"
)

ENV_PY = '''\
"""Alembic environment: offline (SQL script) and online (live DB) modes."""
import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config, pool

from alembic import context

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None


def _url():
    return os.environ.get("ALEMBIC_URL") or config.get_main_option(
        "sqlalchemy.url"
    )


def run_migrations_offline() -> None:
    """Emit SQL to the script output without a database connection."""
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect to the database and run the migrations."""
    section = config.get_section(config.config_ini_section) or {}
    section["sqlalchemy.url"] = _url()
    connectable = engine_from_config(
        section, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection, target_metadata=target_metadata
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''

LOGGING_INI = """
[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
"""


class Rev:
    __slots__ = ("idx", "id", "down", "deps", "labels", "msg", "loc",
                 "fname", "date")

    def __init__(self, idx):
        self.idx = idx
        self.id = None
        self.down = []      # parent indices, declared order
        self.deps = []      # list of strings as written (ids or labels)
        self.labels = []    # declared labels
        self.msg = ""
        self.loc = 0
        self.fname = None
        self.date = None


class Generator:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.revs = []
        self.names = set()     # ids and labels (all map keys)
        self.anc = []          # full ancestry bitsets (down + deps)
        self.dep_targets = []  # resolved dependency indices per revision
        self.heads = []        # indices with no down_revision child, in order
        self.label_owner = {}  # label -> index
        self.owners = []       # indices declaring a label
        self.n_bases = 0

    # ---- identifiers -------------------------------------------------
    def new_id(self, i):
        rng = self.rng
        while True:
            if self.a.id_style == "hex":
                rid = "%012x" % rng.getrandbits(48)
            else:
                r = rng.random()
                if r < 0.35:
                    rid = "%012x" % rng.getrandbits(48)
                elif r < 0.55:
                    rid = "%04d_%s" % (i + 1, rng.choice(WORDS))
                elif r < 0.70:
                    rid = "%s_%s" % (rng.choice(WORDS), rng.choice(WORDS))
                elif r < 0.82:
                    n = rng.randint(6, 32)
                    rid = "%0*x" % (n, rng.getrandbits(4 * n))
                elif r < 0.90:
                    rid = "r%d" % rng.randint(1, 10 ** rng.randint(1, 7))
                elif r < 0.96:
                    rid = "%s%d" % (rng.choice(WORDS).capitalize(),
                                    rng.randint(0, 999))
                else:
                    rid = "%s%d" % (rng.choice("abcxyz"), rng.randint(0, 99))
            if rid not in self.names:
                self.names.add(rid)
                return rid

    def new_label(self):
        rng = self.rng
        while True:
            r = rng.random()
            if r < 0.5:
                lab = rng.choice(LABEL_WORDS)
            elif r < 0.8:
                lab = "%s_%s" % (rng.choice(LABEL_WORDS), rng.choice(WORDS))
            else:
                lab = "%s%d" % (rng.choice(LABEL_WORDS), rng.randint(1, 99))
            if lab not in self.names:
                self.names.add(lab)
                return lab

    # ---- graph ---------------------------------------------------------
    def related(self, i, j):
        return (self.anc[i] >> j) & 1 or (self.anc[j] >> i) & 1 or i == j

    def antichain(self, items):
        for x in range(len(items)):
            for y in range(x + 1, len(items)):
                if self.related(items[x], items[y]):
                    return False
        return True

    def pick_recent(self, pool, window=12):
        """Pick from the end of pool, biased towards the most recent."""
        w = pool[-window:]
        k = int(len(w) * (1.0 - self.rng.random() ** 2))
        return w[min(k, len(w) - 1)]

    def choose_parents(self, i):
        a, rng = self.a, self.rng
        n = a.revisions
        want_bases = max(3, n // 40)
        if i == 0:
            return []
        base_p = min(0.5, 2.0 * want_bases / n) if self.n_bases < want_bases \
            else 0.002
        if rng.random() < base_p:
            return []
        max_heads = 6 + n // 400
        heads = self.heads
        if len(heads) >= 2 and (rng.random() < a.merge_density
                                or len(heads) > max_heads):
            k = 3 if len(heads) >= 3 and rng.random() < 0.25 else 2
            for _ in range(8):
                cand = []
                for _ in range(k * 3):
                    h = self.pick_recent(heads, 16)
                    if h not in cand:
                        cand.append(h)
                    if len(cand) == k:
                        break
                if len(cand) >= 2 and self.antichain(cand):
                    return cand
        if rng.random() < a.branch_density:
            lo = max(0, i - 40)
            p = rng.randrange(lo, i)
            return [p]
        if heads:
            if rng.random() < 0.7:
                return [heads[-1]]
            return [rng.choice(heads)]
        return [i - 1]

    def choose_deps(self, i, parents):
        """Return (list of dep strings, list of resolved indices)."""
        a, rng = self.a, self.rng
        if i < 3 or rng.random() >= a.depends_density:
            return [], []
        ndeps = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.8 else 3)
        strs, idxs = [], []
        # a dependency already declared by a down_revision ancestor: Alembic
        # normalizes it away (walk up the first-parent chain).
        if parents and rng.random() < 0.2:
            p = parents[0]
            for _ in range(30):
                if self.dep_targets[p]:
                    t = rng.choice(self.dep_targets[p])
                    if t not in idxs:
                        strs.append(self.revs[t].id)
                        idxs.append(t)
                    break
                if not self.revs[p].down:
                    break
                p = self.revs[p].down[0]
        tries = 0
        while len(idxs) < ndeps and tries < 20:
            tries += 1
            if self.owners and rng.random() < 0.3:
                t = rng.choice(self.owners)
                by_label = True
            else:
                lo = max(0, i - (200 if rng.random() < 0.8 else i))
                t = rng.randrange(lo, i)
                by_label = False
            if t in idxs or t in parents:
                continue
            group = parents + [x for x in idxs if x not in
                               self._repeat_ok(parents)] + [t]
            if not self.antichain(group):
                continue
            if by_label and self.revs[t].labels:
                strs.append(rng.choice(self.revs[t].labels))
            else:
                strs.append(self.revs[t].id)
            idxs.append(t)
        # occasionally name the same target twice (id and label)
        if idxs and rng.random() < 0.1:
            t = idxs[-1]
            if self.revs[t].labels:
                other = self.revs[t].id if strs[-1] != self.revs[t].id \
                    else self.revs[t].labels[0]
                strs.append(other)
        return strs, idxs

    def _repeat_ok(self, parents):
        # dependency targets already declared by down_revision ancestors are
        # normalized away; they need not be unrelated to the parents.
        out = set()
        todo = list(parents)
        seen = set()
        steps = 0
        while todo and steps < 40:
            p = todo.pop()
            steps += 1
            if p in seen:
                continue
            seen.add(p)
            out.update(self.dep_targets[p])
            todo.extend(self.revs[p].down)
        return out

    def build(self):
        a, rng = self.a, self.rng
        n = a.revisions
        t0 = 1_500_000_000 + rng.randrange(0, 100_000_000)
        for i in range(n):
            r = Rev(i)
            r.id = self.new_id(i)
            parents = self.choose_parents(i)
            if not parents:
                self.n_bases += 1
            r.down = parents
            self.revs.append(r)
            deps, dep_idx = self.choose_deps(i, parents)
            r.deps = deps
            self.dep_targets.append(dep_idx)
            bits = 0
            for p in parents + dep_idx:
                bits |= self.anc[p] | (1 << p)
            self.anc.append(bits)
            if rng.random() < a.label_density:
                nl = 1 if rng.random() < 0.75 else rng.randint(2, 3)
                for _ in range(nl):
                    lab = self.new_label()
                    r.labels.append(lab)
                    self.label_owner[lab] = i
                self.owners.append(i)
            for p in parents:
                if p in self.heads:
                    self.heads.remove(p)
            self.heads.append(i)
            r.msg = self.message()
            r.loc = rng.randrange(a.version_locations)
            t0 += rng.randrange(60, 5 * 86400)
            r.date = t0

    def message(self):
        rng = self.rng
        r = rng.random()
        if r < 0.08:
            return rng.choice(UNICODE_PHRASES)
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 7))]
        if rng.random() < 0.2:
            words[0] = words[0].capitalize()
        return " ".join(words)

    # ---- rendering -----------------------------------------------------
    def q(self, s):
        return ('"%s"' if self.rng.random() < 0.45 else "'%s'") % s

    def seq(self, items, kind=None):
        rng = self.rng
        kind = kind or rng.choice(["tuple", "tuple_tc", "list", "multi"])
        parts = [self.q(x) for x in items]
        if kind == "tuple":
            return "(%s)" % ", ".join(parts)
        if kind == "tuple_tc":
            return "(%s,)" % ", ".join(parts)
        if kind == "list":
            return "[%s]" % ", ".join(parts)
        open_, close = ("(", ")") if rng.random() < 0.6 else ("[", "]")
        return "%s\n%s\n%s" % (
            open_, "".join("    %s,  # parent\n" % p if rng.random() < 0.2
                           else "    %s,\n" % p for p in parts)[:-1], close)

    def render_down(self, r):
        rng = self.rng
        ids = [self.revs[p].id for p in r.down]
        if not ids:
            return rng.choice(["None", "None", "None", "''", '""', "()",
                               "[]"])
        if len(ids) == 1:
            x = rng.random()
            if x < 0.75:
                return self.q(ids[0])
            if x < 0.9:
                return "(%s,)" % self.q(ids[0])
            return "[%s]" % self.q(ids[0])
        return self.seq(ids)

    def render_opt(self, items):
        """branch_labels / depends_on value, or None when absent."""
        rng = self.rng
        if not items:
            return rng.choice(["None"] * 6 + ["()", "[]", None, None])
        if len(items) == 1:
            x = rng.random()
            if x < 0.5:
                return self.q(items[0])
            if x < 0.8:
                return "(%s,)" % self.q(items[0])
            return "[%s]" % self.q(items[0])
        return self.seq(items)

    def docstring(self, r):
        rng = self.rng
        revises = ", ".join(self.revs[p].id for p in r.down)
        date = "%s" % self.fmt_date(r.date, full=True)
        header = "Revision ID: %s\nRevises: %s\nCreate Date: %s\n" % (
            r.id, revises, date)
        x = rng.random()
        qq = '"""'
        if x < 0.08:
            return None
        if x < 0.2:
            # one line
            if rng.random() < 0.2:
                return "'%s'" % r.msg.replace("'", "")
            return '"""%s"""' % r.msg
        if x < 0.6:
            # the standard template
            return '%s%s\n\n%s\n%s' % (qq, r.msg, header, qq)
        if x < 0.75:
            # multi-line first paragraph, then more paragraphs
            extra = " ".join(rng.choice(WORDS) for _ in range(5))
            # a whitespace-only line does not end the first paragraph
            # (doc = longdoc split on the first "\n\n"); trailing blanks
            # on the title survive (only the whole docstring is stripped)
            sep = "\n  \n" if rng.random() < 0.3 else "\n\n"
            title = r.msg + ("   " if rng.random() < 0.2 else "")
            body = "%s\n%s%sDetails: %s.\n  Indented line.\n\n%s" % (
                title, extra, sep,
                " ".join(rng.choice(WORDS) for _ in range(8)), header)
            if rng.random() < 0.3:
                body = "\n   " + body + "\n\n\n"
            return qq + body + qq
        if x < 0.82:
            # single-quoted triple string, leading blank line
            return "'''\n%s\n\n%s'''" % (r.msg, header)
        if x < 0.86:
            # empty or whitespace-only docstring
            return rng.choice(['""""""', '"""   """', "''", '"""\n\n"""'])
        if x < 0.92:
            # unicode plus simple escapes
            return '"""%s \\u2014 it\\\'s \\"quoted\\"\\n\\nsecond para %s\n"""' % (
                rng.choice(UNICODE_PHRASES), rng.choice(WORDS))
        # raw string docstring with a backslash and a tab
        return 'r"""%s \\d+\tend\n\n%s"""' % (r.msg, header)

    def fmt_date(self, t, full=False):
        import time
        tm = time.gmtime(t)
        if full:
            return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (
                tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
                tm.tm_sec, (t * 7919) % 1000000)
        return tm

    def slug(self, msg):
        words = [w.lower() for w in "".join(
            c if (c.isalnum() or c == "_") else " " for c in msg).split()]
        s = "_".join(words)
        if len(s) > 40:
            s = s[:40].rsplit("_", 1)[0] + "_"
        return s

    def file_name(self, r, used):
        rng = self.rng
        slug = self.slug(r.msg) or "empty"
        if self.a.file_template == "plain":
            name = "%s_%s" % (r.id, slug)
        else:
            tm = self.fmt_date(r.date)
            x = rng.random()
            if x < 0.3:
                name = "%s_%s" % (r.id, slug)
            elif x < 0.6:
                name = "%d_%02d_%02d_%02d%02d-%s_%s" % (
                    tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min,
                    r.id, slug)
            elif x < 0.75:
                name = "%d_%s" % (r.date, slug)
            elif x < 0.9:
                name = "%04d_%s" % (rng.randint(0, 9999), slug)
            else:
                # a misleading name: another revision's id
                name = "%s_%s" % (rng.choice(self.revs).id, slug)
        base = name
        k = 2
        while name in used:
            name = "%s_%d" % (base, k)
            k += 1
        used.add(name)
        return name + ".py"

    def render(self, r):
        rng = self.rng
        typed = rng.random() < 0.35
        out = []
        if rng.random() < 0.12:
            out.append(LICENCE)
            if rng.random() < 0.5:
                out.append("\n")
        if rng.random() < 0.05:
            out.append("# -*- coding: utf-8 -*-\n")
        doc = self.docstring(r)
        if doc is not None:
            out.append(doc + "\n")
        if typed:
            out.append("from typing import Sequence, Union\n\n")
        out.append("from alembic import op\nimport sqlalchemy as sa\n\n")
        if rng.random() < 0.05:
            out.append("# down_revision = 'not_a_revision'\n")
        out.append("# revision identifiers, used by Alembic.\n")
        down = self.render_down(r)
        labels = self.render_opt(r.labels)
        deps = self.render_opt(r.deps)
        if typed:
            lines = [
                "revision: str = %s\n" % self.q(r.id),
                "down_revision: %s = %s\n" % (
                    rng.choice(["Union[str, None]",
                                "Union[str, Sequence[str], None]"]), down),
            ]
            if labels is not None:
                lines.append("branch_labels: Union[str, Sequence[str], None]"
                             " = %s\n" % labels)
            if deps is not None:
                lines.append("depends_on: Union[str, Sequence[str], None]"
                             " = %s\n" % deps)
        else:
            lines = [
                "revision = %s\n" % self.q(r.id),
                "down_revision = %s%s\n" % (
                    down, "  # parent(s)" if rng.random() < 0.1 else ""),
            ]
            if labels is not None:
                lines.append("branch_labels = %s\n" % labels)
            if deps is not None:
                lines.append("depends_on = %s\n" % deps)
        if rng.random() < 0.1:
            rng.shuffle(lines)
        out.extend(lines)
        fn_ann = " -> None" if typed or rng.random() < 0.5 else ""
        body_up = rng.choice([
            "    pass\n",
            "    op.add_column(%r, sa.Column(%r, sa.String(50)))\n" % (
                rng.choice(WORDS), rng.choice(WORDS)),
            "    revision = \"not_module_level\"  # local variable\n"
            "    op.execute(\"SELECT 1 -- %s\" % revision)\n",
        ])
        if self.a.bodies == "pass":
            # drawn all the same, so the graph does not change
            body_up = "    pass\n"
        out.append("\n\ndef upgrade()%s:\n" % fn_ann)
        if typed:
            out.append('    """Upgrade schema."""\n')
        out.append(body_up)
        out.append("\n\ndef downgrade()%s:\n" % fn_ann)
        if typed:
            out.append('    """Downgrade schema."""\n')
        out.append("    pass\n")
        return "".join(out)

    # ---- project -------------------------------------------------------
    def write(self, outdir):
        a, rng = self.a, self.rng
        os.makedirs(outdir, exist_ok=True)
        mig = os.path.join(outdir, "migrations")
        os.makedirs(mig, exist_ok=True)
        k = a.version_locations
        # version directories (relative to OUTDIR) and how the ini names them
        if k == 1 and rng.random() < 0.6:
            dirs = ["migrations/versions"]
            vl_line = None
        else:
            cands = ["migrations/versions", "migrations/versions_b",
                     "other/versions_c", "migrations/extra/d", "vers_e"]
            dirs = cands[:1] + rng.sample(cands[1:], k - 1)
            rng.shuffle(dirs)
            vl_line = True
        sep_style = None
        ini = ["# Generated by gen_project.py (seed %d)\n" % a.seed,
               "[alembic]\n",
               "# path to migration scripts\n",
               "script_location = %(here)s/migrations\n",
               "prepend_sys_path = .\n"]
        if vl_line:
            sep_style = rng.choice(["legacy", "os", "space", ";", ":"])
            if a.path_separator != "random":
                sep_style = a.path_separator
            locs = ["%%(here)s/%s" % d for d in dirs]
            if rng.random() < 0.3:
                # a listed directory that does not exist is silently skipped
                locs.insert(rng.randrange(len(locs) + 1),
                            "%(here)s/does_not_exist")
            if sep_style == "legacy":
                joiner = rng.choice([", ", ",", " ", ",  "])
                ini.append("version_locations = %s\n" % joiner.join(locs))
            else:
                j = {"os": ":", "space": " ", ";": ";", ":": ":"}[sep_style]
                ini.append("version_locations = %s\n" % j.join(locs))
                ini.append("version_path_separator = %s\n" % sep_style)
        ini.append("sqlalchemy.url = sqlite:///%(here)s/app.db\n")
        ini.append(LOGGING_INI)
        with open(os.path.join(outdir, "alembic.ini"), "w") as f:
            f.write("".join(ini))
        with open(os.path.join(mig, "env.py"), "w") as f:
            f.write(ENV_PY)
        with open(os.path.join(mig, "script.py.mako"), "w") as f:
            f.write(MAKO)
        with open(os.path.join(mig, "README"), "w") as f:
            f.write("Generic single-database configuration.\n")
        for d in dirs:
            full = os.path.join(outdir, d)
            os.makedirs(full, exist_ok=True)
            if rng.random() < 0.4:
                with open(os.path.join(full, "__init__.py"), "w") as f:
                    f.write("")
            if rng.random() < 0.3:
                with open(os.path.join(full, "NOTES.txt"), "w") as f:
                    f.write("not a revision\n")
            if rng.random() < 0.2:
                # emacs lock-file name: skipped by Alembic
                with open(os.path.join(full, ".#%s.py" % rng.choice(WORDS)),
                          "w") as f:
                    f.write("this is not python\n")
            if rng.random() < 0.2:
                # subdirectories are not searched by Alembic 1.8.1
                sub = os.path.join(full, "archive")
                os.makedirs(sub, exist_ok=True)
                with open(os.path.join(sub, "old_decoy.py"), "w") as f:
                    f.write(DECOY)
        if vl_line and "migrations/versions" not in dirs:
            # not listed: never read
            dv = os.path.join(mig, "versions")
            os.makedirs(dv, exist_ok=True)
            with open(os.path.join(dv, "decoy.py"), "w") as f:
                f.write(DECOY)
        used = [set() for _ in dirs]
        for r in self.revs:
            r.fname = self.file_name(r, used[r.loc])
            path = os.path.join(outdir, dirs[r.loc], r.fname)
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.render(r))
        return dirs, sep_style


DECOY = '''"""Decoy: must never be loaded (its parent does not exist)."""
revision = "decoy0000001"
down_revision = "missing00000"
'''


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--revisions", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--version-locations", type=int, default=1,
                    choices=range(1, 5))
    ap.add_argument("--depends-density", type=float, default=0.05)
    ap.add_argument("--branch-density", type=float, default=0.08)
    ap.add_argument("--label-density", type=float, default=0.05)
    ap.add_argument("--merge-density", type=float, default=0.06)
    ap.add_argument("--path-separator", default="random",
                    choices=("random", "legacy", "os", "space", ";", ":"),
                    help="version_path_separator style when version_locations"
                    " is written (legacy = key absent)")
    ap.add_argument("--id-style", choices=("hex", "mixed"), default="hex")
    ap.add_argument("--file-template", choices=("plain", "mixed"),
                    default="plain")
    ap.add_argument("--bodies", choices=("mixed", "pass"), default="mixed",
                    help="pass: every upgrade()/downgrade() body is `pass` "
                    "(offline SQL is then framing only)")
    a = ap.parse_args(argv)
    if a.revisions < 1:
        ap.error("--revisions must be >= 1")
    g = Generator(a)
    g.build()
    dirs, sep = g.write(a.outdir)
    nb = sum(1 for r in g.revs if not r.down)
    nm = sum(1 for r in g.revs if len(r.down) > 1)
    nd = sum(1 for r in g.revs if r.deps)
    nl = sum(len(r.labels) for r in g.revs)
    sys.stderr.write(
        "gen_project: %d revisions, %d heads, %d bases, %d merges, "
        "%d with depends_on, %d labels, dirs=%s sep=%s\n"
        % (len(g.revs), len(g.heads), nb, nm, nd, nl, ",".join(dirs), sep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
