import pytest
from hypothesis import given
from hypothesis import strategies as st

from hospitalnews.extract.text import clean_line, clean_optional, clean_text, fold_spaces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("加 强 日 常 检 查", "加强日常检查"),
        ("总 结 分 析 2023 年 度 安 全 生 产 工 作", "总结分析2023年度安全生产工作"),
        ("扎 实 养 成“ 严 、真 、细 、实 ”工 作 作 风", "扎实养成“严、真、细、实”工作作风"),
        ("\u00a0\u00a0\u00a01月27日正月初六", "1月27日正月初六"),
        ("医院\u200b新闻\ufeff", "医院新闻"),
        ("全\u3000院\u3000职工", "全院职工"),
        ("强化 MDT team 建设", "强化 MDT team 建设"),  # spaces between Latin words stay
        ("  ", ""),
    ],
)
def test_clean_line(raw, expected):
    assert clean_line(raw) == expected


def test_clean_text_drops_empty_paragraphs_and_joins_with_one_newline():
    assert clean_text("第一段\r\n\u00a0\n  \n第 二 段\n") == "第一段\n第二段"


def test_fold_spaces_keeps_spaces_between_names_for_byline_parsing():
    assert fold_spaces("记者\u00a0颜凯  通讯员 吕士琴") == "记者 颜凯 通讯员 吕士琴"


def test_clean_optional_gives_none_for_nothing():
    assert clean_optional(" \u00a0") is None
    assert clean_optional(None) is None


# every space and invisible character fold_spaces knows, and others str.strip() or \s treat as space
_ALPHABET = ("ab中文，。 \t\n\r\x0b\x0c\x1c\x85\u00a0\u00ad\u1680\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
             + "".join(chr(c) for c in range(0x2000, 0x200e)))


@given(st.text(alphabet=_ALPHABET, max_size=16))
def test_fold_spaces_fast_paths_equal_the_two_substitutions(text):
    """fold_spaces skips its regex passes for blank texts and texts with nothing to fold: same answers."""
    from hospitalnews.extract import text as module

    assert fold_spaces(text) == module._SPACES.sub(" ", module._INVISIBLE.sub("", text)).strip()


@given(st.one_of(st.none(), st.text(alphabet=_ALPHABET, max_size=24), st.text(max_size=24)))
def test_without_spaces_removes_what_the_regex_removes(text):
    """without_spaces is ``re.sub(r"\\s+", "", text)`` by str.split(): the same Unicode spaces, None as ""."""
    import re

    from hospitalnews.extract.text import without_spaces

    assert without_spaces(text) == re.sub(r"\s+", "", text or "")
