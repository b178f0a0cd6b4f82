"""Main-content finder: which element of a detail page holds the article body.

Readability-style scoring over block elements, tuned for Chinese CMS templates: every text block
scores by its length and its Chinese sentence punctuation (body prose has commas and full stops,
menus and lists of headlines have none) and passes its score to its parent and, halved, to its
grandparent. A candidate's score is then scaled by how little of its text is link text (sidebars,
"热点新闻", prev/next and footers are mostly links) and nudged by its class/id names.
"""

from __future__ import annotations

import re
from itertools import chain, islice


_SKIP = frozenset({"script", "style", "noscript", "iframe", "select", "textarea", "button", "svg", "template", "head"})
_TEXT_BLOCKS = frozenset({"p", "div", "td", "li", "section", "article", "span", "font", "pre", "blockquote", "dd", "center"})
_CANDIDATES = frozenset({"div", "td", "article", "section", "main", "dd", "center", "body", "tbody", "table", "form"})
_PUNCTUATION = re.compile(r"[，。！？；、,;“”]")
# Prose has sentences; menus, breadcrumbs and meta lines ("【时间：…】【来源：…】") do not.
_SENTENCE = re.compile(r"[，。！？；]")
_POSITIVE = re.compile(
    r"article|content|detail|zoom|te?xt|(?:article|news|post|entry|art|con)[-_]?body|body[-_]?(?:text|content)|main|news_?con|con_?text|entry|post|vsb_content|"
    r"TRS_Editor|Custom_UnionStyle|neirong|wenzhang|zhengwen", re.IGNORECASE)
_NEGATIVE = re.compile(
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


def _own_text(el) -> str:
    """Text directly inside ``el`` and its inline children, not in nested blocks."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag.lower() not in _TEXT_BLOCKS or tag.lower() in ("span", "font"):
            if tag.lower() not in _SKIP:
                parts.append("".join(_text(child)))
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
    return len(re.sub(r"\s+", "", "".join(_text(el))))


def link_density(el) -> float:
    total = text_length(el)
    if not total:
        return 1.0
    linked = sum(text_length(a) for a in el.iter("a"))
    return min(1.0, linked / total)


def find_main_content(root, after=None):
    """The element holding the article body (``root`` itself when nothing scores).

    ``after`` is the article's heading when known: the body follows its title, so a block that ends
    before the heading (a "医院简介" box in the left column) only counts for a fifth.
    """
    scores: dict = {}
    # Everything inside a link or a skipped element, found top-down once (an ancestor walk per element is
    # quadratic on deeply nested markup).
    hidden: set = set()
    for holder in root.iter():
        tag = holder.tag.lower() if isinstance(holder.tag, str) else ""
        if (tag in _SKIP or tag == "a") and holder not in hidden:
            hidden.update(holder.iterdescendants())
    for el in root.iter():
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag not in _TEXT_BLOCKS or el in hidden:
            continue
        text = _own_text(el)
        if len(text) < 10 or not _SENTENCE.search(text):
            continue
        score = 1 + len(_PUNCTUATION.findall(text)) + min(len(text) / 50, 6)
        for depth, ancestor in enumerate(islice(chain((el,), el.iterancestors()), 3)):
            atag = ancestor.tag.lower() if isinstance(ancestor.tag, str) else ""
            if atag not in _CANDIDATES:
                continue
            if ancestor not in scores:
                scores[ancestor] = class_weight(ancestor)
            scores[ancestor] += score / (1 if depth <= 1 else 2)
    if not scores:
        return root
    order = {el: i for i, el in enumerate(root.iter())} if after is not None else {}

    def final(el):
        score = scores[el] * (1 - link_density(el))
        if after is not None and order.get(el, 0) < order.get(after, 0) and after not in set(el.iterdescendants()):
            score *= 0.2
        return score

    return max(scores, key=final)
