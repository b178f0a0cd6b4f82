"""Patterns compiled on first use (hospitalnews/extract/lazyre.py): same answers, valid, not compiled at import."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import pytest

import hospitalnews.extract
from hospitalnews.extract.lazyre import LazyPattern, lazy_compile


def _lazy_patterns():
    for info in pkgutil.iter_modules(hospitalnews.extract.__path__):
        module = importlib.import_module(f"hospitalnews.extract.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern):
                yield f"{info.name}.{name}", value


def test_every_module_level_pattern_compiles():
    patterns = dict(_lazy_patterns())
    assert len(patterns) > 100  # the extractor's patterns are lazy, not just a few
    for where, pattern in patterns.items():
        assert isinstance(pattern.compiled(), re.Pattern), where


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_answers_equal_the_compiled_pattern(flags):
    source = r"(?P<year>(?:19|20)\d{2})\s{0,2}年|[\u4e00-\u9fff]{2,4}"
    lazy, eager = lazy_compile(source, flags), re.compile(source, flags)
    text = "2023年 张三 发布 1999 年 Abc"
    assert lazy.pattern == source and lazy.flags == flags
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.search(text).group("year") == eager.search(text).group("year")
    assert lazy.sub("_", text) == eager.sub("_", text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.groupindex == eager.groupindex and lazy.groups == eager.groups
    assert lazy.compiled() is lazy.compiled()  # compiled once


def test_a_bad_pattern_fails_at_first_use():
    bad = lazy_compile("[unclosed")
    with pytest.raises(re.error):
        bad.search("x")


def test_importing_the_extractor_compiles_none_of_its_patterns():
    probe = (
        "import hospitalnews.extract.article, hospitalnews.extract.listing, hospitalnews.extract.printlayout\n"
        "import sys\n"
        "from hospitalnews.extract.lazyre import LazyPattern\n"
        "n = sum(1 for m in list(sys.modules.values()) if (m.__name__ or '').startswith('hospitalnews.extract')\n"
        "        for v in vars(m).values() if isinstance(v, LazyPattern) and 'search' in v.__dict__)\n"
        "print(n)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "0"


def test_compile_loaded_warms_every_pattern_once():
    probe = (
        "import hospitalnews.extract.article\n"
        "from hospitalnews.extract.lazyre import compile_loaded\n"
        "print(compile_loaded(), compile_loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    first, second = map(int, out.stdout.split())
    assert first > 100 and second == 0


def test_a_used_pattern_pickles_as_its_source():
    import pickle

    lazy = lazy_compile(r"[\u4e00-\u9fff]{2}", re.IGNORECASE)
    assert lazy.search("甲乙")
    again = pickle.loads(pickle.dumps(lazy))
    assert again.pattern == lazy.pattern and again.flags == lazy.flags and again.search("丙丁")
