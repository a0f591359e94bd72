"""Whoosh, behind one adapter: the only package of Ibid that imports ``whoosh``.

The rest of ``index/`` calls these modules and passes their objects around unopened:

- :mod:`index.backend.analysis`: the text fields' analysis (``fold``, ``stem``,
  ``index_form``, ``analyze`` for postings made in a worker) and ``make_schema()``;
- :mod:`index.backend.storage`: the index folder (``create_index``, ``open_index``,
  ``check``, ``is_empty``, ``remove_partial_files``, ``try_lock``; ``is_damage(exc)``:
  whether an exception says the files are damaged, or is a bug);
- :mod:`index.backend.writer`: ``try_writer(ix)``, a writer that writes what Whoosh's
  SegmentWriter writes, only cheaper; ``merge_policy``;
- :mod:`index.backend.query`: parsing a query, rewriting it, running it with a time limit
  and a filter, and what a hit's query words are;
- :mod:`index.backend.phrases`: exact phrases (word pairs, set arithmetic on positions,
  the check against the words as typed).

These modules subclass Whoosh's classes and read some of its private members, so only
the versions of whoosh-reloaded that the tests passed with are allowed
(:data:`TESTED_VERSIONS`, the same bounds as in pyproject.toml); another one is refused
with a sentence naming it (:func:`require_tested_version`) when the index is opened or
created. Adding a version: widen both bounds, then run tests/index (the contract tests are
tests/index/backend/).
"""
from __future__ import annotations

import importlib
import sys
import types

from reader.core.errors import ReaderError

#: whoosh-reloaded versions tested: from the first (inclusive) to the second (exclusive).
#: Keep in step with the bounds in pyproject.toml.
TESTED_VERSIONS = ((2, 7, 5), (2, 7, 6))


class UnsupportedWhoosh(ReaderError):
    """The installed Whoosh is not a version the index was tested with."""


def version_problem(version: tuple) -> str:
    """The sentence refusing Whoosh *version*, or "" when it is one of TESTED_VERSIONS."""
    low, high = TESTED_VERSIONS
    if low <= tuple(version[:3]) < high:
        return ""
    shown = ".".join(str(part) for part in version)
    wanted = f"whoosh-reloaded>={'.'.join(map(str, low))},<{'.'.join(map(str, high))}"
    return (f"The library index needs one of the Whoosh versions Ibid was tested with ({wanted}), "
            f"but whoosh-reloaded {shown} is installed; install {wanted!r}.")


def require_tested_version() -> None:
    """UnsupportedWhoosh when the installed Whoosh is not a tested version."""
    import whoosh
    problem = version_problem(whoosh.__version__)
    if problem:
        raise UnsupportedWhoosh(problem)


class _StandIn(types.ModuleType):
    """A module Whoosh imports but does not need for searching: the attributes set on it
    stand in for the real ones; any other is read from the real module, imported then."""

    def __getattr__(self, name: str):
        if name.startswith("__") or sys.modules.get(self.__name__) is self:   # (import machinery)
            raise AttributeError(name)
        return getattr(importlib.import_module(self.__name__), name)


def _urlretrieve(*args, **kwargs):
    from urllib.request import urlretrieve
    return urlretrieve(*args, **kwargs)


def _import_whoosh_lightly() -> None:
    """Import Whoosh without ``urllib.request`` and ``asyncio``: ``whoosh.compat`` imports
    the first for a Python 2 alias (``urlretrieve``) it never calls, and ``cached_property``
    (which ``whoosh.reading`` uses) the second only to tell coroutine functions apart. With
    the email, http, ssl and event-loop modules they pull in, that was 45 ms of the 150 ms
    a one-shot ``ibid search`` took. Only while these two modules are imported do stand-ins
    take the real modules' place in ``sys.modules``."""
    if "whoosh.compat" in sys.modules or "cached_property" in sys.modules:
        return
    import inspect
    stand_ins = {"urllib.request": _StandIn("urllib.request"), "asyncio": _StandIn("asyncio")}
    stand_ins["urllib.request"].urlretrieve = _urlretrieve
    stand_ins["asyncio"].iscoroutinefunction = inspect.iscoroutinefunction
    stand_ins = {name: module for name, module in stand_ins.items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import cached_property  # noqa: F401
        import whoosh.compat  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_import_whoosh_lightly()
