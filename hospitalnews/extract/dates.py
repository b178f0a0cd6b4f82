"""Publish-time parsing: a regex fast path for the common Chinese forms, dateparser as fallback.

Every result is an aware datetime in China Standard Time (UTC+08:00); sites state local time.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")

_TIME = (
    r"(?:(?:[T\s]*|-(?=\d{1,2}:))(?P<half>上午|下午|晚上|凌晨|中午)?\s*(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<second>\d{1,2})(?:\.\d+)?)?\s*[分秒]?"
    r"(?:\s*(?P<ampm>[AaPp][Mm])\b)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
# 2023-01-28 09:17:57, 2023/1/28, 2023.01.28, 2023年1月28日 9时5分, 2024-3-18 8:55:27, ISO 8601.
_FULL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})(?!\d)\s*日?"
    + _TIME
)
# Dates that name no year: 2月2日, 02-02 08:30 (lists often print these).
_YEARLESS_DATE = re.compile(
    r"(?<![\d.\-/])(?P<month>\d{1,2})\s*(?:月\s*(?P<day_cn>\d{1,2})\s*日|-(?P<day>\d{1,2})(?![\d\-]))"
    + _TIME
)
# Compact 20230128 (URLs and e-paper paths).
_COMPACT_DATE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)")


def _build(year: int, month: int, day: int, m: re.Match) -> datetime | None:
    groups = m.groupdict()
    try:
        hour = int(groups.get("hour") or 0)
        # Windows/ASP.NET print 2023/11/14 下午 3:20:15 or 3:20:15 PM.
        afternoon = groups.get("half") in ("下午", "晚上") or (groups.get("ampm") or "").lower() == "pm"
        if afternoon and hour < 12:
            hour += 12
        elif (groups.get("half") == "凌晨" or (groups.get("ampm") or "").lower() == "am") and hour == 12:
            hour = 0
        minute = int(groups.get("minute") or 0)
        second = int(groups.get("second") or 0)
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
) -> datetime | None:
    """The first date (and time) stated in ``text``, or ``None``.

    Labels such as 发布时间 / 发布日期 / 时间 need no stripping: the regexes search. A date without
    a year (``2月2日``) takes ``default_year`` (from the list page or the issue date) and is
    ``None`` without one. dateparser (about 1 ms a call) only sees text the regexes cannot read.
    """
    if not text:
        return None
    m = _FULL_DATE.search(text)
    if m:
        return _build(int(m["year"]), int(m["month"]), int(m["day"]), m)
    m = _COMPACT_DATE.search(text)
    if m:
        return _build(int(m["year"]), int(m["month"]), int(m["day"]), m)
    if default_year is not None:
        m = _YEARLESS_DATE.search(text)
        if m:
            return _build(default_year, int(m["month"]), int(m["day_cn"] or m["day"]), m)
    if use_dateparser:
        return _parse_with_dateparser(text)
    return None


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
    ``2025年04月10日 09:12 来源：宣传科`` — or ``None`` when it states no full date."""
    m = _FULL_DATE.search(text or "") or _COMPACT_DATE.search(text or "")
    return m[0].strip() if m else None
