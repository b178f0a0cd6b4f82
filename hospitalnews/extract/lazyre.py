"""Regular expressions compiled on first use, so that importing the extractor stays cheap.

``hospitalnews extract page.html`` is a batch tool whose whole run should take under 0.15 s (issue 12).
The extractor's modules hold about 170 module-level patterns, many with CJK character classes such
as ``[\\u4e00-\\u9fff]``: CPython's ``re`` compiler builds a 65,536-entry map of such a class in a
Python loop, about 1 ms per range, so compiling every pattern at import cost about 55 ms, while a
typical page uses fewer than half of them. :func:`lazy_compile` defers that work to the first call.

After the first use the pattern's methods are plain instance attributes (bound methods of the
compiled ``re.Pattern``), so a call costs what a call on the compiled pattern costs.
"""

from __future__ import annotations

import re
import sys

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """A stand-in for ``re.compile(pattern, flags)`` that compiles on first attribute access.

    ``pattern`` and ``flags`` (as given: without the ``re.UNICODE`` a compiled str pattern adds) are readable
    without compiling; every other ``re.Pattern`` attribute (``search``, ``sub``, ``groupindex``, …) compiles
    it once. Pickles as its source. ``re.sub(lazy, …)`` does not accept it: call its methods. A pattern
    with an error raises ``re.error`` at its first use, and the test suite imports every module and
    compiles every pattern (tests/extract/test_lazyre.py).
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern:
        """The compiled ``re.Pattern`` (compiled now if it was not yet)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:
                self.__dict__[name] = getattr(compiled, name)
            self.__dict__["groupindex"] = compiled.groupindex
            self.__dict__["groups"] = compiled.groups
            self.__dict__["_compiled"] = compiled
        return compiled

    def __getattr__(self, name: str):  # only called for attributes not yet in the instance dict
        if name.startswith("__") or name == "_compiled":
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __reduce__(self):   # pickled as its source (a compiled re.Pattern pickles the same way)
        return lazy_compile, (self.pattern, self.flags)

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> LazyPattern:
    """Like ``re.compile``, compiled on first use (see :class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)


def compile_loaded(package: str = "hospitalnews.extract") -> int:
    """Compile now every :class:`LazyPattern` held by an already imported module of ``package``.

    For processes that will extract many pages (the fork server of the crawl's extraction workers:
    extract/preload.py), so that no page pays for a first compilation. Returns how many it compiled.
    """
    count = 0
    for name, module in list(sys.modules.items()):
        if name == package or name.startswith(package + "."):
            for value in list(vars(module).values()):
                if isinstance(value, LazyPattern) and "search" not in value.__dict__:
                    value.compiled()
                    count += 1
    return count
