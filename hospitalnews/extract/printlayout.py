"""Repair of text taken from a printed newspaper page (PDF text layer, e-paper "print" text).

Print extraction damages Chinese text in four ways, each undone here:

* justification spacing: ``加 强 日 常 检 查``, ``总 结 分 析 2023 年 度``;
* hard wraps at the column width (~13 characters);
* paragraph breaks where a column or page ends mid-sentence (``以 制 度 促 进 整`` ⏎⏎ ``改，进一步``);
* headlines printed after their story.

``repair_print_text`` fixes the first three and keeps every character in order (headlines stay where
they were printed, each as its own paragraph). ``split_page`` then cuts a repaired page into stories.

Spaces: a space is dropped when it touches full-width punctuation or a digit next to a CJK character,
or when one of its two neighbouring tokens is a single character (letter spacing). A space between two
multi-character CJK words survives: it is a word space the page printed on purpose (bylines
``记者 张三 李四``, two-part headlines ``凯歌高奏催奋进 万象更新谱新篇``). Spaces between Latin words stay.

Paragraphs: a first-line indent (``　　`` or two spaces) starts a paragraph, blank line or not, when
the text indents some lines and not others. Otherwise a line break is a real paragraph break only when the line before ends a sentence
(。！？… optionally followed by a closing quote) AND either a blank line follows or the line is much
shorter than the column. A blank line after a line that does not end a sentence is a column/page
break: the paragraph goes on. A story start (``本报讯``) always begins a paragraph; a run of short
one-line blocks without sentence punctuation between a finished story and the next story start (or a
photo credit, or the end) is headlines, each kept as its own paragraph.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .bylines import parse_byline, parse_photo_credit
from .lazyre import lazy_compile
from .text import fold_spaces

# Ideographs and kana: the characters between which Chinese text never puts a space.
_CJK = "\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation, including the curly quotes and the ellipsis Chinese text uses.
_PUNCT = "\u3001-\u303f\ufe30-\ufe4f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_IS_CJK = lazy_compile(f"[{_CJK}]")
_IS_TIGHT = lazy_compile(f"[{_CJK}{_PUNCT}]")
_SPACE_RUN = lazy_compile(r" +")
_WORD_CHAR = lazy_compile(r"[A-Za-z0-9]")
_SENTENCE_END = lazy_compile(r"[。！？!?…][”’」』）)]?$")
_SENTENCE_PUNCT = lazy_compile(r"[。！？!?；;]")  # a headline may hold commas, never a full stop
# A story opens with 本报讯 / 本报泰安2月2日讯 / a parenthesised byline.
_STORY_START = lazy_compile(r"^(?:本报(?:[\u4e00-\u9fff0-9]{0,10})?讯|[（(]\s*(?:记者|通讯员|本报记者))")
_HEADLINE_MAX = 40
# A line that is nothing but a byline (记者 张三 李四 / （通讯员 张男）): it opens the story below it.
_ROLE = r"(?:本报记者|特约通讯员|记者|通讯员)"
_CREDITS = rf"(?:{_ROLE}\s*(?!{_ROLE})[\u4e00-\u9fff]{{2,4}}(?:\s+(?!{_ROLE})[\u4e00-\u9fff]{{2,4}})*\s*)+"
_BYLINE_LINE = lazy_compile(rf"^(?:本报讯\s*)?(?:[（(]\s*{_CREDITS}[）)]|{_CREDITS})$")


def display_width(text: str) -> float:
    """Column width in em: CJK and full-width characters count 1, ASCII (digits, Latin) ½."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text if ch != " ")


def _join_spaced(text: str) -> str:
    """Drop the justification spaces of one (already unwrapped) paragraph; keep word spaces."""
    tokens = _SPACE_RUN.split(text.strip())
    out = tokens[0]
    for prev, token in zip(tokens, tokens[1:]):
        left, right = prev[-1], token[0]
        if not (_IS_TIGHT.match(left) or _IS_TIGHT.match(right)):
            out += " " + token              # Latin/digit on both sides: a real word space
        elif _IS_CJK.match(left) and _IS_CJK.match(right) and len(prev) > 1 and len(token) > 1:
            out += " " + token              # two CJK words: printed on purpose
        else:
            out += token
    return out


def _join_lines(lines: list[str]) -> str:
    """Unwrap: lines glued back together, with a space only between two Latin words (a number the wrap
    split, ``20`` / ``24年``, joins without one)."""
    out = ""
    for line in lines:
        if out and _WORD_CHAR.match(out[-1]) and _WORD_CHAR.match(line[0]) and not (out[-1].isdigit() and line[0].isdigit()):
            out += " "
        out += line
    return out


def _ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.replace(" ", "")))


def is_story_start(line: str) -> bool:
    return bool(_STORY_START.match(line) or _BYLINE_LINE.match(line))


def is_photo_credit(line: str) -> bool:
    return parse_photo_credit(line) is not None


def _headline_candidate(block: list[str]) -> bool:
    return (len(block) == 1 and display_width(block[0]) <= _HEADLINE_MAX
            and not _SENTENCE_PUNCT.search(block[0]) and not is_story_start(block[0]))


def _headline_blocks(blocks: list[list[str]]) -> set[int]:
    """Indexes of the blocks that are headlines (see the module docstring)."""
    found: set[int] = set()
    i = 0
    while i < len(blocks):
        if not _headline_candidate(blocks[i]) or (i and not _ends_sentence(blocks[i - 1][-1])):
            i += 1
            continue
        j = i
        while j < len(blocks) and _headline_candidate(blocks[j]):
            j += 1
        after = blocks[j][0] if j < len(blocks) else None
        if after is None or is_story_start(after) or is_photo_credit(after):
            found.update(range(i, j))
        i = j
    return found


# A first-line indent: two ideographic spaces (the Chinese convention), or two or more spaces / a tab.
_INDENT = lazy_compile("^(?:\u3000|[ \t\u00a0]{2}|\t)")


def _indented_blocks(text: str) -> tuple[list[list[str]], list[list[bool]]]:
    """Blank-line separated blocks of non-empty, space-folded lines, and whether each line was indented."""
    blocks: list[list[str]] = [[]]
    indents: list[list[bool]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = fold_spaces(raw)
        if line:
            blocks[-1].append(line)
            indents[-1].append(bool(_INDENT.match(raw)))
        elif blocks[-1]:
            blocks.append([])
            indents.append([])
    kept = [i for i, b in enumerate(blocks) if b]
    return [blocks[i] for i in kept], [indents[i] for i in kept]


def _blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of non-empty, space-folded lines."""
    return _indented_blocks(text)[0]


def repair_paragraphs(text: str) -> list[str]:
    """The paragraphs of print-damaged ``text``, repaired (see the module docstring)."""
    blocks, indents = _indented_blocks(text)
    flags = [flag for block in indents for flag in block]
    # Indents mark paragraphs only where some lines have one and others not (a uniformly indented text says nothing).
    indent_marks = any(flags) and not all(flags)
    headlines = _headline_blocks(blocks)
    widths = [display_width(line) for i, b in enumerate(blocks) if i not in headlines for line in b]
    column = statistics.median(widths) if widths else 0.0
    paragraphs: list[list[str]] = []
    prev_line: str | None = None
    prev_headline = False
    for i, block in enumerate(blocks):
        for k, line in enumerate(block):
            new = (
                prev_line is None or i in headlines or prev_headline or is_story_start(line)
                or (k == 0 and is_photo_credit(line))
                or (indent_marks and indents[i][k])  # a first-line indent starts a paragraph, blank line or not
                or (_ends_sentence(prev_line) and (k == 0 or display_width(prev_line) < 0.7 * column))
            )
            if new and not (prev_line and _BYLINE_LINE.match(prev_line)):
                paragraphs.append([])
            # a byline on a line of its own stays in front of its story's first line, a space apart
            paragraphs[-1].append(line + " " if _BYLINE_LINE.match(line) else line)
            prev_line, prev_headline = line, i in headlines
    return [_join_spaced(_join_lines(p)) for p in paragraphs]


def repair_print_text(text: str) -> str:
    """Print-damaged text → clean text, one paragraph a line (joined by a single ``\\n``)."""
    return "\n".join(repair_paragraphs(text))


# -- a whole printed page → stories ---------------------------------------------------------------

_LEAD_CLAUSE = lazy_compile(r"[^，。；！？,;]+")


@dataclass
class PrintedStory:
    paragraphs: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def headline_fields(headlines: list[str]) -> dict:
    """Printed headline lines → title / kicker (引题, above) / subtitle (副题, below).

    One line is the title; two are title and subtitle (the usual 主题 + 副题 of a news page);
    three are kicker, title and subtitle.
    """
    kicker = subtitle = None
    if len(headlines) >= 3:
        kicker, title, subtitle = headlines[0], headlines[1], " ".join(headlines[2:])
    elif len(headlines) == 2:
        title, subtitle = headlines
    else:
        title = headlines[0] if headlines else None
    return {"title": title, "kicker": kicker, "subtitle": subtitle}


def lead_title(content: str) -> str | None:
    """A title for a story whose headline is not on the page: the lead's first clause of ≥ 6
    Chinese characters (else its first clause)."""
    clauses = [c.strip() for c in _LEAD_CLAUSE.findall(content.split("\n", 1)[0]) if c.strip()]
    # 近日， / 2月2日上午， open many leads: skip such short clauses when a longer one follows
    return next((c for c in clauses if len(_IS_CJK.findall(c)) >= 6), clauses[0] if clauses else None)


def split_stories(paragraphs: list[str]) -> list[PrintedStory]:
    """Repaired paragraphs of a page → stories. Headlines printed after a story belong to it (the
    page's convention, as in seed 000); headlines above the page's first story belong to that story."""
    stories: list[PrintedStory] = []
    above_first: list[str] = []   # headlines at the top of the page, above the first story
    headline_idx = _headline_blocks([[p] for p in paragraphs])
    for i, para in enumerate(paragraphs):
        if i in headline_idx:
            (stories[-1].headlines if stories else above_first).append(para)
            continue
        if is_photo_credit(para) and stories:
            stories[-1].credits.append(para)
            continue
        if is_story_start(para) or not stories or stories[-1].headlines or stories[-1].credits:
            stories.append(PrintedStory(headlines=above_first if not stories else []))
        stories[-1].paragraphs.append(para)
    return stories


def split_page(text: str, *, paper: str, date: str) -> list[dict]:
    """A whole printed page → one dict per story (archive field names; not yet normalised).

    ``paper`` is the paper's name (``source`` and ``site_name``), ``date`` the issue date
    ``YYYY-MM-DD`` (``publish_time_raw``). A story whose headline is not on the page gets the first
    clause of its lead as ``title`` and ``title_from_lead: True``. Photo credits give ``authors``
    and ``captions`` (a printed page has no image URL, so no ``images`` entry).
    """
    out = []
    for story in split_stories(repair_paragraphs(text)):
        paragraphs = list(story.paragraphs)
        authors: list[dict] = []
        if paragraphs:
            authors, first = parse_byline(paragraphs[0])
            paragraphs = ([first] if first else []) + paragraphs[1:]
        content = "\n".join(paragraphs)
        fields = headline_fields(story.headlines)
        title_from_lead = fields["title"] is None
        if title_from_lead:
            fields["title"] = lead_title(content)
        captions = []
        for line in story.credits:
            caption, credit_authors = parse_photo_credit(line)
            captions.append(caption)
            authors += [a for a in credit_authors if a not in authors]
        out.append({
            **fields,
            "title_from_lead": title_from_lead,
            "source": paper,
            "site_name": paper,
            "publish_time_raw": date,
            "authors": authors,
            "content": content or None,
            "captions": captions,
        })
    return out
