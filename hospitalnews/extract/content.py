"""Main-content finder: which element of a detail page holds the article body.

Readability-style scoring over block elements, tuned for Chinese CMS templates: every text block
scores by its length and its Chinese sentence punctuation (body prose has commas and full stops,
menus and lists of headlines have none) and passes its score to its parent and, halved, to its
grandparent. A candidate's score is then scaled by how little of its text is link text (sidebars,
"热点新闻", prev/next and footers are mostly links) and nudged by its class/id names.
"""

from __future__ import annotations

import re

from lxml import etree

from .lazyre import lazy_compile
from .text import without_spaces


_SKIP = frozenset({"script", "style", "noscript", "iframe", "select", "textarea", "button", "svg", "template", "head"})
_TEXT_BLOCKS = frozenset({"p", "div", "td", "li", "section", "article", "span", "font", "pre", "blockquote", "dd", "center"})
_CANDIDATES = frozenset({"div", "td", "article", "section", "main", "dd", "center", "body", "tbody", "table", "form"})
_PUNCTUATION = lazy_compile(r"[，。！？；、,;“”]")
# Prose has sentences; menus, breadcrumbs and meta lines ("【时间：…】【来源：…】") do not.
_SENTENCE = lazy_compile(r"[，。！？；]")
_POSITIVE = lazy_compile(
    r"article|content|detail|zoom|te?xt|(?:article|news|post|entry|art|con)[-_]?body|body[-_]?(?:text|content)|main|news_?con|con_?text|entry|post|vsb_content|"
    r"TRS_Editor|Custom_UnionStyle|neirong|wenzhang|zhengwen", re.IGNORECASE)
_NEGATIVE = lazy_compile(
    r"nav|menu|foot|header|head\b|side|sidebar|aside|banner|share|bdshare|comment|related|relate|hot|"
    r"recommend|rank|prev|next|pre_?next|page_?nav|breadcrumb|crumb|location|position|copyright|link|"
    r"friend|tool|print|ad\b|ads|left|right|logo|search|login|tags?\b|list", re.IGNORECASE)


def _names(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def class_weight(el) -> float:
    """Positive for names that say "body", negative for names that say "navigation"."""
    names = _names(el).strip()
    if not names:
        return 0.0
    weight = 0.0
    if _POSITIVE.search(names):
        weight += 25
    if _NEGATIVE.search(names):
        weight -= 25
    return weight


_SKIP_TAGS = tuple(_SKIP)
_TEXT_BLOCK_TAGS = tuple(_TEXT_BLOCKS)


def _subtree_text(el) -> str:
    """``"".join(_text(el))`` for an element that is not itself skipped: lxml's C text serialiser when
    nothing inside is skipped either (the common case), else the Python walk."""
    if not len(el):   # a leaf (most links and spans): its text
        return el.text or ""
    if next(el.iter(*_SKIP_TAGS), None) is None:
        return etree.tostring(el, method="text", encoding=str, with_tail=False)
    return "".join(_text(el))


def _own_text(el) -> str:
    """Text directly inside ``el`` and its inline children, not in nested blocks."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag not in _TEXT_BLOCKS or tag in ("span", "font"):
            if tag not in _SKIP:
                parts.append(_subtree_text(child) if tag else "")
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _text(el):
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _SKIP:
        return
    if el.text and tag:
        yield el.text
    for child in el:
        yield from _text(child)
        if child.tail:
            yield child.tail


def text_length(el) -> int:
    return len(without_spaces("".join(_text(el))))


def link_density(el) -> float:
    total = text_length(el)
    if not total:
        return 1.0
    linked = sum(text_length(a) for a in el.iter("a"))
    return min(1.0, linked / total)


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _page_facts(root):
    """One pass over ``root``: each node's preorder index (as ``root.iter()`` counts them), the elements
    with a ``_SKIP`` or ``<a>`` ancestor, every element's ``text_length`` and link text length (the
    parts of ``link_density``), summed bottom-up instead of re-reading each candidate's subtree, and the
    set of elements whose text has ``_SENTENCE`` punctuation.

    lxml walks the tree (``root.iter()``, in C); in reverse preorder every node comes after all of its
    descendants, so one backward loop sums children before their parent."""
    nodes = list(root.iter())
    order = {el: i for i, el in enumerate(nodes)}
    # blocked: the nodes with a _SKIP element or a link above them (root: among its own ancestors).
    # In preorder a node is met after its parent, so a node that is blocked, or is a link or _SKIP
    # element, blocks its children as it is met (comments too, as root.iter() has them).
    blocked: set = set()
    if any(_tag(a) in _SKIP or a.tag == "a" for a in root.iterancestors()):
        blocked.add(root)
    for el in nodes:
        if el in blocked or el.tag == "a" or (isinstance(el.tag, str) and el.tag.lower() in _SKIP):
            blocked.update(el)
    text_len: dict = {}
    link_len: dict = {}
    sentences: set = set()   # the elements whose text (as text_len reads it) has sentence punctuation
    skip = _SKIP
    search = _SENTENCE.search
    for el in reversed(nodes):
        tag = el.tag
        if tag.__class__ is not str:   # a comment or processing instruction: no text of its own, no children
            text_len[el] = link_len[el] = 0
            continue
        total = 0
        linked = 0
        prose = False
        if tag.lower() not in skip:
            text = el.text
            if text and not text.isspace():
                total = _non_space(text)
                prose = search(text) is not None
            for child in el:
                total += text_len[child]
                linked += link_len[child]
                prose = prose or child in sentences
                tail = child.tail
                if tail and not tail.isspace():   # most tails are the blank between two tags
                    total += _non_space(tail)
                    prose = prose or search(tail) is not None
        else:
            for child in el:
                linked += link_len[child]
        if tag == "a":
            linked += total
        text_len[el] = total
        link_len[el] = linked
        if prose:
            sentences.add(el)
    return order, blocked, text_len, link_len, sentences


def _non_space(text: str) -> int:
    """``len(re.sub(r"\\s+", "", text))``: str.split() and re's \\s split at the same (Unicode) spaces."""
    return sum(map(len, text.split()))


def find_main_content(root, after=None):
    """The element holding the article body (``root`` itself when nothing scores).

    ``after`` is the article's heading when known: the body follows its title, so a block that ends
    before the heading (a "医院简介" box in the left column) only counts for a fifth.
    """
    order, blocked, text_len, link_len, sentences = _page_facts(root)
    scores: dict = {}
    for el in root.iter(*_TEXT_BLOCK_TAGS):   # lxml.html's tags are lower case
        # its own text is part of its subtree's: without a sentence there, none in its own text either
        if el in blocked or el not in sentences:
            continue
        text = _own_text(el)
        if len(text) < 10 or not _SENTENCE.search(text):
            continue
        score = 1 + len(_PUNCTUATION.findall(text)) + min(len(text) / 50, 6)
        parent = el.getparent()
        grandparent = parent.getparent() if parent is not None else None
        for depth, ancestor in enumerate((el, parent, grandparent)):  # the block and two levels up
            if ancestor is None:
                break
            atag = ancestor.tag.lower() if isinstance(ancestor.tag, str) else ""
            if atag not in _CANDIDATES:
                continue
            if ancestor not in scores:
                scores[ancestor] = class_weight(ancestor)
            scores[ancestor] += score / (1 if depth <= 1 else 2)
    if not scores:
        return root

    def density(el) -> float:  # link_density(el), from the one pass
        total = text_len.get(el)
        if total is None:  # an ancestor above root (scores climb up to two levels past it)
            return link_density(el)
        return 1.0 if not total else min(1.0, link_len[el] / total)

    def final(el):
        score = scores[el] * (1 - density(el))
        if after is not None and el in order and after in order and order[el] < order[after] \
                and not order[after] < order[el] + sum(1 for _ in el.iter()):   # after is not inside el
            score *= 0.2
        return score

    return max(scores, key=final)
