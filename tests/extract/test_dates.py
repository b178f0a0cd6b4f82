import pytest

from hospitalnews.extract.dates import isoformat, parse_publish_time


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the seed page and the real sites' meta lines
        ("发布时间:2023-01-28 09:17:57", "2023-01-28T09:17:57+08:00"),
        ("发布时间：2018-06-12 08:42:58", "2018-06-12T08:42:58+08:00"),
        ("发布时间:2024-3-18 8:55:27", "2024-03-18T08:55:27+08:00"),  # tazhongyi: not zero-padded
        ("发布日期：2023-05-06", "2023-05-06T00:00:00+08:00"),
        ("时间：2023-05-06 14:30", "2023-05-06T14:30:00+08:00"),
        ("2023年1月5日 9时05分", "2023-01-05T09:05:00+08:00"),
        ("2023年01月05日 09:05", "2023-01-05T09:05:00+08:00"),
        ("2023年1月5日", "2023-01-05T00:00:00+08:00"),
        ("2023/1/28", "2023-01-28T00:00:00+08:00"),
        ("2023.01.28", "2023-01-28T00:00:00+08:00"),
        ("[2023-01-28]", "2023-01-28T00:00:00+08:00"),
        ("2023-01-28T01:17:57Z", "2023-01-28T09:17:57+08:00"),          # meta tags in UTC
        ("2023-01-28T09:17:57+08:00", "2023-01-28T09:17:57+08:00"),
        ("2023-01-27T20:17:57-05:00", "2023-01-28T09:17:57+08:00"),
        ("/html/2024-02/05/node_2.htm", "2024-02-05T00:00:00+08:00"),
        ("content/20240205/Page03.htm", "2024-02-05T00:00:00+08:00"),
        ("发布时间:2023-02-30 10:00", None),                            # no such day
        ("阅读次数:0", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_publish_time(raw, expected):
    assert isoformat(parse_publish_time(raw, use_dateparser=False)) == expected


@pytest.mark.parametrize(
    ("raw", "year", "expected"),
    [
        ("2月2日上午", 2024, "2024-02-02T00:00:00+08:00"),
        ("02-05 08:30", 2023, "2023-02-05T08:30:00+08:00"),
        ("12月28日", 2022, "2022-12-28T00:00:00+08:00"),
        ("2月2日上午", None, None),  # no year known: unknown, not guessed
    ],
)
def test_yearless_dates_take_the_given_year(raw, year, expected):
    assert isoformat(parse_publish_time(raw, default_year=year, use_dateparser=False)) == expected


def test_dateparser_is_the_fallback_for_what_regexes_cannot_read():
    assert isoformat(parse_publish_time("January 28, 2023 9:17 am")) == "2023-01-28T09:17:00+08:00"


def test_dateparser_is_not_called_for_the_common_forms(monkeypatch):
    import hospitalnews.extract.dates as dates

    def boom(text):
        raise AssertionError(f"dateparser called for {text!r}")

    monkeypatch.setattr(dates, "_parse_with_dateparser", boom)
    assert parse_publish_time("发布时间:2023-01-28 09:17:57") is not None
    assert parse_publish_time("2023年1月5日 9时05分") is not None
