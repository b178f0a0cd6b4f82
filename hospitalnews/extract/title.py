"""The article title: the page heading that best matches ``<title>``, else ``<title>`` without the site name."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .lazyre import lazy_compile
from .text import clean_line, fold_spaces

# "标题-某某医院", "标题_新闻中心_某某医院", "标题 | 某某医院", "标题--某某医院", "标题 - 某某医院".
# On whitespace-folded text (single spaces): at most one space each side, so no run is scanned twice.
_SEPARATOR = lazy_compile(r" ?(?:[_|｜]+|(?<= )[-–—]{1,2}(?= )|-{2,}|(?<=\S)[-–](?=\S)) ?")  # —— inside titles is punctuation
# Words that site and column names (the <title> suffix) are made of.
_SITE_WORDS = lazy_compile(
    r"医院|医疗|中心|新闻|动态|资讯|要闻|首页|官网|网站|门户|网|卫生|卫健|健康|集团|大学|学院|报|委员会|"
    r"公告|通知|专题|栏目|频道|信息|政府|医学|研究所|保健院|卫生院|园地|科普|专栏|之窗|风采|天地|在线|党建|Hospital|News", re.IGNORECASE)
_NOT_TITLE = lazy_compile(r"^(?:上一[篇条页]|下一[篇条页]|上篇|下篇|当前位置|您的位置|首页)")
_HEADING_TAGS = ("h1", "h2", "h3", "h4")
_FOOTER_TEXT = lazy_compile(r"版权|copyright|©|ICP|电话[:：]|地址[:：]|技术支持", re.IGNORECASE)
_TITLE_NAMES = lazy_compile(r"(?:^|[\s_-])(?:title|tit|bt|biaoti|article[-_]?title|news[-_]?title|detail[-_]?title|arc[-_]?title|con[-_]?title)(?:$|[\s_-])|title", re.IGNORECASE)
_NAV_NAMES = lazy_compile(r"nav|menu|foot|side|hot|list|related|relate|prev|next|recommend|logo|header|rank|link", re.IGNORECASE)


_TITLE_MAX = 300  # a <title> longer than this is no title: only its start is read


def strip_site_suffix(page_title: str) -> str:
    """``标题_新闻中心_某某医院`` → ``标题``: trailing segments that read like site or column names go
    (and leading ones, for sites that print 站名-栏目-标题)."""
    text = clean_line(" ".join(page_title[:_TITLE_MAX * 4].split()))[:_TITLE_MAX]  # newlines and runs of spaces → one space
    seps = list(_SEPARATOR.finditer(text))
    if not seps:
        return text
    starts, ends = [0, *(m.end() for m in seps)], [*(m.start() for m in seps), len(text)]
    parts = [text[start:end] for start, end in zip(starts, ends)]
    keep = len(parts)
    while keep > 1 and len(parts[keep - 1]) <= 30 and _SITE_WORDS.search(parts[keep - 1]):
        keep -= 1
    if keep < len(parts):
        # Cut before the first dropped separator: the rest keeps its own separators (a title may hold a hyphen).
        return text[:seps[keep - 1].start()].strip()
    front = 0  # some sites put the site and column first: 站名-栏目-标题
    while front < len(parts) - 1 and len(parts[front]) <= 30 and _SITE_WORDS.search(parts[front]):
        front += 1
    return text[seps[front - 1].end():].strip() if front else text


_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # text._INVISIBLE


def _kept_length(text: str) -> int:
    """Characters of ``text`` that clean_line keeps: all but spaces (every text._SPACES character is a
    str.isspace() one) and text._INVISIBLE characters."""
    return sum(map(len, text.split())) - sum(text.count(c) for c in _INVISIBLE_CHARS)


def similarity(a: str, b: str, at_least: float = 0.0) -> float:
    """How alike two titles are, 0–1, spaces ignored (a containment scores by the length ratio).

    With ``at_least``, a value under it may come back as 0.0 without the full comparison, once an upper
    bound says so (the length ratio, then difflib's ``quick_ratio``: a body paragraph against the headline
    is most often far longer or made of other characters)."""
    a, b = (a or "").replace(" ", ""), (b or "").replace(" ", "")
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if a in b or b in a:
        return 0.3 + 0.7 * min(len(a), len(b)) / max(len(a), len(b))
    if 2 * min(len(a), len(b)) < at_least * (len(a) + len(b)):
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return 0.0 if at_least and matcher.quick_ratio() < at_least else matcher.ratio()


def similar(a: str, b: str, threshold: float = 0.9) -> bool:
    """``similarity(a, b) >= threshold``, stopping at the upper bounds when they already say no."""
    return similarity(a, b, threshold) >= threshold


# "article-header", "news_head", "detail-hd", "header-title", "title-header": the article's own heading
# block, not the page header (GNE and trafilatura likewise trust a title-classed container).
_ARTICLE_HEADER = lazy_compile(
    r"(?:article|news|post|entry|detail|content|arc|art|con|main|page|show|view|title|tit|bt)[-_]?(?:header|head|hd)"
    r"|(?:header|head|hd)[-_]?(?:title|tit|bt)", re.IGNORECASE)


_HEADER_ONLY = lazy_compile(r"^(?:[\s_-]*(?:header|head|hd)[\s_-]*)+$", re.IGNORECASE)


def _site_like(text: str) -> bool:
    """A short text made of site words (东岳市人民医院, 新闻中心): what a logo heading says."""
    text = clean_line(text)
    return len(text) <= 15 and bool(_SITE_WORDS.search(text))


def _in_navigation(el) -> bool:
    # An <h1>/<h2> headline in a bare "header" container (<div class="header"><h1>标题</h1>) is the
    # article's, unless it reads like the site's name (the logo heading of the page header).
    headline = isinstance(el.tag, str) and el.tag.lower() in ("h1", "h2") and not _site_like(el.text_content())
    for node in [el, *el.iterancestors()]:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in ("a", "nav", "footer", "li", "ul"):
            return True
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        bare_header = headline and _HEADER_ONLY.match(names.strip() or "header")
        if tag == "header" and not bare_header and not _ARTICLE_HEADER.search(names) and not any(
                isinstance(a.tag, str) and a.tag.lower() in ("article", "main") for a in node.iterancestors()):
            return True  # the page header; an <article>'s own <header> holds its title
        if node is not el and names.strip() and not (bare_header and _HEADER_ONLY.match(names.strip())) \
                and _NAV_NAMES.search(_ARTICLE_HEADER.sub(" ", names)):
            return True
    return False


_META_LABEL = lazy_compile(r"(?:发布|发表|更新)?(?:时间|日期)\s*[:：]|来源\s*[:：]|(?:点击|浏览|阅读|访问)(?:次数|量|数)?\s*[:：]|作者\s*[:：]")


def heading_text(el) -> str:
    """A heading's text without the meta line some templates nest in it (PHPCMS: ``<h1>标题<br><span>发布时间：…</span></h1>``).
    Word spaces stay (``义诊进社区 健康送到家``): the archive's heading normaliser (``clean_heading``) decides them."""
    parts = [el.text or ""]
    for child in el:
        if not (isinstance(child.tag, str) and _META_LABEL.search(child.text_content() or "")):
            parts.append(child.text_content() if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return fold_spaces("".join(parts))


def heading_meta_lines(el) -> list[str]:
    """The meta lines nested in a heading (see ``heading_text``)."""
    return [clean_line(child.text_content()) for child in el
            if isinstance(child.tag, str) and _META_LABEL.search(child.text_content() or "")]


def _styled_heading(el) -> bool:
    """Old table layouts style the title instead of marking it up: ``<td><strong><font …>标题</font></strong></td>``.
    Such an element counts when it is the whole text of its block and reads like a title."""
    text = clean_line(el.text_content())
    if not 6 <= len(text) <= 80 or re.search(r"[。！？；;:：]$", text) or _NOT_TITLE.match(text) \
            or _FOOTER_TEXT.search(text) or _in_navigation(el):
        return False
    block = el.getparent()
    while block is not None and isinstance(block.tag, str) and block.tag.lower() in ("strong", "b", "font", "span", "em"):
        block = block.getparent()
    if block is None or clean_line(block.text_content()) != text:
        return False
    parent = el.getparent()  # the outermost styling element only
    return not (parent is not None and isinstance(parent.tag, str) and parent.tag.lower() in ("strong", "b", "font"))


def title_candidates(root):
    """Headings and title-classed elements outside navigation, in document order."""
    seen = []
    for el in root.iter(*_HEADING_TAGS, "div", "p", "span", "td", "strong", "font", "b"):  # lxml.html: lower case
        tag = el.tag
        if tag in _HEADING_TAGS or (
                tag in ("div", "p", "span", "td", "strong", "font", "b")
                and _TITLE_NAMES.search(f"{el.get('class') or ''} {el.get('id') or ''}")):
            text = heading_text(el)
            if 4 <= len(text) <= 120 and not _NOT_TITLE.match(text) and not _FOOTER_TEXT.search(text) \
                    and not _in_navigation(el):
                seen.append((el, text))
        elif tag in ("strong", "b", "font") and _styled_heading(el):
            seen.append((el, fold_spaces(el.text_content())))
    return seen


def find_title(root, meta_title: str | None = None, content=None):
    """``(title, element)``: element is ``None`` when the title came from ``<title>``/meta tags.

    The heading most like ``<title>`` (or the ArticleTitle/og:title meta) wins. When none is alike
    (``<title>`` holds only the site name), the last heading before the body ``content`` element
    (or the first inside it) is the title: templates print the title right above the text.
    """
    page_title = clean_line(" ".join((root.findtext(".//title") or "").split()))
    wanted = strip_site_suffix(meta_title or page_title) if (meta_title or page_title) else ""
    candidates = title_candidates(root)
    best, best_score = None, 0.0
    for el, text in candidates:
        score = max(similarity(text, wanted), similarity(text, page_title) * 0.95)
        if el.tag.lower() == "h1":
            score += 0.02
        if score > best_score + 1e-9:
            best, best_score = (text, el), score
    if best and best_score >= 0.5:
        return best
    if wanted and len(wanted) >= 6 and not (_SITE_WORDS.search(wanted) and len(wanted) <= 15):
        # The title printed in an unmarked element (<p class="t">): its whole text is the <title> text.
        kept = _kept_length(wanted)
        for el in root.iter("p", "div", "td", "span", "center", "strong", "b", "font"):
            text = el.text_content()
            # clean_line only drops spaces and invisible characters: a text with more other characters
            # than the title's cannot clean to it (skips the regexes over every container's whole text)
            if _kept_length(text) == kept and clean_line(text) == wanted and not _in_navigation(el):
                return wanted, el
    if content is not None and candidates:
        order = {el: i for i, el in enumerate(root.iter())}
        start = order.get(content, 0)
        end = start + sum(1 for _ in content.iter())
        before = [(text, el) for el, text in candidates if order[el] < start]
        # Inside the body only a real heading counts: a bold caption or subheading there never is the headline.
        inside = [(text, el) for el, text in candidates if start <= order[el] < end
                  and (el.tag.lower() in _HEADING_TAGS or _TITLE_NAMES.search(f"{el.get('class') or ''} {el.get('id') or ''}"))]
        near = inside[:1] if inside and len(inside[0][0]) >= 6 else before[-1:]
        if near:
            return near[0]
    return (wanted or None), None


def heading_above(root, content, title: str):
    """The element above the body ``content`` whose whole text is ``title`` (innermost), or ``None``.

    A body that opens by repeating the headline (博达 VSB, many table templates print it again as a
    centred bold line) makes that repeat look like the heading; the real one above it is the anchor of
    the meta line between heading and body."""
    wanted = clean_line(title).replace(" ", "")
    found = None
    for el in root.iter():
        if el is content:
            break
        if not isinstance(el.tag, str) or el.tag.lower() in ("html", "body", "head", "title", "script", "style"):
            continue
        text = el.text_content()
        if len(text) <= 4 * len(title) + 200 and clean_line(text).replace(" ", "") == wanted and not _in_navigation(el):
            found = el
    return found
