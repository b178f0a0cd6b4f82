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


# --- issue 8: every form the page finder must see, with its text as stated ---------------------------------
from datetime import datetime  # noqa: E402

from hospitalnews.extract.dates import CST, find_date_text, plausible  # noqa: E402

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=CST)


@pytest.mark.parametrize(("text", "stated", "expected"), [
    # full-width digits
    ("发布时间：２０２３年１月２８日　来源：院办", "２０２３年１月２８日", "2023-01-28T00:00:00+08:00"),
    ("２０２３－０１－２８ １０：２０", "２０２３－０１－２８ １０：２０", "2023-01-28T10:20:00+08:00"),
    # English month names
    ("Posted on Jan 28, 2023 by admin", "Jan 28, 2023", "2023-01-28T00:00:00+08:00"),
    ("28 January 2023", "28 January 2023", "2023-01-28T00:00:00+08:00"),
    ("Sept. 5th, 2024 3:20 pm", "Sept. 5th, 2024 3:20 pm", "2024-09-05T15:20:00+08:00"),
    # Unix timestamps a template printed raw (seconds, milliseconds)
    ("发布时间：1727587200　来源：党办", "1727587200", "2024-09-29T13:20:00+08:00"),
    ("1727587200000", "1727587200000", "2024-09-29T13:20:00+08:00"),
    # half-day words and Chinese hour marks
    ("2024年4月3日下午3点20分", "2024年4月3日下午3点20分", "2024-04-03T15:20:00+08:00"),
    ("2024年2月9日晚8：00", "2024年2月9日晚8：00", "2024-02-09T20:00:00+08:00"),
    ("2024年3月8日15时", "2024年3月8日15时", "2024-03-08T15:00:00+08:00"),
    ("2024年3月8日 上午9点", "2024年3月8日 上午9点", "2024-03-08T09:00:00+08:00"),
    ("2024-01-05 凌晨12:30", "2024-01-05 凌晨12:30", "2024-01-05T00:30:00+08:00"),
    ("发布时间：2024-03-05 8点击量", "2024-03-05", "2024-03-05T00:00:00+08:00"),  # 点击 is no hour
    # a weekday between the date and its time; a weekday ending the line stays out of the date text
    ("发布时间：2024年7月5日(星期五) 08:15", "2024年7月5日(星期五) 08:15", "2024-07-05T08:15:00+08:00"),
    ("2024-07-05 周五 下午2:30", "2024-07-05 周五 下午2:30", "2024-07-05T14:30:00+08:00"),
    ("2024年6月5日 星期三　来源：东岳晚报", "2024年6月5日", "2024-06-05T00:00:00+08:00"),
    # Chinese numerals (cn2an), also followed by a time
    ("发布日期：二〇二四年七月三日 16:00", "二〇二四年七月三日 16:00", "2024-07-03T16:00:00+08:00"),
    ("日期：二〇二四年五月十二日", "二〇二四年五月十二日", "2024-05-12T00:00:00+08:00"),
    ("二零二三年一月二十八日", "二零二三年一月二十八日", "2023-01-28T00:00:00+08:00"),
    ("二〇二二年十二月三十一日印发", "二〇二二年十二月三十一日", "2022-12-31T00:00:00+08:00"),
    # two-digit years: year first, never 1928-01-23
    ("更新时间：23-01-28 10:20", "23-01-28 10:20", "2023-01-28T10:20:00+08:00"),
    ("24.03.05", "24.03.05", "2024-03-05T00:00:00+08:00"),
    # a date put back together from sibling elements
    ("2023 11/02 14:05:09", "2023 11/02 14:05:09", "2023-11-02T14:05:09+08:00"),
    # relative times, against the crawl time
    ("3天前", "3天前", "2026-11-26T12:00:00+08:00"),
    ("2小时前", "2小时前", "2026-11-29T10:00:00+08:00"),
    ("昨天 10:20", "昨天 10:20", "2026-11-28T10:20:00+08:00"),
])
def test_every_parsed_form_is_found_on_a_page(text, stated, expected):
    assert find_date_text(text) == stated
    assert isoformat(parse_publish_time(text, use_dateparser=False, now=NOW)) == expected


@pytest.mark.parametrize("text", [
    "发布时间：1970-01-01 08:00:00",   # DedeCMS/PHP epoch placeholder
    "发布时间：1900-01-01",
    "2042-05-06 09:00",                # a typo in the future
    "2026-12-01",                      # later than the crawl + 1 day
    "89-05-06",                        # a two-digit year read as 1989: before 1990
])
def test_implausible_dates_are_no_publish_time(text):
    assert parse_publish_time(text, now=NOW) is None
    assert find_date_text(text)  # the raw text is still found (and kept by the extractor)


def test_two_digit_years_after_next_year_are_last_century():
    assert isoformat(parse_publish_time("98-05-06", use_dateparser=False, now=NOW)) == "1998-05-06T00:00:00+08:00"


def test_plausible_window():
    assert plausible(datetime(1990, 1, 1, tzinfo=CST), NOW)
    assert not plausible(datetime(1989, 12, 31, tzinfo=CST), NOW)
    assert plausible(datetime(2026, 11, 30, 11, 0, tzinfo=CST), NOW)
    assert not plausible(datetime(2026, 11, 30, 13, 0, tzinfo=CST), NOW)


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("1月28日", 2024, "2024-01-28T00:00:00+08:00"),
    ("发布日期：1月28日　来源：护理部", 2024, "2024-01-28T00:00:00+08:00"),
    ("12月5日下午3点", 2023, "2023-12-05T15:00:00+08:00"),
])
def test_yearless_chinese_dates_take_the_list_year(text, year, expected):
    assert find_date_text(text) is None  # no year stated: not a full date on its own
    assert isoformat(parse_publish_time(text, default_year=year, use_dateparser=False, now=NOW)) == expected


@pytest.mark.parametrize(("raw", "publish_time", "counted"), [
    ("1970-01-01 08:00:00", None, 1),
    ("2042-05-06 09:00", None, 1),
    ("2024-05-06 09:00", "2024-05-06T09:00:00+08:00", 0),
])
def test_publish_time_pipeline_counts_implausible_dates(raw, publish_time, counted):
    from scrapy.utils.test import get_crawler

    from hospitalnews.items import Article
    from hospitalnews.pipelines.normalise import PublishTimePipeline

    crawler = get_crawler()
    pipeline = PublishTimePipeline.from_crawler(crawler)
    item = pipeline.process_item(Article(url="http://a.test/1.html", publish_time_raw=raw))
    assert (item.publish_time, item.publish_time_raw) == (publish_time, raw)
    assert crawler.stats.get_value("hospitalnews/publish_time/implausible", 0) == counted


# --- on a page ------------------------------------------------------------------------------------------
PAGE = """<html><head><meta charset="utf-8">{head}<title>我院举办健康讲座_东岳医院</title></head><body>
<div class="article"><h1>我院举办健康讲座</h1><div class="info">{info}</div>
<div class="content"><p>6月1日，我院举办健康讲座，200余名市民参加。</p><p>专家们耐心解答，市民纷纷表示受益匪浅。</p></div>
</div></body></html>"""


@pytest.mark.parametrize(("head", "info", "raw", "expected"), [
    ("", "发布时间：２０２３年１月２８日", "２０２３年１月２８日", "2023-01-28T00:00:00+08:00"),
    ("", "<span>2024-06-01 10:00</span> <span>来源：院办</span>", "2024-06-01 10:00", "2024-06-01T10:00:00+08:00"),
    ('<meta name="publishdate" content="2023-11-02">', "<em>2023</em><em>11/02</em><em>14:05:09</em>",
     "2023 11/02 14:05:09", "2023-11-02T14:05:09+08:00"),
    ("", "<span>2023</span><span>-</span><span>11-02</span>", "2023 - 11-02", "2023-11-02T00:00:00+08:00"),
    ("", "日期：二〇二四年五月十二日", "二〇二四年五月十二日", "2024-05-12T00:00:00+08:00"),
    ("", "更新时间：23-01-28 10:20", "23-01-28 10:20", "2023-01-28T10:20:00+08:00"),
    ("", "发布时间：2024年4月3日下午3点20分", "2024年4月3日下午3点20分", "2024-04-03T15:20:00+08:00"),
    ("", "Posted: Jan 28, 2023", "Jan 28, 2023", "2023-01-28T00:00:00+08:00"),
    ("", "发布时间：1727587200", "1727587200", "2024-09-29T13:20:00+08:00"),
    ("", "发布时间：1970-01-01 08:00:00", "1970-01-01 08:00:00", None),
    ("", "发布时间：2042-05-06 09:00", "2042-05-06 09:00", None),
    # a labelled value only dateparser reads (day first)
    ("", "发布时间：28/01/2023", "28/01/2023", "2023-01-28T00:00:00+08:00"),
])
def test_page_dates(head, info, raw, expected):
    from hospitalnews.extract.article import extract_article

    record = extract_article(PAGE.format(head=head, info=info).encode("utf-8"), "http://www.dy.test/news/1.html")
    assert (record["publish_time_raw"], record["publish_time"]) == (raw, expected)


def test_page_yearless_date_takes_the_list_year():
    from hospitalnews.extract.article import extract_article

    page = PAGE.format(head="", info="发布日期：1月28日").encode("utf-8")
    record = extract_article(page, "http://www.dy.test/show.php?id=1", listing_date="2024-01-28")
    assert record["publish_time"] == "2024-01-28T00:00:00+08:00"
