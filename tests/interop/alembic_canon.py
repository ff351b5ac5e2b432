#!/usr/bin/python3
"""Run the real Alembic 1.8.1 CLI in cupel's canonical, deterministic order.

Usage (same argv as the ``alembic`` command):

    /usr/bin/python3 tests/interop/alembic_canon.py -c path/to/alembic.ini heads --verbose

Unpatched Alembic 1.8.1 output depends on the filesystem order of
``os.listdir()`` and on Python's string-hash order (PYTHONHASHSEED) of a few
sets.  Before running ``alembic.config.main`` this wrapper pins every such
order (and nothing else).  Pinned outputs:

1. File map order -- ``Script._list_py_dir`` returns ``sorted()`` names
   (Python str order = code point order = byte order of the UTF-8 names, i.e.
   what ``strcmp`` gives).  Alembic >= 1.10 sorts too.  Version locations keep
   their configured order.  Map order drives: heads order, bases order,
   history order between branches, ``branches`` block order.
2. Branch labels -- every revision's ``branch_labels`` set iterates in sorted
   order, so ``(l1, l2)`` in heads/history/branches lines and
   ``Branch names: l1, l2`` in verbose entries are sorted.
3. ``nextrev`` (children through down_revision) iterates in map order, so
   ``Branches into: c1, c2`` (verbose) and the `` -> child`` lines of
   ``alembic branches`` list children in the order they appear in the map.
   Map order (rather than id order) was chosen because it is the order a
   reader naturally builds child lists in (walk the map, append to each
   parent), and it matches the order used everywhere else (heads, bases).
4. ``_normalized_resolved_dependencies`` (depends_on targets that are not
   already dependencies of a down_revision ancestor) keeps the order of the
   declared ``depends_on`` list (resolved to ids, first occurrence wins)
   instead of ``tuple(set(...))``.  It is appended after the down_revisions
   in ``_normalized_down_revisions``, which feeds the head-switching
   topological sort of ``history``; with two or more surviving dependencies
   the unpatched history order depends on PYTHONHASHSEED.
5. Version table updates of a merge (``RevisionStep.merge_branch_idents``)
   and of an unmerge (``_unmerge_to_revisions``) take the parents still to
   change in ``_normalized_down_revisions`` order instead of the order of
   ``set(...).difference(ancestors)``: the parents before the last one are
   DELETEd (INSERTed on downgrade), the last one is UPDATEd.  Unpatched,
   which parent row is updated depends on PYTHONHASHSEED when other heads
   are present.

Not changed (already deterministic): merge parents (declared order),
``Also depends on:`` / ``a (d1, d2) -> x`` (declared depends_on as written),
heads/bases (OrderedSet/tuple in map order).  The label propagation
(``_add_branches``) iterates hash-ordered sets, but its result does not
depend on that order: the downward walk starts at the last descendant of the
labelled revision and can only pass below it when its descendants form a
single chain, in which case "last" is unique.

For checking that each patch is needed, ``ALEMBIC_CANON_SKIP=2,4`` (any of
1-5) disables the listed patches.

PYTHONHASHSEED is deliberately *not* fixed: the patches must make the output
independent of it (verified by running with several seeds).  stdout is
reconfigured to UTF-8 so non-ASCII docstrings do not depend on the locale
(Alembic encodes with the stream encoding and ``errors="replace"``).
"""

import os
import sys

_SKIP = set(os.environ.get("ALEMBIC_CANON_SKIP", "").replace(",", " ").split())

import alembic.config
from alembic import util
from alembic.script import base as _base
from alembic.script import revision as _revision


class _SortedLabels(set):
    """A set of branch labels that iterates in sorted order (patch 2)."""

    __slots__ = ()

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))

    def __repr__(self):
        return "{%s}" % ", ".join(repr(x) for x in self)


class _MapOrdered(frozenset):
    """A frozenset of revision ids that iterates in map order (patch 3)."""

    def __new__(cls, items, rank):
        self = super().__new__(cls, items)
        self._rank = rank
        return self

    def __iter__(self):
        rank = self._rank
        return iter(sorted(frozenset.__iter__(self), key=rank.__getitem__))


# Patch 1: list version directories in sorted filename order.  Only the
# method base.py uses to list a version directory is wrapped; os.listdir
# itself is untouched.
_orig_list_py_dir = _base.Script.__dict__["_list_py_dir"].__func__


def _sorted_list_py_dir(cls, scriptdir, path):
    return sorted(_orig_list_py_dir(cls, scriptdir, path))


if "1" not in _SKIP:
    _base.Script._list_py_dir = classmethod(_sorted_list_py_dir)


# Patches 2-4: post-process the revision map right after Alembic has built it
# (labels propagated, dependencies normalized, heads/bases computed) and
# before any command formats or traverses it.
_orig_revision_map = _revision.RevisionMap.__dict__["_revision_map"].fget


def _revision_map(self):
    map_ = _orig_revision_map(self)
    revs = []
    seen = set()
    for key, rev in map_.items():
        # keys are ids, then branch labels (pointing at their revision),
        # then None/() -> None; keep each Revision once, in map order.
        if rev is None or id(rev) in seen:
            continue
        seen.add(id(rev))
        revs.append(rev)
    rank = {}
    for rev in revs:
        rank.setdefault(rev.revision, len(rank))
    for rev in revs:
        if "2" not in _SKIP:
            rev.branch_labels = _SortedLabels(rev.branch_labels)
        if "3" not in _SKIP:
            rev.nextrev = _MapOrdered(rev.nextrev, rank)
        norm = getattr(rev, "_normalized_resolved_dependencies", ())
        if len(norm) > 1 and "4" not in _SKIP:
            keep = set(norm)
            ordered = []
            for dep in rev._resolved_dependencies:
                if dep in keep and dep not in ordered:
                    ordered.append(dep)
            rev._normalized_resolved_dependencies = tuple(ordered)
    return map_


_revision.RevisionMap._revision_map = util.memoized_property(_revision_map)


# Patch 5: merge/unmerge parents in normalized (declared) order.
from alembic.runtime import migration as _migration


def _ancestor_ids(step, heads, exclude):
    other_heads = set(heads).difference(exclude)
    if not other_heads:
        return None
    rmap = step.revision_map
    return set(r.revision for r in rmap._get_ancestor_nodes(
        rmap.get_revisions(other_heads), check=False))


def _merge_branch_idents(self, heads):
    anc = _ancestor_ids(self, heads, self.from_revisions)
    frm = [r for r in self.from_revisions if anc is None or r not in anc]
    return list(frm[0:-1]), frm[-1], self.to_revisions[0]


def _unmerge_to_revisions(self, heads):
    anc = _ancestor_ids(self, heads, [self.revision.revision])
    if anc is None:
        return self.to_revisions
    return tuple(r for r in self.to_revisions if r not in anc)


if "5" not in _SKIP:
    _migration.RevisionStep.merge_branch_idents = _merge_branch_idents
    _migration.RevisionStep._unmerge_to_revisions = _unmerge_to_revisions


def main(argv=None):
    try:
        sys.stdout.reconfigure(encoding="utf-8")
    except AttributeError:  # pragma: no cover - not a TextIOWrapper
        pass
    alembic.config.main(argv=sys.argv[1:] if argv is None else argv,
                        prog="alembic")


if __name__ == "__main__":
    main()
