"""Stand-ins for a project's own packages (named in $CUPEL_STUB_MODULES,
comma-separated), so that the real Alembic can load migration scripts that
import the application without having it. Every attribute of a stub is a
callable stub too; a migration whose body really uses them gives output
that is not comparable, and cupel reports such steps as opaque anyway."""
import importlib.abc
import importlib.machinery
import os
import sys
import types

ROOTS = [r for r in os.environ.get("CUPEL_STUB_MODULES", "").split(",") if r]


class Stub:
    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return Stub()

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub()

    def __iter__(self):
        return iter(())


class StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub()


class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ROOTS:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        m = StubModule(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        pass


if ROOTS:
    sys.meta_path.insert(0, Finder())
