import pytest

from hospitalnews.extract.counts import parse_view_count
from hospitalnews.extract.source import normalise_source


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0), ("阅读次数:0", 0), ("1,234", 1234), ("点击：1,234次", 1234), ("1.2万", 12000),
        ("阅读量：1.2万", 12000), ("3千", 3000), ("浏览：15832", 15832), ("1，234", 1234), ("2.5w", 25000),
        ("10万+", 100000), (12, 12), ("", None), ("暂无", None), (None, None),
    ],
)
def test_parse_view_count(raw, expected):
    assert parse_view_count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("本文来源: 院长办公室", "院长办公室"), ("本文来源:", None), ("本文来源: ", None), ("来源：健康报", "健康报"),
        ("信息来源：宣传科", "宣传科"), ("稿件来源：党委宣传部 ", "党委宣传部"), ("院长办公室", "院长办公室"),
        ("", None), (None, None), ("来源：| 新华网", "新华网"),
    ],
)
def test_normalise_source(raw, expected):
    assert normalise_source(raw) == expected
