"""Credits in their positions: meta-line fields, newspaper leads, closing brackets, photo credits.

Every reading goes through the one credit grammar of ``credits.py``; this module only decides where a
credit run starts and ends inside a longer text:

- a meta-line field (``作者：王文杰``, ``文/李文华 图/王图``): :func:`authors_from_credits`;
- a lead opening the first paragraph: ``本报讯（记者 颜凯 通讯员 吕士琴）``, ``本报泰安2月2日讯（…）``,
  ``新华社北京1月5日电（记者 …）``, ``东岳日报报道（…）``, ``（职工通讯员 王小明 李红）``,
  ``□记者　张三　通讯员　李四　报道``, ``■本报记者 林峰 文/图``, ``记者 张三 李四 近日，…``, a media-name prefix
  ``东岳晚报·东岳融媒 记者 孙悦 通讯员 钱程``, an outlet glued to the label ``健康时报记者 孙亚慧 通讯员 刘洋``
  (``credits.is_outlet``; blind batch 6): :func:`parse_byline`;
- a bracket closing the last paragraph (``…共庆佳节。（记者 孙悦 通讯员 钱程）``): :func:`parse_closing_byline`;
- a photo credit closing a caption (``骨密度检测现场（胡杰 摄）``, ``记者 张三 摄``, ``通讯员供图``):
  :func:`parse_photo_credit`.
"""

from __future__ import annotations

import re

from .credits import LEXICON, PLACEHOLDERS, is_outlet, label_at, normalise_spaced_labels, parse_credit_labels, parse_credits
from .lazyre import lazy_compile

# The role each credit label stands for in the archive's ``authors[].role`` (suppliers excluded).
ROLE_OF: dict[str, str] = {label: role for label, role in LEXICON.items() if role}

# 本报讯（…）, 本报泰安2月2日讯（…）, 新华社北京1月5日电（…）, 东岳日报报道（…）, or a bare （…）.
_DATELINE_BRACKET = lazy_compile(
    r"^\s*(?P<tag>[^\s（(。，、；：:！？]{0,20}?(?:讯|报道|消息|电))?\s*[（(](?P<credits>[^（）()]{1,80})[）)]\s*")
# A dateline tag before an unbracketed byline: 本报讯 记者 张三 报道 …
_DATELINE = lazy_compile(r"^\s*[^\s（(。，、；：:！？]{0,20}?讯\s+")
# A paper or media-centre name before a bare byline: 东岳晚报·东岳融媒 记者 孙悦 …, 大众日报•大众新闻客户端记者 …
# (names joined by a middle dot; the byline's label may be glued to the last name).
_MEDIA_PREFIX = lazy_compile(r"^[\u4e00-\u9fffA-Za-z0-9]{2,16}(?:\s{0,2}[·•・‧]\s{0,2}[\u4e00-\u9fffA-Za-z0-9]{2,16}){1,3}")
_MARKERS = "■□▲△●○◆◇☆★▪◎"
_WORD = lazy_compile(r"\S+")
_MAX_LEAD_TOKENS = 12
_LEAD_WINDOW = 200
_TAIL_WINDOW = 120
_SENTENCE_END = "。！？!?…”」』.；;"
_PHOTO_LABELS = frozenset({"摄", "摄影", "图", "图片", "供图", "摄像"})


def split_names(value: str) -> list[str]:
    """``张三、李四`` / ``张三 李四`` / ``孙    磊`` → the people named; ``儿科 刘敏`` → ``["刘敏"]``."""
    found = parse_credits("作者：" + value)
    return [a["name"] for a in found] if found else []


def authors_from_credits(credits: list[tuple[str, str]]) -> list[dict]:
    """``[("作者", "张三 李四"), ("编辑", "王五")]`` (meta-line label, value) → authors with roles, page order,
    no repeats. A value holding more roles (``作者：文/张三 图/李四``, ``作者：记者 王凯``) is read as credits."""
    authors: list[dict] = []
    for label, value in credits:
        found = parse_credits(f"{label}：{value}")
        if found is None:
            # a value that runs on past the names (作者：张三 2024-03-05): its leading names only
            head = re.split(r"[^\u3400-\u9fffA-Za-z·、,，\s]", value, maxsplit=1)[0]
            found = parse_credits(f"{label}：{head}") or []
        for author in found:
            if author not in authors:
                authors.append(author)
    return authors


def parse_credit_text(text: str) -> list[dict]:
    """``记者 颜凯 通讯员 吕士琴`` → ``[{"name": "颜凯", "role": "记者"}, {"name": "吕士琴", "role": "通讯员"}]``;
    ``[]`` when the text is not only credits."""
    return parse_credits(text) or []


def parse_byline(paragraph: str) -> tuple[list[dict], str]:
    """Split a lead byline off a first paragraph: (authors, the paragraph without it).

    Returns ``([], paragraph)`` unchanged when the paragraph does not open with a byline. A paragraph
    that is only a byline (``□记者　张三　通讯员　李四　报道``) gives its authors and ``""``.
    """
    head = paragraph[:_LEAD_WINDOW]  # a lead byline opens the paragraph: never scan the whole text
    m = _DATELINE_BRACKET.match(head)
    if m:
        # a byline wrapped by print layout (通讯\n员 马克) reads as one line
        found = parse_credits(m["credits"].replace("\n", ""))
        if found:
            return found, paragraph[m.end():].lstrip()
    text = head.lstrip().lstrip(_MARKERS)
    start = len(head) - len(text)
    dateline = _DATELINE.match(text)
    if dateline:
        text, start = text[dateline.end():], start + dateline.end()
    media = _MEDIA_PREFIX.match(text)
    if media:
        skip = _media_end(text, media)
        if skip is None:
            return [], paragraph
        text, start = text[skip:], start + skip
    words = list(_WORD.finditer(text))[:_MAX_LEAD_TOKENS]
    if not words or not (_opens_with_label(words[0][0]) or _outlet_glued(words[0][0])):
        return [], paragraph
    for word in reversed(words):
        found = parse_credits(text[:word.end()])
        if found:
            return found, paragraph[start + word.end():].lstrip()
    return [], paragraph


def _media_end(text: str, media) -> int | None:
    """Where the byline starts after a media-name prefix matched by ``media``: right after it when a role
    label follows (``东岳晚报·东岳融媒 记者 …``), else at a label glued inside its last name
    (``东岳晚报·东岳融媒记者 …``: 融媒体记者 and 记者 are labels). ``None`` when no label follows: no byline."""
    rest = text[media.end():].lstrip()
    if rest and _opens_with_label(rest.split(None, 1)[0]):
        return len(text) - len(rest)
    last = max(text.rfind(dot, 0, media.end()) for dot in "·•・‧") + 1
    for i in range(last + 2, media.end()):
        if label_at(text, i) is not None:
            return i
    return None


def _outlet_glued(word: str) -> bool:
    """``健康时报记者``, ``爱东岳新闻客户端记者``: an outlet glued to a reporter's label, no middle dot (``is_outlet``)."""
    for i in range(2, min(len(word), 17)):
        label = label_at(word, i)
        if label is not None:
            return is_outlet(word[:i], label)
    return False


def _opens_with_label(word: str) -> bool:
    return label_at(normalise_spaced_labels(word), 0) is not None


def parse_closing_byline(paragraph: str) -> tuple[list[dict], str]:
    """Split a bracketed byline off the end of a last paragraph: ``…共庆佳节。（记者 孙悦 通讯员 钱程）`` →
    (authors, ``…共庆佳节。``). ``([], paragraph)`` when the closing bracket holds anything but credits."""
    text = paragraph.rstrip()
    if not text.endswith(("）", ")")):
        return [], paragraph
    opening = max(text.rfind("（"), text.rfind("("))
    if opening <= 0 or len(text) - opening > 90:
        return [], paragraph
    rest = text[:opening].rstrip()
    if not rest or rest[-1] not in _SENTENCE_END:
        return [], paragraph
    found = parse_credits(text[opening + 1:-1])
    if not found:
        return [], paragraph
    return found, rest


def parse_photo_credit(line: str) -> tuple[str | None, list[dict]] | None:
    """``骨密度检测现场（胡杰 摄）`` → (caption, authors); ``None`` when no photo credit ends the line.

    Forms: ``（X 摄）``, ``X 摄``, ``X/摄``, ``记者 X 摄``, ``摄影：X``, ``图/X``. ``通讯员供图`` names nobody:
    it is a photo credit with no author (``(caption, [])``), never a person called 通讯员.
    """
    line = line.rstrip()
    # a photo credit closes the line: only its last characters are read (bounded cost on any input)
    kept, text = line[:-_TAIL_WINDOW], normalise_spaced_labels(line[-_TAIL_WINDOW:])
    found = _photo_tail(text)
    if found is None:
        return None
    caption, credit = found
    return (kept + (caption or "")).strip() or None, credit


def _photo_tail(text: str) -> tuple[str | None, list[dict]] | None:
    if text.endswith(("）", ")")):
        opening = max(text.rfind("（"), text.rfind("("))
        if opening >= 0 and len(text) - opening <= 60:
            credit = _photo(text[opening + 1:-1])
            if credit is not None:
                return text[:opening].strip() or None, credit
    # The credit is the tail after a sentence end or a space: the longest tail that opens with a role label
    # (记者 张三 摄) or names only short words (张三 李四 摄), else the shortest that parses (义诊现场 张华/摄:
    # 义诊现场 is the caption, not a name).
    window = max(0, len(text) - 40)
    starts = [0] if window == 0 else []
    starts += [i + 1 for i in range(window, len(text)) if text[i] in _SENTENCE_END or text[i].isspace()]
    found = [(i, credit) for i in starts if (credit := _photo(text[i:])) is not None]
    likely = [(i, credit) for i, credit in found
              if label_at(normalise_spaced_labels(text[i:].lstrip()), 0) or all(len(a["name"]) <= 3 for a in credit)]
    if likely or found:
        i, credit = likely[0] if likely else found[-1]
        return text[:i].strip() or None, credit
    return None


def _photo(text: str) -> list[dict] | None:
    parsed = parse_credit_labels(text)
    if not parsed or not _PHOTO_LABELS.intersection(parsed[1]):
        return None
    authors, labels = parsed
    if not authors and not labels[-1] in ("供图", "摄"):
        return None
    return authors


__all__ = ["ROLE_OF", "PLACEHOLDERS", "authors_from_credits", "parse_byline", "parse_closing_byline",
           "parse_credit_text", "parse_photo_credit", "split_names"]
