"""Find the article links of a news list page, with no site configuration.

A list page is a template: a header and nav menu, sidebars of other titles (热点新闻, 通知公告),
friend links and a footer around one *repeated block* — the same element (``li``, ``tr``, ``div.item``
…) once per article, each holding a link whose text is a title and usually a date. So: group the
children of every element by tag (rows alternate odd/even classes), keep the groups whose members
mostly hold one title-like link each, and score each group by how much title text it carries and how many members
state a date. Groups inside nav/footer/sidebar-looking containers, under headings such as 热点新闻,
or whose members are mostly menus of several short links are scored down (twice over: dropped), and
menu-length titles (网站首页) count for nothing. The best group wins; groups with the same position in
the page (one ``<ul>`` per five articles) and a pinned block of the same kind beside it join it.

Hanweb 大汉 JCMS lists arrive as XML (``<record><![CDATA[<li>…</li>]]></record>``): every record is
one entry.

Pure: lxml only; the spider passes the page text and URL.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .lazyre import lazy_compile
from .pagination import document_base
from .document import bounded_text, document_fromstring, join_url
from .text import fold_spaces, without_spaces

# A date as lists print it: 2025-10-29, 2025/10/29, 2025年10月29日, [10-29], 10月29日, 2025.10.29 08:30.
_DATE = lazy_compile(
    r"(?<![\d.])(?:(?:19|20)\d{2}\s*[-/.年]\s*)?(?:0?[1-9]|1[0-2])\s*[-/.月]\s*(?:0?[1-9]|[12]\d|3[01])(?![\d.])\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_FULL_YEAR = lazy_compile(r"(?:19|20)\d{2}")
# The split date of many templates: <span class="day">29</span><span>2025-10</span>.
_YEAR_MONTH = lazy_compile(r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(0?[1-9]|1[0-2])\s*月?\s*$")
_DAY = lazy_compile(r"^\s*(0?[1-9]|[12]\d|3[01])\s*日?\s*$")

# Link texts that are not titles.
_NOT_TITLE = lazy_compile(
    r"^(?:更多|more|详细|详情|查看|阅读全文|全文|阅读更多|查看详情|read more|\[?详细\]?|>+|»"
    r"|首页|上一页|下一页|尾页|末页)$",
    re.IGNORECASE,
)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
# Not "form": ASP.NET WebForms wraps the whole page in one.
_NOISE_TAGS = ("script", "style", "noscript", "template", "iframe", "select", "option", "button", "textarea")

# Containers that are not the news list, by tag or by class/id words.
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_CHROME_WORDS = lazy_compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|menus|foot|footer|header|friend|friends|links?|yqlj|"
    r"side|sidebar|aside|hot|hotnews|rank|ranking|notice|tzgg|gonggao|recommend|tuijian|"
    r"banner|crumbs?|breadcrumb|location|position|weizhi|copyright|share|tags?|related|xgxw|pager?|"
    r"pagination|pages)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
# Headings of blocks that list other articles than the column's own.
_SIDEBAR_HEADINGS = lazy_compile(r"热点|热门|通知|公告|推荐|排行|点击排行|相关|友情链接|链接|专题|最新动态|图片新闻|快速导航|便民")


@dataclass(frozen=True)
class ListEntry:
    """What a list page says about one article."""

    url: str
    title: str | None = None
    date_raw: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class ListBlock:
    """The entries of a list page, and where in the page they were (a hint for the next pages)."""

    entries: list[ListEntry]
    signature: str | None = None
    offsite: list[ListEntry] = field(default_factory=list)   # entries on other hosts: reported, never crawled
    others: frozenset[str] = frozenset()   # signatures of the blocks passed over (sidebars): never the list later


def _classes(element) -> str:
    return " ".join(sorted((element.get("class") or "").split()))


def _node_signature(element) -> str:
    return f"{element.tag}.{_classes(element)}" if _classes(element) else str(element.tag)


def _path_signature(element) -> str:
    """Tag+class path from the root: the same position on another page of the list."""
    parts = []
    while element is not None and isinstance(element.tag, str):
        parts.append(_node_signature(element))
        element = element.getparent()
    return "/".join(reversed(parts))


def _text(element) -> str:
    return fold_spaces(" ".join(element.itertext()))


_TITLE_CLASS = lazy_compile(r"(?:^|[\s_\-])(?:title|tit|bt|name|headline|subject)(?:$|[\s_\-])", re.IGNORECASE)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b")


def _title_element(anchor):
    """A card whose whole box is one link (title, date and teaser inside ``<a>``): its title part."""
    if not any(isinstance(child.tag, str) and child.tag in ("div", "p", "span", "h2", "h3", "h4", "dl", "em")
               for child in anchor.iter()):
        return None
    for element in anchor.iter():
        if element is anchor or not isinstance(element.tag, str):
            continue
        if element.tag in _HEADINGS or _TITLE_CLASS.search(element.get("class") or ""):
            if _is_title(_text(element)):
                return element
    return None


def _link_title(anchor) -> str:
    part = _title_element(anchor)
    text = _text(part if part is not None else anchor)
    title_attr = fold_spaces(anchor.get("title") or "")
    # Lists truncate long titles ("…院举办…"): the title attribute then holds all of it.
    if title_attr and (not text or len(title_attr) > len(text.rstrip(".…")) or text.endswith(("...", "…"))):
        return title_attr
    return text


def _is_title(text: str) -> bool:
    if not text or _NOT_TITLE.match(text.replace(" ", "")):
        return False
    if _DATE.fullmatch(text):
        return False
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han >= 4 or len(text) >= 12


def _same_site(url: str, hosts: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return not hosts or host in hosts


def site_hosts(url: str) -> frozenset[str]:
    """A host and its www./bare twin."""
    host = (urlsplit(url).hostname or "").lower()
    bare = host[4:] if host.startswith("www.") else host
    return frozenset({bare, "www." + bare})


_MAX_TITLES_PER_ENTRY = 3


def _entry_of(item, base_url: str, hosts: frozenset[str], page_url: str | None = None,
              keep_offsite: bool = False) -> ListEntry | None:
    """The article an element of a repeated block stands for: its title link, date and teaser.

    ``base_url`` resolves relative links (the page's ``<base href>``), ``page_url`` is the page
    itself (a link to it is no article); an entry on another host is ``None`` unless ``keep_offsite``."""
    found = _entry_without_summary(item, base_url, hosts, page_url, keep_offsite)
    return None if found is None else _with_summary(found[0], item, found[1])


def _with_summary(entry: ListEntry, item, title_part) -> ListEntry:
    summary = _summary_in(item, title_part)
    return entry if summary is None else dataclasses.replace(entry, summary=summary)


def _entry_without_summary(item, base_url: str, hosts: frozenset[str], page_url: str | None = None,
                           keep_offsite: bool = False, titles: dict | None = None):
    """``_entry_of`` without the teaser (only the chosen block's entries need one), and the title
    element inside a card link (or None): ``(ListEntry, title part)`` or None. ``titles`` caches each
    anchor's (title, is a title) for one page: ``_candidates`` asks about every anchor once per
    enclosing element."""
    page_url = page_url or base_url
    best = None
    titled_urls = set()
    for anchor in item.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        if titles is None:
            title = _link_title(anchor)
            titled = _is_title(title)
        elif anchor in titles:
            title, titled = titles[anchor]
        else:
            title = _link_title(anchor)
            titled = _is_title(title)
            titles[anchor] = (title, titled)
        if not titled:
            continue
        titled_urls.add(href)
        if len(titled_urls) > _MAX_TITLES_PER_ENTRY:  # a container of entries, not an entry
            return None
        if best is None or len(title) > len(best[1]):
            best = (anchor, title, href)
    if best is None:
        return None
    anchor, title, href = best
    url = join_url(base_url, href).split("#")[0]
    if url.split("?")[0].rstrip("/") == page_url.split("#")[0].split("?")[0].rstrip("/") and "?" not in href:
        return None
    if not keep_offsite and not _same_site(url, hosts):
        return None
    part = _title_element(anchor)
    title_text = _text(part if part is not None else anchor)
    pieces = [fold_spaces(t) for t in item.itertext()]
    pieces = [p for p in pieces if p]
    date = entry_date(pieces, title_text)
    if date is None and (m := _TRAILING_DATE.search(title)):  # <a>我院召开…会议 2024-03-18</a>
        date, title = m[1].strip(), title[:m.start()].strip()
    return ListEntry(url, title, date), part


def _is_date_piece(piece: str) -> bool:
    """A text node that is a date (``2025-10-29``, ``[10-29]``, ``发布时间：2025年10月29日``),
    not prose holding one."""
    m = _DATE.search(piece)
    if m and len(piece) - len(m[0]) <= _DATE_PIECE_SLACK:
        return True
    return bool(_YEAR_MONTH.match(piece) or _DAY.match(piece))


_DATE_PIECE_SLACK = 8
_TRAILING_DATE = lazy_compile(r"[\s\[【(（]*(" + _DATE.pattern + r")[\]】)）]?\s*$")


def entry_date(pieces: list[str], title_text: str) -> str | None:
    """The entry's date: a text node that is a date (a teaser's "3月31日前" is not the entry's date)."""
    rest = [p for p in pieces if p not in (title_text, fold_spaces(title_text))]
    short = [m for p in rest if len(p) - len(m[0] if (m := _DATE.search(p)) else "") <= _DATE_PIECE_SLACK and m]
    with_year = [m for m in short if _FULL_YEAR.match(m[0])]
    if with_year:
        return with_year[0][0].strip()
    year_month = next((m for p in rest if (m := _YEAR_MONTH.match(p))), None)
    day = next((m for p in rest if (m := _DAY.match(p))), None)
    if year_month and day:
        return f"{year_month[1]}-{int(year_month[2]):02d}-{int(day[1]):02d}"
    return short[0][0].strip() if short else None


def _summary_in(item, title_part=None) -> str | None:
    """A teaser: the first text of the item outside links (or, in a card link, outside its title),
    less the date, of at least 10 Chinese characters."""
    best = ""
    for element in [*(e for e in item.iter(*_TEASER_TAGS) if e is not item), item]:
        if element is item and best:
            break
        if title_part is not None:
            if element is title_part or any(a is title_part for a in element.iterancestors()) or element is item:
                continue
            if any(True for _ in element.iter(title_part.tag)) and title_part in list(element.iter()):
                continue
            nodes = element.xpath(".//text()")
        elif any(True for _ in element.iterancestors("a")):
            continue
        else:
            nodes = element.xpath(".//text()[not(ancestor::a)]")
        text = fold_spaces(" ".join(n for n in nodes if not _is_date_piece(fold_spaces(n))))
        text = fold_spaces(text.strip(" |-—[]【】()（）"))
        if sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 10 and len(text) > len(best):
            best = text
            if element is not item:
                break
    return best or None


_TEASER_TAGS = ("p", "dd", "div", "span", "em", "summary")


def _heading_before(parent) -> str:
    """The text of the heading a block sits under (the block's own title bar)."""
    texts = []
    element = parent
    for _ in range(3):
        if element is None:
            break
        sibling = element.getprevious()
        hops = 0
        while sibling is not None and hops < 2:
            if isinstance(sibling.tag, str) and sibling.tag != "head":
                texts.append(_text(sibling)[:20])
            sibling = sibling.getprevious()
            hops += 1
        element = element.getparent()
    return " ".join(texts)


def _chrome_penalty(parent) -> float:
    factor = 1.0
    for element in [parent, *parent.iterancestors()]:
        if not isinstance(element.tag, str) or element.tag in ("html", "body"):
            continue
        words = f"{element.get('class') or ''} {element.get('id') or ''}"
        if element.tag in _CHROME_TAGS or _CHROME_WORDS.search(words):
            factor *= 0.25
    heading = _heading_before(parent)
    if heading and _SIDEBAR_HEADINGS.search(heading):
        factor *= 0.3
    return factor


_CHROME_CUTOFF = 0.1
_MENU_LENGTH = 6
_MIN_SCORE = 4


def _title_weight(title: str | None) -> int:
    """Title length as evidence of a news list, capped; a title cut by the template ("…") was longer."""
    length = len(title or "")
    return min(max(length, 20) if (title or "").endswith(("…", "...")) else length, 40)


@dataclass
class _Candidate:
    parent: object
    signature: str
    entries: list[ListEntry]
    score: float
    penalty: float = 1.0
    origins: list = field(default_factory=list)   # (element, title part) of each entry: its teaser's source

    def with_summaries(self) -> list[ListEntry]:
        return [_with_summary(entry, *origin) for entry, origin in zip(self.entries, self.origins)]


def _candidates(root, base_url: str, hosts: frozenset[str], page_url: str | None = None) -> list[_Candidate]:
    found = []
    link_titles: dict = {}   # anchor -> (title, is a title), asked once per enclosing element
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        # Grouped by tag alone: rows alternate classes (odd/even) and a pinned row has its own (top).
        groups: dict[str, list] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag not in ("br", "script", "style"):
                groups.setdefault(child.tag, []).append(child)
        for signature, members in groups.items():
            entries, origins, links_per_member = [], [], []
            for member in members:
                made = _entry_without_summary(member, base_url, hosts, page_url, keep_offsite=True, titles=link_titles)
                entry = made[0] if made else None
                # an entry on another host counts when dated (a list of WeChat articles is still the
                # list); undated off-site links are friend links
                if entry and (_same_site(entry.url, hosts) or entry.date_raw):
                    entries.append(entry)
                    origins.append((member, made[1]))
                    links_per_member.append(sum(1 for _ in member.iter("a")))
            if not entries or len(entries) * 2 < len(members):
                continue
            # Menu entries (网站首页, 医院概况) are short; news titles run to 10–30 characters.
            titles = sum(max(0, _title_weight(e.title) - _MENU_LENGTH) for e in entries)
            dated = sum(1 for e in entries if e.date_raw) / len(entries)
            score = titles * (1 + dated)
            if sum(links_per_member) / len(links_per_member) > 3:  # menus: several links per item
                score *= 0.2
            penalty = _chrome_penalty(members[0])
            if penalty < _CHROME_CUTOFF:  # a sidebar or menu twice over is never the list
                continue
            score *= penalty
            if score < _MIN_SCORE:
                continue
            found.append(_Candidate(parent, _path_signature(parent) + ">" + signature, entries, score, penalty, origins))
    return found


def _column_of(url: str) -> str | None:
    """The column directory a list URL names (``/xwzx/yyxw/index.html`` → ``/xwzx/yyxw/``), or None at the root."""
    path = urlsplit(url).path
    directory = path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"
    return directory if directory.strip("/") else None


_PAGER_WORDS = lazy_compile(r"(?:^|[\s_\-])(?:pages?|pager|pagination|paginations|epages|pagebar|fenye|page-?nav)"
                          r"(?:$|[\s_\-\d])", re.IGNORECASE)
_PAGER_LABELS = lazy_compile(r"^(?:下一页|下页|后页|上一页|上页|尾页|末页|next|prev|[>»]|\d{1,3})$", re.IGNORECASE)


def _pager_nodes(root) -> list:
    """The page's pager elements: ``class="page…"`` boxes and 下一页/尾页/number links outside them."""
    found = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if _PAGER_WORDS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            found.append(node)
        elif node.tag == "a" and _PAGER_LABELS.match(without_spaces(node.text_content())):
            found.append(node)
    return found


def _ancestry(element) -> list:
    chain = [element]
    while (element := element.getparent()) is not None:
        chain.append(element)
    return chain


def _pager_owners(candidates: list[_Candidate], root) -> set[int]:
    """Indexes of the candidates that own a pager: each pager element belongs to the block it shares
    the deepest ancestor with (the list's box holds its pager; a 通知公告 box beside it does not)."""
    owners = set()
    chains = [(index, _ancestry(c.parent)) for index, c in enumerate(candidates)]
    for pager in _pager_nodes(root)[:50]:
        pager_chain = _ancestry(pager)
        best, best_depth = None, -1
        for index, chain in chains:
            if any(e is pager for e in chain):   # a block inside a pager box is not its owner
                continue
            shared = next((len(pager_chain) - i for i, e in enumerate(pager_chain) if any(e is c for c in chain)), 0)
            if shared > best_depth:
                best, best_depth = [index], shared
            elif shared == best_depth and best is not None:
                best.append(index)
        if best is not None and len(best) == 1:
            owners.add(best[0])
    return owners


def _page_column_name(root) -> str | None:
    """What the page calls its column: the first part of ``<title>`` (``医院新闻_…``)."""
    title = next(root.iter("title"), None)
    if title is None:
        return None
    parts = [p for p in (fold_spaces(p) for p in _TITLE_SEPARATORS.split(title.text_content())) if p]
    return parts[0] if len(parts) > 1 and 2 <= len(parts[0]) <= 12 else None


_COMPARABLE = 3.0   # blocks within this factor of the biggest are told apart by what names them


def _choose(candidates: list[_Candidate], root, page_url: str) -> _Candidate:
    """The column's list among the repeated blocks. The biggest block (title text, dates) wins unless
    blocks of comparable size (within ``_COMPARABLE``) are told apart by what names a block the list:
    its entries live under the list URL's column directory (``/yyxw/`` → ``/yyxw/9300.html``; off-site
    entries do not count against it), it owns the page's pager, the heading above it is the page
    title's column name (``医院新闻_…``). Then the most such signals wins, the bigger block on a tie."""
    top = max(candidates, key=lambda c: c.score)
    contenders = [c for c in candidates
                  if c.score * _COMPARABLE >= top.score and len(c.entries) * 2 >= len(top.entries)]
    if len(contenders) == 1:
        return contenders[0]
    column = _column_of(page_url)
    name = _page_column_name(root)
    owners = _pager_owners(contenders, root)
    index_of = {id(c): i for i, c in enumerate(contenders)}
    host = urlsplit(page_url).hostname

    def signals(candidate: _Candidate) -> int:
        count = 0
        local = [e for e in candidate.entries if urlsplit(e.url).hostname == host]
        if column and local and sum(1 for e in local if urlsplit(e.url).path.startswith(column)) * 2 > len(local):
            count += 1
        if index_of[id(candidate)] in owners:
            count += 1
        if name and name in _heading_before(candidate.parent):
            count += 1
        return count

    return max(contenders, key=lambda c: (signals(c), c.score))


def _dedupe(entries: list[ListEntry]) -> list[ListEntry]:
    seen: dict[str, ListEntry] = {}
    for entry in entries:
        seen.setdefault(entry.url, entry)
    return list(seen.values())


def parse_html_document(text: str):
    """An lxml tree of a page, with scripts, styles and forms' chrome removed.

    A page with no element at all (empty, whitespace, a lone comment) is an empty document, never an
    error: lxml raises "Document is empty" on those. A page of more than ``document.MAX_ELEMENTS``
    elements is read up to about that many (bounded cost, document.bounded_text)."""
    root = _parse_html_document(text)
    cut = bounded_text(text, root)
    return root if cut is None else _parse_html_document(cut)


def _parse_html_document(text: str):
    root = document_fromstring(text or "")
    etree.strip_elements(root, *_NOISE_TAGS, with_tail=False)
    etree.strip_elements(root, etree.Comment, with_tail=False)
    return root


_RECORD = lazy_compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)


def find_list_block(text: str, url: str, *, prefer: str | None = None, entry_css: str | None = None,
                    hosts: frozenset[str] | None = None, avoid: frozenset[str] = frozenset()) -> ListBlock:
    """The article entries of the list page ``text`` at ``url``.

    ``prefer`` is the signature the first page's block had: later pages use the block at the same
    place even when a sidebar outscores a short last page. ``entry_css`` (a registry override)
    names the entry elements outright. Relative links resolve against the page's ``<base href>``.
    Links to other hosts than ``hosts`` (default: the page's host and its www. twin) are never
    crawled: when the list itself points there (WeChat ``mp.weixin.qq.com`` articles) they are
    returned as ``ListBlock.offsite``. ``avoid`` are the blocks the first page passed over
    (``ListBlock.others``): on a later page without the list (a page past the end) they are never
    taken for it — the walk does not fall back to a sidebar.
    """
    hosts = site_hosts(url) if hosts is None else hosts
    records = _RECORD.findall(text or "")
    if records:  # Hanweb dataproxy.jsp XML: one record per article
        entries = [e for r in records
                   if (e := _entry_of(parse_html_document(f"<div>{r}</div>"), url, hosts, keep_offsite=True))]
        return _split(entries, "hanweb-records", hosts)
    root = parse_html_document(text)
    base = document_base(root, url)
    if entry_css:
        entries = [e for element in root.cssselect(entry_css)
                   if (e := _entry_of(element, base, hosts, url, keep_offsite=True))]
        return _split(entries, "css:" + entry_css, hosts)
    candidates = _candidates(root, base, hosts, url)
    if not candidates:
        return ListBlock([], None)
    chosen = None
    if prefer:
        chosen = max((c for c in candidates if c.signature == prefer), key=lambda c: c.score, default=None)
    if chosen is None:
        candidates = [c for c in candidates if c.signature not in avoid]
        if not candidates:
            return ListBlock([], None)
        chosen = _choose(candidates, root, url)
    # One list split over several same-placed blocks (a <ul> per five articles), and a pinned block beside it.
    joined = [c for c in candidates if c.signature == chosen.signature or _beside(c, chosen)]
    entries = [e for c in joined for e in c.with_summaries()]
    others = frozenset(c.signature for c in candidates) - {c.signature for c in joined}
    return _split(entries, chosen.signature, hosts, others)


def _split(entries: list[ListEntry], signature: str | None, hosts: frozenset[str],
           others: frozenset[str] = frozenset()) -> ListBlock:
    entries = _dedupe(entries)
    return ListBlock([e for e in entries if _same_site(e.url, hosts)], signature,
                     [e for e in entries if not _same_site(e.url, hosts)], others)


def _url_shape(url: str) -> tuple:
    """What an article URL of one column shares with its siblings: host, first directory, depth, extension."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    extension = segments[-1].rsplit(".", 1)[-1] if segments and "." in segments[-1] else ""
    return parts.hostname, segments[0] if len(segments) > 1 else "", len(segments), extension, bool(parts.query)


def _beside(block: _Candidate, chosen: _Candidate) -> bool:
    """A block next to the list whose entries are the list's kind — 置顶 articles above the list,
    in their own ``<ul>`` of the same rows or in another shape (image cards, a slider) in the list's
    box: URLs of the same shape, dated when the list is, no more sidebar-like than the list."""
    if block is chosen or block.parent is chosen.parent or block.penalty < chosen.penalty:
        return False
    same_row = block.signature.rsplit(">", 1)[-1] == chosen.signature.rsplit(">", 1)[-1]
    if same_row and block.parent.getparent() is chosen.parent.getparent():
        pass
    elif not _pinned_above(block.parent, chosen.parent):
        return False
    shapes = {_url_shape(e.url) for e in chosen.entries}
    if not all(_url_shape(e.url) in shapes for e in block.entries):
        return False
    return not all(e.date_raw for e in chosen.entries) or all(e.date_raw for e in block.entries)


def _pinned_above(block, chosen) -> bool:
    """``block`` comes before ``chosen`` inside the list's own box (up to three levels above it)."""
    box = chosen
    for _ in range(3):
        box = box.getparent()
        if box is None or box.tag in ("body", "html"):
            return False
        if block in box.iterdescendants():
            if any(e is chosen for e in block.iterdescendants()):
                return False
            for element in box.iter():   # document order: which comes first
                if element is block:
                    return True
                if element is chosen:
                    return False
    return False


def find_list_entries(text: str, url: str, **kwargs) -> list[ListEntry]:
    return find_list_block(text, url, **kwargs).entries


_SITE_NAME_METAS = ("og:site_name", "sitename", "site_name", "site-name", "application-name")
# (no \s* around the separator: the parts are space-folded anyway, and a leading \s* made the split
# quadratic on a <title> of whitespace)
_TITLE_SEPARATORS = lazy_compile(r"[-_|｜–—]+|::")


def find_site_name(text: str) -> str | None:
    """The site's name as its list page states it: a ``og:site_name``/``SiteName`` meta tag (TRS and
    Hanweb templates set one), else the last part of ``<title>`` (``医院新闻_泰安市中医医院`` → ``泰安市中医医院``)."""
    root = document_fromstring(text or "")
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in _SITE_NAME_METAS and fold_spaces(meta.get("content") or ""):
            return fold_spaces(meta.get("content"))
    title = next(root.iter("title"), None)
    if title is None:
        return None
    parts = [p for p in (fold_spaces(p) for p in _TITLE_SEPARATORS.split(title.text_content())) if p]
    return parts[-1] if len(parts) > 1 else None


_FRAME_GOOD = lazy_compile(r"main|content|list|news|right|body|center|article|xw|lb", re.IGNORECASE)
_FRAME_BAD = lazy_compile(r"top|head|nav|menu|left|foot|bottom|banner|logo|ad\b|ads|tree|search|login|weather|map|video",
                        re.IGNORECASE)


def find_frames(text: str, url: str, hosts: frozenset[str] | None = None) -> list[str]:
    """The pages an ``<iframe src>``/``<frame src>`` of this page shows, on this site, best list
    candidate first (named ``main``/``content``/``list``… before ``top``/``nav``/``menu``…)."""
    hosts = site_hosts(url) if hosts is None else hosts
    root = document_fromstring(text or "")
    base = document_base(root, url)
    ranked = []
    for index, frame in enumerate(root.iter("iframe", "frame")):
        src = (frame.get("src") or "").strip()
        if not src or src.lower().startswith(("javascript:", "about:", "data:", "#")):
            continue
        target = urljoin(base, src).split("#")[0]
        if not _same_site(target, hosts) or target == url.split("#")[0]:
            continue
        words = " ".join(filter(None, [frame.get("name"), frame.get("id"), frame.get("class"), src]))
        rank = (0 if _FRAME_GOOD.search(words) else 1) + (2 if _FRAME_BAD.search(words) else 0)
        ranked.append((rank, index, target))
    seen, frames = set(), []
    for _, _, target in sorted(ranked):
        if target not in seen:
            seen.add(target)
            frames.append(target)
    return frames
