"""HTML text → lxml tree, built as a browser builds it from the same markup.

libxml2 differs from browsers where real pages are broken in two common ways, both undone here first:

* a server-side include (a whole header page with its own ``</body></html>``) closes the document
  early: libxml2 drops everything after it, browsers ignore stray ``</body>``/``</html>`` end tags
  (HTML Living Standard, "in body" insertion mode) and keep the article. Every such end tag goes;
  the parser closes ``body`` and ``html`` itself at the end.
* C0 control characters (``\\x08``, ``\\x0c``… pasted from word processors) are not text: browsers
  do not show them, so they never reach a field; removing them also keeps libxml2 from stopping on them.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from urllib.parse import urljoin

from lxml import etree, html

from .lazyre import lazy_compile

_STRAY_END = lazy_compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_CONTROL = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def browser_text(text: str) -> str:
    """``text`` with what browsers ignore removed: stray body/html end tags and control characters."""
    return _STRAY_END.sub("", _CONTROL.sub("", text))


_EMPTY = "<html><body></body></html>"


# Bounded cost: every extraction step walks the elements (15-30 µs each in Python). Real pages have a few
# hundred to a few thousand elements; a hostile one packs tens of thousands into 100 KB ("<p>" * 30000).
# Past this many elements only the first MAX_ELEMENTS elements' worth of markup is read
# (tests/extract/test_time_bounds.py holds every public function to a bound on such inputs).
MAX_ELEMENTS = 3000


def bounded_text(text: str, root) -> str | None:
    """None when ``root`` (the tree of ``text``) has at most ``MAX_ELEMENTS`` elements; else the share of
    ``text`` that holds about ``MAX_ELEMENTS`` of them (the page's start: where headline and body are)."""
    elements = sum(1 for _ in root.iter()) if hasattr(root, "iter") else 0
    if elements <= MAX_ELEMENTS:
        return None
    return text[: len(text) * MAX_ELEMENTS // elements]


# lxml.html's own parser picks each element's Python class in Python (HtmlElementClassLookup.lookup),
# once per element proxy: about a tenth of an extraction's time. The C-level default lookup gives every
# element the same HtmlElement class (text_content, drop_tree, iterlinks… all there); only the form
# classes (FormElement.fields, InputElement.value), which nothing here uses, are not made.
_LOOKUP = etree.ElementDefaultClassLookup(element=html.HtmlElement, comment=html.HtmlComment,
                                          pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity)
_PARSERS = threading.local()   # an lxml parser is used by one thread at a time


def html_parser(encoding: str | None = None) -> etree.HTMLParser:
    """This thread's HTML parser (``encoding`` None: for ``str`` input; ``"utf-8"``: for UTF-8 bytes)."""
    key = encoding or "str"
    parser = getattr(_PARSERS, key, None)
    if parser is None:
        parser = etree.HTMLParser(encoding=encoding)
        parser.set_element_class_lookup(_LOOKUP)
        setattr(_PARSERS, key, parser)
    return parser


def document_fromstring(data: str | bytes):
    """The ``<html>`` root of ``data`` (``str``, or UTF-8 ``bytes``), parsed with this module's parser.
    Never raises: a document with no element is an empty ``<html>`` (lxml: "Document is empty"), and a
    ``str`` with an XML encoding declaration (which lxml refuses as ``str``) is parsed as UTF-8 bytes."""
    try:
        return html.document_fromstring(data, parser=html_parser("utf-8" if isinstance(data, bytes) else None))
    except ValueError:   # str with an encoding declaration
        return document_fromstring(data.encode("utf-8", "replace")) if isinstance(data, str) else _empty()
    except etree.ParserError:
        return _empty()


def _empty():
    return html.document_fromstring(_EMPTY.encode(), parser=html_parser("utf-8"))


def _parse_document(text: str):
    """parse_document without the element bound."""
    text = browser_text(text)
    data = (text if text.strip() else _EMPTY).encode("utf-8", errors="replace")
    # always the <html> root, also for a fragment (a browser wraps it in html/body too); "Document is
    # empty" gives an empty one: nothing a browser would show either
    return document_fromstring(data)


def parse_document(text: str):
    """The lxml root of HTML ``text``. A page with no element (empty, only a comment, a stray end tag)
    gives an empty ``<html>``; lone surrogates (from a broken decoder) become U+FFFD; a page of more than
    ``MAX_ELEMENTS`` elements is read up to about that many (bounded cost)."""
    root = _parse_document(text)
    cut = bounded_text(text, root)
    return root if cut is None else _parse_document(cut)


@lru_cache(maxsize=8192)
def join_url(base: str, href: str) -> str:
    """``urllib.parse.urljoin(base, href)``, remembered: a list page joins each of its links several times
    (once per enclosing block the list finder weighs, again for the pager), and urljoin costs about 8 µs."""
    return urljoin(base, href)
