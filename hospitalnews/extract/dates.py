"""Publish-time parsing: a regex fast path for the common Chinese forms, dateparser as fallback.

Every result is an aware datetime in China Standard Time (UTC+08:00); sites state local time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from .lazyre import lazy_compile

CST = timezone(timedelta(hours=8), "CST")

# Half-day words before the hour: 下午3点20分, 晚8：00, 凌晨0:30 (12-hour clocks written in Chinese).
_AFTERNOON = ("下午", "晚上", "傍晚", "夜间", "夜里", "晚")
_TIME = (
    r"(?:(?:[T\s]{0,3}|-(?=\d{1,2}:))(?P<half>上午|下午|晚上|傍晚|凌晨|中午|早上|夜间|夜里|晚|早)?\s{0,2}(?P<hour>\d{1,2})\s{0,2}"
    r"(?:[:：]\s{0,2}(?P<minute>\d{1,2})(?:\s{0,2}[:：]\s{0,2}(?P<second>\d{1,2})(?:\.\d{1,6})?)?"
    r"|[时点](?![击评赞])(?:\s{0,2}(?P<minute_cn>\d{1,2})\s{0,2}分?(?:\s{0,2}(?P<second_cn>\d{1,2})\s{0,2}秒)?)?)"
    r"(?:\s{0,2}(?P<ampm>[AaPp][Mm])\b)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
# A weekday printed between the date and its time: 2024年7月5日(星期五) 08:15, 2024-07-05 周五 08:15 (only
# read when a time follows, so a date line ending in its weekday keeps the date alone as its text).
_WEEKDAY = r"(?:\s{0,2}[（(]?(?:星期|礼拜|周)[一二三四五六日天][）)]?(?=\s{0,2}(?:上午|下午|晚上|晚|早上|中午|凌晨)?\s{0,2}\d{1,2}\s{0,2}[:：时点]))?"
# 2023-01-28 09:17:57, 2023/1/28, 2023.01.28, 2023年1月28日 9时5分, 2024-3-18 8:55:27, ISO 8601, and a date
# put back together from sibling elements (2023 11/02 14:05:09).
_FULL_DATE = lazy_compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?:\s{0,2}[-/.年]\s{0,2}|\s{1,3}(?=\d{1,2}[-/]))(?P<month>\d{1,2})\s{0,2}[-/.月]\s{0,2}(?P<day>\d{1,2})(?!\d)\s{0,2}[日号]?"
    + _WEEKDAY + _TIME
)
# Dates that name no year: 2月2日, 02-02 08:30 (lists often print these).
_YEARLESS_DATE = lazy_compile(
    r"(?<![\d.\-/])(?P<month>\d{1,2})\s{0,2}(?:月\s{0,2}(?P<day_cn>\d{1,2})\s{0,2}[日号]|-(?P<day>\d{1,2})(?![\d\-]))"
    + _TIME
)
# Two-digit years: 23-01-28 10:20 is 2023-01-28 (year first, as Chinese CMSs print it; never 1928-01-23).
_SHORT_YEAR_DATE = lazy_compile(
    r"(?<![\d.\-/])(?P<year>\d{2})(?P<sep>[-.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?![\d\-.])" + _TIME
)
# Compact 20230128 (URLs and e-paper paths).
_COMPACT_DATE = lazy_compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)")
# Chinese numerals: 二〇二四年五月十二日, 二零二三年一月二十八日 (read with cn2an).
_CN_DATE = lazy_compile(
    r"(?P<year>[〇○零一二三四五六七八九]{4})\s{0,2}年\s{0,2}(?P<month>[一二三四五六七八九十]{1,3})\s{0,2}月"
    r"\s{0,2}(?P<day>[一二三四五六七八九十]{1,3})\s{0,2}[日号]" + _WEEKDAY + _TIME
)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# English month names: Jan 28, 2023 / January 28th, 2023 / 28 Jan 2023.
_EN_DATE = lazy_compile(
    r"(?<![A-Za-z])(?:(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s{1,3}"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s{1,3}(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,?\s{1,3})"
    r"(?P<year>(?:19|20)\d{2})(?!\d)(?:,?\s{1,2}at(?=\s))?" + _TIME, re.IGNORECASE
)
# A Unix timestamp a template printed raw (发布时间：1727587200), seconds or milliseconds.
_TIMESTAMP = lazy_compile(r"(?:^|(?<=[:：=\s]))(?P<ts>1\d{9})(?P<ms>\d{3})?(?!\d)")
# Relative times of feeds and comment-style templates: 3天前, 2小时前, 昨天 10:20 (against the crawl time).
_RELATIVE = lazy_compile(r"(?P<n>\d{1,3})\s{0,2}(?P<unit>秒|分钟|小时|天|周|个月)前|(?P<word>刚刚|今天|昨天|前天)" + _TIME)
_RELATIVE_UNITS = {"秒": timedelta(seconds=1), "分钟": timedelta(minutes=1), "小时": timedelta(hours=1),
                   "天": timedelta(days=1), "周": timedelta(days=7), "个月": timedelta(days=30)}
# Full-width digits and separators read as ASCII (one character for one, so spans map back to the page text).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９：／－．　", "0123456789:/-. ")
_SEARCH_WINDOW = 2000
_DATEPARSER_MAX = 40
# A publish time outside this window is a placeholder or a typo (1970-01-01 08:00, 2042 for 2024).
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone(timedelta(hours=8)))


def _build(year: int, month: int, day: int, m: re.Match) -> datetime | None:
    groups = m.groupdict()
    try:
        hour = int(groups.get("hour") or 0)
        # Windows/ASP.NET print 2023/11/14 下午 3:20:15 or 3:20:15 PM; news pages 下午3点20分, 晚8：00.
        afternoon = groups.get("half") in _AFTERNOON or (groups.get("ampm") or "").lower() == "pm"
        if afternoon and hour < 12:
            hour += 12
        elif groups.get("half") == "中午" and hour < 6:
            hour += 12
        elif (groups.get("half") == "凌晨" or (groups.get("ampm") or "").lower() == "am") and hour == 12:
            hour = 0
        minute = int(groups.get("minute") or groups.get("minute_cn") or 0)
        second = int(groups.get("second") or groups.get("second_cn") or 0)
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    tz = groups.get("tz")
    if tz:
        offset = timezone.utc if tz == "Z" else _parse_offset(tz)
        return moment.replace(tzinfo=offset).astimezone(CST)
    return moment.replace(tzinfo=CST)


def _parse_offset(text: str) -> timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_publish_time(
    text: str | None,
    *,
    default_year: int | None = None,
    use_dateparser: bool = True,
    now: datetime | None = None,
) -> datetime | None:
    """The first date (and time) stated in ``text``, or ``None``.

    Labels such as 发布时间 / 发布日期 / 时间 need no stripping: the patterns search (see :func:`search_date`
    for the forms and their order). A date without a year (``2月2日``) takes ``default_year`` (from the list
    page or the issue date) and is ``None`` without one. A date before 1990 or later than ``now`` (default:
    the current time) plus one day is no publish time (a CMS placeholder such as 1970-01-01, or a typo): ``None``.
    dateparser (about 1 ms a call) only sees text the patterns cannot read.
    """
    if not text:
        return None
    found = search_date(text, default_year=default_year, now=now)
    if found is not None:
        return found[1] if plausible(found[1], now) else None
    probe = text.strip()
    # dateparser reads short date texts only (a date is short; it takes seconds over long digit runs)
    if use_dateparser and len(probe) <= _DATEPARSER_MAX and not probe.isdigit():
        moment = _parse_with_dateparser(probe)
        return moment if plausible(moment, now) else None
    return None


def plausible(moment: datetime | None, now: datetime | None = None) -> bool:
    """Whether ``moment`` can be a publish time: from 1990 up to ``now`` (default: the current time) + 1 day."""
    if moment is None:
        return False
    now = now or datetime.now(CST)
    return EARLIEST <= moment <= now + timedelta(days=1)


def search_date(text: str | None, *, default_year: int | None = None, full_only: bool = False,
                now: datetime | None = None) -> tuple[tuple[int, int], datetime | None] | None:
    """The first date ``text`` states, as ((start, end) of the date text, moment), or ``None``.

    Forms, tried in this order (the first form that occurs wins, whatever its position):
    full dates with a four-digit year (``2023-01-28 09:17``, ``2023年1月28日 下午3点20分``, ``2023年1月28日15时``,
    ``２０２３年１月２８日`` in full-width digits, ``2023 11/02 14:05:09`` put together from sibling elements);
    Chinese numerals (``二〇二四年五月十二日``); English month names (``Jan 28, 2023``); two-digit years
    (``23-01-28``); a Unix timestamp after a label (``发布时间：1727587200``); compact ``20230128``; relative
    times (``3天前``, ``昨天 10:20``, against ``now``); then, unless ``full_only``, yearless dates
    (``1月28日``, ``01-28``) with ``default_year``. The moment is ``None`` only for a date no calendar has
    (2023-02-30). Only the first 2,000 characters are searched.
    """
    if not text:
        return None
    text = text[:_SEARCH_WINDOW]  # the first date stated: later text is never read (bounded cost)
    ascii_text = text.translate(_FULL_WIDTH)
    m = _FULL_DATE.search(ascii_text)
    if m:
        return m.span(), _build(int(m["year"]), int(m["month"]), int(m["day"]), m)
    m = _CN_DATE.search(text)
    if m:
        import cn2an  # imported lazily: about 1 s, and few pages write dates in Chinese numerals

        try:
            year, month, day = (int(cn2an.cn2an(m[g], "smart")) for g in ("year", "month", "day"))
        except (ValueError, KeyError):
            year = month = day = 0
        return m.span(), _build(year, month, day, m) if year else None
    m = _EN_DATE.search(ascii_text)
    if m:
        month = _MONTHS[(m["mon"] or m["mon2"]).lower()[:3]]
        return m.span(), _build(int(m["year"]), month, int(m["day"] or m["day2"]), m)
    m = _SHORT_YEAR_DATE.search(ascii_text)
    if m:
        year = 2000 + int(m["year"])
        if year > (now or datetime.now(CST)).year + 1:
            year -= 100  # 98-05-06 is 1998 (and then too early to be a publish time)
        return m.span(), _build(year, int(m["month"]), int(m["day"]), m)
    m = _TIMESTAMP.search(ascii_text.strip())
    if m:
        offset = len(ascii_text) - len(ascii_text.lstrip())
        moment = datetime.fromtimestamp(int(m["ts"]), CST)
        return (m.start() + offset, m.end() + offset), moment
    m = _COMPACT_DATE.search(ascii_text)
    if m:
        return m.span(), _build(int(m["year"]), int(m["month"]), int(m["day"]), m)
    m = _RELATIVE.search(ascii_text)
    if m:
        return m.span(), _relative(m, now or datetime.now(CST))
    if default_year is not None and not full_only:
        m = _YEARLESS_DATE.search(ascii_text)
        if m:
            return m.span(), _build(default_year, int(m["month"]), int(m["day_cn"] or m["day"]), m)
    return None


def is_relative(text: str | None) -> bool:
    """Whether the date ``text`` states is relative (``3天前``, ``昨天 10:20``): only as good as the time the page
    was fetched, so a list page's date is better evidence."""
    found = search_date(text, full_only=True)
    return bool(found) and _RELATIVE.fullmatch(text.translate(_FULL_WIDTH)[found[0][0]:found[0][1]]) is not None


def _relative(m: re.Match, now: datetime) -> datetime | None:
    now = now.astimezone(CST)
    if m["n"]:
        return (now - int(m["n"]) * _RELATIVE_UNITS[m["unit"]]).replace(microsecond=0)
    if m["word"] == "刚刚":
        return now.replace(microsecond=0)
    day = now.date() - timedelta(days={"今天": 0, "昨天": 1, "前天": 2}[m["word"]])
    return _build(day.year, day.month, day.day, m)


def _parse_with_dateparser(text: str) -> datetime | None:
    import dateparser  # imported lazily: it costs ~0.5 s and most pages never need it

    parsed = dateparser.parse(
        text,
        languages=["zh", "en"],
        settings={
            "TIMEZONE": "Asia/Shanghai",
            "RETURN_AS_TIMEZONE_AWARE": True,
            "PREFER_DATES_FROM": "past",
            "STRICT_PARSING": False,
        },
    )
    return parsed.astimezone(CST) if parsed else None


def isoformat(moment: datetime | date | None) -> str | None:
    """``2023-01-28T09:17:57+08:00`` (seconds precision), or ``None``."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=CST)
    return moment.astimezone(CST).replace(microsecond=0).isoformat()


def find_date_text(text: str | None) -> str | None:
    """The date (and time) substring of ``text`` as stated — ``2025年04月10日 09:12`` out of
    ``2025年04月10日 09:12 来源：宣传科``, ``２０２３年１月２８日``, ``二〇二四年五月十二日``, ``Jan 28, 2023`` — or
    ``None`` when it states no date with a year (every form of :func:`search_date` but yearless ones)."""
    found = search_date(text, full_only=True)
    return text[found[0][0]:found[0][1]].strip() if found else None
